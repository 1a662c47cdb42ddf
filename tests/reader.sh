#!/usr/bin/env bash
# What a reader sees (issue 19, docs/kb.md "2026-12-04, branch reader3"): a hamza letter a
# one-word alias lacks («مؤدی» "taxpayer" is not «مودی» Modi; names of two words keep the
# fold: «مؤسسه»/«موسسه»); «شماره» and its number leave a name («سالن شماره ۲»); a model
# place running from one country into another is cut there («سرت لیبی سوریه»).  Needs no
# ../shared (the default lists only).
# Usage: reader.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"
t() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields text label kb_id name; }
g() { printf '%s' "$1" | "$tagger" --no-topics --no-model | entity_fields text label kb_id; }

expect "«مؤدی» (taxpayer) is no Modi; «مودی» and «نارندرا مودی» are" "نارندرا مودی|PERSON|narendra-modi|Narendra Modi
مودی|PERSON|narendra-modi|Narendra Modi" \
    "$(t 'مؤدی باید مالیات بدهد. نارندرا مودی به تهران نیامد و مودی گفت.' | grep -v تهران)"
expect "lists alone: the alias «مودی» does not match «مؤدی», nor «ماموریت» «مأموریت»" "" \
    "$(g 'مؤدیان مالیاتی در مأموریت خود.')"
expect "a hamza in a name of two words is a spelling: «تأمین اجتماعی», «قوه قضائیه»" "تأمین اجتماعی|ORG|social-security-organization
قوه قضائیه|ORG|iran-judiciary" "$(g 'تأمین اجتماعی و قوه قضائیه')"
expect "«سالن شماره X»: the hall's number is no name; the venue after it is" "پردیس سینمایی چارسو|FAC|charsou-cineplex|Charsou Cineplex
تماشاخانه ایرانشهر|FAC|iranshahr-theater|Iranshahr Theater" \
    "$(t 'فیلم در سالن شماره ۴ پردیس سینمایی چارسو نمایش داده شد. نمایش در سالن شماره ۲ تماشاخانه ایرانشهر اجرا می‌شود.')"
expect "«سالن شماره یک/دو» (the model cuts before the word number): no entity" "" \
    "$(t 'نمایش هرشب ساعت ۱۹ در سالن شماره دو این مجموعه به صحنه رفت.' | grep -v '|TIME|')"
expect "«شماره» without a number ends the name: «پارک ساعی شماره تلفن»" "پارک ساعی|FAC|saei-park|Saei Park" \
    "$(t 'نشانی: پارک ساعی شماره تلفن گالری ۸۸۸۸ است.' | grep -v '|TIME|')"
expect "a list's name with «شماره» is kept whole (ParsNER's numbered mills)" "آسیاب شماره 1 کورسا|FAC" \
    "$(g 'آسیاب شماره 1 کورسا' | cut -d'|' -f1,2)"
expect "a place running from one country into another is cut: «سرت لیبی» and «سوریه»" "سرت ليبي|GPE|sirte-ly|Sirte
سوريه|GPE|syria|Syria" \
    "$(t 'آخرين مقر تروريست‌هاي داعش در سرت ليبي سوريه پس از انتخابات آمريکا' | grep -v 'داعش\|آمريکا')"
expect "a list of countries: one entity each" "ژاپن|GPE|japan|Japan
کره جنوبی|GPE|south-korea|South Korea
چین|GPE|china|China" "$(t 'تیم‌های ژاپن کره جنوبی چین به مرحله بعد رفتند.')"
expect "a city and its country stay one place: «استکهلم سوئد»" "استکهلم سوئد|GPE|stockholm-se|Stockholm" \
    "$(t 'نشست در استکهلم سوئد برگزار شد.')"
finish

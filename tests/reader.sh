#!/usr/bin/env bash
# What a reader sees (issue 19, docs/kb.md "What a reader sees", 2026-12-04): a hamza letter a
# one-word alias lacks («مؤدی» "taxpayer" is not «مودی» Modi; names of two words keep the
# fold: «مؤسسه»/«موسسه»); «شماره» and its number leave a name («سالن شماره ۲»); a model
# place running from one country into another is cut there («سرت لیبی سوریه»); news outlets,
# IRIB channels and stock exchanges under English names; «روزنامه نگاران» is no ORG; a common
# full name has no kb_id and keeps its surname from other bearers.  Needs no
# ../shared (the default lists only), but for the counts of gazlib.common_full_name.
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
expect "news agencies by their country, as Persian news names them: dpa" "خبرگزاری آلمان|ORG|deutsche-presse-agentur|Deutsche Presse-Agentur" \
    "$(t 'به گزارش خبرگزاری آلمان، نشست برگزار شد.')"
expect "an outlet and its country: the curated outlet, the span kept" "خبرگزاری اسپوتنیک روسیه|ORG|sputnik|Sputnik
روزنامه الشرق الاوسط عربستان|ORG|asharq-al-awsat|Asharq Al-Awsat" \
    "$(t 'مدیر شبکه رادیویی به خبرگزاری اسپوتنیک روسیه گفت که معترضان رفتند. روزنامه الشرق الاوسط عربستان از احتمال تعویق مسابقات خبر داد.')"
expect "an outlet head and its own word: not IRIB Varzesh («شبکه ورزش|ی برزیل»)" "شبکه ورزشی برزیل|ORG||" \
    "$(t 'به گزارش شبکه ورزشی برزیل، بازی لغو شد.')"
expect "«شبکه خبری X» is X; a newspaper by name" "شبکه خبری سی‌ان‌ان|ORG|cnn|CNN
روزنامه شرق|ORG|shargh-newspaper|Shargh (newspaper)" "$(t 'به گزارش شبکه خبری سی‌ان‌ان، روزنامه شرق نوشت.')"
expect "IRIB channels by number and name" "شبکه سه سیما|ORG|irib-tv3|IRIB TV3
شبکه خبر|ORG|irib-news-network|IRIB News Network" "$(t 'شبکه سه سیما و شبکه خبر این برنامه را پخش کردند.')"
expect "stock exchanges by their city; «سازمان بورس» is the regulator" "بورس لندن|ORG|london-stock-exchange|London Stock Exchange
بورس توکیو|ORG|tokyo-stock-exchange|Tokyo Stock Exchange
فرابورس|ORG|iran-fara-bourse|Iran Fara Bourse
سازمان بورس|ORG|securities-and-exchange-organization-of-iran|Securities and Exchange Organization of Iran" \
    "$(t 'بورس لندن و بورس توکیو سقوط کرد و فرابورس رشد کرد. سازمان بورس اعلام کرد.')"
expect "«روزنامه نگاران» (journalists, written apart) is no ORG" "تهران|GPE|tehran-ir|Tehran" \
    "$(t 'روزنامه نگاران در تهران جمع شدند.')"
expect "a common first name and surname: tagged, no kb_id" "سعید اسدی|PERSON||
محمد احمدی|PERSON||" "$(t 'سعید اسدی و محمد احمدی در جلسه حاضر بودند.')"
expect "a common name keeps its surname from another bearer in the article" "محمدرضا منصوری|PERSON||
تورج منصوری|PERSON|turj-mnsuri|تورج منصوری
منصوری|PERSON||" "$(t 'محمدرضا منصوری گفت فیلم تورج منصوری خوب است. منصوری افزود که اکران می‌شود.')"
expect "…and without it the surname is the one bearer named in full" "تورج منصوری|PERSON|turj-mnsuri|تورج منصوری
منصوری|PERSON|turj-mnsuri|تورج منصوری" "$(t 'تورج منصوری کارگردان گفت فیلم خوب است. منصوری افزود که اکران می‌شود.')"
if [ -d "$src/../shared/gazetteer-sources/parsner-lists" ]; then   # the counts read ParsNER's names
got=$(cd "$src/gazetteers/build" && python3 -c '
from gazlib import common_full_name
for n in ("سعید اسدی", "سید حسین حسینی", "علی رضا امامی فر", "حمید نعمت الله", "بروس لی", "علی سرتیپی"):
    print(n, common_full_name(n))
')
expect "gazlib: common full names (a written-apart ending and «الله» are part of the surname; foreign names not judged)" "سعید اسدی True
سید حسین حسینی True
علی رضا امامی فر False
حمید نعمت الله False
بروس لی False
علی سرتیپی False" "$got"
else
    echo "skipped gazlib.common_full_name: ../shared/gazetteer-sources not found"
fi
# 2026-12-04 (branch reader5, docs/junk.md "Asriran, Tabnak, Hamshahri"): «ترک» alone is
# mostly "leave, quit" («تهران را ترک کرد»): an ambiguous NORP alias, «ترک‌ها» stays; «شام» alone
# ("dinner") is a common word, «بلاد شام» the Levant; a «شماره» cut keeps a place entry's label.
expect "«ترک» (leave, quit) is no NORP; «ترک‌ها» (the Turks) is" "ظریف|PERSON|mohammad-javad-zarif|Mohammad Javad Zarif
تهران|GPE|tehran-ir|Tehran
ترک‌ها|NORP|turkey-norp|Turks
کردها|NORP|kurds|Kurds" \
    "$(t 'ظریف مسقط را به مقصد تهران ترک کرد. ترک سیگار سخت است. ترک‌ها و کردها آمدند.')"
expect "lists alone: «ترک کرد» is no NORP either" "ترک‌ها|NORP|turkey-norp" "$(g 'ترک کرد. ترک‌ها آمدند.')"
expect "«شام» (dinner, the film «به وقت شام») is no GPE; «بلاد شام» is the Levant" "بلاد شام|LOC|levant|Levant" \
    "$(t 'تبدیل شد به شام زفاف. فیلم‌های «لاتاری» و «به وقت شام» در بلاد شام.' | grep -v PERSON)"
expect "«زمین شماره ۲ مجموعه ورزشی آزادی»: the venue after the number, FAC under its entry" \
    "مجموعه ورزشی آزادی|FAC|azadi-sport-complex|Azadi Sport Complex" \
    "$(t 'مسابقه در زمین شماره ۲ مجموعه ورزشی آزادی برگزار شد.')"
finish

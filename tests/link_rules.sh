#!/usr/bin/env bash
# Linking rules of tagger/ner.c and tagger/link.c with the default model and
# lists (docs/linking.md, 2026-12-03 fourth pass): a PERSON span after a
# title that the list writes with the name takes that entry, before an
# ambiguous surname («شهید مطهری» is Morteza Motahhari, «علی مطهری» Ali
# Motahari), and the document's other lone mentions take it too; an ORG span
# takes no GPE entry through an ambiguous alias («صبا» is no town of Japan);
# the two-word head «تیم فوتبال X» links to X's club.  Fifth pass
# (tagger/ner_context.c): a club's name in a football context is the club, a
# name after «خبرنگار «» the newspaper, a corpus-induced branch or unit and a
# numbered Majlis term get no kb_id.
# Usage: link_rules.sh TAGGER
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
t() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields text label kb_id; }

expect "title-extended surname, beside a namesake in full" "مطهری|PERSON|morteza-motahhari
علی مطهری|PERSON|ali-motahari" "$(t 'اندیشه شهید مطهری را آقای علی مطهری نمی‌فهمد.')"
expect "title-extended surname, then the document's lone mentions" "مدرس|PERSON|hassan-modarres
مدرس|PERSON|hassan-modarres
دامغان|GPE|damghan-ir" "$(t 'سالروز شهادت آیت‌الله مدرس است. مدرس به دامغان تبعید شد.')"
# «طارمی» alone: Mehdi Taremi since reader9 (link=surname: a surname few bear, on the model's span)
expect "ORG «صبا»: no ambiguous GPE alias (Sabae, Japan)" "طارمی|PERSON|mehdi-taremi
صبا|ORG|" "$(t 'طارمی از بازی چهارم مقابل صبا فیکس شد.')"
expect "«تیم فوتبال X»: X's club" "تیم فوتبال سپیدرود رشت|ORG|sepidrood-rasht-sc
امروز|DATE|" "$(t 'تیم فوتبال سپیدرود رشت امروز برنده شد.')"
expect "«جمهوری اسلامی ایران» (ORG) still the state" "جمهوری اسلامی ایران|ORG|iran" \
    "$(t 'جمهوری اسلامی ایران اعلام کرد.' | head -n 1)"
expect "«سایپا» in a football sentence: the club" "استقلال|ORG|esteghlal-fc
سایپا|ORG|saipa-fc" "$(t 'سرمربی استقلال گفت تیمش برابر سایپا در لیگ برتر بازی خوبی کرد.')"
expect "«سایپا» elsewhere: the car maker" "سایپا|ORG|saipa" "$(t 'سایپا قیمت خودروهای جدید را اعلام کرد.')"
expect "«سایپا» next to a football sentence (after or before it): the club" "سایپا|ORG|saipa-fc
سایپا|ORG|saipa-fc" \
    "$(t 'مهاجم تیم مصدوم شد. سایپا قیمت را اعلام کرد.'; t 'سایپا قیمت را اعلام کرد. مهاجم تیم مصدوم شد.')"
expect "«سایپا» two sentences from football: the car maker; the next «سایپا» beside it: the club" \
    "سایپا|ORG|saipa
سایپا|ORG|saipa-fc
امروز|DATE|" "$(t 'سایپا قیمت خودروهای جدید را اعلام کرد. هوا سرد بود. مهاجم تیم مصدوم شد. سایپا امروز برنده شد.')"
expect "«خبرنگار « ایران »»: the newspaper" "ایران|ORG|iran-newspaper" \
    "$(t 'به گزارش خبرنگار « ایران » ، قیمت‌ها بالا رفت.')"
expect "«ایران» alone: the country" "ایران|GPE|iran" "$(t 'ایران قیمت نفت را اعلام کرد.')"
expect "a university branch: no kb_id" "دانشگاه آزاد اسلامی واحد شاهرود|ORG|" \
    "$(t 'دانشگاه آزاد اسلامی واحد شاهرود دانشجو می‌پذیرد.')"
expect "a numbered Majlis term 1-5: the Islamic Consultative Assembly, as 6-12 (reader32fa, docs/junk.md)" \
    "مجلس سوم|ORG|islamic-consultative-assembly" "$(t 'در مجلس سوم لایحه تصویب شد.')"
finish

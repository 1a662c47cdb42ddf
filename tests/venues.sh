#!/usr/bin/env bash
# Venues and outlets as a reader sees them (issue 19, docs/kb.md "Venues, outlets and titles",
# 2026-12-04): an induced place named by a building's or venue's head is a FAC and the well-known
# ones link curated entries («کوی دانشگاه تهران», «مجموعه ورزشی آزادی تهران», «نمایشگاه بین المللی
# تهران»); an outlet head before an institution's name is the outlet, not the institution
# («روزنامه مجلس»); a film's or play's quoted title is no person («فیلم «پلنگ سیاه»»).
# Usage: venues.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"
t() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields text label kb_id name; }
g() { printf '%s' "$1" | "$tagger" --no-topics --no-model | entity_fields text label kb_id; }

expect "Hamshahri's venues: FAC under curated ids" "کوی دانشگاه تهران|FAC|university-of-tehran-dormitory|University of Tehran dormitory
مجموعه ورزشی آزادی تهران|FAC|azadi-sport-complex|Azadi Sport Complex
نمایشگاه بین المللی تهران|FAC|tehran-international-exhibition-center|Tehran International Exhibition Center" \
    "$(t 'دانشجویان کوی دانشگاه تهران دیروز تجمع کردند. مسابقات در مجموعه ورزشی آزادی تهران برگزار شد. این کتاب در نمایشگاه بین المللی تهران عرضه شد.' | grep -v '|DATE|')"
expect "the hall's old name is the hall: «تالار رودکی» is Vahdat Hall" "تالار رودکی|FAC|vahdat-hall|Vahdat Hall" \
    "$(t 'کنسرت در تالار رودکی برگزار شد.')"
expect "lists alone: venues are FAC («ارامگاه» without madda too; Bagh-e Ketab under its English id since reader9)" "پردیس سینمایی باغ کتاب|FAC|bagh-e-ketab-cineplex
ارامگاه کوروش|FAC|tomb-of-cyrus
حسینیه ارشاد|FAC|hosseiniyeh-ershad" "$(g 'پردیس سینمایی باغ کتاب، ارامگاه کوروش، حسینیه ارشاد')"
expect "a street many cities have: FAC, no kb_id" "خیابان آزادی|FAC|" "$(g 'خیابان آزادی')"
expect "«روزنامه مجلس» is a newspaper, not the Majlis; «مجلس» is" "روزنامه مجلس|ORG||
مجلس|ORG|islamic-consultative-assembly|Islamic Consultative Assembly" \
    "$(t 'سازگارنژاد مدیر مسئول روزنامه مجلس گفت این کار توهین به مجلس است.' | grep -v PERSON)"
expect "ISNA is one entry under all its names" "خبرگزاری دانشجویان ایران|ORG|isna|Iranian Students News Agency
ایسنا|ORG|isna|Iranian Students News Agency
خبرگزاری دانشجویان|ORG|isna|Iranian Students News Agency
خبرگزاری ایسنا|ORG|isna|Iranian Students News Agency" \
    "$(t 'خبرگزاری دانشجویان ایران (ایسنا) گزارش داد. به گزارش خبرگزاری دانشجویان، خبرگزاری ایسنا نوشت.')"
expect "an outlet head before an outlet: that outlet" "روزنامه واشنگتن پست|ORG|washington-post|The Washington Post
شبکه خبری الجزیره|ORG|al-jazeera|Al Jazeera
روزنامه الحیات|ORG|al-hayat|Al-Hayat" \
    "$(t 'به گزارش روزنامه واشنگتن پست و شبکه خبری الجزیره، روزنامه الحیات نوشت.')"
expect "a film's quoted title is no person" "ریاض|GPE|riyadh-sa|Riyadh" \
    "$(t 'تماشاگران در ریاض به تماشای فیلم هالیوودی «پلنگ سیاه» نشستند.')"
expect "nor a play's, after «به نام»" "" "$(t 'نمایش مونولوگی به نام «بیوه سیاه، بیوه سفید» روی صحنه است.')"
expect "a person in quotes after other words stays a person" "علی دایی|PERSON|ali-daei|Ali Daei" \
    "$(t 'سخنان «علی دایی» شنیدنی بود.')"
# 2026-12-04 (branch reader5, docs/junk.md "Asriran, Tabnak, Hamshahri"): a building and the
# body it houses; Bloomberg under an outlet head; a film title out of the person lists; entries
# and aliases seen unlinked on Asriran, Tabnak, Hamshahri and Radio Farda.
expect "«در کاخ سفید» (the model's place) is the White House, a FAC; the ORG too" "کاخ سفید|FAC|white-house|White House
کاخ سفید|ORG|white-house|White House" "$(t 'دیدگاه فعلی در کاخ سفید این است و کاخ سفید اعلام کرد.')"
expect "the model's ORG «وال استریت» is the list's Wall Street" "وال استریت|ORG|wall-street|Wall Street" \
    "$(t 'همزمان سهام وال استریت سقوط کرد.')"
expect "Bloomberg under an outlet head" "شبکه خبری بلومبرگ|ORG|bloomberg|Bloomberg
خبرگزاری بلومبرگ|ORG|bloomberg|Bloomberg" "$(t 'به گزارش شبکه خبری بلومبرگ، خبرگزاری بلومبرگ نوشت.')"
expect "an unquoted film title in a list of nominees is no person" "" \
    "$(t 'بهترین فیلم بلند نامزدها: پلنگ سیاه، رما.')"
expect "SANA in brackets and alone, as an ORG" "خبرگزاری رسمی سوریه|ORG|syrian-arab-news-agency|Syrian Arab News Agency
سانا|ORG|syrian-arab-news-agency|Syrian Arab News Agency
سانا|ORG|syrian-arab-news-agency|Syrian Arab News Agency" \
    "$(t 'خبرگزاری رسمی سوریه (سانا) گزارش داد. سانا تأکید کرد.')"
expect "places and bodies of Asriran's and Tabnak's news" "استان هوبی|GPE|hubei|Hubei
موسسه ویروس شناسی ووهان|ORG|wuhan-institute-of-virology|Wuhan Institute of Virology
کمیسیون ملی بهداشت چین|ORG|national-health-commission|National Health Commission
بانک مرکزی ژاپن|ORG|bank-of-japan|Bank of Japan
دولت وفاق ملی لیبی|ORG|government-of-national-accord|Government of National Accord
المپیاکوس|ORG|olympiacos-fc|Olympiacos F.C.
یوگسلاوی|GPE|yugoslavia|Yugoslavia
واشینگتن|GPE|washington-dc|Washington, D.C.
شهر مینیاپولیس|GPE|minneapolis|Minneapolis" \
    "$(t 'شیوع ویروس در استان هوبی و موسسه ویروس شناسی ووهان و کمیسیون ملی بهداشت چین. بانک مرکزی ژاپن و دولت وفاق ملی لیبی. او در المپیاکوس بازی کرد. یوگسلاوی سابق. واشینگتن گفت. شهر مینیاپولیس.')"
expect "Hamshahri's bodies of 1999" "سیمای جمهوری اسلامی|ORG|irib|Islamic Republic of Iran Broadcasting
وزارت تعاون|ORG|ministry-of-cooperatives-of-iran|Ministry of Cooperatives of Iran
اتحادیه اروپایی|ORG|european-union|European Union" \
    "$(t 'سیمای جمهوری اسلامی گزارش داد که وزارت تعاون با اتحادیه اروپایی توافق کرد.')"
expect "a place only a club bears is the club: the model's GPE «شهر خودرو»" "شهر خودرو|ORG|shahr-khodro-fc|Shahr Khodro F.C." \
    "$(t 'اگرچه گل‌محمدی هم احتمال جدایی‌اش از شهر خودرو وجود دارد.' | grep -v PERSON)"
expect "one entry each: Social Security, Tehran's council, the Pentagon" "سازمان تامین اجتماعی|ORG|social-security-organization|Social Security Organization
تأمین اجتماعی|ORG|social-security-organization|Social Security Organization
شورای شهر تهران|ORG|islamic-city-council-of-tehran|Islamic City Council of Tehran
شورای اسلامی شهر تهران|ORG|islamic-city-council-of-tehran|Islamic City Council of Tehran
پنتاگون|ORG|united-states-department-of-defense|United States Department of Defense
وزارت دفاع آمریکا|ORG|united-states-department-of-defense|United States Department of Defense" \
    "$(t 'سازمان تامین اجتماعی و تأمین اجتماعی. شورای شهر تهران و شورای اسلامی شهر تهران. پنتاگون و وزارت دفاع آمریکا.')"
expect "«امیر قطر» is an office, no PERSON (Hamad bin Khalifa until 2013, Tamim since): the country (reader32fa)" "قطر|GPE|qatar|Qatar" \
    "$(t 'با دخالت امیر قطر مشکل پرسپولیس حل شد.' | grep -v persepolis)"
expect "shrines the model calls GPE: FAC under their entries" "حرم حضرت معصومه(س)|FAC|fatima-masumeh-shrine|Fatima Masumeh Shrine
حرم مطهر امام رضا (ع)|FAC|imam-reza-shrine|Imam Reza shrine" \
    "$(t 'تولیت حرم حضرت معصومه(س) و حرم مطهر امام رضا (ع) تعطیل شد.')"
expect "one Persian letter is no name: the initials of «پ. ک. ک»" "حزب کارگران کردستان|ORG|pkk|Kurdistan Workers' Party" \
    "$(t 'گروهک حزب کارگران کردستان (پ. ک. ک)، و مظلوم عبدی.' | grep -v PERSON)"
expect "gazlib: facility heads word by word, outlets merge, institutions do not" "کوی None مجموعه ورزشی None
None al-hayat True" \
    "$(cd "$src/gazetteers/build" && python3 -c '
from gazlib import facility_head as f, head_merge, curated_labels, institution_keys, outlet_keys
print(f("کوی دانشگاه تهران"), f("کویر لوت"), f("مجموعه‌ ورزشی آزادی"), f("پردیس"))
l = curated_labels(exclude=("entities-peyma.tsv",)); i = institution_keys(exclude=("entities-peyma.tsv",))
o = outlet_keys(exclude=("entities-peyma.tsv",))
print(head_merge("روزنامه مجلس", "ORG", l, i), o.get(head_merge("روزنامه الحیات", "ORG", l, i)), head_merge("کشور روسیه", "GPE", l, i) is not None)')"
finish

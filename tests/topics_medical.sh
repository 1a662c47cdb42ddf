#!/usr/bin/env bash
# tools/topics/fa_medical.py (docs/topics.md, "Round 7"): an article of a
# section the map sends to scitech whose title names a medical term becomes
# "scitech-medical", one of a section it sends to society whose title is
# medical or names the epidemic "society-medical" ("Round 27"); other
# sections (an epidemic's word in a science or sport title too), other titles,
# a term inside another word and unreadable lines pass unchanged, and the
# input file is not touched.
# Usage: topics_medical.sh SRCDIR
set -u
src=$1
. "$(dirname "$0")/lib.sh"
printf 'tech\tscitech\nsport\tsport\nsocial\tsociety\nscitech-medical\thealth\nsociety-medical\thealth\n' > "$tmp/map.tsv"
mkdir -p "$tmp/in"
cat > "$tmp/in/c.jsonl" <<'J'
{"id": "1", "title": "درمان آسم با سم زنبور عسل", "text": "x", "label": "tech"}
{"id": "2", "title": "گوگل لوگوی خود را تغییر داد", "text": "x", "label": "tech"}
{"id": "3", "title": "درمان مصدومیت مهاجم تیم ملی", "text": "x", "label": "sport"}
{"id": "4", "title": "پردازنده تقلبی چینی", "text": "x", "label": "tech"}
{"id": "5", "text": "کشف داروی تازه سرطان", "label": "tech"}
not json
{"id": "6", "title": "آمار فوتی‌های کرونا در تهران", "text": "x", "label": "social"}
{"id": "7", "title": "کمبود دارو در داروخانه‌ها", "text": "x", "label": "social"}
{"id": "8", "title": "افزایش طلاق در شهرها", "text": "x", "label": "social"}
{"id": "9", "title": "اپلیکیشن ردیابی کرونا", "text": "x", "label": "tech"}
{"id": "10", "title": "لیگ برتر پس از کرونا", "text": "x", "label": "sport"}
J
cp "$tmp/in/c.jsonl" "$tmp/orig.jsonl"
out=$(python3 "$src/tools/topics/fa_medical.py" "$tmp/map.tsv" "$tmp/out" "$tmp/in/c.jsonl"); expect "exit" 0 $?
expect "report" "c.jsonl: 1 relabelled scitech-medical, 2 relabelled society-medical" "$out"
labels=$(python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    try: print(json.loads(l)["label"])
    except ValueError: print("unreadable")' "$tmp/out/c.jsonl" | tr '\n' ' ')
expect "labels" "scitech-medical tech sport tech tech unreadable society-medical society-medical social tech sport " "$labels"
cmp -s "$tmp/in/c.jsonl" "$tmp/orig.jsonl"; expect "input untouched" 0 $?
# unchanged lines are copied byte for byte
expect "other lines as they were" "$(sed -n '2,6p;9,11p' "$tmp/orig.jsonl")" "$(sed -n '2,6p;9,11p' "$tmp/out/c.jsonl")"
finish

#!/usr/bin/env bash
# tools/topics/fa_medical.py (docs/topics.md, "Round 7"): an article of a
# section the map sends to scitech whose title names a medical term becomes
# "scitech-medical"; other sections, other titles, a term inside another word
# and unreadable lines pass unchanged, and the input file is not touched.
# Usage: topics_medical.sh SRCDIR
set -u
src=$1
. "$(dirname "$0")/lib.sh"
printf 'tech\tscitech\nsport\tsport\nscitech-medical\thealth\n' > "$tmp/map.tsv"
mkdir -p "$tmp/in"
cat > "$tmp/in/c.jsonl" <<'J'
{"id": "1", "title": "درمان آسم با سم زنبور عسل", "text": "x", "label": "tech"}
{"id": "2", "title": "گوگل لوگوی خود را تغییر داد", "text": "x", "label": "tech"}
{"id": "3", "title": "درمان مصدومیت مهاجم تیم ملی", "text": "x", "label": "sport"}
{"id": "4", "title": "پردازنده تقلبی چینی", "text": "x", "label": "tech"}
{"id": "5", "text": "کشف داروی تازه سرطان", "label": "tech"}
not json
J
cp "$tmp/in/c.jsonl" "$tmp/orig.jsonl"
out=$(python3 "$src/tools/topics/fa_medical.py" "$tmp/map.tsv" "$tmp/out" "$tmp/in/c.jsonl"); expect "exit" 0 $?
expect "report" "c.jsonl: 1 relabelled scitech-medical" "$out"
labels=$(python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    try: print(json.loads(l)["label"])
    except ValueError: print("unreadable")' "$tmp/out/c.jsonl" | tr '\n' ' ')
expect "labels" "scitech-medical tech sport tech tech unreadable " "$labels"
cmp -s "$tmp/in/c.jsonl" "$tmp/orig.jsonl"; expect "input untouched" 0 $?
# unchanged lines are copied byte for byte
expect "other lines as they were" "$(sed -n '2,6p' "$tmp/orig.jsonl")" "$(sed -n '2,6p' "$tmp/out/c.jsonl")"
finish

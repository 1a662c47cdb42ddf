#!/usr/bin/env bash
# The rule engine through the CLI: every rule file's examples, a failing
# example reported, the seed sample's dates and time with their values
# (needs ../shared), --date, and pathological inputs that must finish in
# bounded time.  Usage: rules_cli.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"

# --- every example of the default rules
out=$("$tagger" rules test); expect "rules test exit" 0 $?
case $(tail -1 <<<"$out") in *" examples: "*" passed, 0 failed") ok ;; *) bad "rules test: $out" ;; esac

# --- the optional designator rules, with the shared lists they use
out=$("$tagger" rules test "$src/rules/fa/00-lists.rules" "$src/rules/fa/names.rules" "$src/rules/fa/optional/designators.rules")
expect "optional rules exit" 0 $?
out=$(printf 'در دانشگاه تهران' | "$tagger" --no-default-gazetteer --no-model --rules "$src/rules/fa/optional/designators.rules" | grep -o '"text":"[^"]*","label":"ORG"')
expect "optional rules on request" '"text":"دانشگاه تهران","label":"ORG"' "$out"

# --- a failing example is reported with file:line and what matched
cat > "$tmp/mine.rules" <<'R'
rule my.percent
  label PERCENT
  value percent
  pattern (?<amount>\d+) درصد
  example ۲۵ درصد => ۲۵ درصد = 26
R
out=$("$tagger" rules test "$src/rules/fa/00-lists.rules" "$tmp/mine.rules"); expect "failing example exit" 1 $?
expect "failing example line" "FAIL $tmp/mine.rules:5: rule my.percent: example '۲۵ درصد': want [۲۵ درصد] = 26, got [۲۵ درصد] = 25" "$(head -1 <<<"$out")"
printf 'rule x\n  label DATE\n  pattern (a\n' > "$tmp/bad.rules"
"$tagger" rules test "$tmp/bad.rules" >/dev/null 2>"$tmp/err"; expect "bad rule file exit" 3 $?
expect "bad rule file text" "tagger: error: $tmp/bad.rules:3: rule x: bad pattern at offset 2 of the expanded pattern: missing closing parenthesis" "$(cat "$tmp/err")"
printf 'x' | "$tagger" --rules "$tmp/bad.rules" >/dev/null 2>&1; expect "bad --rules exit" 3 $?

# --- the compiled rules (rules.bin beside the default rules): written by
# `rules compile`, the same output; a damaged one stops the load
data=$(dirname "$tagger")/data
if [ -f "$data/rules.bin" ]; then
  mkdir -p "$tmp/data" && cp -r "$data/rules" "$tmp/data/"
  "$tagger" rules compile -o "$tmp/data/rules.bin"; expect "rules compile exit" 0 $?
  cmp -s "$tmp/data/rules.bin" "$data/rules.bin"; expect "rules compile same bytes as the build's" 0 $?
  want=$(printf 'نشست روز ۱۵ آذر ۱۴۰۳' | "$tagger" --no-default-gazetteer --no-model --no-topics)
  got=$(printf 'نشست روز ۱۵ آذر ۱۴۰۳' | TAGGER_DATA_DIR=$tmp/data "$tagger" --no-model --no-topics)
  expect "compiled rules, same output" "$want" "$got"
  sed -i 's/^rule fa.date.jalali$/rule fa.date.jalali_edited/' "$tmp/data/rules/fa/dates.rules"
  got=$(printf 'نشست روز ۱۵ آذر ۱۴۰۳' | TAGGER_DATA_DIR=$tmp/data "$tagger" --no-model --no-topics)
  expect "a renamed rule: its compiled pattern, its new name" "${want//fa.date.jalali/fa.date.jalali_edited}" "$got"
  python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(4000); b = f.read(1); f.seek(4000); f.write(bytes([b[0] ^ 1]))' "$tmp/data/rules.bin"
  printf 'x' | TAGGER_DATA_DIR=$tmp/data "$tagger" >/dev/null 2>"$tmp/err"; expect "damaged rules.bin exit" 3 $?
  expect "damaged rules.bin text" "tagger: error: $tmp/data/rules.bin: compiled rules file damaged (checksum mismatch); rebuild it with 'tagger rules compile -o $tmp/data/rules.bin' or delete it" "$(cat "$tmp/err")"
fi

# --- the document date
out=$(printf 'دیروز در مالت' | "$tagger" --no-default-gazetteer --date 2024-12-06 | grep -o '"value":"[^"]*"')
expect "--date relative" '"value":"2024-12-05"' "$out"
# weekdays against a Thursday (weeks start on Saturday); a bare weekday has no value
out=$(printf 'سه‌شنبه گذشته، پنجشنبه گذشته، جمعه آینده، پنجشنبه آینده، شنبه هفته گذشته، جمعه هفته جاری، یکشنبه هفته آینده، روز دوشنبه. last Monday, next Thursday' |
  "$tagger" --no-default-gazetteer --no-model --date 2024-12-05 | python3 -c '
import json, sys
print(" ".join(str(e.get("value")) for e in json.load(sys.stdin)["entities"]))')
expect "--date weekdays" "2024-12-03 2024-11-28 2024-12-06 2024-12-12 2024-11-23 2024-12-06 2024-12-08 None 2024-12-02 2024-12-12" "$out"
out=$(printf 'سه‌شنبه گذشته' | "$tagger" --no-default-gazetteer --no-model | grep -c '"value"')
expect "weekday without --date" 0 "$out"
printf 'x' | "$tagger" --date 2024-02-30 >/dev/null 2>"$tmp/err"; expect "bad --date exit" 2 $?

# --- the dateline: a whole date set off at the start gives the document date
# (Thursday 15 Azar 1403 = 2024-12-05); --date wins over it; --no-dateline and a
# date inside a sentence give none; bulk reads each document's own dateline
values() { python3 -c '
import json, sys
for line in sys.stdin:
    print(" ".join(e["text"] + "=" + str(e.get("value")) for e in json.loads(line)["entities"] if e["label"] == "DATE"))'; }
dl='تهران - پنجشنبه ۱۵ آذر ۱۴۰۳ - ۱۸:۱۱\nوزیر امروز در جلسه گفت که دیروز و سه‌شنبه گذشته و ۱۰ دی توافق شد.'
out=$(printf "$dl" | "$tagger" --no-default-gazetteer --no-model --no-topics | values)
expect "dateline" "پنجشنبه ۱۵ آذر ۱۴۰۳=2024-12-05 امروز=2024-12-05 دیروز=2024-12-04 سه‌شنبه گذشته=2024-12-03 ۱۰ دی=2024-12-30" "$out"
out=$(printf "$dl" | "$tagger" --no-default-gazetteer --no-model --no-topics --date 2025-01-01 | values)
expect "--date over the dateline" "پنجشنبه ۱۵ آذر ۱۴۰۳=2024-12-05 امروز=2025-01-01 دیروز=2024-12-31 سه‌شنبه گذشته=2024-12-31 ۱۰ دی=2024-12-30" "$out"
out=$(printf "$dl" | "$tagger" --no-default-gazetteer --no-model --no-topics --no-dateline | values)
expect "--no-dateline" "پنجشنبه ۱۵ آذر ۱۴۰۳=2024-12-05 امروز=None دیروز=None سه‌شنبه گذشته=None ۱۰ دی=None" "$out"
out=$(printf 'وزیر در ۱۵ آذر ۱۴۰۳ گفت که دیروز توافق شد.' | "$tagger" --no-default-gazetteer --no-model --no-topics | values)
expect "no dateline in a sentence" "۱۵ آذر ۱۴۰۳=2024-12-05 دیروز=None" "$out"
out=$(printf '%s\n۱۵ آذر ۱۴۰۳ - دیروز' "$(printf 'خبر %.0s' $(seq 1 60))" | "$tagger" --no-default-gazetteer --no-model --no-topics | values)
expect "no dateline after 400 bytes" "۱۵ آذر ۱۴۰۳=2024-12-05 دیروز=None" "$out"
out=$(printf 'رشد منفی ۲.۸ درصد و صد در صد' | "$tagger" --no-default-gazetteer --no-model --no-topics | grep -o '"text":"[^"]*","label":"PERCENT","value":"[^"]*"' | tr '\n' ' ')
expect "percent sign and hundred" '"text":"منفی ۲.۸ درصد","label":"PERCENT","value":"-2.8" "text":"صد در صد","label":"PERCENT","value":"100" ' "$out"
out=$(printf '{"text":"کد خبر: ۱۲ | تاریخ: ۱۵ آذر ۱۴۰۳ | دیروز"}\n{"text":"دیروز"}\n{"text":"2024-02-03 - yesterday"}\n' |
  "$tagger" --jsonl --no-default-gazetteer --no-model --no-topics -q | values)
expect "dateline in bulk" "۱۵ آذر ۱۴۰۳=2024-12-05 دیروز=2024-12-04
دیروز=None
2024-02-03=2024-02-03 yesterday=2024-02-02" "$out"
out=$(printf '{"text":"۱۵ آذر ۱۴۰۳ - دیروز"}\n' | "$tagger" --jsonl --no-dateline --no-default-gazetteer --no-model --no-topics -q | values)
expect "--no-dateline in bulk" "۱۵ آذر ۱۴۰۳=2024-12-05 دیروز=None" "$out"
# «امروز» as "nowadays" in reported speech is not a date; the day of the story is,
# in the lead (`lead 1200`) but not further on
filler=$(printf 'خبر تازه‌ای نبود و %.0s' $(seq 1 60))
out=$(printf 'وزیر امروز گفت. %s. مدیر امروز گفت.' "$filler" | "$tagger" --no-default-gazetteer --no-model --no-topics | values)
expect "today in the lead only" "امروز=None" "$out"
out=$(printf 'rule x.lead\n  label DATE\n  lead 0\n  pattern x\n' > "$tmp/lead.rules"; "$tagger" rules test "$tmp/lead.rules" 2>&1 >/dev/null); expect "lead 0 exit" 3 $?
expect "lead 0 message" "tagger: error: $tmp/lead.rules:3: lead needs a number of bytes from 1 to 65536" "$out"
out=$(printf 'وزیر امروز در جلسه گفت: امروز با تهدیدات مواجهیم.' | "$tagger" --no-default-gazetteer --no-model --no-topics --date 2024-12-05 | values)
expect "today outside quotations" "امروز=2024-12-05" "$out"

# --- pathological inputs finish (the ctest TIMEOUT bounds the whole script)
head -c 1000000 /dev/zero | tr '\0' '7' > "$tmp/digits.txt"
timeout 60 "$tagger" "$tmp/digits.txt" >/dev/null; expect "1 MB of digits" 0 $?
python3 -c 'print("(" * 100000 + "۱۵ آذر" + ")" * 100000)' > "$tmp/brackets.txt"
timeout 60 "$tagger" "$tmp/brackets.txt" >/dev/null; expect "nested brackets" 0 $?
python3 -c 'print("آقای " * 100000 + "کریمی")' > "$tmp/titles.txt"
out=$(timeout 60 "$tagger" "$tmp/titles.txt"); expect "100k title words" 0 $?
python3 -c 'print("۲ ۲ " * 100000 + "دلار")' > "$tmp/amounts.txt"
timeout 60 "$tagger" "$tmp/amounts.txt" >/dev/null; expect "100k number words" 0 $?

# --- issue 17: a run of numbers before the amounts once stopped the amount
# rules for the rest of the document (the JIT's stack overflowed)
out=$(python3 -c "print(' و '.join(['۱']*300)+' . ۲۵ درصد و ۲ میلیارد دلار')" | "$tagger" | grep -o '۲۵ درصد","label":"PERCENT"\|"text":"۲ میلیارد دلار","label":"MONEY","value":"2000000000 USD"' | paste -sd' ')
expect "amounts after 300 numbers" '۲۵ درصد","label":"PERCENT" "text":"۲ میلیارد دلار","label":"MONEY","value":"2000000000 USD"' "$out"
out=$(python3 -c "print('1,'*1000 + ' ۲ میلیارد دلار')" | "$tagger" | grep -o '"text":"[^"]*","label":"MONEY"')
expect "amount after 1000 × '1,'" '"text":"۲ میلیارد دلار","label":"MONEY"' "$out"
# ... and a match attempt cut by a limit is reported: a "warnings" member in
# the JSON (the same from the bulk path) and a line on stderr
printf 'rule test.cut\n  label EVENT\n  pattern (?:a|aa)+b|ok\n' > "$tmp/cut.rules"
python3 -c "print('a' * 40 + ' ok')" > "$tmp/cut.txt"
cut=(--no-default-gazetteer --no-model --no-default-rules --no-topics --rules "$tmp/cut.rules" --rule-match-limit 1000)
warnings='"warnings":[{"code":"rule_match_limit","count":1,"message":"1 rule match attempt cut by the match limit"}]'
out=$("$tagger" "${cut[@]}" "$tmp/cut.txt" 2>"$tmp/err"); expect "cut by the match limit exit" 0 $?
expect "cut by the match limit JSON" '{"lang":"en","topics":[],"entities":[{"start":41,"end":43,"text":"ok","label":"EVENT","source":"rule","rule":"test.cut"}],'"$warnings}" "$out"
expect "cut by the match limit stderr" "tagger: warning: $tmp/cut.txt: 1 rule match attempt cut by the match limit (--rule-match-limit)" "$(cat "$tmp/err")"
out=$(python3 -c "import json; print(json.dumps({'id': 'c', 'text': 'a' * 40 + ' ok'}))" | "$tagger" --jsonl -q "${cut[@]}")
expect "cut by the match limit, bulk" '{"id":"c","lang":"en","topics":[],"entities":[{"start":41,"end":43,"text":"ok","label":"EVENT","source":"rule","rule":"test.cut"}],'"$warnings}" "$out"
out=$("$tagger" "${cut[@]}" --no-jit --rule-match-limit 200000 --rule-depth-limit 10 "$tmp/cut.txt" 2>&1 >/dev/null)
expect "cut by the depth limit stderr" "tagger: warning: $tmp/cut.txt: 1 rule match attempt cut by the depth limit (--rule-depth-limit)" "$out"
out=$(printf 'ok' | "$tagger" "${cut[@]}" 2>&1); expect "no warnings, no member" '{"lang":"en","topics":[],"entities":[{"start":0,"end":2,"text":"ok","label":"EVENT","source":"rule","rule":"test.cut"}]}' "$out"

# --- the seed sample's dates and time (osce-lavrov-blinken.expected.tsv)
sample=$src/../shared/samples/osce-lavrov-blinken.fa.txt
if [ -f "$sample" ]; then
  "$tagger" "$sample" | python3 -c '
import json, sys
d = json.load(sys.stdin)
found = {(e["text"], e["label"], e.get("value")) for e in d["entities"]}
want = [("۱۸:۱۱", "TIME", "18:11"), ("۱۵ آذر ۱۴۰۳", "DATE", "2024-12-05"),
        ("2024 December 05", "DATE", "2024-12-05"), ("۲۴ فوریه ۲۰۲۲", "DATE", "2022-02-24"),
        ("مارس ۲۰۲۳", "DATE", "2023-03")]
missing = [w for w in want if w not in found]
print("missing:", missing) if missing else None
sys.exit(1 if missing else 0)' && ok || bad "seed sample dates and time"
else
  echo "skipped: seed sample checks (../shared not found)"
fi

finish

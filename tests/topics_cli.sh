#!/usr/bin/env bash
# `tagger topics train|eval` and the topic options of `tagger`, on the
# fixtures in tests/topics/: training twice gives the same bytes, the eval
# numbers equal the ones worked out by hand below, corrupt models and
# models of other normalization tables are rejected (exit 3), --topics K /
# --topic-threshold / --no-topics, the default models.
# Usage: topics_cli.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
fx=$src/tests/topics
. "$(dirname "$0")/lib.sh"
topics() { python3 -c 'import json,sys; print(" ".join(t["label"] for t in json.load(sys.stdin)["topics"]))'; }

# --- train: deterministic, the map applied, rejects counted
train() { "$tagger" topics train --train "$fx/train.jsonl" --iptc-map "$fx/map.tsv" \
            --bits 12 --lang en -o "$1" 2>"$tmp/train.err"; }
train "$tmp/a.bin" > "$tmp/train.out"; expect "train exit" 0 $?
train "$tmp/b.bin" > /dev/null
cmp -s "$tmp/a.bin" "$tmp/b.bin"; expect "same bytes twice" 0 $?
case $(cat "$tmp/train.out") in
  *"documents: 12, labels: 3"*"sport            medtop:15000000       4"*"politics         medtop:11000000       4"*) ok ;;
  *) bad "train report: $(cat "$tmp/train.out")" ;; esac
expect "train warning" "tagger: warning: $fx/train.jsonl:14: not valid JSON; line skipped" \
  "$(grep warning "$tmp/train.err")"
case $(cat "$tmp/train.err") in
  *"12 documents kept of 14 lines (1 malformed, 1 unmapped, 0 duplicates)"*) ok ;;
  *) bad "train counts: $(cat "$tmp/train.err")" ;; esac

# --- eval on 6 documents worked out by hand (eval.jsonl):
#   gold sport:    1 -> sport, 2 -> sport
#   gold economy:  3 -> economy, 4 (a sport text) -> sport
#   gold politics: 5 -> politics, 6 (an economy text) -> economy
#   accuracy 4/6; sport P 2/3 R 1 F1 0.8; economy P 1/2 R 1/2 F1 0.5;
#   politics P 1 R 1/2 F1 2/3; macro-F1 (0.8 + 0.5 + 2/3) / 3 = 0.65556
#   line 7 (weather) is dropped by the map, line 8 has no label
"$tagger" topics eval -q --model "$tmp/a.bin" --iptc-map "$fx/map.tsv" --json \
  "$fx/eval.jsonl" > "$tmp/eval.json"; expect "eval exit" 0 $?
out=$(python3 - "$tmp/eval.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = lambda x: round(x, 4)
L = d["labels"]
print(d["documents"], d["correct"], r(d["accuracy"]), r(d["macro_f1"]), d["malformed"], d["unmapped"],
      *(f'{k}:{L[k]["gold"]}/{L[k]["pred"]}/{L[k]["correct"]}/{r(L[k]["precision"])}/{r(L[k]["recall"])}/{r(L[k]["f1"])}'
        for k in ("sport", "economy", "politics")),
      json.dumps(d["confusion"], sort_keys=True))
PY
)
expect "eval numbers" '6 4 0.6667 0.6556 1 1 sport:2/3/2/0.6667/1/0.8 economy:2/2/1/0.5/0.5/0.5 politics:2/1/1/1/0.5/0.6667 {"economy": {"economy": 1, "sport": 1}, "politics": {"economy": 1, "politics": 1}, "sport": {"sport": 2}}' "$out"
out=$("$tagger" topics eval -q --model "$tmp/a.bin" --iptc-map "$fx/map.tsv" "$fx/eval.jsonl")
case $out in *"accuracy: 66.67% (4/6)"*"macro-F1: 65.56%"*"sport                 2      3    66.67   100.00    80.00"*) ok ;;
  *) bad "eval table: $out" ;; esac
out=$("$tagger" topics eval -q --model "$tmp/a.bin" --iptc-map "$fx/map.tsv" --labels sport,economy \
  --json "$fx/eval.jsonl" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["documents"], d["not_in_labels"], d["correct"])')
expect "eval --labels" "4 2 3" "$out"
# --predictions: a TSV line per scored document (the hand-worked ones above)
"$tagger" topics eval -q --model "$tmp/a.bin" --iptc-map "$fx/map.tsv" --predictions "$tmp/pred.tsv" \
  "$fx/eval.jsonl" > "$tmp/eval.out"; expect "eval --predictions exit" 0 $?
out=$(cut -f3,4 "$tmp/pred.tsv" | tr '\t\n' ':,')
expect "predictions" "gold:predicted,sport:sport,sport:sport,economy:economy,economy:sport,politics:politics,politics:economy," "$out"
expect "predictions ids" "id" "$(head -1 "$tmp/pred.tsv" | cut -f1)"
case $(cat "$tmp/eval.out") in *"speed (CPU time): "*" MB/s classify alone"*) ok ;;
  *) bad "eval CPU speed: $(cat "$tmp/eval.out")" ;; esac
"$tagger" topics eval -q --model "$tmp/a.bin" --predictions "$tmp/no-such-dir/p.tsv" \
  "$fx/eval.jsonl" >/dev/null 2>&1; expect "predictions to an unwritable path" 2 $?
# the optional features train deterministic models that load
train2() { "$tagger" topics train -q --train "$fx/train.jsonl" --iptc-map "$fx/map.tsv" --bits 12 \
             --lang en --idf --stems --char-grams --prefixes --normalize-weights -o "$1" >/dev/null 2>&1; }
train2 "$tmp/c.bin"; expect "train with the optional features exit" 0 $?
train2 "$tmp/d.bin"
cmp -s "$tmp/c.bin" "$tmp/d.bin"; expect "optional features: same bytes twice" 0 $?
"$tagger" topics eval -q --model "$tmp/c.bin" --iptc-map "$fx/map.tsv" "$fx/eval.jsonl" >/dev/null
expect "model with the optional features loads" 0 $?

# --- the model on documents: K, threshold, off, language
doc='The striker scored a late goal and the fans cheered the team.'
out=$(printf '%s' "$doc" | "$tagger" --topic-model "$tmp/a.bin" --topics 1 | topics)
expect "--topics 1" "sport" "$out"
out=$(printf '%s' "$doc" | "$tagger" --topic-model "$tmp/a.bin" --topics 5 --topic-threshold 0 | topics)
expect "--topics 5, threshold 0" 3 "$(echo $out | wc -w)"
case $out in sport*) ok ;; *) bad "best first: $out" ;; esac
out=$(printf '%s' "$doc" | "$tagger" --topic-model "$tmp/a.bin" --topics 0 | topics)
expect "--topics 0" "" "$out"
out=$(printf '%s' "$doc" | "$tagger" --topic-model "$tmp/a.bin" --no-topics | topics)
expect "--no-topics" "" "$out"
out=$(printf '%s' "$doc" | "$tagger" --topic-model "$tmp/a.bin" --topic-threshold 1 | topics)
expect "threshold 1" "" "$out"
out=$(printf '%s' "$doc" | "$tagger" --topic-model "$tmp/a.bin" | python3 -c '
import json,sys; t=json.load(sys.stdin)["topics"][0]; print(sorted(t), t["iptc"], 0 < t["score"] <= 1)')
expect "topic object" "['iptc', 'label', 'score'] medtop:15000000 True" "$out"

# --- usage errors (exit 2)
for args in "--topics" "--topics x" "--topics -1" "--topic-threshold 1.5" "--topic-threshold abc"; do
  printf 'x' | "$tagger" $args >/dev/null 2>"$tmp/err"; expect "usage '$args' exit" 2 $?
done
expect "threshold message" "tagger: error: --topic-threshold: expected a probability from 0 to 1, got '1.5'" \
  "$(printf x | "$tagger" --topic-threshold 1.5 2>&1 >/dev/null)"
"$tagger" topics train --train "$fx/train.jsonl" 2>/dev/null; expect "train without -o" 2 $?
"$tagger" topics eval "$fx/eval.jsonl" 2>/dev/null; expect "eval without --model" 2 $?
"$tagger" topics frobnicate 2>/dev/null; expect "unknown subcommand" 2 $?
"$tagger" topics train --train "$tmp/none.jsonl" -o "$tmp/x.bin" 2>"$tmp/err"; expect "missing input exit" 2 $?
expect "missing input text" "tagger: error: cannot open '$tmp/none.jsonl': No such file or directory" "$(cat "$tmp/err")"
printf '{"text": "goal", "label": "sport"}\n' > "$tmp/one.jsonl"
"$tagger" topics train --train "$tmp/one.jsonl" -o "$tmp/x.bin" >/dev/null 2>"$tmp/err"; expect "one label exit" 2 $?
case $(cat "$tmp/err") in *"need documents of at least two labels"*) ok ;; *) bad "one label: $(cat "$tmp/err")" ;; esac
# the naive Bayes-weighted regressions (docs/topics.md "Round 10"): their options checked,
# a fit on the fixtures that tells sport from politics
expect "--l2 out of range" "tagger: error: the L2 penalty must be 0 to 1" \
  "$("$tagger" topics train -q --train "$fx/train.jsonl" --algorithm cnb-lr --l2 2 -o "$tmp/x.bin" 2>&1 | tail -n 1)"
# the none weight (Round 11) out of range, and not a number
expect "--none-weight out of range" "tagger: error: the none weight must be 0.01 to 100" \
  "$("$tagger" topics train -q --train "$fx/train.jsonl" --none-weight 200 -o "$tmp/x.bin" 2>&1 | tail -n 1)"
"$tagger" topics train -q --train "$fx/train.jsonl" --none-weight two -o "$tmp/x.bin" 2>/dev/null
expect "--none-weight not a number" 2 $?
expect "unknown algorithm" "tagger: error: --algorithm svm: expected logreg, nb, cnb, nblr or cnb-lr" \
  "$("$tagger" topics train --train "$fx/train.jsonl" --algorithm svm -o "$tmp/x.bin" 2>&1)"
for alg in nblr cnb-lr; do
  "$tagger" topics train -q --train "$fx/train.jsonl" --iptc-map "$fx/map.tsv" --bits 12 --lang en \
    --algorithm $alg -o "$tmp/$alg.bin" >/dev/null 2>&1; expect "$alg train exit" 0 $?
  expect "$alg sport" sport "$(printf 'The striker scored a goal and the team won the match.' |
    "$tagger" --topic-model "$tmp/$alg.bin" --topics 1 --topic-threshold 0 | topics)"
done

# --- corrupt and foreign models: exit 3, the file named
cp "$tmp/a.bin" "$tmp/bad.bin"
printf '\x7f' | dd of="$tmp/bad.bin" bs=1 seek=2000 conv=notrunc 2>/dev/null
printf 'x' | "$tagger" --topic-model "$tmp/bad.bin" >/dev/null 2>"$tmp/err"; expect "corrupt exit" 3 $?
expect "corrupt text" "tagger: error: $tmp/bad.bin: checksum mismatch (corrupt file)" "$(cat "$tmp/err")"
"$tagger" topics eval --model "$tmp/bad.bin" "$fx/eval.jsonl" >/dev/null 2>&1; expect "eval corrupt exit" 3 $?
head -c 1000 "$tmp/a.bin" > "$tmp/short.bin"
printf 'x' | "$tagger" --topic-model "$tmp/short.bin" 2>&1 >/dev/null | grep -q "short.bin: size does not match its header"
expect "truncated" 0 $?
printf 'x' | "$tagger" --topic-model "$fx/map.tsv" 2>&1 >/dev/null | grep -q "map.tsv: not a topic model (bad magic)"
expect "not a model" 0 $?
printf 'x' | "$tagger" --topic-model "$tmp/missing.bin" >/dev/null 2>&1; expect "missing model exit" 3 $?

# --- a model built with other normalization tables: refused, exit 3.  The
# fingerprint (header bytes 64-67) is changed and the checksum made right
# again (datafile.c: four 64-bit multiply-xor chains over the 8-byte words,
# seeded by the format's seed xor the size; header 72 bytes, sum at 24)
refingerprint() { PYTHONPATH="$src/tests" python3 - "$1" "$2" "$3" <<'PY'
from datafile_sum import datafile_sum
import sys
img = bytearray(open(sys.argv[1], "rb").read())
old = int.from_bytes(img[64:68], "little")
new = int(sys.argv[3], 16) if sys.argv[3] != "flip" else old ^ 0x100
img[64:68] = new.to_bytes(4, "little")
head = bytearray(img[:72]); head[24:32] = bytes(8)
img[24:32] = datafile_sum(0x9E3779B97F4A7C15 ^ len(img), head + img[72:]).to_bytes(8, "little")
open(sys.argv[2], "wb").write(img)
print("%08x %08x" % (new, old))
PY
}
read -r fp ours <<< "$(refingerprint "$tmp/a.bin" "$tmp/fp.bin" flip)"
printf 'x' | "$tagger" --topic-model "$tmp/fp.bin" >/dev/null 2>"$tmp/err"; expect "other fingerprint exit" 3 $?
expect "other fingerprint text" "tagger: error: $tmp/fp.bin: topic model built with other normalization tables (fingerprint $fp, this tagger has $ours); rebuild it with this tagger" "$(cat "$tmp/err")"
"$tagger" topics eval --model "$tmp/fp.bin" "$fx/eval.jsonl" >/dev/null 2>"$tmp/err"; expect "eval other fingerprint exit" 3 $?
case $(cat "$tmp/err") in *"fp.bin: topic model built with other normalization tables"*) ok ;;
  *) bad "eval other fingerprint: $(cat "$tmp/err")" ;; esac
refingerprint "$tmp/a.bin" "$tmp/fp0.bin" 0 >/dev/null
printf 'x' | "$tagger" --topic-model "$tmp/fp0.bin" >/dev/null 2>"$tmp/err"; expect "no fingerprint exit" 3 $?
expect "no fingerprint text" "tagger: error: $tmp/fp0.bin: topic model built before normalization fingerprints were recorded; rebuild it with this tagger" "$(cat "$tmp/err")"
# the same bytes with the right fingerprint load (the rewriting is sound)
refingerprint "$tmp/a.bin" "$tmp/fp1.bin" "$ours" >/dev/null
cmp -s "$tmp/a.bin" "$tmp/fp1.bin"; expect "refingerprint round trip" 0 $?

# --- the default models (build/data/models): Persian and English articles
if [ -f "$(dirname "$tagger")/data/models/topics-fa.bin" ]; then
  out=$("$tagger" --topics 1 "$src/data/samples/osce-malta.fa.txt" | topics)
  expect "default fa model" "politics" "$out"
  out=$(printf 'The striker scored twice as the champions won the league title on Saturday.' | "$tagger" --topics 1 | topics)
  expect "default en model" "sport" "$out"
  out=$(printf 'به گزارش ایسنا، انتهای پیام' | "$tagger" | topics)
  expect "boilerplate only" "" "$out"
  # round 2 (docs/topics.md): world news from AG News, health in Persian
  out=$("$tagger" --topics 1 "$src/data/samples/osce-malta.en.txt" | topics)
  expect "default en model, OSCE sample" "politics" "$out"
  out=$(printf 'Macron and Scholz met NATO leaders in Brussels to discuss support for Ukraine and the alliance budget.' | "$tagger" --topics 1 | topics)
  expect "default en model, world news" "politics" "$out"
  out=$(printf 'پزشکان می‌گویند مصرف زیاد نمک خطر فشار خون و بیماری‌های قلبی را افزایش می‌دهد.' | "$tagger" --topics 1 | topics)
  expect "default fa model, health" "health" "$out"
fi

finish

#!/usr/bin/env bash
# The English held-out NER test (data/ner/README.md, docs/english.md "Held-out
# test"): tools/en_heldout.py checks every standoff row against the BBC and AG
# News corpora of ../shared (ids, mention texts) and rebuilds the CoNLL file;
# `tagger eval` on it keeps PER, LOC, ORG and micro exact F1 at or above floors
# 1.5 points under the figures of 2026-12-03.  A row whose text does not match
# the corpus is an error (exit 1, the row named).  Skipped (exit 77) when
# ../shared, the sibling of the source tree, is absent.
# Usage: en_heldout.sh TAGGER SRCDIR
set -u
tagger=$(realpath "$1") src=$(realpath "$2")
shared=$(dirname "$src")/shared
if [ ! -f "$shared/corpora/topics/en/bbc_train.jsonl" ] ||
   [ ! -f "$shared/corpora/topics/en/agnews_train.jsonl" ]; then
  echo "skipped: ../shared/corpora/topics/en (BBC and AG News) not found"
  exit 77
fi
. "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
tool=$src/tools/en_heldout.py

# -- the rows match the corpus; the counts of data/ner/README.md
out=$("$py" "$tool" --shared "$shared" --check 2>&1); expect "check exit" 0 $?
expect "check counts" "documents 154, mentions 1717 (PER 409, LOC 391, ORG 614, MISC 303)" "$out"

# -- a wrong mention text, an id that is not the line's, a bad label: named, exit 1
mkdir "$tmp/bad"
sed '3s/\tTokyo\t/\tKyoto\t/' "$src/data/ner/en-heldout.tsv" >"$tmp/bad/en-heldout.tsv"
{ cat "$src/data/ner/en-heldout-docs.tsv"
  printf 'corpora/topics/en/bbc_train.jsonl\t9\tnot/this/id\n'; } >"$tmp/bad/en-heldout-docs.tsv"
printf 'corpora/topics/en/bbc_train.jsonl\t1\t4\t12\tJapanese\tNORP\n' >>"$tmp/bad/en-heldout.tsv"
"$py" "$tool" --shared "$shared" --dir "$tmp/bad" --check >"$tmp/out" 2>"$tmp/err"
expect "bad rows exit" 1 $?
expect "bad rows stdout" "" "$(cat "$tmp/out")"
expect "bad rows messages" "$tmp/bad/en-heldout-docs.tsv:156: corpora/topics/en/bbc_train.jsonl line 9 is 'bbc/entertainment/245.txt', not 'not/this/id'
$tmp/bad/en-heldout.tsv:3: the text at 300-305 is 'Tokyo', not 'Kyoto'
$tmp/bad/en-heldout.tsv:1719: unknown label 'NORP'
en_heldout.py: 3 row(s) do not match the corpus" "$(cat "$tmp/err")"

# -- the CoNLL file: one -DOCSTART- per document, one B- tag per mention
"$py" "$tool" --shared "$shared" -o "$tmp/heldout.conll"; expect "rebuild exit" 0 $?
expect "documents" 154 "$(grep -c '^-DOCSTART- ' "$tmp/heldout.conll")"
expect "mentions" 1717 "$(grep -c ' B-[A-Z]*$' "$tmp/heldout.conll")"
expect "CoNLL tokenization" "McDonald _ _ B-ORG|'s _ _ I-ORG|, _ _ O|U.S. _ _ B-LOC" \
  "$(grep -m1 -A2 '^McDonald ' "$tmp/heldout.conll" | paste -sd'|')|$(grep -m1 '^U.S. ' "$tmp/heldout.conll")"

# -- the scores: exact F1 at or above the floors, 1.5 under the figures (2026-12-03: PER
#    81.69, LOC 85.36, ORG 59.65, micro 74.15; after english-orgs.txt and truecasing,
#    branch engen: PER 84.33, LOC 85.23, ORG 68.39, micro 78.20 -- LOC's floor kept; with
#    the shipped model (clusters that saw the sets' unlabeled text): PER 89.95, LOC 89.05,
#    ORG 71.56, micro 81.93; a model rebuilt by build-ner.sh now, whose clusters never saw
#    them: PER 87.33, LOC 87.93, ORG 72.73, micro 81.51; branch enorg, strict model with the
#    Title Case copies, the new lists, feed rules and English merge choices: PER 90.04,
#    LOC 87.52, ORG 76.62, micro 83.76; branch english3, the en-dev error classes: PER 90.56,
#    LOC 88.45, ORG 77.31, micro 84.51; branch english5, more en-dev classes: PER 91.30,
#    LOC 88.67, ORG 77.85, micro 85.00 -- floors 1.5 under these; docs/english.md)
"$tagger" eval --gold "$tmp/heldout.conll" --labels PER,LOC,ORG --quiet --json >"$tmp/eval.json"
expect "eval exit" 0 $?
got=$("$py" - "$tmp/eval.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
floors = {"PER": 89.80, "LOC": 87.17, "ORG": 76.35, "micro": 83.50}
print("gold %d %s" % (r["gold"]["documents"], r["gold"]["malformed_lines"]))
for k, floor in floors.items():
    f1 = 100 * (r["micro"] if k == "micro" else r["labels"][k])["exact"]["f1"]
    print("%s %s" % (k, "ok" if f1 >= floor else "%.2f < %.2f" % (f1, floor)))
PY
)
expect "gold read" "gold 154 0" "$(echo "$got" | head -1)"
expect "F1 floors" "PER ok
LOC ok
ORG ok
micro ok" "$(echo "$got" | tail -n +2)"
finish

#!/usr/bin/env bash
# The out-of-domain class "none" (tagger/topics.h, "Decision"): a model
# trained with it (tests/topics/none.jsonl beside the fixtures) never gives
# it, not even at --topic-threshold 0, and a text it wins gets no topic;
# the default models leave the off-topic texts of tests/topics/offtopic/
# that docs/topics.md ("Round 3", "Round 4") reports without a topic, and still give
# the OSCE samples politics; verse gets no topic even at --topic-threshold 0
# (tagger/topics_verse.c, "Round 8"), news that quotes a couplet keeps its topic.
# Usage: topics_none.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
fx=$src/tests/topics
. "$(dirname "$0")/lib.sh"
labels() { python3 -c 'import json,sys; print(" ".join(t["label"] for t in json.load(sys.stdin)["topics"]))'; }
run() { "$tagger" --no-default-gazetteer --no-default-rules "$@"; }

printf 'none\tnone\n' | cat "$fx/map.tsv" - > "$tmp/map.tsv"
"$tagger" topics train -q --train "$fx/train.jsonl" --train "$fx/none.jsonl" --iptc-map "$tmp/map.tsv" \
  --bits 12 --lang en -o "$tmp/n.bin" > "$tmp/train.out" 2>/dev/null; expect "train exit" 0 $?
case $(cat "$tmp/train.out") in
  *"labels: 4"*"none             -                     4"*) ok ;;
  *) bad "train report: $(cat "$tmp/train.out")" ;; esac
# a settings-dialog text: none wins, so no topic, whatever the threshold
expect "none text, default threshold" "" \
  "$(printf 'Open the dialog, choose a folder and click save.' | run --topic-model "$tmp/n.bin" | labels)"
out=$(printf 'Open the dialog, choose a folder and click save.' | run --topic-model "$tmp/n.bin" --topic-threshold 0 --topics 9 | labels)
case " $out " in *" none "*) bad "none given at threshold 0: $out" ;; *) ok ;; esac
expect "three labels at threshold 0" 3 "$(echo "$out" | wc -w)"
# news still gets its label
expect "sport text" sport \
  "$(printf 'The striker scored and the team won the match.' | run --topic-model "$tmp/n.bin" | labels)"

# the default models: off-topic texts without a topic, news with one
# (Round 4: the English recipes, the letter and the texts written for
# Round 4 -- recipe3/4, poem2/3, review4 -- too; Round 6: the Persian
# recipes and reviews, recipe3.fa and review3.fa written for it; Round 8: the
# Persian poems, by the verse gate; Round 11: review.en and review3.en, the
# last two given a topic before, with the English model's written none texts)
# (one run over a folder of them: each run loads both models)
mkdir -p "$tmp/off"
for f in forum.en poem.en review2.en forum.fa letter.fa review2.fa \
         recipe.en recipe2.en letter.en recipe3.en recipe4.en poem2.en poem3.en review4.en \
         recipe.fa recipe2.fa recipe3.fa review.fa review3.fa poem.fa poem2.fa review.en review3.en; do
  cp "$fx/offtopic/$f.txt" "$tmp/off/"
done
run -r -q "$tmp/off" > "$tmp/off.jsonl"; expect "off-topic run exit" 0 $?
expect "off-topic texts read" 23 "$(wc -l < "$tmp/off.jsonl")"
expect "off-topic texts given a topic" "" "$(python3 -c 'import json,sys
for l in sys.stdin:
    d = json.loads(l)
    if d["topics"]: print(d["id"].rsplit("/", 1)[1], d["topics"][0]["label"])' < "$tmp/off.jsonl")"
# the verse gate: no topic whatever the threshold, also for a document tagged
# in windows (over 512 KB); a news article quoting a couplet is not verse
for f in poem.fa poem2.fa poem.en; do
  expect "verse $f at threshold 0" "" "$(run --topic-threshold 0 "$fx/offtopic/$f.txt" | labels)"
done
for i in $(seq 2400); do cat "$fx/offtopic/poem2.fa.txt"; echo; done > "$tmp/long-verse.txt"
expect "verse in windows" "" "$(run --topic-threshold 0 "$tmp/long-verse.txt" | labels)"
for f in news-couplet.fa news-couplet.en; do
  out=$(run --topics 1 "$fx/verse/$f.txt" | labels)
  case $out in "") bad "$f: no topic" ;; *) ok ;; esac
done
expect "OSCE en" politics "$(run --topics 1 "$src/data/samples/osce-malta.en.txt" | labels)"
expect "OSCE fa" politics "$(run --topics 1 "$src/data/samples/osce-malta.fa.txt" | labels)"
finish

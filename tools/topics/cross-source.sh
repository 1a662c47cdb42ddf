#!/usr/bin/env bash
# Cross-source accuracy of the topic classifier: every model is tested on
# articles of a source it never saw, reported per label on the five core
# topics (politics, economy, sport, arts, scitech).
#   A  trained on ISNA + Fars News only (the default recipe otherwise)
#   B  leave one source out: trained on every other Persian source, as
#      tools/topics/build-models.sh does with all of them
# tested on Hamshahri (hamshahri_hamtest.jsonl) and Asriran/Tabnak
# (ir_news_shessam.jsonl).  Then the English model on a held-out fifth of BBC.
# Usage: tools/topics/cross-source.sh [TAGGER [SHARED_DIR]]
#   TOPICS_TRAIN_OPTS="..." replaces the Persian training options of
#   build-models.sh ("--min-docs 80"), e.g. "--min-docs 80 --char-grams".
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
fa=$shared/corpora/topics/fa
map=$fa/label_to_iptc.tsv
core=politics,economy,sport,arts,scitech
read -r -a fa_opts <<< "${TOPICS_TRAIN_OPTS:---min-docs 80}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
train() { local out=$1; shift; local args=(); for s in "$@"; do args+=(--train "$fa/$s.jsonl"); done
  "$tagger" topics train -q "${args[@]}" --iptc-map "$map" --lang fa "${fa_opts[@]}" -o "$out" >/dev/null 2>&1; }
evaluate() { echo "### $1: test $2"; "$tagger" topics eval -q --model "$3" --iptc-map "$map" \
  --labels $core "$fa/$2.jsonl" | sed '/^speed/d'; echo; }

train "$tmp/a.bin" isna_abbnaseri farsnews_langml farsnews_faezeh
evaluate "A (ISNA + Fars)" hamshahri_hamtest "$tmp/a.bin"
evaluate "A (ISNA + Fars)" ir_news_shessam "$tmp/a.bin"
train "$tmp/b1.bin" isna_abbnaseri farsnews_langml farsnews_faezeh ir_news_shessam radiofarda_rss
evaluate "B (all but Hamshahri)" hamshahri_hamtest "$tmp/b1.bin"
train "$tmp/b2.bin" isna_abbnaseri farsnews_langml farsnews_faezeh hamshahri_hamtest hamshahri_rss radiofarda_rss
evaluate "B (all but Asriran/Tabnak)" ir_news_shessam "$tmp/b2.bin"

# English: BBC split by a hash of the id (4/5 train, 1/5 test)
python3 - "$shared/corpora/topics/en/bbc_train.jsonl" "$tmp" <<'PY'
import json, sys, zlib
tr = open(sys.argv[2] + "/en-train.jsonl", "w"); te = open(sys.argv[2] + "/en-test.jsonl", "w")
for line in open(sys.argv[1], encoding="utf-8"):
    (te if zlib.crc32(json.loads(line)["id"].encode()) % 5 == 0 else tr).write(line)
PY
"$tagger" topics train -q --train "$tmp/en-train.jsonl" --iptc-map "$root/data/models/bbc-to-iptc.tsv" \
  --lang en -o "$tmp/en.bin" >/dev/null 2>&1
echo "### English: BBC, held-out fifth"
"$tagger" topics eval -q --model "$tmp/en.bin" --iptc-map "$root/data/models/bbc-to-iptc.tsv" \
  "$tmp/en-test.jsonl" | sed '/^speed/d'

#!/usr/bin/env bash
# Trains the default topic models into data/models/ from the shared corpora:
#   topics-fa.bin  every labelled Persian source under corpora/topics/fa
#                  (ISNA, Fars x2, Asriran/Tabnak, Hamshahri x2, Radio Farda),
#                  source sections mapped to IPTC topics by
#                  data/models/fa-sections-to-iptc.tsv, topics with fewer
#                  than 80 articles left out, labels weighed inversely to
#                  their article counts (--balance), and within a label each
#                  corpus file alike (--source-balance 1); the word clusters
#                  (256 groups) of data/models/ner-fa.bin as features too
#                  (Round 5; the table is copied into topics-fa.bin)
#   topics-en.bin  BBC News (corpora/topics/en/bbc_train.jsonl, sections
#                  mapped by data/models/bbc-to-iptc.tsv) and AG News
#                  (agnews_train.jsonl, data/models/agnews-to-iptc.tsv),
#                  light English stems as features too (--stems, Round 4);
#                  since Round 11 complement naive Bayes with a fitted
#                  correction (--algorithm cnb-lr, Round 10), the written
#                  off-topic texts of data/models/none-en-written.jsonl as
#                  none documents too, and the none documents weighing
#                  twice (--none-weight 2); since Round 14 2^20 buckets
#                  (--bits 20: fewer collisions, AG News +0.7 on the
#                  selection folds, +1.1 on its held-out fifth)
#   (Round 6: Hamshahri's «زندگی > تغذیه» is unmapped; the recipes of the
#   news corpora are Persian none documents instead, a --train file of their own;
#   Round 7: the articles of science desks whose title is medical are trained
#   as health, tools/topics/fa_medical.py; Round 27: so are the social desks'
#   medical and epidemic articles, and the Persian off-topic texts written for
#   the project, data/models/none-fa-written.jsonl, are none documents too)
#   both models also learn a class "none" (never given; a text it wins gets
#   no topic) from non-news text of this machine, tools/topics/none-corpus.sh
#   (data/models/none-to-iptc.tsv); NONE_DIR=DIR reuses its output there
# Usage: tools/topics/build-models.sh [TAGGER [SHARED_DIR]]
#   (defaults: build/tagger and ../shared beside the repository)
# Training is deterministic: the same corpora (and the same none documents:
# they depend on what this machine has installed) give the same model bytes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
fa=$shared/corpora/topics/fa
en=$shared/corpora/topics/en
[ -x "$tagger" ] || { echo "build-models: no tagger at $tagger (run make first)" >&2; exit 2; }
[ -d "$fa" ] || { echo "build-models: no corpora at $fa" >&2; exit 2; }
out=$root/data/models
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
none=${NONE_DIR:-$tmp/none}
[ -f "$none/none-fa-recipe.train.jsonl" ] || "$root/tools/topics/none-corpus.sh" "$none"
py=$(command -v /usr/bin/python3 || command -v python3)

files=()
for src in isna_abbnaseri farsnews_langml farsnews_faezeh ir_news_shessam \
           hamshahri_hamtest hamshahri_rss radiofarda_rss; do
  files+=("$fa/$src.jsonl")
done
# medical news of the science desks as health (Round 7): training copies
"$py" "$root/tools/topics/fa_medical.py" "$out/fa-sections-to-iptc.tsv" "$tmp/fa" "${files[@]}" >/dev/null
args=()
for f in "${files[@]}"; do args+=(--train "$tmp/fa/${f##*/}"); done
echo "== topics-fa.bin"
cat "$out/fa-sections-to-iptc.tsv" "$out/none-to-iptc.tsv" > "$tmp/fa.map"
# the recipes of the news corpora are a none file of their own (Round 6), so
# that --source-balance weighs them as much as the other none documents
"$tagger" topics train -q "${args[@]}" --train "$none/none-fa.train.jsonl" \
  --train "$none/none-fa-recipe.train.jsonl" --train "$out/none-fa-written.jsonl" --iptc-map "$tmp/fa.map" \
  --lang fa --min-docs 80 --balance --clusters "$out/ner-fa.bin" --cluster-levels 2 \
  --source-balance 1 -o "$out/topics-fa.bin"
echo "== topics-en.bin"
enmap=$tmp/en.map
grep -hv '^#' "$out/bbc-to-iptc.tsv" "$out/agnews-to-iptc.tsv" "$out/none-to-iptc.tsv" > "$enmap"
"$tagger" topics train -q --train "$en/bbc_train.jsonl" --train "$en/agnews_train.jsonl" \
  --train "$none/none-en.train.jsonl" --train "$out/none-en-written.jsonl" \
  --iptc-map "$enmap" --lang en --stems --algorithm cnb-lr --none-weight 2 --bits 20 \
  -o "$out/topics-en.bin"
sha256sum "$out/topics-fa.bin" "$out/topics-en.bin"

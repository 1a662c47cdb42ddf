#!/usr/bin/env bash
# Trains the default topic models into data/models/ from the shared corpora:
#   topics-fa.bin  every labelled Persian source under corpora/topics/fa
#                  (ISNA, Fars x2, Asriran/Tabnak, Hamshahri x2, Radio Farda),
#                  source sections mapped to IPTC topics by
#                  data/models/fa-sections-to-iptc.tsv, topics with fewer
#                  than 80 articles left out, labels weighed inversely to
#                  their article counts (--balance)
#   topics-en.bin  BBC News (corpora/topics/en/bbc_train.jsonl, sections
#                  mapped by data/models/bbc-to-iptc.tsv) and AG News
#                  (agnews_train.jsonl, data/models/agnews-to-iptc.tsv)
# Usage: tools/topics/build-models.sh [TAGGER [SHARED_DIR]]
#   (defaults: build/tagger and ../shared beside the repository)
# Training is deterministic: the same corpora give the same model bytes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
fa=$shared/corpora/topics/fa
en=$shared/corpora/topics/en
[ -x "$tagger" ] || { echo "build-models: no tagger at $tagger (run make first)" >&2; exit 2; }
[ -d "$fa" ] || { echo "build-models: no corpora at $fa" >&2; exit 2; }
out=$root/data/models

args=()
for src in isna_abbnaseri farsnews_langml farsnews_faezeh ir_news_shessam \
           hamshahri_hamtest hamshahri_rss radiofarda_rss; do
  args+=(--train "$fa/$src.jsonl")
done
echo "== topics-fa.bin"
"$tagger" topics train -q "${args[@]}" --iptc-map "$out/fa-sections-to-iptc.tsv" \
  --lang fa --min-docs 80 --balance -o "$out/topics-fa.bin"
echo "== topics-en.bin"
enmap=$(mktemp)
trap 'rm -f "$enmap"' EXIT
grep -hv '^#' "$out/bbc-to-iptc.tsv" "$out/agnews-to-iptc.tsv" > "$enmap"
"$tagger" topics train -q --train "$en/bbc_train.jsonl" --train "$en/agnews_train.jsonl" \
  --iptc-map "$enmap" --lang en -o "$out/topics-en.bin"
sha256sum "$out/topics-fa.bin" "$out/topics-en.bin"

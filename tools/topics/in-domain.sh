#!/usr/bin/env bash
# In-domain reference for the cross-source test on Asriran/Tabnak: 5-fold
# cross-validation on ir_news_shessam.jsonl itself (folds by a CRC-32 of the
# article id), so every test article is scored by a model that has seen the
# source's own filing conventions but not the article.  Run once without and
# once with ISNA + Fars News added to every training fold; accuracy over the
# five core topics, scored as tools/topics/cross-source.sh scores them.
# Usage: tools/topics/in-domain.sh [TAGGER [SHARED_DIR]]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
fa=$shared/corpora/topics/fa
map=$fa/label_to_iptc.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$fa/ir_news_shessam.jsonl" "$tmp" <<'PY'
import json, sys, zlib
folds = [open(f"{sys.argv[2]}/fold{i}.jsonl", "w", encoding="utf-8") for i in range(5)]
for line in open(sys.argv[1], encoding="utf-8"):
    folds[zlib.crc32(json.loads(line)["id"].encode()) % 5].write(line)
PY
others=(--train "$fa/isna_abbnaseri.jsonl" --train "$fa/farsnews_langml.jsonl" --train "$fa/farsnews_faezeh.jsonl")
for with in no yes; do
  right=0 scored=0
  for i in 0 1 2 3 4; do
    args=()
    for j in 0 1 2 3 4; do [ "$j" = "$i" ] || args+=(--train "$tmp/fold$j.jsonl"); done
    [ "$with" = yes ] && args+=("${others[@]}")
    "$tagger" topics train -q "${args[@]}" --iptc-map "$map" --lang fa --min-docs 40 \
      -o "$tmp/m.bin" >/dev/null 2>&1
    read -r r n < <("$tagger" topics eval -q --model "$tmp/m.bin" --iptc-map "$map" \
      --labels politics,economy,sport,arts,scitech "$tmp/fold$i.jsonl" |
      sed -n 's/^accuracy: .*(\([0-9]*\)\/\([0-9]*\)).*/\1 \2/p')
    right=$((right + r)) scored=$((scored + n))
  done
  label="Asriran/Tabnak 4/5"; [ "$with" = yes ] && label="$label + ISNA + Fars"
  awk -v l="$label" -v r="$right" -v n="$scored" \
    'BEGIN { printf "trained on %s, tested on the other 1/5: %d/%d = %.2f%%\n", l, r, n, 100 * r / n }'
done

#!/usr/bin/env bash
# Validation for choosing topic-model options without the test sources:
# cross-source accuracy among the Persian training sources only (never
# Hamshahri or Asriran/Tabnak, which tools/topics/cross-source.sh tests on),
# on the five core topics, scored among all the model's labels:
#   V1  trained on ISNA, tested on Fars News (langml + faezeh)
#   V2  trained on Fars News (--min-docs 40, so that its 47 scitech
#       articles make a label), tested on ISNA
#   V3  trained on ISNA + Fars News, tested on Radio Farda
# and their mean.  V1 has 891 core-topic articles, V2 7,500, V3 204 (one
# article is half a point).
# Usage: tools/topics/validate.sh [TRAIN OPTIONS...]
#   e.g. tools/topics/validate.sh --char-grams
#   TAGGER (default build/tagger) and SHARED (default ../shared) from the
#   environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${TAGGER:-$root/build/tagger}
shared=${SHARED:-$root/../shared}
fa=$shared/corpora/topics/fa
map=$fa/label_to_iptc.tsv
core=politics,economy,sport,arts,scitech
[ -x "$tagger" ] || { echo "validate: no tagger at $tagger (run make first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
opts=("$@")
train() { local out=$1 min=$2; shift 2; local args=(); for s in "$@"; do args+=(--train "$fa/$s.jsonl"); done
  "$tagger" topics train -q "${args[@]}" --iptc-map "$map" --lang fa --min-docs "$min" \
    ${opts[@]+"${opts[@]}"} -o "$out" >/dev/null 2>&1; }
accuracy() { local model=$1; shift; local files=(); for s in "$@"; do files+=("$fa/$s.jsonl"); done
  "$tagger" topics eval -q --model "$model" --iptc-map "$map" --labels $core "${files[@]}" |
    sed -n 's/^accuracy: \([0-9.]*\)%.*/\1/p'; }
train "$tmp/v1.bin" 80 isna_abbnaseri
train "$tmp/v2.bin" 40 farsnews_langml farsnews_faezeh
train "$tmp/v3.bin" 80 isna_abbnaseri farsnews_langml farsnews_faezeh
v1=$(accuracy "$tmp/v1.bin" farsnews_langml farsnews_faezeh)
v2=$(accuracy "$tmp/v2.bin" isna_abbnaseri)
v3=$(accuracy "$tmp/v3.bin" radiofarda_rss)
mean=$(awk -v a="$v1" -v b="$v2" -v c="$v3" 'BEGIN { printf "%.2f", (a + b + c) / 3 }')
printf 'V1 %s  V2 %s  V3 %s  mean %s  [%s]\n' "$v1" "$v2" "$v3" "$mean" "${opts[*]-}"

#!/usr/bin/env bash
# The English recipe's selection split (docs/topics.md, "Round 4"): the
# training part of cross-source.sh (BBC and AG News items with
# crc32(id) % 5 != 0; the test fifth is never read here) is cut again into
# a development quarter (crc32(id) % 5 == 1) and the rest; the none
# training documents likewise by their source (crc32(source) % 4 == 0 is
# development).  A model trained on the rest with TOPICS_EN_OPTS (default
# "--stems", the shipped recipe; "" for Round 3's) is scored on
# the development parts: accuracy on AG News and BBC, the share of
# development news left without a topic and of development none documents
# left without one, at --topic-threshold 0.25.
# Usage: NONE_DIR=DIR [TOPICS_EN_OPTS="..."] tools/topics/en-dev.sh [TAGGER [SHARED_DIR]]
#   KEEP_TMP=1 keeps the split, model and predictions (the folder is printed)
#   (NONE_DIR: the output of tools/topics/none-corpus.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
en=$shared/corpora/topics/en
none=${NONE_DIR:?NONE_DIR=DIR (tools/topics/none-corpus.sh DIR)}
py=$(command -v /usr/bin/python3 || command -v python3)
read -r -a opts <<< "${TOPICS_EN_OPTS---stems}"
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] && echo "$tmp" >&2 || trap 'rm -rf "$tmp"' EXIT
"$py" - "$en" "$none" "$tmp" <<'PY'
import json, sys, zlib
en, none, tmp = sys.argv[1:]
for name in ("bbc_train", "agnews_train"):
    tr = open(f"{tmp}/{name}.tr", "w"); dv = open(f"{tmp}/{name}.dev", "w")
    for line in open(f"{en}/{name}.jsonl", encoding="utf-8"):
        h = zlib.crc32(json.loads(line)["id"].encode()) % 5
        if h == 0: continue  # the test fifth
        (dv if h == 1 else tr).write(line)
tr = open(f"{tmp}/none.tr", "w"); dv = open(f"{tmp}/none.dev", "w")
for line in open(f"{none}/none-en.train.jsonl", encoding="utf-8"):
    src = json.loads(line)["id"].split("#")[0]
    (dv if zlib.crc32(src.encode()) % 4 == 0 else tr).write(line)
PY
grep -hv '^#' "$root/data/models/bbc-to-iptc.tsv" "$root/data/models/agnews-to-iptc.tsv" \
  "$root/data/models/none-to-iptc.tsv" > "$tmp/en.map"
"$tagger" topics train -q --train "$tmp/bbc_train.tr" --train "$tmp/agnews_train.tr" \
  --train "$tmp/none.tr" --iptc-map "$tmp/en.map" --lang en "${opts[@]}" -o "$tmp/en.bin" >/dev/null
for t in bbc_train agnews_train none; do
  "$tagger" topics eval -q --json --model "$tmp/en.bin" --iptc-map "$tmp/en.map" \
    --predictions "$tmp/$t.pred" "$tmp/$t.dev" > "$tmp/$t.json"
done
"$py" - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
out = []
# no topic at 0.25: neither the top label (unless none) nor the runner-up reaches it
notopic = lambda r: (float(r[6]) < 0.25) if r[3] == "none" else float(r[4]) < 0.25
for t, n in (("agnews_train", "AG dev"), ("bbc_train", "BBC dev")):
    j = json.load(open(f"{d}/{t}.json"))
    rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/{t}.pred", encoding="utf-8")][1:]
    # no topic at 0.25: the top label is none or below the threshold
    nt = sum(notopic(r) for r in rows)
    out.append("%s %.2f (%d, no topic %.1f%%)" % (n, 100 * j["accuracy"], j["documents"], 100 * nt / len(rows)))
rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/none.pred", encoding="utf-8")][1:]
nt = sum(notopic(r) for r in rows)
out.append("none dev without a topic %.1f%% (%d)" % (100 * nt / len(rows), len(rows)))
print(" | ".join(out))
PY

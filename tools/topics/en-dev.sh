#!/usr/bin/env bash
# The English recipe's selection split (docs/topics.md, "Round 4"): the
# training part of cross-source.sh (BBC and AG News items with
# crc32(id) % 5 != 0; the test fifth is never read here) is cut again into
# a development quarter (crc32(id) % 5 == 1) and the rest; the none
# training documents likewise by their source (crc32(source) % 4 == 0 is
# development).  A model trained on the rest with TOPICS_EN_OPTS (default
# "--stems", Round 4's recipe; "" for Round 3's; the shipped recipe since
# Round 11 is TOPICS_EN_OPTS="--stems --algorithm cnb-lr --none-weight 2"
# NONE_EXTRA=data/models/none-en-written.jsonl, and "... --bits 20" since
# Round 14) is scored on
# the development parts: accuracy on AG News and BBC, the share of
# development news left without a topic and of development none documents
# left without one, at --topic-threshold 0.25, and the ECE of the top label.
# DEV_FOLD=2, 3 or 4 takes crc32(id) % 5 == DEV_FOLD as development instead
# (and crc32(source) % 4 == DEV_FOLD - 1 of the none documents): four
# selection folds, none of them the test fifth (Round 9).  DEV_FOLD=0 is
# the test: trained on the four training fifths and every none training
# document, scored on the test fifths and none-corpus.sh's held-out none
# documents, as cross-source.sh does -- once, after the recipe is chosen.
# Round 11: NONE_EXTRA="FILE ..." are none training files trained whole at
# every fold (data/models/none-en-written.jsonl, hand-written recipes,
# reviews, letters...); every fold and the test also score the abstain
# development set, ABSTAIN_DEV (default data/splits/abstain-dev-en.jsonl,
# off-topic texts of the same kinds written apart from both the training
# file and the tests' texts): the share left without a topic at 0.25 and
# the mean and largest topic probability.
# Usage: NONE_DIR=DIR [TOPICS_EN_OPTS="..."] tools/topics/en-dev.sh [TAGGER [SHARED_DIR]]
#   KEEP_TMP=1 keeps the split, model and predictions (the folder is printed)
#   (NONE_DIR: the output of tools/topics/none-corpus.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
en=$shared/corpora/topics/en
fold=${DEV_FOLD:-1}
case $fold in [0-4]) ;; *) echo "en-dev: DEV_FOLD must be 0 to 4" >&2; exit 2 ;; esac
none=${NONE_DIR:?NONE_DIR=DIR (tools/topics/none-corpus.sh DIR)}
py=$(command -v /usr/bin/python3 || command -v python3)
read -r -a opts <<< "${TOPICS_EN_OPTS---stems}"
extra=()
for f in ${NONE_EXTRA:-}; do extra+=(--train "$f"); done
abstain=${ABSTAIN_DEV:-$root/data/splits/abstain-dev-en.jsonl}
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] && echo "$tmp" >&2 || trap 'rm -rf "$tmp"' EXIT
"$py" - "$en" "$none" "$tmp" "$fold" <<'PY'
import json, sys, zlib
en, none, tmp, fold = sys.argv[1:]
fold = int(fold)
for name in ("bbc_train", "agnews_train"):
    tr = open(f"{tmp}/{name}.tr", "w"); dv = open(f"{tmp}/{name}.dev", "w")
    for line in open(f"{en}/{name}.jsonl", encoding="utf-8"):
        h = zlib.crc32(json.loads(line)["id"].encode()) % 5
        if h == 0 and fold != 0: continue  # the test fifth
        (dv if h == fold else tr).write(line)
tr = open(f"{tmp}/none.tr", "w"); dv = open(f"{tmp}/none.dev", "w")
for line in open(f"{none}/none-en.train.jsonl", encoding="utf-8"):
    src = json.loads(line)["id"].split("#")[0]
    (dv if zlib.crc32(src.encode()) % 4 == fold - 1 else tr).write(line)
if fold == 0:
    dv.write(open(f"{none}/none-en.test.jsonl", encoding="utf-8").read())
PY
grep -hv '^#' "$root/data/models/bbc-to-iptc.tsv" "$root/data/models/agnews-to-iptc.tsv" \
  "$root/data/models/none-to-iptc.tsv" > "$tmp/en.map"
"$tagger" topics train -q --train "$tmp/bbc_train.tr" --train "$tmp/agnews_train.tr" \
  --train "$tmp/none.tr" "${extra[@]}" --iptc-map "$tmp/en.map" --lang en "${opts[@]}" \
  -o "$tmp/en.bin" >/dev/null
cp "$abstain" "$tmp/abstain.dev"
for t in bbc_train agnews_train none abstain; do
  "$tagger" topics eval -q --json --model "$tmp/en.bin" --iptc-map "$tmp/en.map" \
    --predictions "$tmp/$t.pred" "$tmp/$t.dev" > "$tmp/$t.json"
done
"$py" - "$tmp" "$fold" <<'PY'
import json, sys
d, fold = sys.argv[1], sys.argv[2]
part = "test" if fold == "0" else "dev"
out = []
# no topic at 0.25: neither the top label (unless none) nor the runner-up reaches it
notopic = lambda r: (float(r[6]) < 0.25) if r[3] == "none" else float(r[4]) < 0.25
def ece(rows):
    bins = [[] for _ in range(10)]
    for r in rows: bins[min(int(float(r[4]) * 10), 9)].append((float(r[4]), r[2] == r[3]))
    return sum(abs(sum(p for p, _ in b) - sum(ok for _, ok in b)) for b in bins) / len(rows)
for t, n in (("agnews_train", "AG " + part), ("bbc_train", "BBC " + part)):
    j = json.load(open(f"{d}/{t}.json"))
    rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/{t}.pred", encoding="utf-8")][1:]
    # no topic at 0.25: the top label is none or below the threshold
    nt = sum(notopic(r) for r in rows)
    out.append("%s %.2f (%d, no topic %.1f%%, ECE %.3f)" % (n, 100 * j["accuracy"], j["documents"],
                                                          100 * nt / len(rows), ece(rows)))
rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/none.pred", encoding="utf-8")][1:]
nt = sum(notopic(r) for r in rows)
out.append(f"none {part} without a topic %.1f%% (%d)" % (100 * nt / len(rows), len(rows)))
rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/abstain.pred", encoding="utf-8")][1:]
topp = [float(r[6]) if r[3] == "none" else float(r[4]) for r in rows]
out.append("abstain dev without a topic %.1f%% (%d, topic p mean %.3f max %.3f)" % (
    100 * sum(notopic(r) for r in rows) / len(rows), len(rows), sum(topp) / len(topp), max(topp)))
print(" | ".join(out))
PY

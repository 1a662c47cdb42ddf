#!/usr/bin/env bash
# The Persian recipe's selection runs (docs/topics.md, "Round 5"): nested
# leave-one-agency-out.  For every held-out agency G of cross-source.sh and
# every other agency V, a model trained as cross-source.sh trains (with
# TOPICS_TRAIN_OPTS, default "--min-docs 80 --balance") on the three agencies
# that are neither G nor V is scored on V: core-5 accuracy, health and
# society recall.  The score of a recipe for G is the mean over its four V,
# so G's own articles never choose the recipe that is tested on G.
# Usage: NONE_DIR=DIR [TOPICS_TRAIN_OPTS="..."] tools/topics/fa-dev.sh [TAGGER [SHARED_DIR]]
#   (NONE_DIR: the output of tools/topics/none-corpus.sh; 20 models, 2 at a time)
#   FA_CLEAN="OPTIONS": each model trains on copies of its three agencies
#   cleaned by tools/topics/fa_clean.py OPTIONS (Round 15b; measured, not shipped)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
fa=$shared/corpora/topics/fa
none=${NONE_DIR:?NONE_DIR=DIR (tools/topics/none-corpus.sh DIR)}
py=$(command -v /usr/bin/python3 || command -v python3)
opts=${TOPICS_TRAIN_OPTS:---min-docs 80 --balance}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Round 6: the none training documents are cut too, by source
# (crc32(source) % 4 == 0 is development, as en-dev.sh): models learn none
# from the rest, and the share of V's news and of the development none
# documents left without a topic at --topic-threshold 0.25 is reported
"$py" - "$none" "$tmp" <<'PY'
import json, sys, zlib
none, tmp = sys.argv[1:]
tr = open(f"{tmp}/none.tr", "w"); dv = open(f"{tmp}/none.dev", "w")
for line in open(f"{none}/none-fa.train.jsonl", encoding="utf-8"):
    src = json.loads(line)["id"].split("#")[0]
    (dv if zlib.crc32(src.encode()) % 4 == 0 else tr).write(line)
PY
cat "$root/data/models/fa-sections-to-iptc.tsv" "$root/data/models/none-to-iptc.tsv" > "$tmp/fa.map"
# Round 7: training copies with the science desks' medical articles as health
# (tools/topics/fa_medical.py; FA_MEDICAL=0 trains on the corpora as they are)
trainfa=$fa
if [ "${FA_MEDICAL:-1}" != 0 ]; then
  trainfa=$tmp/fa
  "$py" "$root/tools/topics/fa_medical.py" "$root/data/models/fa-sections-to-iptc.tsv" "$trainfa" "$fa"/*.jsonl >/dev/null
fi
declare -A agency=([ISNA]="isna_abbnaseri" [Fars]="farsnews_langml farsnews_faezeh"
  [Asriran]="ir_news_shessam" [Hamshahri]="hamshahri_hamtest hamshahri_rss"
  [RadioFarda]="radiofarda_rss")
order=(ISNA Fars Asriran Hamshahri RadioFarda)
for g in "${order[@]}"; do
  for v in "${order[@]}"; do
    [ "$g" = "$v" ] && continue
    args=""; tests=""; groups=""
    for h in "${order[@]}"; do
      gl=""
      for s in ${agency[$h]}; do
        if [ "$h" = "$v" ]; then tests+=" $fa/$s.jsonl"
        elif [ "$h" != "$g" ]; then args+=" --train $trainfa/$s.jsonl"; gl+="${gl:+,}$trainfa/$s.jsonl"; fi
      done
      [ -n "$gl" ] && groups+=" --group $gl"
    done
    echo "$g $v|$args|$tests|$groups"
  done
done > "$tmp/runs"
# the recipes (none-corpus.sh, Round 6) are a --train file of their own
recipes=""
[ -f "$none/none-fa-recipe.train.jsonl" ] && recipes="--train $none/none-fa-recipe.train.jsonl"
# and so are the written off-topic texts (Round 27: letters, reviews, forum posts...)
[ -f "$root/data/models/none-fa-written.jsonl" ] && recipes+=" --train $root/data/models/none-fa-written.jsonl"
export tagger tmp none opts recipes root py FA_CLEAN
run() {
  IFS='|' read -r name args tests groups <<< "$1"
  id=${name// /-}; trainmap=$tmp/fa.map
  if [ -n "${FA_CLEAN:-}" ]; then
    # Round 15b: the three training agencies cleaned (tools/topics/fa_clean.py)
    # shellcheck disable=SC2086
    "$py" "$root/tools/topics/fa_clean.py" --tagger "$tagger" --map "$tmp/fa.map" --out "$tmp/clean-$id" \
      --opts "$opts" --extra "$tmp/none.tr" ${recipes/--train/--extra} $FA_CLEAN $groups > /dev/null
    args=""; for f in $groups; do [ "$f" = --group ] || for c in ${f//,/ }; do
      args+=" --train $tmp/clean-$id/${c##*/}"; done; done
    trainmap=$tmp/clean-$id/map.tsv
  fi
  # shellcheck disable=SC2086
  "$tagger" topics train -q $args --train "$tmp/none.tr" $recipes --iptc-map "$trainmap" \
    --lang fa $opts -o "$tmp/$id.bin" >/dev/null 2>&1
  rm -rf "$tmp/clean-$id"
  # shellcheck disable=SC2086
  "$tagger" topics eval -q --json --model "$tmp/$id.bin" --iptc-map "$tmp/fa.map" \
    --predictions "$tmp/$id.pred" $tests > "$tmp/$id.all.json"
  "$tagger" topics eval -q --json --model "$tmp/$id.bin" --iptc-map "$tmp/fa.map" \
    --predictions "$tmp/$id.none.pred" "$tmp/none.dev" > /dev/null
  # shellcheck disable=SC2086
  "$tagger" topics eval -q --json --model "$tmp/$id.bin" --iptc-map "$tmp/fa.map" \
    --labels politics,economy,sport,arts,scitech $tests > "$tmp/$id.core.json"
  rm -f "$tmp/$id.bin"
}
export -f run
tr '\n' '\0' < "$tmp/runs" | xargs -0 -P 2 -I{} bash -c 'run "$1"' _ {}
"$py" - "$tmp" "${order[@]}" <<'PY'
import json, sys
d, order = sys.argv[1], sys.argv[2:]
def get(g, v):
    a = json.load(open(f"{d}/{g}-{v}.all.json")); c = json.load(open(f"{d}/{g}-{v}.core.json"))
    rec = lambda k: a["labels"][k]["recall"] if k in a["labels"] and a["labels"][k]["gold"] >= 30 else None
    return 100 * c["accuracy"], rec("health"), rec("society")
mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
# no topic at 0.25: the top label is none (and the runner-up under 0.25) or under 0.25
notopic = lambda r: (float(r[6]) < 0.25) if r[3] == "none" else float(r[4]) < 0.25
def rate(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")][1:]
    return 100 * sum(map(notopic, rows)) / len(rows)
kinds = {}
for l in open(f"{d}/none.dev", encoding="utf-8"):
    j = json.loads(l); kinds[j["id"]] = j["kind"]
out = []
for g in order:
    r = [get(g, v) for v in order if v != g]
    core = mean([x[0] for x in r])
    h = mean([100 * x[1] for x in r if x[1] is not None]); s = mean([100 * x[2] for x in r if x[2] is not None])
    nt = mean([rate(f"{d}/{g}-{v}.pred") for v in order if v != g])
    out.append("%s %.2f h%.1f s%.1f n%.1f" % (g, core, h, s, nt))
print(" | ".join(out))
byk = {}
for g in order:
    for v in order:
        if v == g: continue
        for l in list(open(f"{d}/{g}-{v}.none.pred", encoding="utf-8"))[1:]:
            r = l.rstrip("\n").split("\t")
            byk.setdefault(kinds[r[0]], []).append(notopic(r))
print("news without a topic: n above (mean over V); none dev without a topic: " +
      ", ".join("%s %.1f%% (%d)" % (k, 100 * sum(v) / len(v), len(v) // 20) for k, v in sorted(byk.items())))
PY

#!/usr/bin/env bash
# Cross-source accuracy of the topic classifiers (docs/topics.md, "Accuracy
# across agencies"):
#   Persian: leave one agency out -- for each of ISNA, Fars News (two
#     corpora), Asriran/Tabnak, Hamshahri (two corpora) and Radio Farda, a
#     model trained as tools/topics/build-models.sh trains topics-fa.bin but
#     on the other four agencies, tested on the one it never saw: accuracy
#     over every mapped article, over the five core topics, recall per label.
#   English: BBC and AG News split by a hash of the id (4/5 train, 1/5 test;
#     tools/topics/en-dev.sh cuts the 4/5 again to choose the recipe),
#     the recipe of topics-en.bin trained on both 4/5, tested on each 1/5.
#   Calibration: expected calibration error (10 bins of the top probability)
#     and a reliability table of the held-out predictions.
#   Abstaining: the top probability the default models give the off-topic
#     texts of tests/topics/offtopic/ (a recipe, a product review, a poem in
#     each language), against the share of held-out news that each
#     --topic-threshold would leave without a topic.
#   The none class (Round 3): every model also learns "none" from
#     tools/topics/none-corpus.sh's training documents; the held-out none
#     documents (other catalogs, files, man pages, and fortune files of kinds
#     never trained on: food, songs-poems, love, literature) are given to the
#     default models, and the share left without a topic is reported per kind.
# Usage: tools/topics/cross-source.sh [TAGGER [SHARED_DIR]]
#   NONE_DIR=DIR reuses none-corpus.sh's output there; NONE_DIR=off trains
#   without the none class (the Round 2 recipe)
#   TOPICS_TRAIN_OPTS="..." replaces the Persian training options
#   ("--min-docs 80 --balance --clusters data/models/ner-fa.bin
#   --cluster-levels 2 --source-balance 1" since Round 5; Round 4's were
#   "--min-docs 80 --balance"), TOPICS_EN_OPTS="..." the English ones
#   ("--stems --algorithm cnb-lr --none-weight 2 --bits 20" since Round 14;
#   Round 11's without --bits 20, with
#   data/models/none-en-written.jsonl as none documents too; "--stems" was
#   Round 4's, TOPICS_EN_OPTS="" is the recipe of Round 3).
#   Round 4 adds the reliability of the second label (the runner-up).
#   Round 7: the Persian models train on copies of the corpora in which the
#   science desks' medical articles are health (FA_MEDICAL=0: as they are).
#   Round 15b: FA_CLEAN="OPTIONS" trains each Persian fold on copies of the
#   training agencies cleaned by tools/topics/fa_clean.py OPTIONS (confident
#   learning; measured, not shipped).
#   Needs /usr/bin/python3 (or python3).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tagger=${1:-$root/build/tagger}
shared=${2:-$root/../shared}
fa=$shared/corpora/topics/fa
en=$shared/corpora/topics/en
map=$root/data/models/fa-sections-to-iptc.tsv
py=$(command -v /usr/bin/python3 || command -v python3)
read -r -a fa_opts <<< "${TOPICS_TRAIN_OPTS:---min-docs 80 --balance --clusters $root/data/models/ner-fa.bin --cluster-levels 2 --source-balance 1}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
none=${NONE_DIR:-$tmp/none}
fa_none=(); en_none=()
if [ "$none" != off ]; then
  [ -f "$none/none-fa.train.jsonl" ] || "$root/tools/topics/none-corpus.sh" "$none" >/dev/null
  fa_none=(--train "$none/none-fa.train.jsonl"); en_none=(--train "$none/none-en.train.jsonl"
    --train "$root/data/models/none-en-written.jsonl")
  # the recipes (Round 6) are a --train file of their own, for --source-balance
  [ -f "$none/none-fa-recipe.train.jsonl" ] && fa_none+=(--train "$none/none-fa-recipe.train.jsonl")
  # and so are the written off-topic texts (Round 27)
  [ -f "$root/data/models/none-fa-written.jsonl" ] && fa_none+=(--train "$root/data/models/none-fa-written.jsonl")
  cat "$map" "$root/data/models/none-to-iptc.tsv" > "$tmp/fa.map"; map=$tmp/fa.map
fi
# training copies: medical news of the science desks as health (Round 7,
# tools/topics/fa_medical.py; FA_MEDICAL=0 trains on the corpora as they are);
# the tests read the corpora as they are
trainfa=$fa
if [ "${FA_MEDICAL:-1}" != 0 ]; then
  trainfa=$tmp/fa
  "$py" "$root/tools/topics/fa_medical.py" "$root/data/models/fa-sections-to-iptc.tsv" "$trainfa" "$fa"/*.jsonl >/dev/null
fi
declare -A agency=([ISNA]="isna_abbnaseri" [Fars]="farsnews_langml farsnews_faezeh"
  [Asriran/Tabnak]="ir_news_shessam" [Hamshahri]="hamshahri_hamtest hamshahri_rss"
  [RadioFarda]="radiofarda_rss")
order=(ISNA Fars Asriran/Tabnak Hamshahri RadioFarda)
for g in "${order[@]}"; do
  id=${g//\//-}; args=(); tests=(); groups=()
  for h in "${order[@]}"; do
    gl=""
    for s in ${agency[$h]}; do
      if [ "$h" = "$g" ]; then tests+=("$fa/$s.jsonl"); else args+=(--train "$trainfa/$s.jsonl"); gl+="${gl:+,}$trainfa/$s.jsonl"; fi
    done
    [ -n "$gl" ] && groups+=(--group "$gl")
  done
  trainmap=$map
  if [ -n "${FA_CLEAN:-}" ]; then
    # Round 15b: the training agencies' copies cleaned (tools/topics/fa_clean.py,
    # FA_CLEAN its options, e.g. "--mode kfold --action drop"); never the held-out one
    extra=(); for ((i = 1; i < ${#fa_none[@]}; i += 2)); do extra+=(--extra "${fa_none[i]}"); done
    read -r -a clean_opts <<< "$FA_CLEAN"
    "$py" "$root/tools/topics/fa_clean.py" --tagger "$tagger" --map "$map" --out "$tmp/clean-$id" \
      --opts "${fa_opts[*]}" "${extra[@]}" "${clean_opts[@]}" "${groups[@]}" > "$tmp/clean-$id.log"
    args=(); for f in "${groups[@]}"; do [ "$f" = --group ] || for c in ${f//,/ }; do
      args+=(--train "$tmp/clean-$id/${c##*/}"); done; done
    trainmap=$tmp/clean-$id/map.tsv
  fi
  "$tagger" topics train -q "${args[@]}" "${fa_none[@]}" --iptc-map "$trainmap" --lang fa "${fa_opts[@]}" \
    -o "$tmp/$id.bin" >/dev/null 2>&1
  "$tagger" topics eval -q --json --model "$tmp/$id.bin" --iptc-map "$map" \
    --predictions "$tmp/$id.pred" "${tests[@]}" > "$tmp/$id.all.json"
  "$tagger" topics eval -q --json --model "$tmp/$id.bin" --iptc-map "$map" \
    --labels politics,economy,sport,arts,scitech "${tests[@]}" > "$tmp/$id.core.json"
  echo "$g" >> "$tmp/fa.list"
done

"$py" - "$en" "$tmp" <<'PY'
import json, sys, zlib
for name in ("bbc_train", "agnews_train"):
    tr = open(f"{sys.argv[2]}/{name}.tr", "w"); te = open(f"{sys.argv[2]}/{name}.te", "w")
    for line in open(f"{sys.argv[1]}/{name}.jsonl", encoding="utf-8"):
        (te if zlib.crc32(json.loads(line)["id"].encode()) % 5 == 0 else tr).write(line)
PY
grep -hv '^#' "$root/data/models/bbc-to-iptc.tsv" "$root/data/models/agnews-to-iptc.tsv" \
  "$root/data/models/none-to-iptc.tsv" > "$tmp/en.map"
"$tagger" topics train -q --train "$tmp/bbc_train.tr" --train "$tmp/agnews_train.tr" "${en_none[@]}" \
  --iptc-map "$tmp/en.map" --lang en ${TOPICS_EN_OPTS---stems --algorithm cnb-lr --none-weight 2 --bits 20} -o "$tmp/en.bin" >/dev/null 2>&1
for t in bbc_train agnews_train; do
  "$tagger" topics eval -q --json --model "$tmp/en.bin" --iptc-map "$tmp/en.map" \
    --predictions "$tmp/$t.pred" "$tmp/$t.te" > "$tmp/$t.all.json"
done

touch "$tmp/none.tsv"
if [ "$none" != off ]; then
  for l in fa en; do
    "$tagger" topics eval -q --json --model "$root/data/models/topics-$l.bin" --iptc-map "$tmp/en.map" \
      --predictions "$tmp/none-$l.pred" "$none/none-$l.test.jsonl" > /dev/null
    "$py" -c 'import json,sys
k={}
for l in open(sys.argv[1], encoding="utf-8"):
    d=json.loads(l); k[d["id"]]=d["kind"]+(" (kind not trained)" if d["id"].split("#")[0] in ("fortune:food.u8","fortune:songs-poems.u8","fortune:love.u8","fortune:literature.u8") else "")
for r in list(open(sys.argv[2], encoding="utf-8"))[1:]:
    r=r.split("\t"); print("%s\t%s\t%s" % (sys.argv[3], k[r[0]], r[4]))' "$none/none-$l.test.jsonl" "$tmp/none-$l.pred" "$l" >> "$tmp/none.tsv"
  done
fi
for f in "$root"/tests/topics/offtopic/*.txt; do
  printf '%s\t' "${f##*/}" >> "$tmp/off.tsv"
  "$tagger" --topics 1 --topic-threshold 0 --no-default-gazetteer --no-default-rules "$f" |
    "$py" -c 'import json,sys; t=(json.load(sys.stdin)["topics"] or [{"label": "(none class first)", "score": 0}])[0]; print("%s\t%.4f" % (t["label"], t["score"]))' >> "$tmp/off.tsv"
done

"$py" - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
def row(name, a, c=None):
    lab = a["labels"]
    rec = lambda k: ("%.1f (%d)" % (100 * lab[k]["recall"], lab[k]["gold"])) if k in lab and lab[k]["gold"] else "–"
    core = "%.2f" % (100 * c["accuracy"]) if c else "–"
    print("| %s | %d | **%s** | %.2f | %s |" % (name, a["documents"], core, 100 * a["accuracy"],
          " | ".join(rec(k) for k in ("politics", "economy", "sport", "arts", "scitech", "health", "society", "lifestyle", "environment"))))
print("| held out | articles | core-5 acc. | all acc. | politics | economy | sport | arts | scitech | health | society | lifestyle | environment |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
preds = []
for g in open(f"{d}/fa.list").read().split("\n"):
    if not g: continue
    i = g.replace("/", "-")
    row(g, json.load(open(f"{d}/{i}.all.json")), json.load(open(f"{d}/{i}.core.json")))
    preds.append((g, f"{d}/{i}.pred"))
for t, n in (("bbc_train", "BBC 1/5 (en)"), ("agnews_train", "AG News 1/5 (en)")):
    row(n, json.load(open(f"{d}/{t}.all.json")))
    preds.append((n, f"{d}/{t}.pred"))
print()
print("Calibration of the top label (10 equal-width bins of p): ECE, and per bin count / mean p / accuracy")
allp = []
for name, f in preds:
    rows = [l.rstrip("\n").split("\t") for l in open(f, encoding="utf-8")][1:]
    ps = [(float(r[4]), r[2] == r[3]) for r in rows]
    allp += [(name.endswith("(en)"), p, ok) for p, ok in ps]
    bins = [[] for _ in range(10)]
    for p, ok in ps: bins[min(int(p * 10), 9)].append((p, ok))
    ece = sum(len(b) * abs(sum(p for p, _ in b) / len(b) - sum(ok for _, ok in b) / len(b)) for b in bins if b) / len(ps)
    print("- %s: ECE %.3f, mean p %.3f, accuracy %.3f" % (name, ece, sum(p for p, _ in ps) / len(ps), sum(ok for _, ok in ps) / len(ps)))
for lang, en in (("fa (all held-out agencies)", False), ("en (both held-out fifths)", True)):
    ps = [(p, ok) for e, p, ok in allp if e == en]
    bins = [[] for _ in range(10)]
    for p, ok in ps: bins[min(int(p * 10), 9)].append((p, ok))
    print("\n%s: reliability\n\n| p bin | articles | mean p | accuracy |\n|---|---|---|---|" % lang)
    for i, b in enumerate(bins):
        if b: print("| %.1f–%.1f | %d | %.3f | %.3f |" % (i / 10, (i + 1) / 10, len(b), sum(p for p, _ in b) / len(b), sum(ok for _, ok in b) / len(b)))
# Round 4: the second label.  With one gold label per article, the runner-up
# is right exactly when the top label is wrong and the runner-up is the gold
# one: its probability p2 should match that frequency bin by bin.
sec = []
for name, f in preds:
    for r in [l.rstrip("\n").split("\t") for l in open(f, encoding="utf-8")][1:]:
        if len(r) > 6 and r[5]:
            sec.append((name.endswith("(en)"), float(r[6]), r[5] == r[2]))
for lang, en in (("fa (all held-out agencies)", False), ("en (both held-out fifths)", True)):
    ps = [(p, ok) for e, p, ok in sec if e == en]
    bins = [[] for _ in range(10)]
    for p, ok in ps: bins[min(int(p * 10), 9)].append((p, ok))
    ece = sum(len(b) * abs(sum(p for p, _ in b) / len(b) - sum(ok for _, ok in b) / len(b)) for b in bins if b) / len(ps)
    print("\n%s: reliability of the second label (ECE %.3f; runner-up right %.1f%% of %d, given at 0.25 for %d)\n\n| p2 bin | articles | mean p2 | runner-up is the gold label |\n|---|---|---|---|"
          % (lang, ece, 100 * sum(ok for _, ok in ps) / len(ps), len(ps), sum(p >= 0.25 for p, _ in ps)))
    for i, b in enumerate(bins):
        if b: print("| %.1f–%.1f | %d | %.3f | %.3f |" % (i / 10, (i + 1) / 10, len(b), sum(p for p, _ in b) / len(b), sum(ok for _, ok in b) / len(b)))
print("\nAbstaining: share of held-out news whose top probability is below the threshold (no topic), and the off-topic texts left without one")
off = [l.rstrip("\n").split("\t") for l in open(f"{d}/off.tsv", encoding="utf-8")]
print("\n| threshold | fa news without a topic | en news without a topic | off-topic texts without a topic |\n|---|---|---|---|")
fa = [p for e, p, _ in allp if not e]; en = [p for e, p, _ in allp if e]
for th in (0.25, 0.5, 0.6, 0.75, 0.9):
    print("| %.2f | %.1f%% | %.1f%% | %d of %d |" % (th, 100 * sum(p < th for p in fa) / len(fa), 100 * sum(p < th for p in en) / len(en),
          sum(float(o[2]) < th for o in off), len(off)))
nd = [l.rstrip("\n").split("\t") for l in open(f"{d}/none.tsv", encoding="utf-8")]
if nd:
    print("\nHeld-out none documents (default models) without a topic at 0.25\n\n| lang | kind | documents | without a topic |\n|---|---|---|---|")
    groups = {}
    for lang, kind, p in nd: groups.setdefault((lang, kind), []).append(float(p))
    for (lang, kind), ps in sorted(groups.items()):
        print("| %s | %s | %d | %.1f%% |" % (lang, kind, len(ps), 100 * sum(p < 0.25 for p in ps) / len(ps)))
print("\n| off-topic text | top label | p |\n|---|---|---|")
for name, lab, p in off: print("| %s | %s | %s |" % (name, lab, p))
PY

#!/usr/bin/env bash
# Side by side on the PEYMA dev split: Apache OpenNLP's name finder (Debian package
# `opennlp`, maxent, its default features) trained on the PEYMA train files, against
# tagger with its default model (PEYMA train + ParsNER train_news), with a model of
# the same recipe trained on the PEYMA train files only, and without a model.  Both are
# scored by `tagger eval` (OpenNLP's output through --predictions), PER/LOC/ORG exact
# spans, and timed on one core over the dev documents repeated REPEAT times (OpenNLP:
# JVM start and model load included, as a user runs it; tagger: the whole pipeline,
# gazetteer, rules and model, load included); each timing is the best of RUNS runs
# (default 3) since the machine may be shared.  The OpenNLP model is kept in the work
# directory (build/bench-ner) and retrained only when the split or this script changes.
# Usage: bench/bench_ner.sh [TAGGER [SHARED [REPEAT]]]   (build/tagger ../shared 5)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
tagger=${1:-$src/build/tagger}
shared=${2:-$src/../shared}
repeat=${3:-5}
runs=${RUNS:-3}
peyma=$shared/corpora/ner/fa/peyma
train=$src/data/splits/peyma-train.txt dev=$src/data/splits/peyma-dev.txt
conv=$src/bench/ner_opennlp.py
work=${BENCH_NER_DIR:-$src/build/bench-ner}
mkdir -p "$work"

if ! command -v opennlp >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; else
    echo "bench_ner: install the Debian package opennlp first" >&2; exit 1; fi
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq opennlp
fi
now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{printf "%.2f", $2 - $1}'; }
# best_of CMD...: the shortest wall time of $runs runs (stdin from $in, stdout to $out)
best_of() {
  local best=999999 t0 t
  for _ in $(seq "$runs"); do
    t0=$(now); "$@" < "$in" > "$out"; t=$(secs "$t0" "$(now)")
    best=$(echo "$t $best" | awk '{print ($1 < $2) ? $1 : $2}')
  done
  echo "$best"
}

# --- OpenNLP: train (one thread, the trainer's defaults), tag dev REPEAT times
if [ ! -s "$work/opennlp.bin" ] || [ "$train" -nt "$work/opennlp.bin" ] ||
   [ "$conv" -nt "$work/opennlp.bin" ]; then
  python3 "$conv" train "$train" "$peyma" "$work/opennlp-train.txt"
  t0=$(now)
  opennlp TokenNameFinderTrainer -lang fa -model "$work/opennlp.bin" \
    -data "$work/opennlp-train.txt" -encoding UTF-8 > "$work/opennlp-train.log" 2>&1
  echo "OpenNLP training: $(secs "$t0" "$(now)") s" > "$work/opennlp-train.time"
fi
python3 "$conv" sentences "$dev" "$peyma" "$work/dev-sentences.txt"
for _ in $(seq "$repeat"); do cat "$work/dev-sentences.txt"; done > "$work/dev-sentences-x.txt"
in=$work/dev-sentences-x.txt out=$work/opennlp-tagged-x.txt
onlp_time=$(best_of opennlp TokenNameFinder "$work/opennlp.bin" 2> "$work/opennlp-tag.log")
head -n "$(wc -l < "$work/dev-sentences.txt")" "$work/opennlp-tagged-x.txt" > "$work/opennlp-tagged.txt"
python3 "$conv" predictions "$dev" "$peyma" "$work/opennlp-tagged.txt" "$work/opennlp-pred.jsonl"

# --- tagger trained on exactly OpenNLP's data: the default model's recipe
#     (data/models/build-ner.sh) without its ParsNER training file
if [ ! -s "$work/tagger-peyma-only.bin" ] || [ "$train" -nt "$work/tagger-peyma-only.bin" ] ||
   [ "$src/data/models/ner-fa.bin" -nt "$work/tagger-peyma-only.bin" ]; then
  # shellcheck disable=SC2046
  "$tagger" gazetteer compile $(ls "$src"/gazetteers/*/*.tsv | grep -v -- '-peyma\.tsv$' |
    LC_ALL=C sort) -o "$work/gazetteer-no-peyma.bin"
  "$tagger" ner train --train-list "$train" --corpus-root "$peyma" --no-default-gazetteer \
    -g "$work/gazetteer-no-peyma.bin" --clusters "$src/data/models/ner-fa.bin" --epochs 25 \
    --bits 18 --bilou --history --dropout 0.1 --word-dropout 0.1 --runs 5 --seed 1 --lang fa \
    -q -o "$work/tagger-peyma-only.bin" 2>/dev/null
fi

# --- tagger: the same documents as JSONL, REPEAT times
python3 "$conv" texts "$dev" "$peyma" "$work/dev-texts-x.jsonl" "$repeat"
in=$work/dev-texts-x.jsonl out=/dev/null
tg_time=$(best_of "$tagger" --jsonl -j 1 -q --no-topics)
tg1_time=$(best_of "$tagger" --jsonl -j 1 -q --no-topics --ner-model "$work/tagger-peyma-only.bin")
tg0_time=$(best_of "$tagger" --jsonl -j 1 -q --no-topics --no-model)

# --- scores
tokens=$(awk 'NF' "$work/dev-sentences.txt" | wc -w)
score() { "$tagger" eval --gold-list "$dev" --corpus-root "$peyma" --labels PER,LOC,ORG --quiet "$@" \
            | awk '/^(PER|LOC|ORG|micro) / {printf "%s %s/%s/%s  ", $1, $5, $6, $7}'; }
row() { printf '%-28s %s  %8.0f tokens/s\n' "$1" "$2" "$(echo "$tokens $repeat $3" | awk '{print $1 * $2 / $3}')"; }
echo "PEYMA dev: $(grep -cv '^#' "$dev") documents, $tokens tokens; exact P/R/F1 (%); speed over $repeat copies, one core, best of $runs"
row "OpenNLP name finder" "$(score --predictions "$work/opennlp-pred.jsonl")" "$onlp_time"
row "tagger (gazetteer+rules+model)" "$(score)" "$tg_time"
row "tagger, model of PEYMA only" "$(score --ner-model "$work/tagger-peyma-only.bin")" "$tg1_time"
row "tagger --no-model" "$(score --no-model)" "$tg0_time"
cat "$work/opennlp-train.time" 2>/dev/null || true

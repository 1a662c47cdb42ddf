#!/usr/bin/env bash
# The peers benchmark of issue 23: in ONE run, on the same Persian news (the
# bench corpus of bench/make_corpus_jsonl.sh, SIZE_MB of it, default 20),
# ROUNDS rounds (default 3) in which each of these runs once, in turn:
#   this build       BUILD_DIR/tagger --jsonl -q -j 1 (the whole pipeline:
#                    gazetteer, rules, entity and topic models; load included)
#   previous release the same command with the tagger of commit PREV_COMMIT
#                    (default f1559ee, main when issue 23 was filed), built
#                    once from `git archive` in WORK/prev-COMMIT (or PREV=path)
#   pyahocorasick    the default gazetteer's 242k aliases (`tagger gazetteer
#                    export`), automaton built and pickled beforehand; timed:
#                    python start, unpickling (its load), reading the JSONL,
#                    iter() over every article's "text" (matching only)
#   fastText         `fasttext predict` of a topic model trained as
#                    bench/bench_topics.sh trains it, on every article's text
#   OpenNLP          `opennlp TokenNameFinder` with a model trained on the
#                    PEYMA train split as bench/bench_ner.sh trains it (or on
#                    its first OPENNLP_SENTENCES sentences, OPENNLP_ITERATIONS
#                    iterations: the tagging cost is the same features), on
#                    the articles' sentences, tokenized beforehand
# The tools see the same articles (the converted inputs are made untimed).
# Each time is the CPU time (user + sys) of the whole process; wall time is
# shown too, but on this shared machine it mostly measures the others' load.
# Printed: per tool the median of the rounds, MB/s of the JSONL, and the
# RATIO of this build's throughput to the tool's (> 1: this build faster),
# then the issue's targets: this build / previous release >= 2 and this
# build / pyahocorasick >= 1.3.  Installs python3-ahocorasick, fasttext,
# opennlp and GNU time with apt-get when missing (as bench_*.sh do).
# Usage: bench/peers.sh [BUILD_DIR]
# Environment: SIZE_MB (20), ROUNDS (3), PREV_COMMIT (f1559ee), PREV (a tagger
# binary to use instead of building PREV_COMMIT), WORK (BUILD_DIR/bench-peers),
# SHARED (../shared beside the repo), TOOLS (default "new prev aho fasttext opennlp"),
# OPENNLP_SENTENCES (all), OPENNLP_ITERATIONS (100).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
size_mb=${SIZE_MB:-20}
rounds=${ROUNDS:-3}
prev_commit=${PREV_COMMIT:-f1559ee}
work=${WORK:-$build/bench-peers}
tools=${TOOLS:-new prev aho fasttext opennlp}
export SHARED=${SHARED:-$(cd "$root/.." && pwd)/shared}
mkdir -p "$work"
has() { case " $tools " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
[ -x "$build/tagger" ] || { echo "peers.sh: no $build/tagger (build first)" >&2; exit 2; }

# ---- dependencies
# shellcheck disable=SC2034 # me: the name deps.sh gives in its messages
me=peers.sh
. "$here/deps.sh"
py=$(ahocorasick_python) || exit 2
missing=
has fasttext && ! command -v fasttext >/dev/null && missing="$missing fasttext"
has opennlp && ! command -v opennlp >/dev/null && missing="$missing opennlp"
[ -x /usr/bin/time ] || missing="$missing time"
[ -z "$missing" ] || apt_install $missing

# ---- the text
cache=${TMPDIR:-/tmp}/tagger-identical
mkdir -p "$cache"
news=$cache/news-$size_mb.jsonl
[ -s "$news" ] || "$here/make_corpus_jsonl.sh" "$news" "$size_mb"
bytes=$(stat -c %s "$news")

# ---- the previous release: built once from git archive
if ! has prev; then
  prev=
elif [ -n "${PREV:-}" ]; then
  prev=$PREV
else
  src=$work/prev-$prev_commit
  prev=$src/build/tagger
  if [ ! -x "$prev" ] || [ ! -s "$src/build/data/gazetteer.bin" ]; then
    echo "peers.sh: building the previous release $prev_commit in $src" >&2
    rm -rf "$src"
    mkdir -p "$src"
    git -C "$root" archive "$prev_commit" | tar -x -C "$src"
    cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$src/build" -j2 >"$work/prev-build.log" 2>&1 ||
      { echo "peers.sh: building $prev_commit failed: $work/prev-build.log" >&2; exit 2; }
  fi
fi

# ---- untimed preparation: inputs converted once, models trained once
stamp=$work/inputs-$size_mb.stamp
if [ ! -e "$stamp" ] || [ "$news" -nt "$stamp" ] || [ "$here/peers.py" -nt "$stamp" ]; then
  echo "peers.sh: preparing the inputs" >&2
  "$build/tagger" gazetteer export "$build/data/gazetteer.bin" --format csv -o "$work/export.csv"
  "$py" "$here/peers.py" aliases "$work/export.csv" "$work/aliases.txt"
  "$py" "$here/peers.py" aho-build "$work/aliases.txt" "$work/aho.pickle"
  "$py" "$here/peers.py" texts "$news" "$work/texts-$size_mb.txt"
  "$py" "$here/peers.py" sentences "$news" "$work/sentences-$size_mb.txt"
  touch "$stamp"
fi
if has fasttext && [ ! -s "$work/ft.bin" ]; then
  echo "peers.sh: training fastText (bench_topics.sh's settings)" >&2
  python3 "$here/topics_data.py" "$SHARED/corpora/topics" "$work"
  fasttext supervised -input "$work/train.ft" -output "$work/ft" -epoch 25 -lr 1.0 \
    -wordNgrams 2 -bucket 262144 -dim 50 -thread 1 -verbose 0
fi
if has opennlp && [ ! -s "$work/opennlp.bin" ]; then
  echo "peers.sh: training OpenNLP's name finder (bench_ner.sh's recipe)" >&2
  python3 "$here/ner_opennlp.py" train "$root/data/splits/peyma-train.txt" \
    "$SHARED/corpora/ner/fa/peyma" "$work/opennlp-train.txt"
  # OPENNLP_SENTENCES, OPENNLP_ITERATIONS: a smaller training run (bench_ner.sh's
  # is all sentences, 100 iterations: over an hour on a loaded 2-core machine)
  head -n "${OPENNLP_SENTENCES:-1000000000}" "$work/opennlp-train.txt" >"$work/opennlp-train-used.txt"
  printf 'Algorithm=MAXENT\nIterations=%s\nCutoff=0\n' "${OPENNLP_ITERATIONS:-100}" >"$work/opennlp.params"
  opennlp TokenNameFinderTrainer -lang fa -model "$work/opennlp.bin" -params "$work/opennlp.params" \
    -data "$work/opennlp-train-used.txt" -encoding UTF-8 >"$work/opennlp-train.log" 2>&1
fi

# ---- the rounds
run() { # TOOL: one timed run; appends "TOOL cpu wall" to $work/times
  local t=$work/time.$1 out=$work/out.$1
  case $1 in
    new) /usr/bin/time -f '%U %S %e' -o "$t" "$build/tagger" --jsonl -q -j 1 "$news" >"$out" ;;
    prev) /usr/bin/time -f '%U %S %e' -o "$t" "$prev" --jsonl -q -j 1 "$news" >"$out" ;;
    aho) /usr/bin/time -f '%U %S %e' -o "$t" "$py" "$here/peers.py" aho-match "$work/aho.pickle" "$news" >"$out" ;;
    fasttext) /usr/bin/time -f '%U %S %e' -o "$t" fasttext predict "$work/ft.bin" "$work/texts-$size_mb.txt" >"$out" ;;
    opennlp) /usr/bin/time -f '%U %S %e' -o "$t" opennlp TokenNameFinder "$work/opennlp.bin" \
      <"$work/sentences-$size_mb.txt" >"$out" 2>/dev/null ;;
  esac
  awk -v tool="$1" '{ printf "%s %.3f %.3f\n", tool, $1 + $2, $3 }' "$t" >>"$work/times"
  tail -1 "$work/times" >&2
}
: >"$work/times"
echo "peers.sh: $rounds rounds over $news ($bytes bytes, $(wc -l <"$news") articles); load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq "$rounds"); do
  echo "-- round $r" >&2
  for tool in $tools; do run "$tool"; done
done

# ---- the table
echo
echo "== peers on $((bytes / 1000000)) MB of Persian news ($(wc -l <"$news") articles), $rounds rounds alternated;" \
  "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end; previous release: ${PREV:-$prev_commit}"
awk -v bytes="$bytes" -v tools="$tools" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { cpu[$1] = cpu[$1] " " $2; wall[$1] = wall[$1] " " $3 }
  END {
    name["new"] = "this build (tagger -j 1, all stages)"
    name["prev"] = "previous release (same command)"
    name["aho"] = "pyahocorasick (matching only)"
    name["fasttext"] = "fastText predict (topics only)"
    name["opennlp"] = "OpenNLP TokenNameFinder (names only)"
    printf "%-38s | %8s | %8s | %8s | %s\n", "tool", "CPU s", "wall s", "MB/CPU s", "this build / tool"
    nt = split(tools, tl, " ")
    mine = median(cpu["new"])
    for (i = 1; i <= nt; i++) {
      k = tl[i]; c = median(cpu[k]); w = median(wall[k])
      printf "%-38s | %8.2f | %8.2f | %8.2f | %6.2fx\n", name[k], c, w, bytes / 1e6 / c, c / mine
      med[k] = c
    }
    print ""
    if ("prev" in med) printf "target: this build / previous release >= 2: %.2fx (%s)\n", med["prev"] / mine, (med["prev"] / mine >= 2 ? "met" : "MISSED")
    if ("aho" in med) printf "target: this build / pyahocorasick >= 1.3: %.2fx (%s)\n", med["aho"] / mine, (med["aho"] / mine >= 1.3 ? "met" : "MISSED")
  }' "$work/times"
echo "(CPU s: user + sys of the whole process, median of the rounds; ratio = the tool's CPU"
echo " time / this build's on the same text, so > 1 means this build is faster.  Every time"
echo " is in $work/times.)"

#!/usr/bin/env bash
# Gazetteer benchmark (issue 4): the tagger's compiled gazetteer against
# pyahocorasick on the same alias lists and the same Persian text, in one run.
#
# For each list size (10k, 100k, 1M aliases: every real name from
# $SHARED/gazetteer-sources, then synthetic Persian-like names; see
# bench/make_aliases.py) it measures
#   tagger:        `tagger gazetteer compile` time and peak memory, load time
#                  of the compiled file, matching-stage MB/s, end-to-end
#                  tagger_process MB/s and peak RSS (bench/bench_gazetteer.c);
#   pyahocorasick: automaton build time, iter() MB/s, peak RSS
#                  (bench/bench_ahocorasick.py);
# and prints one table.  The text is a prefix of CORPUS_MB (default 10) MB of
# the corpus bench/make_corpus.sh builds.  Installs python3-ahocorasick and
# GNU time with apt-get when missing (as root or with sudo).
#
# Usage: bench/gazetteer.sh [BUILD_DIR]
# Environment: SIZES (default "10000 100000 1000000"), CORPUS_MB (10),
# RUNS (5), SEED (1), SHARED (../shared beside the repo).
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
sizes=${SIZES:-10000 100000 1000000}
corpus_mb=${CORPUS_MB:-10}
runs=${RUNS:-5}
seed=${SEED:-1}
work=$build/bench-gazetteer
export SHARED=${SHARED:-$(cd "$here/../.." && pwd)/shared}

for exe in "$build/tagger" "$build/bench_gazetteer"; do
  if [ ! -x "$exe" ]; then
    echo "gazetteer.sh: $exe not found; build first (make build)" >&2
    exit 2
  fi
done

# ---- dependencies: a python3 with the ahocorasick module, and GNU time
# shellcheck disable=SC2034 # me: the name deps.sh gives in its messages
me=gazetteer.sh
. "$here/deps.sh"
py=$(ahocorasick_python) || exit 2
[ -x /usr/bin/time ] || apt_install time

# ---- the text: a prefix of the benchmark corpus, cut at a line end
mkdir -p "$work"
full=$build/bench-fa.txt
[ -s "$full" ] || "$here/make_corpus.sh" "$full" 20
corpus=$work/corpus-${corpus_mb}mb.txt
if [ ! -s "$corpus" ] || [ "$full" -nt "$corpus" ]; then
  head -c "$((corpus_mb * 1000000))" "$full" | sed '$d' > "$corpus"
fi

# ---- one row per list size
row() { # FILE KEY: the value of KEY= on the RESULT line of FILE
  sed -n 's/^RESULT .*\<'"$2"'=\([^ ]*\).*/\1/p' "$1"
}
table=$work/table.txt
details=$work/details.txt
: > "$table"
: > "$details"
for n in $sizes; do
  list=$work/aliases-$n
  if [ ! -s "$list.tsv" ] || [ "$here/make_aliases.py" -nt "$list.tsv" ]; then
    python3 "$here/make_aliases.py" "$list.tsv" "$n" --seed "$seed" --plain "$list.txt"
  fi
  echo "== $n aliases: compile" >&2
  /usr/bin/time -f '%e %M' -o "$list.time" \
    "$build/tagger" gazetteer compile "$list.tsv" -o "$list.bin"
  read -r compile_s compile_kb < "$list.time"
  echo "== $n aliases: tagger (log: $list.tagger.log)" >&2
  "$build/bench_gazetteer" "$list.bin" "$corpus" "$runs" > "$list.tagger.log"
  echo "== $n aliases: pyahocorasick (log: $list.aho.log)" >&2
  "$py" "$here/bench_ahocorasick.py" "$list.txt" "$corpus" "$runs" > "$list.aho.log"

  t=$list.tagger.log a=$list.aho.log
  ratio=$(awk -v x="$(row "$t" match_mbps)" -v y="$(row "$a" match_mbps)" \
    'BEGIN { printf "%.2f", x / y }')
  printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$n" "$compile_s" "$(row "$t" load_ms)" \
    "$(row "$t" match_mbps)" "$(row "$t" e2e_mbps)" "$(row "$t" peak_mb)" \
    "$(row "$a" build_s)" "$(row "$a" match_mbps)" "$(row "$a" peak_mb)" "$ratio" >> "$table"
  printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$n" "$((compile_kb / 1024))" \
    "$(row "$t" file_mb)" "$(row "$t" public_load_ms)" "$(row "$t" entities)" \
    "$(row "$t" candidates)" "$(row "$a" matches)" "$(row "$a" pickle_load_ms)" \
    "$(row "$a" base_mb)" >> "$details"
done

# ---- the table
echo
echo "== gazetteer: tagger vs pyahocorasick ($(uname -m), $(nproc) cores;" \
  "text: $(wc -c < "$corpus") bytes, $(wc -l < "$corpus") documents; median of $runs runs)"
awk -F'|' '
  BEGIN { printf "%9s | %9s | %10s | %9s | %9s | %8s | %9s | %9s | %8s | %6s\n",
            "aliases", "tg comp s", "tg load ms", "tg match", "tg e2e", "tg peak",
            "aho build", "aho match", "aho peak", "ratio"
          printf "%9s | %9s | %10s | %9s | %9s | %8s | %9s | %9s | %8s | %6s\n",
            "", "", "", "MB/s", "MB/s", "MB", "s", "MB/s", "MB", "" }
  { printf "%9s | %9.2f | %10.2f | %9.1f | %9.1f | %8.1f | %9.2f | %9.1f | %8.1f | %5.2fx\n",
           $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$table"
echo
awk -F'|' '
  BEGIN { printf "%9s | %10s | %9s | %11s | %10s | %10s | %11s | %12s | %9s\n",
            "aliases", "comp peak", "file MB", "public load", "tg ents", "tg cands",
            "aho matches", "aho unpickle", "aho base"
          printf "%9s | %10s | %9s | %11s | %10s | %10s | %11s | %12s | %9s\n",
            "", "MB", "", "ms", "", "", "", "ms", "MB" }
  { printf "%9s | %10s | %9.1f | %11.2f | %10s | %10s | %11s | %12.1f | %9.1f\n",
           $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$details"
cat <<'EOF'

tg load: tg_gazetteer_open of the compiled file as a tagger loads it (mmap,
  header checks), page cache warm, median of 9.  public load:
  tagger_gazetteer_open, which also builds a normalizer and verifies the
  checksum of the whole file (validate, stats, export).
tg match: tg_gazetteer_match + tg_gazetteer_resolve over text normalized and
  tokenized beforehand; tg e2e: tagger_process(TAGGER_STAGE_ALL), including
  validation, normalization and ICU tokenization.  MB/s of input UTF-8 bytes.
tg peak: peak RSS after the end-to-end runs (corpus buffer and the mapped
  gazetteer pages included); comp peak: of `tagger gazetteer compile`.
aho: pyahocorasick Automaton, add_word + make_automaton; iter() over each
  document, counting every raw substring hit (overlapping, inside words, no
  normalization); peak RSS includes the interpreter, the alias list and the
  corpus as Python strings (aho base: RSS before the build).
ratio: tg match MB/s / aho match MB/s.
EOF
awk -F'|' -v top="$(echo "$sizes" | tr ' ' '\n' | sort -n | tail -1)" '
  $1 == top { load = $3; ratio = $10 }
  { if (min == "" || $10 + 0 < min) min = $10 + 0 }
  END {
    printf "targets: load <= 20 ms at %s aliases: %s (%.2f ms); ", top,
           (load <= 20 ? "met" : "MISSED"), load
    printf "match >= 3x pyahocorasick: %s (lowest ratio %.2fx)\n",
           (min >= 3 ? "met" : "MISSED"), min
  }' "$table"

#!/usr/bin/env bash
# Speed of two tagger binaries in the same run, alternating A B A B ... so
# that the noise of a shared machine falls on both alike: bulk tagging of
# SIZE_MB (default 20) of Persian news (bench/make_corpus_jsonl.sh) with
# -j 1, RUNS times each (default 5); prints every time and the medians, of
# wall time and of CPU time (user + sys: on a shared machine the steadier).
# Usage: bench/compare.sh A/tagger B/tagger [RUNS] [SIZE_MB]
# Environment: JOBS (-j, default 1); GAP (seconds idle before each run,
# default 0: the kernel may have handed memory freed that long ago back to
# the host, and a run then pays for fresh pages, docs/performance.md,
# "Fresh memory on this VM").
set -eu
a=${1:?usage: compare.sh A/tagger B/tagger [RUNS] [SIZE_MB]}
b=${2:?usage: compare.sh A/tagger B/tagger [RUNS] [SIZE_MB]}
runs=${3:-5}
size_mb=${4:-20}
jobs=${JOBS:-1}
gap=${GAP:-0}
here=$(cd "$(dirname "$0")" && pwd)
cache=${TMPDIR:-/tmp}/tagger-identical
mkdir -p "$cache"
news=$cache/news-$size_mb.jsonl
[ -s "$news" ] || "$here/make_corpus_jsonl.sh" "$news" "$size_mb"
cpu=$(mktemp)
trap 'rm -f "$cpu"' EXIT
seconds() { # TAGGER: wall seconds of one bulk run; its CPU seconds in $cpu
  local t0 t1
  sleep "$gap"
  t0=$(date +%s.%N)
  /usr/bin/time -o "$cpu" -f '%U + %S' "$1" --jsonl -q -j "$jobs" "$news" > /dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ta=() tb=() ca=() cb=()
for i in $(seq "$runs"); do
  ta+=("$(seconds "$a")")
  ca+=("$(bc -l < "$cpu")")
  tb+=("$(seconds "$b")")
  cb+=("$(bc -l < "$cpu")")
  printf 'run %d: A %.3f s (CPU %.2f s)  B %.3f s (CPU %.2f s)\n' "$i" "${ta[-1]}" "${ca[-1]}" \
    "${tb[-1]}" "${cb[-1]}"
done
ma=$(printf '%s\n' "${ta[@]}" | median)
mb=$(printf '%s\n' "${tb[@]}" | median)
mbytes=$(stat -c %s "$news")
printf 'median: A %.3f s (%.2f MB/s)  B %.3f s (%.2f MB/s)  B/A %.3f\n' \
  "$ma" "$(echo "$mbytes / 1000000 / $ma" | bc -l)" "$mb" "$(echo "$mbytes / 1000000 / $mb" | bc -l)" \
  "$(echo "$mb / $ma" | bc -l)"
ca_m=$(printf '%s\n' "${ca[@]}" | median)
cb_m=$(printf '%s\n' "${cb[@]}" | median)
printf 'median CPU: A %.3f s (%.2f MB/s)  B %.3f s (%.2f MB/s)  B/A %.3f\n' \
  "$ca_m" "$(echo "$mbytes / 1000000 / $ca_m" | bc -l)" "$cb_m" \
  "$(echo "$mbytes / 1000000 / $cb_m" | bc -l)" "$(echo "$cb_m / $ca_m" | bc -l)"

#!/usr/bin/env bash
# -j 2 against -j 1, and peak memory: `tagger --jsonl -q -j N` over SIZE_MB
# (default 20) of Persian news (bench/make_corpus_jsonl.sh), -j 1 and -j 2
# alternated ROUNDS times (default 5); prints each run's wall-clock and CPU
# seconds (wall to the millisecond by bash's EPOCHREALTIME, CPU and peak
# RSS by /usr/bin/time), then the medians and the wall-clock
# ratio j1/j2 (the speed-up).  On a shared machine set BENCH_WAIT_IDLE=1:
# each run then waits (up to 5 minutes) until the CPUs have been 90% idle
# for 2 seconds, and the load average at its start is printed.  Where
# bench_host_scaling is built beside the tagger, its figures follow: what
# a second thread gains on this host for register-only work and for random
# reads of a 26 MB shared table (the ceiling the ratio is read against).
# Usage: [BENCH_WAIT_IDLE=1] bench/scaling.sh [TAGGER] [ROUNDS] [SIZE_MB] [EXTRA OPTIONS...]
set -eu
tagger=${1:-build/tagger}
rounds=${2:-5}
size_mb=${3:-20}
shift $(($# < 3 ? $# : 3))
here=$(cd "$(dirname "$0")" && pwd)
cache=${TMPDIR:-/tmp}/tagger-identical
mkdir -p "$cache"
news=$cache/news-$size_mb.jsonl
[ -s "$news" ] || "$here/make_corpus_jsonl.sh" "$news" "$size_mb"
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT

idle() { # waits until the CPUs were 90% idle for 2 s (5 minutes at most)
  local end=$((SECONDS + 300)) a b
  while [ $SECONDS -lt $end ]; do
    read -r -a a < /proc/stat; sleep 2; read -r -a b < /proc/stat
    local tot=0 i
    for i in 1 2 3 4 5 6 7 8; do tot=$((tot + b[i] - a[i])); done
    [ $(((b[4] - a[4]) * 10)) -ge $((tot * 9)) ] && return
  done
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
declare -A wall cpu rss
for r in $(seq "$rounds"); do
  for j in 1 2; do
    [ -n "${BENCH_WAIT_IDLE:-}" ] && idle
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%U %S %M' -o "$tmp" "$tagger" --jsonl -q -j "$j" "$@" "$news" > /dev/null
    t1=$EPOCHREALTIME
    read -r u s m < "$tmp"
    w=$(echo "${t1/,/.} - ${t0/,/.}" | bc -l)
    c=$(echo "$u + $s" | bc -l)
    wall[$j]+="$w " cpu[$j]+="$c " rss[$j]+="$m "
    printf 'round %d  -j %d  wall %6.3f s  cpu %6.2f s  peak %6.1f MB  (load %s)\n' \
      "$r" "$j" "$w" "$c" "$(echo "$m / 1024" | bc -l)" "$load"
  done
done
for j in 1 2; do
  printf 'median -j %d: wall %.3f s  cpu %.2f s  peak %.1f MB\n' "$j" \
    "$(echo ${wall[$j]} | tr ' ' '\n' | median)" "$(echo ${cpu[$j]} | tr ' ' '\n' | median)" \
    "$(echo "$(echo ${rss[$j]} | tr ' ' '\n' | median) / 1024" | bc -l)"
done
w1=$(echo ${wall[1]} | tr ' ' '\n' | median)
w2=$(echo ${wall[2]} | tr ' ' '\n' | median)
printf 'speed-up -j 2 / -j 1 (median wall clock): %.2fx\n' "$(echo "$w1 / $w2" | bc -l)"
host=$(dirname "$tagger")/bench_host_scaling
if [ -x "$host" ]; then
  [ -n "${BENCH_WAIT_IDLE:-}" ] && idle
  echo "this host, without the tagger (bench_host_scaling $rounds):"
  "$host" "$rounds"
fi

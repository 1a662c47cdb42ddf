#!/usr/bin/env bash
# CPU time of a tagger start (`tagger < /dev/null`: load everything, tag
# nothing) for each binary given, alternated ROUNDS times (default 3) so that
# the noise of a shared machine falls on all alike; each figure is
# `perf stat -e task-clock -r 10`.  Wall-clock time is printed too but on a
# loaded machine it measures the queue, not the tagger.  A binary may be
# followed by options or prefixed with environment settings:
# 'build/tagger --read-data', 'TAGGER_MAP_DATA=0 build/tagger'.
# Usage: bench/startup.sh [-n ROUNDS] 'A' 'B' ...
set -eu
rounds=3
if [ "${1:-}" = -n ]; then rounds=$2; shift 2; fi
[ $# -ge 1 ] || { echo "usage: startup.sh [-n ROUNDS] TAGGER..." >&2; exit 2; }
command -v perf > /dev/null || { echo "startup.sh: perf not found" >&2; exit 2; }
for r in $(seq "$rounds"); do
  for b in "$@"; do
    # shellcheck disable=SC2086 # the word splitting of 'VAR=x binary' is wanted
    env $b < /dev/null > /dev/null 2>&1 || true # warm the page cache
    # shellcheck disable=SC2086
    printf 'round %d  %-45s %s\n' "$r" "$b" "$(perf stat -e task-clock -r 10 env $b < /dev/null 2>&1 > /dev/null |
      awk '/task-clock/ {c=$1} /elapsed/ {w=$1*1000} END {printf "cpu %6.1f ms  wall %6.1f ms", c, w}')"
  done
done

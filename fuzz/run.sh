#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, JOBS at a time,
# and prints how many inputs each executed.  Corpora grow in
# BUILD/fuzz-corpus/NAME (kept between runs, never committed); the seeds in
# fuzz/seeds/NAME and BUILD/fuzz-seeds/NAME are read, not written.  A crash,
# leak or timeout leaves its input in BUILD/fuzz-artifacts/NAME/ and makes
# the run fail: fix the bug, then keep the input in fuzz/regressions/NAME/,
# which ctest replays.
# Usage: fuzz/run.sh BUILD SECONDS [JOBS] [NAME...]
set -u
build=$1 secs=$2 jobs=${3:-2}
shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")" && pwd)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(tag jsonl gazetteer_tsv gazetteer_bin rules topic_model ner_model)

run_one() {
  local name=$1 corpus=$build/fuzz-corpus/$1 art=$build/fuzz-artifacts/$1/ log=$build/fuzz-logs/$1.log
  mkdir -p "$corpus" "$art" "$(dirname "$log")"
  local seeds=()
  for d in "$here/seeds/$name" "$here/regressions/$name" "$build/fuzz-seeds/$name"; do
    [ -d "$d" ] && seeds+=("$d")
  done
  ASAN_OPTIONS=detect_leaks=1 "$build/fuzz_$name" "$corpus" "${seeds[@]}" \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art" >"$log" 2>&1
  local rc=$?
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  local files
  files=$(find "$corpus" -type f | wc -l)
  {
  if [ $rc = 0 ]; then
    printf '%-14s %6s s %12s execs %10s /s %7s corpus files  ok\n' "$name" "$secs" \
      "${execs:-?}" "$(( ${execs:-0} / (secs > 0 ? secs : 1) ))" "$files"
  else
    printf '%-14s FAILED (exit %s) after %s execs: see %s and %s\n' "$name" "$rc" "${execs:-?}" \
      "$log" "$art"
    grep -m3 -E "ERROR|SUMMARY|property failed|Test unit written" "$log" | sed 's/^/    /'
  fi
  } > "$build/fuzz-logs/$name.result"
  return $rc
}

echo "fuzzing ${#names[@]} targets for $secs s each, $jobs at a time ($(nproc) cores)"
fail=0 pids=()
for name in "${names[@]}"; do
  [ -x "$build/fuzz_$name" ] || { echo "fuzz: $build/fuzz_$name not built" >&2; exit 2; }
  run_one "$name" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || fail=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done
for name in "${names[@]}"; do cat "$build/fuzz-logs/$name.result"; done
exit $fail

#!/usr/bin/env bash
# Bulk runs that are stopped midway: SIGTERM or SIGINT leaves only whole
# records, a prefix of the full output, says how many, and `--skip N`
# continues so that the pieces put together equal an uninterrupted run; a
# stop is prompt even while the input is silent.  The interrupted runs read
# a FIFO that goes silent after a part of the corpus, so a fast machine (or
# a slow test) cannot end a run before the signal lands.
# Usage: bulk_fault.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
fix=$src/tests/bulk
. "$(dirname "$0")/lib.sh"
opts=(--no-default-gazetteer --no-default-rules --no-topics -g "$fix/places.tsv")

python3 "$fix/make_news.py" 1000 "$tmp/news.jsonl"
"$tagger" "${opts[@]}" --jsonl -q -j 2 "$tmp/news.jsonl" > "$tmp/full.jsonl"
expect "full run exit" 0 $?

# hold FIFO FILE N: feeds the first N lines of FILE into FIFO, then holds it
# open, silent, until `release`.  The feeder ignores SIGPIPE, so a reader that
# dies only makes its writes fail.  A feeder may still be blocked when the
# tagger is gone (opening a FIFO that no reader opened, or writing to a full
# one): release opens the FIFO read-write, which never blocks and lets such
# an open through, and drains it from that descriptor until the feeder has
# gone; the drain then ends with the descriptor.  `timeout` bounds the
# feeder's writing and its wait, so a slip fails the test instead of hanging.
hold() {
  rm -f "$tmp/go" "$1"; mkfifo "$1"; fifo=$1
  ( trap '' PIPE
    exec 3>"$1"
    timeout 120 head -n "$3" "$2" >&3
    for _ in $(seq 6000); do [ -e "$tmp/go" ] && break; sleep 0.02; done ) 2>/dev/null &
  feeder=$!
}
release() {
  exec 4<>"$fifo"
  cat <&4 > /dev/null &
  local drain=$!
  touch "$tmp/go"
  wait "$feeder" 2>/dev/null
  signal_job TERM "$drain" 2>/dev/null; wait "$drain" 2>/dev/null
  exec 4<&-
}
# waits until FILE has at least N lines (default 1), 60 s at most by the
# clock (a count of tries would stretch on a loaded machine); a wait that
# ends empty-handed says so in the log, so that the failures after it have
# their cause.  (A missing FILE has none: callers remove the last run's
# output first, or a stale file could end the wait before the tagger even
# opened its own.)
wait_lines() {
  local end=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$end" ]; do
    [ -e "$1" ] && [ "$(wc -l < "$1")" -ge "${2:-1}" ] && return 0; sleep 0.01
  done
  echo "wait_lines: $1 has $( [ -e "$1" ] && wc -l < "$1" || echo no) lines after 60 s, want ${2:-1}"
  return 1
}
lines() { wc -l < "$1"; }
# running PID: whether PID is one of this shell's background jobs and has
# not ended.  Asked of bash's job table, never of the PID itself: a PID
# whose process has ended and been reaped is handed out again (pid_max is
# 32768 here and a loaded machine wraps it in seconds), and a signal or
# `kill -0` sent to it would reach a stranger — another test's process.
running() {
  local p
  for p in $(jobs -pr); do [ "$p" = "$1" ] && return 0; done
  return 1
}
# signal_job SIGNAL PID: sends SIGNAL to PID if it is still a running job
signal_job() { running "$2" && kill -s "$1" "$2"; }
# stop_or_kill PID: waits for a signalled tagger and returns its status; one
# that has not gone within 60 s (by the clock) is killed (status 137) and
# the log says so, so a signal that did not land fails the test instead of
# hanging it
stop_or_kill() {
  local end=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$end" ] && running "$1"; do sleep 0.05; done
  signal_job KILL "$1" && echo "stop_or_kill: $1 still running after 60 s, killed"
  wait "$1" 2>/dev/null
}

# interrupt SIGNAL NAME: stop a run midway, check what it left, resume it
interrupt() {
  local sig=$1 name=$2 rc n pid
  hold "$tmp/fifo" "$tmp/news.jsonl" 300
  rm -f "$tmp/part.jsonl"
  # a script's background jobs start with SIGINT ignored (and the tagger
  # keeps an ignored signal ignored, as nohup wants): env gives the default
  env --default-signal=INT "$tagger" "${opts[@]}" --jsonl -q -j 2 < "$tmp/fifo" \
    > "$tmp/part.jsonl" 2> "$tmp/err" &
  pid=$!
  wait_lines "$tmp/part.jsonl"
  signal_job "$sig" $pid
  stop_or_kill $pid; rc=$?
  release
  expect "$name: dies of the signal" $((128 + $(kill -l "$sig"))) $rc
  n=$(lines "$tmp/part.jsonl")
  [ "$n" -gt 0 ] && [ "$n" -le 300 ] && ok || bad "$name: $n records is not midway"
  [ "$(tail -c1 "$tmp/part.jsonl" | od -An -tx1 | tr -d ' ')" = 0a ] && ok || bad "$name: output ends inside a line"
  expect "$name: a prefix of the full output" "$(head -n "$n" "$tmp/full.jsonl" | md5sum)" "$(md5sum < "$tmp/part.jsonl")"
  grep -q "^tagger: interrupted by $name: $n whole records written; resume with --skip $n\$" "$tmp/err" \
    && ok || bad "$name: message: $(cat "$tmp/err")"
  "$tagger" "${opts[@]}" --jsonl -q -j 2 --skip "$n" "$tmp/news.jsonl" >> "$tmp/part.jsonl"
  expect "$name: resumed exit" 0 $?
  cmp -s "$tmp/part.jsonl" "$tmp/full.jsonl" && ok || bad "$name: resumed output differs from the full run"
}
interrupt TERM SIGTERM
interrupt INT SIGINT

# two interruptions in a row, then the rest: the pieces make the full output
hold "$tmp/fifo" "$tmp/news.jsonl" 200
rm -f "$tmp/part.jsonl"
"$tagger" "${opts[@]}" --jsonl -q -j 3 < "$tmp/fifo" > "$tmp/part.jsonl" 2>/dev/null &
pid=$!
wait_lines "$tmp/part.jsonl"; signal_job TERM $pid; stop_or_kill $pid; release
n1=$(lines "$tmp/part.jsonl")
hold "$tmp/fifo" "$tmp/news.jsonl" $((n1 + 200))
"$tagger" "${opts[@]}" --jsonl -q -j 1 --skip "$n1" < "$tmp/fifo" >> "$tmp/part.jsonl" 2>/dev/null &
pid=$!
wait_lines "$tmp/part.jsonl" $((n1 + 1)); signal_job TERM $pid; stop_or_kill $pid; release
n2=$(lines "$tmp/part.jsonl")
[ "$n2" -gt "$n1" ] && [ "$n2" -le $((n1 + 200)) ] && ok || bad "two interruptions: $n1 then $n2 records"
"$tagger" "${opts[@]}" --jsonl -q --skip "$n2" < "$tmp/news.jsonl" >> "$tmp/part.jsonl"
cmp -s "$tmp/part.jsonl" "$tmp/full.jsonl" && ok || bad "two interruptions: output differs ($n1, $n2)"

# a stop is prompt while the reader waits on a silent stdin
hold "$tmp/fifo" "$tmp/news.jsonl" 5
rm -f "$tmp/part.jsonl"
"$tagger" "${opts[@]}" --jsonl -q < "$tmp/fifo" > "$tmp/part.jsonl" 2>"$tmp/err" &
pid=$!
wait_lines "$tmp/part.jsonl" 5
start=$(date +%s)
signal_job TERM $pid; stop_or_kill $pid; rc=$?
release
expect "silent stdin: dies of SIGTERM" 143 $rc
[ $(( $(date +%s) - start )) -lt 10 ] && ok || bad "silent stdin: the stop took too long"
expect "silent stdin: the 5 records before the silence" 5 "$(lines "$tmp/part.jsonl")"
grep -q "interrupted by SIGTERM: 5 whole records written; resume with --skip 5" "$tmp/err" && ok || bad "silent stdin message: $(cat "$tmp/err")"

# files: -r over a directory, then a FIFO operand (silent in the stopped run)
mkdir -p "$tmp/dir"
python3 - "$tmp/news.jsonl" "$tmp/dir" <<'PY'
import json, os, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    if i >= 300: break
    d = json.loads(line)
    with open(os.path.join(sys.argv[2], d["id"] + ".txt"), "w", encoding="utf-8") as f:
        f.write(d["text"])
PY
printf 'Lavrov in Malta\n' > "$tmp/last.txt"
rm -f "$tmp/docfifo"; mkfifo "$tmp/docfifo"
timeout 120 cat "$tmp/last.txt" > "$tmp/docfifo" &
"$tagger" "${opts[@]}" -q -j 2 -r "$tmp/dir" "$tmp/docfifo" > "$tmp/dfull.jsonl"
expect "-r reference exit" 0 $?
wait $!
expect "-r reference records" 301 "$(lines "$tmp/dfull.jsonl")"
hold "$tmp/docfifo" "$tmp/last.txt" 0
rm -f "$tmp/dpart.jsonl"
"$tagger" "${opts[@]}" -q -j 2 -r "$tmp/dir" "$tmp/docfifo" > "$tmp/dpart.jsonl" 2>/dev/null &
pid=$!
wait_lines "$tmp/dpart.jsonl"; signal_job TERM $pid; stop_or_kill $pid; rc=$?
release
expect "-r: dies of SIGTERM" 143 $rc
n=$(lines "$tmp/dpart.jsonl")
[ "$n" -le 300 ] && ok || bad "-r: $n records is not midway"
rm -f "$tmp/docfifo"; mkfifo "$tmp/docfifo"
timeout 120 cat "$tmp/last.txt" > "$tmp/docfifo" &
"$tagger" "${opts[@]}" -q -j 2 --skip "$n" -r "$tmp/dir" "$tmp/docfifo" >> "$tmp/dpart.jsonl"
wait $!
cmp -s "$tmp/dpart.jsonl" "$tmp/dfull.jsonl" && ok || bad "-r: resumed output differs ($n)"

finish

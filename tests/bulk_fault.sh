#!/usr/bin/env bash
# Bulk runs that are stopped midway: SIGTERM or SIGINT leaves only whole
# records, a prefix of the full output, says how many, and `--skip N`
# continues so that the pieces put together equal an uninterrupted run; a
# stop is prompt even while stdin is silent.  Usage: bulk_fault.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
fix=$src/tests/bulk
. "$(dirname "$0")/lib.sh"
opts=(--no-default-gazetteer --no-default-rules --no-topics -g "$fix/places.tsv")

python3 "$fix/make_news.py" 1000 "$tmp/news.jsonl"
"$tagger" "${opts[@]}" --jsonl -q -j 2 "$tmp/news.jsonl" > "$tmp/full.jsonl"
expect "full run exit" 0 $?

# waits until FILE has at least one line (the writer's first batch)
wait_lines() { for _ in $(seq 2000); do [ -s "$1" ] && grep -q . "$1" && return 0; sleep 0.01; done; return 1; }

# interrupt SIGNAL NAME: stop a run midway, check what it left, resume it
interrupt() {
  local sig=$1 name=$2 rc n
  : > "$tmp/part.jsonl"
  "$tagger" "${opts[@]}" --jsonl -q -j 2 "$tmp/news.jsonl" > "$tmp/part.jsonl" 2> "$tmp/err" &
  local pid=$!
  wait_lines "$tmp/part.jsonl"
  kill -s "$sig" $pid
  wait $pid 2>/dev/null; rc=$?
  expect "$name: dies of the signal" $((128 + $(kill -l "$sig"))) $rc
  n=$(wc -l < "$tmp/part.jsonl")
  [ "$n" -gt 0 ] && [ "$n" -lt 1000 ] && ok || bad "$name: $n records is not midway"
  [ "$(tail -c1 "$tmp/part.jsonl" | od -An -tx1 | tr -d ' ')" = 0a ] && ok || bad "$name: output ends inside a line"
  expect "$name: a prefix of the full output" "$(head -n "$n" "$tmp/full.jsonl" | md5sum)" "$(md5sum < "$tmp/part.jsonl")"
  grep -q "^tagger: interrupted by $name: $n whole records written; resume with --skip $n\$" "$tmp/err" \
    && ok || bad "$name: message: $(cat "$tmp/err")"
  "$tagger" "${opts[@]}" --jsonl -q -j 2 --skip "$n" "$tmp/news.jsonl" >> "$tmp/part.jsonl"
  expect "$name: resumed exit" 0 $?
  cmp -s "$tmp/part.jsonl" "$tmp/full.jsonl" && ok || bad "$name: resumed output differs from the full run"
}
interrupt TERM SIGTERM
# a script's background jobs ignore SIGINT (and the tagger keeps an ignored
# signal ignored, like nohup wants): job control gives them the default
set -m
interrupt INT SIGINT
set +m

# a second interruption of the resumed run, reading a pipe this time
: > "$tmp/part.jsonl"
cat "$tmp/news.jsonl" | "$tagger" "${opts[@]}" --jsonl -q -j 3 > "$tmp/part.jsonl" 2>/dev/null &
pid=$!
wait_lines "$tmp/part.jsonl"; kill -TERM $pid 2>/dev/null; wait $pid
n1=$(wc -l < "$tmp/part.jsonl")
"$tagger" "${opts[@]}" --jsonl -q -j 1 --skip "$n1" "$tmp/news.jsonl" >> "$tmp/part.jsonl" 2>/dev/null &
pid=$!
for _ in $(seq 2000); do [ "$(wc -l < "$tmp/part.jsonl")" -gt "$n1" ] && break; sleep 0.01; done
kill -TERM $pid 2>/dev/null; wait $pid
n2=$(wc -l < "$tmp/part.jsonl")
"$tagger" "${opts[@]}" --jsonl -q --skip "$n2" < "$tmp/news.jsonl" >> "$tmp/part.jsonl"
cmp -s "$tmp/part.jsonl" "$tmp/full.jsonl" && ok || bad "two interruptions: output differs ($n1, $n2)"

# a stop is prompt while the reader waits on a silent stdin
mkfifo "$tmp/fifo"
(head -n 5 "$tmp/news.jsonl"; exec sleep 30) > "$tmp/fifo" &
feeder=$!
"$tagger" "${opts[@]}" --jsonl -q < "$tmp/fifo" > "$tmp/part.jsonl" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1000); do [ "$(wc -l < "$tmp/part.jsonl")" -ge 5 ] && break; sleep 0.01; done
start=$(date +%s)
kill -TERM $pid; wait $pid; rc=$?
expect "silent stdin: dies of SIGTERM" 143 $rc
[ $(( $(date +%s) - start )) -lt 10 ] && ok || bad "silent stdin: the stop took too long"
expect "silent stdin: the 5 records before the silence" 5 "$(wc -l < "$tmp/part.jsonl")"
grep -q "interrupted by SIGTERM: 5 whole records written; resume with --skip 5" "$tmp/err" && ok || bad "silent stdin message: $(cat "$tmp/err")"
kill $feeder 2>/dev/null; wait $feeder 2>/dev/null

# files: the same for -r over a directory
mkdir -p "$tmp/dir"
python3 - "$tmp/news.jsonl" "$tmp/dir" <<'PY'
import json, os, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    if i >= 600: break
    d = json.loads(line)
    with open(os.path.join(sys.argv[2], d["id"] + ".txt"), "w", encoding="utf-8") as f:
        f.write(d["text"])
PY
"$tagger" "${opts[@]}" -q -j 2 -r "$tmp/dir" > "$tmp/dfull.jsonl"
"$tagger" "${opts[@]}" -q -j 2 -r "$tmp/dir" > "$tmp/dpart.jsonl" 2>/dev/null &
pid=$!
wait_lines "$tmp/dpart.jsonl"; kill -TERM $pid; wait $pid
expect "-r: dies of SIGTERM" 143 $?
n=$(wc -l < "$tmp/dpart.jsonl")
"$tagger" "${opts[@]}" -q -j 2 --skip "$n" -r "$tmp/dir" >> "$tmp/dpart.jsonl"
cmp -s "$tmp/dpart.jsonl" "$tmp/dfull.jsonl" && ok || bad "-r: resumed output differs ($n)"

finish

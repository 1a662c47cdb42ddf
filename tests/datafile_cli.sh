#!/usr/bin/env bash
# Data files that are not what a loader expects: a FIFO (which once hung
# every loader in open() for ever), a directory or a device given as a
# gazetteer, rule file, rule list file, model or word cluster file is
# refused at once with "not a regular file" and exit 3; a FIFO-hang turns
# into a failure here through `timeout`.  A line too long for memory is an
# error naming the file and line.  Usage: datafile_cli.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"
bare=(--no-default-gazetteer --no-default-rules --no-topics --no-model)

# refused NAME EXIT MESSAGE COMMAND...: COMMAND exits EXIT within 20 s with
# "tagger: error: MESSAGE" and nothing else on stderr
refused() {
  local name=$1 code=$2 msg=$3
  shift 3
  timeout 20 "$@" </dev/null >/dev/null 2>"$tmp/err"
  expect "$name: exit" "$code" $?
  expect "$name: message" "tagger: error: $msg" "$(cat "$tmp/err")"
}

# --- FIFOs (nobody writes to this one) in every place a data file goes
f=$tmp/fifo
mkfifo "$f"
echo 'Blinken met Lavrov.' > "$tmp/doc.txt"
printf 'list titles < %s\n' "$f" > "$tmp/list.rules"
refused "--rules FIFO" 3 "cannot open '$f': not a regular file" \
  "$tagger" "${bare[@]}" --rules "$f" "$tmp/doc.txt"
refused "rule list file FIFO" 3 \
  "$tmp/list.rules:1: list titles: cannot read list file '$f': not a regular file" \
  "$tagger" "${bare[@]}" --rules "$tmp/list.rules" "$tmp/doc.txt"
refused "rules test FIFO" 3 "cannot open '$f': not a regular file" "$tagger" rules test "$f"
refused "-g FIFO" 3 "$f: not a regular file" "$tagger" "${bare[@]}" -g "$f" "$tmp/doc.txt"
refused "-g FIFO, bulk" 3 "$f: not a regular file" "$tagger" "${bare[@]}" -g "$f" --jsonl "$tmp/doc.txt"
refused "--ner-model FIFO" 3 "$f: not a regular file" "$tagger" --ner-model "$f" "$tmp/doc.txt"
refused "--topic-model FIFO" 3 "$f: not a regular file" "$tagger" --topic-model "$f" "$tmp/doc.txt"
refused "gazetteer validate FIFO" 3 "$f: not a regular file" "$tagger" gazetteer validate "$f"
refused "gazetteer compile FIFO" 3 "$f: not a regular file" \
  "$tagger" gazetteer compile "$f" -o "$tmp/out.bin"
refused "gazetteer stats FIFO" 3 "$f: not a regular file" "$tagger" gazetteer stats "$f"
refused "gazetteer export FIFO" 3 "$f: not a regular file" \
  "$tagger" gazetteer export "$f" --format csv
refused "gazetteer lookup -g FIFO" 3 "$f: not a regular file" \
  "$tagger" gazetteer lookup --no-default-gazetteer -g "$f" 'Lavrov'
# (a training input: ner train exits 2 for every trainer setup error)
refused "ner train --clusters FIFO" 2 "$f: not a regular file" \
  "$tagger" ner train --train "$src/tests/ner/train.txt" --bits 12 --epochs 1 -q \
  --no-default-gazetteer --no-default-rules --clusters "$f" -o "$tmp/m.bin"

# --- a directory or a device as a gazetteer source: refused like a FIFO
mkdir "$tmp/dir"
refused "gazetteer validate DIR" 3 "$tmp/dir: not a regular file" \
  "$tagger" gazetteer validate "$tmp/dir"
refused "gazetteer compile DIR" 3 "$tmp/dir: not a regular file" \
  "$tagger" gazetteer compile "$tmp/dir" -o "$tmp/out.bin"
refused "gazetteer validate /dev/null" 3 "/dev/null: not a regular file" \
  "$tagger" gazetteer validate /dev/null
refused "-g DIR" 3 "$tmp/dir: not a regular file" "$tagger" "${bare[@]}" -g "$tmp/dir" "$tmp/doc.txt"
[ -e "$tmp/out.bin" ] && bad "compile wrote output for a refused source" || ok

# --- a line too long for memory is an error naming the file and line, not
# the end of the file (getline's ENOMEM once ended the loop: validate said
# ok and compile wrote the entries before it).  A 128 MiB line under
# `ulimit -v` of 128 MiB; a sanitizer build cannot start under such a
# limit and skips this.
printf 'first\tPERSON\tFirst\n' > "$tmp/small.tsv"
if (ulimit -v 131072 && "$tagger" gazetteer validate "$tmp/small.tsv" || exit 1) >/dev/null 2>&1; then
  python3 -c "
import sys
with open(sys.argv[1], 'wb') as f:
    f.write(b'first\tPERSON\tFirst\n' + b'a' * (128 << 20) + b'\nlast\tPERSON\tLast\n')
" "$tmp/long.tsv"
  msg="$tmp/long.tsv:2: cannot read the line: Cannot allocate memory"
  refused "line too long: validate" 2 "$msg" \
    bash -c 'ulimit -v 131072 && exec "$@"' - "$tagger" gazetteer validate "$tmp/long.tsv"
  refused "line too long: compile" 2 "$msg" \
    bash -c 'ulimit -v 131072 && exec "$@"' - "$tagger" gazetteer compile "$tmp/long.tsv" -o "$tmp/long.bin"
  [ -e "$tmp/long.bin" ] && bad "compile wrote a list without the entries after the long line" || ok
  refused "line too long: -g" 3 "$msg" \
    bash -c 'ulimit -v 131072 && exec "$@"' - "$tagger" "${bare[@]}" -g "$tmp/long.tsv" "$tmp/doc.txt"
  refused "line too long: ner train --clusters" 2 "$msg" \
    bash -c 'ulimit -v 131072 && exec "$@"' - "$tagger" ner train --train "$src/tests/ner/train.txt" \
    --bits 12 --epochs 1 -q --no-default-gazetteer --no-default-rules --clusters "$tmp/long.tsv" \
    -o "$tmp/m.bin"
  rm -f "$tmp/long.tsv"
else
  echo "skipped: the line-too-long cases (this build cannot run under ulimit -v)"
fi

# --- data files truncated in place under a running bulk tagger (an operator
# copying a new file over the old one): no crash, every record complete.
# Mapped, a page of a mapping cut off by the truncation killed the tagger
# with SIGBUS (exit 135, no message); with --read-data (or TAGGER_MAP_DATA=0)
# they are read into memory at load and the run is immune.  Each run is fed
# through a FIFO and the files are truncated once its first 50 records are
# out.
printf 'lavrov\tPERSON\tSergey Lavrov\tLavrov\n' > "$tmp/live.tsv"
mkfifo "$tmp/feed"
# (writes that find the tagger dead fail quietly instead of killing this script)
docs() {
  (trap '' PIPE
   for i in $(seq "$1" "$2"); do printf '{"id":%d,"text":"Blinken met Lavrov in Malta."}\n' "$i"; done >&3
  ) 2>/dev/null
}
# live_run NAME MAP_ENV OPTION...: a bulk run (env TAGGER_MAP_DATA=MAP_ENV
# when not empty) over fresh copies of a gazetteer and the English models,
# which are truncated once its first 50 records are out; then 50 documents
# more.  Its exit status is in $status, its output in live.out and live.err.
live_run() {
  local name=$1 map=$2 pid
  shift 2
  "$tagger" gazetteer compile "$tmp/live.tsv" -o "$tmp/live.bin"
  cp "$src/data/models/topics-en.bin" "$tmp/topics.bin"
  cp "$src/data/models/ner-en.bin" "$tmp/ner.bin"
  : > "$tmp/live.out"
  env ${map:+TAGGER_MAP_DATA=$map} timeout 120 "$tagger" --no-default-gazetteer \
    --no-default-rules -g "$tmp/live.bin" --topic-model "$tmp/topics.bin" \
    --ner-model "$tmp/ner.bin" --jsonl -q "$@" < "$tmp/feed" > "$tmp/live.out" 2> "$tmp/live.err" &
  pid=$!
  exec 3> "$tmp/feed"
  docs 1 50
  for _ in $(seq 600); do [ "$(wc -l < "$tmp/live.out")" -ge 50 ] && break; sleep 0.1; done
  expect "$name: first 50 records out before the truncation" 50 "$(wc -l < "$tmp/live.out")"
  : > "$tmp/live.bin"
  : > "$tmp/topics.bin"
  : > "$tmp/ner.bin"
  docs 51 100
  exec 3>&-
  wait "$pid"
  status=$?
}

live_run "--read-data" "" --read-data -j 2
expect "--read-data, truncated mid-run: exit status (135: SIGBUS)" 0 "$status"
expect "--read-data, truncated mid-run: no message" "" "$(cat "$tmp/live.err")"
expect "--read-data, truncated mid-run: every record" 100 "$(wc -l < "$tmp/live.out")"
expect "--read-data, truncated mid-run: every record has the list's entity and a topic" 100 \
  "$(grep '"kb_id":"lavrov"' "$tmp/live.out" | grep -c '"topics":\[{"label"')"

live_run "TAGGER_MAP_DATA=0" 0 -j 1
expect "TAGGER_MAP_DATA=0, truncated mid-run: exit status" 0 "$status"
expect "TAGGER_MAP_DATA=0, truncated mid-run: every record has the list's entity and a topic" \
  100 "$(grep '"kb_id":"lavrov"' "$tmp/live.out" | grep -c '"topics":\[{"label"')"

# --- a damaged model of a language no document uses: the models' rows are
# copied to huge pages only when a document first needs them, but every
# model is checked (checksum) at the start, so a Persian text with a
# corrupt English entity or topic model still ends at once with exit 3 and
# the file named, mapped or read, -j 1 or -j 2; intact, the copies tag as
# the shipped data does
dd_dir=$(cd "$(dirname "$tagger")/data" && pwd)
mkdir -p "$tmp/dd/models"
for f in "$dd_dir"/* "$dd_dir"/models/*; do
  [ -d "$f" ] && [ "$(basename "$f")" = models ] && continue
  ln -sf "$f" "$tmp/dd/${f#"$dd_dir"/}"
done
echo 'وزیر امور خارجه ایران در تهران با لاوروف دیدار کرد.' > "$tmp/fa.txt"
for m in ner-en topics-en; do
  rm -f "$tmp/dd/models/$m.bin"
  cp "$dd_dir/models/$m.bin" "$tmp/dd/models/$m.bin"
  expect "intact copy of $m: the same output" "$("$tagger" "$tmp/fa.txt")" \
    "$(TAGGER_DATA_DIR=$tmp/dd "$tagger" "$tmp/fa.txt")"
  printf '\x5a' | dd of="$tmp/dd/models/$m.bin" bs=1 seek=3000000 conv=notrunc 2>/dev/null
  for run in "" "TAGGER_MAP_DATA=0" "-j 2"; do
    case $run in -j*) env=() opt=(--jsonl -j 2) ;; ?*) env=("$run") opt=() ;; *) env=() opt=() ;; esac
    refused "corrupt $m, Persian text ${run:-mapped}" 3 \
      "$tmp/dd/models/$m.bin: checksum mismatch (corrupt file)" \
      env "${env[@]}" TAGGER_DATA_DIR="$tmp/dd" "$tagger" "${opt[@]}" "$tmp/fa.txt"
  done
  rm -f "$tmp/dd/models/$m.bin"
  ln -s "$dd_dir/models/$m.bin" "$tmp/dd/models/$m.bin"
done

# --- a bulk run's entity and English topic rows: copied to huge pages from data read whole
# (TAGGER_MAP_DATA=0), read in place from the mapped files when the page
# cache holds them on 2 MiB pages (a fresh build's files; else copied from
# the mapping): the same records
printf '%s\n' '{"text":"وزیر امور خارجه ایران در تهران با لاوروف دیدار کرد."}' \
  '{"text":"Blinken met Lavrov in Malta on 5 December 2024."}' > "$tmp/rows.jsonl"
expect "entity rows copied or read in place: the same records" \
  "$(TAGGER_MAP_DATA=0 "$tagger" --jsonl -q -j 1 "$tmp/rows.jsonl")" \
  "$("$tagger" --jsonl -q -j 1 "$tmp/rows.jsonl")"

# --- a bulk run over copies of the data written 64 KiB at a time and
# synced, which the page cache then holds in small folios (a file copied by
# a program): the run drops each 2 MiB block of them from the page cache
# and reads it back in one 2 MiB folio before it loads (settle_on_huge in
# datafile.c; pages not yet written back stay: no sync); the same records
# as the shipped data gives
mkdir -p "$tmp/small/models"
for f in "$dd_dir"/* "$dd_dir"/models/*; do
  [ -d "$f" ] && [ "$(basename "$f")" = models ] && continue
  case $f in
    *.bin) python3 -c "
import os, sys
with open(sys.argv[1], 'rb') as i, open(sys.argv[2], 'wb', buffering=0) as o:
    while True:
        b = i.read(65536)
        if not b:
            break
        o.write(b)
    os.fsync(o.fileno())
" "$f" "$tmp/small/${f#"$dd_dir"/}" ;;
    *) ln -sf "$f" "$tmp/small/${f#"$dd_dir"/}" ;;
  esac
done
expect "data files on small page-cache folios, settled: the same records" \
  "$("$tagger" --jsonl -q -j 1 "$tmp/rows.jsonl")" \
  "$(TAGGER_DATA_DIR=$tmp/small "$tagger" --jsonl -q -j 2 "$tmp/rows.jsonl")"
expect "settled again (the files now on 2 MiB folios where the kernel allows): the same records" \
  "$("$tagger" --jsonl -q -j 1 "$tmp/rows.jsonl")" \
  "$(TAGGER_DATA_DIR=$tmp/small "$tagger" --jsonl -q -j 1 "$tmp/rows.jsonl")"
pmd=$(dirname "$tagger")/bench_file_pmd
[ -x "$pmd" ] && "$pmd" --hugepage "$tmp/small/gazetteer.bin"
rm -rf "$tmp/small"

# --- the same with the files mapped (the CLI's default since 2026-12-03, a
# faster start): the truncation is a SIGBUS at the next look-up, which the
# CLI turns into a message and exit 3 (not a silent exit 135); the records
# before it are out.
live_run "mapped" "" -j 1
expect "mapped, truncated mid-run: exit status" 3 "$status"
expect "mapped, truncated mid-run: the message" \
  "tagger: a data file changed under the running tagger (truncated or copied over in place?); replace data files with mv, not cp, or run with --read-data" \
  "$(cat "$tmp/live.err")"

finish

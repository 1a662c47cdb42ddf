#!/usr/bin/env bash
# Scale-out: the tagger is a plain JSONL filter, so GNU parallel --pipe can
# shard a corpus over 4 jobs; the sorted output must equal the single-process
# output, and with --keep-order (-k) be identical to it byte for byte.
# Usage: bulk_parallel.sh TAGGER SRCDIR   (exit 77 when GNU parallel is
# missing: `make deps` installs it)
set -u
tagger=$1 src=$2
fix=$src/tests/bulk
if ! command -v parallel >/dev/null || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  echo "skipped: GNU parallel not installed (make deps installs it)"
  exit 77
fi
. "$(dirname "$0")/lib.sh"
cmd=("$tagger" --no-default-gazetteer --no-default-rules --no-topics -g "$fix/places.tsv" --jsonl -q -j 1)

python3 "$fix/make_news.py" 500 "$tmp/news.jsonl"
"${cmd[@]}" < "$tmp/news.jsonl" > "$tmp/single.jsonl"; expect "single process exit" 0 $?

# 4 jobs, blocks of about 200 KB (parallel --pipe cuts at line ends)
parallel --will-cite --pipe --block 200k -j 4 "${cmd[@]}" < "$tmp/news.jsonl" > "$tmp/sharded.jsonl"
expect "parallel exit" 0 $?
blocks=$(( $(stat -c %s "$tmp/news.jsonl") / 204800 ))
[ "$blocks" -ge 4 ] && ok || bad "the corpus makes only $blocks blocks"
expect "line count" "$(wc -l < "$tmp/single.jsonl")" "$(wc -l < "$tmp/sharded.jsonl")"
sort "$tmp/single.jsonl" > "$tmp/a"; sort "$tmp/sharded.jsonl" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && ok || bad "sorted sharded output differs from the single-process output"

parallel --will-cite --pipe --block 200k -k -j 4 "${cmd[@]}" < "$tmp/news.jsonl" > "$tmp/kept.jsonl"
cmp -s "$tmp/kept.jsonl" "$tmp/single.jsonl" && ok || bad "parallel -k output differs from the single-process output"

# error records travel too (their "line" counts within a block: use "id")
printf '{"id":"x1","text":"مالت"}\n{"id":"x2"}\nnot json\n' > "$tmp/bad.jsonl"
out=$(parallel --will-cite --pipe -N 1 -k -j 4 "${cmd[@]}" < "$tmp/bad.jsonl" 2>/dev/null | grep -o '"code":"[a-z_]*"' | tr '\n' ' ')
expect "error records through parallel" '"code":"missing_text" "code":"invalid_json" ' "$out"

finish

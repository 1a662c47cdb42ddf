#!/usr/bin/env bash
# Peak memory per document: peak RSS of `tagger FILE` (default models,
# rules and gazetteer) on one document of SIZE MB of each kind of text,
# against the README's bound of 10 x the document + 150 MB.
# Usage: [KINDS="news name ..."] bench/memory.sh [BUILD_DIR] [SIZE_MB ...]
#        (default: every kind, build, 4 and 16 MB)
# News text comes from ../shared/corpora/topics/fa/isna_abbnaseri.jsonl
# when it is there; the other kinds are made here.
set -u
build=${1:-build}; shift || true
sizes=${*:-4 16}
src=$(cd "$(dirname "$0")/.." && pwd)
news=$src/../shared/corpora/topics/fa/isna_abbnaseri.jsonl
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

make_doc() { # KIND BYTES FILE
  python3 - "$@" "$news" <<'PY'
import json, os, sys
kind, size, path, news = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
units = {
    "name": "لاوروف ",                 # a name every 13 bytes
    "percent-fa": "۲۵ درصد ",          # a PERCENT every 14 bytes
    "percent-en": "5% ",               # a PERCENT every 3 bytes
    "words": "a ",                     # a token every 2 bytes
    "numbers-fa": "۲۵ ",               # a number every 5 bytes, no entity
    "numbers-en": "1, ",               # a number every 3 bytes
    "one-word": "ب",                   # no space, no line break
}
with open(path, "w", encoding="utf-8") as f:
    n = 0
    if kind == "news":
        while n < size:
            for line in open(news, encoding="utf-8"):
                t = json.loads(line)["text"] + "\n\n"
                f.write(t); n += len(t.encode())
                if n >= size: break
    else:
        u = units[kind]
        f.write(u * (size // len(u.encode())))
PY
}

printf '%-11s %6s %9s %9s %s\n' kind MB peak_MB bound_MB seconds
for mb in $sizes; do
  for kind in ${KINDS:-news name numbers-fa numbers-en percent-fa percent-en words one-word}; do
    [ "$kind" = news ] && [ ! -f "$news" ] && continue
    make_doc "$kind" $((mb * 1000000)) "$tmp/doc.txt"
    bytes=$(stat -c %s "$tmp/doc.txt")
    /usr/bin/time -f '%M %e' -o "$tmp/t" "$build/tagger" "$tmp/doc.txt" > /dev/null 2>&1
    read -r kb secs < <(tail -n1 "$tmp/t")
    awk -v k="$kind" -v b="$bytes" -v kb="$kb" -v s="$secs" 'BEGIN {
      bound = 10 * b / 1048576 + 150
      printf "%-11s %6.1f %9.1f %9.1f %s%s\n", k, b / 1e6, kb / 1024, bound, s,
             (kb / 1024 > bound ? "  over" : "") }'
  done
done

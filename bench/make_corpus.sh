#!/usr/bin/env bash
# Builds the Persian benchmark corpus from ../shared/corpora/topics/fa: the
# text of every article, one article a line (inner newlines become spaces),
# repeated until it reaches SIZE_MB (default 20).  Output: $1.
set -eu
out=${1:?usage: make_corpus.sh OUT [SIZE_MB]}
size_mb=${2:-20}
shared=${SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
src=$shared/corpora/topics/fa
if [ ! -d "$src" ]; then
  echo "make_corpus.sh: $src not found (set SHARED=path/to/shared)" >&2
  exit 2
fi
tmp=$(mktemp)
python3 - "$src" > "$tmp" <<'PY'
import json, sys, glob, os
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                text = json.loads(line).get("text") or ""
            except ValueError:
                continue
            text = " ".join(text.split("\n")).strip()
            if text:
                print(text)
PY
: > "$out"
while [ "$(stat -c %s "$out")" -lt $((size_mb * 1000000)) ]; do cat "$tmp" >> "$out"; done
rm -f "$tmp"
echo "$out: $(stat -c %s "$out") bytes, $(wc -l < "$out") articles" >&2

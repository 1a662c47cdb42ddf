#!/usr/bin/env bash
# Builds the Persian bulk-tagging benchmark corpus from
# ../shared/corpora/topics/fa: every article as one JSON line {"id", "title",
# "text", "label", "source"} (UTF-8, not \u-escaped, as news exports come),
# the whole set repeated until it reaches SIZE_MB (default 100); repeats get
# ids suffixed "#2", "#3", ... so every id is unique.  Output: $1.
set -eu
out=${1:?usage: make_corpus_jsonl.sh OUT [SIZE_MB]}
size_mb=${2:-100}
shared=${SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
src=$shared/corpora/topics/fa
if [ ! -d "$src" ]; then
  echo "make_corpus_jsonl.sh: $src not found (set SHARED=path/to/shared)" >&2
  exit 2
fi
python3 - "$src" "$out" "$size_mb" <<'PY'
import glob, json, os, sys
src, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3]) * 1000000
docs = []
for path in sorted(glob.glob(os.path.join(src, "*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if isinstance(d.get("text"), str) and d["text"].strip():
                docs.append({k: d.get(k, "") for k in ("id", "title", "text", "label", "source")})
written, rep = 0, 1
with open(out, "w", encoding="utf-8") as f:
    while written < size:
        for d in docs:
            if rep > 1:
                d = dict(d, id="%s#%d" % (d["id"], rep))
            line = json.dumps(d, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode())
            if written >= size:
                break
        rep += 1
PY
echo "$out: $(stat -c %s "$out") bytes, $(wc -l < "$out") articles" >&2

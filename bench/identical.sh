#!/usr/bin/env bash
# Prints the md5 of everything a user sees from one tagger binary on real
# text, one line a run, so that a refactoring can show its output is byte for
# byte the same before and after:
#   bench/identical.sh OLD/tagger > before.md5; bench/identical.sh NEW/tagger > after.md5
#   diff before.md5 after.md5
# Runs: bulk JSONL on SIZE_MB (default 20) of Persian news (../shared
# corpora/topics/fa, bench/make_corpus_jsonl.sh), once with -j 2 and once with
# --all-matches; every CoNLL-2003 valid document as English text, and the
# eval report on it; PEYMA dev eval; single documents (the samples, pretty,
# utf16 offsets, normalize, tokenize, --date).  Corpora are cached in
# $TMPDIR/tagger-identical.  Usage: bench/identical.sh TAGGER [SIZE_MB]
set -eu
tagger=${1:?usage: identical.sh TAGGER [SIZE_MB]}
size_mb=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$(cd "$root/.." && pwd)/shared}
cache=${TMPDIR:-/tmp}/tagger-identical
mkdir -p "$cache"
news=$cache/news-$size_mb.jsonl
[ -s "$news" ] || SHARED=$shared "$here/make_corpus_jsonl.sh" "$news" "$size_mb"
conll=$cache/conll-valid.jsonl
if [ ! -s "$conll" ]; then
  python3 - "$shared/corpora/ner/en/conll2003/valid.txt" "$conll" <<'PY'
import json, sys
docs, sent, doc = [], [], []
for line in open(sys.argv[1], encoding="utf-8"):
    w = line.split()
    if not w:
        if sent: doc.append(" ".join(sent)); sent = []
        continue
    if w[0] == "-DOCSTART-":
        if sent: doc.append(" ".join(sent)); sent = []
        if doc: docs.append(doc); doc = []
        continue
    sent.append(w[0])
if sent: doc.append(" ".join(sent))
if doc: docs.append(doc)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i, d in enumerate(docs):
        f.write(json.dumps({"id": "valid-%d" % i, "text": "\n".join(d)}, ensure_ascii=False) + "\n")
PY
fi
run() { # NAME COMMAND...: the md5 of stdout and the exit status
  set -o pipefail
  local sum rc=0
  sum=$("${@:2}" 2>/dev/null | md5sum | cut -d' ' -f1) || rc=$?
  printf '%s %s rc=%s\n' "$sum" "$1" "$rc"
}
fa=$root/data/samples/osce-malta.fa.txt
en=$root/data/samples/osce-malta.en.txt
run news-bulk-j2 "$tagger" --jsonl -q -j 2 "$news"
run news-bulk-all-matches "$tagger" --jsonl -q -j 2 --all-matches --no-topics "$news"
run news-bulk-utf16-no-model "$tagger" --jsonl -q -j 2 --offsets utf16 --no-model "$news"
run conll-valid-bulk "$tagger" --jsonl -q -j 2 "$conll"
run conll-valid-eval "$tagger" eval --quiet --format conll --errors 20 --gold "$shared/corpora/ner/en/conll2003/valid.txt"
run peyma-dev-eval "$tagger" eval --quiet --format peyma --errors 20 --gold-list "$root/data/splits/peyma-dev.txt" --corpus-root "$shared/corpora/ner/fa/peyma"
for f in "$fa" "$en" "$shared/samples/osce-lavrov-blinken.fa.txt"; do
  b=$(basename "$f")
  run "$b" "$tagger" "$f"
  run "$b-pretty-utf16" "$tagger" --pretty --offsets utf16 --id x "$f"
  run "$b-date" "$tagger" --date 2024-12-05 --all-matches "$f"
  run "$b-normalize" "$tagger" normalize "$f"
  run "$b-tokenize" "$tagger" tokenize "$f"
done

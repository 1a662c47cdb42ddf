#!/bin/sh
# Writes peyma-dev.txt and peyma-train.txt (next to this script, or in
# OUTDIR) from a copy of PEYMA.  The rule: a document is dev when the CRC of
# its token column, `cut -f1 FILE | tr -d '\r' | cksum`, is divisible by 10.
# (The token columns are cut with one awk and summed with one cksum, which
# gives the same CRCs as the pipeline above, file by file.)  See README.md.
#   data/splits/make-peyma-split.sh ../shared/corpora/ner/fa/peyma [OUTDIR]
set -eu
[ $# -ge 1 ] || { echo "usage: $0 PEYMA_ROOT [OUTDIR]" >&2; exit 2; }
out=$(cd "${2:-$(dirname "$0")}" && pwd)
cd "$1"
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/300K" "$tmp/600K"
ls -d 300K/* 600K/* | sort > "$tmp/files"
awk -F '\t' -v dir="$tmp" '
  FNR == 1 { if (out) close(out); out = dir "/" FILENAME }
  { f = $1; gsub(/\r/, "", f); print f > out }' $(cat "$tmp/files")
# empty files have no lines, so awk writes nothing for them
while read -r f; do [ -e "$tmp/$f" ] || : > "$tmp/$f"; done < "$tmp/files"
(cd "$tmp" && cksum $(cat files)) | awk -v dev="$tmp/dev" -v train="$tmp/train" '
  { print $3 > ($1 % 10 == 0 ? dev : train) }'
note="# paths relative to corpora/ner/fa/peyma of the shared data (see README.md)"
{ echo "# PEYMA dev split: held out of every list-building and training step"
  echo "$note"; sort "$tmp/dev"; } > "$out/peyma-dev.txt"
{ echo "# PEYMA train split: everything not in peyma-dev.txt"
  echo "$note"; sort "$tmp/train"; } > "$out/peyma-train.txt"

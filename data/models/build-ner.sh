#!/bin/sh
# Builds the default entity recognizer models (see README.md here):
#   ner-fa.bin  PEYMA train split (data/splits/peyma-train.txt), features from a
#               gazetteer compiled WITHOUT the PEYMA-mined lists (*-peyma.tsv):
#               a list mined from the training documents covers every training
#               entity and the model would learn to trust it blindly;
#   ner-en.bin  CoNLL-2003 train.txt (valid.txt scored per epoch, not trained on).
# The PEYMA dev split is scored after each epoch for the log only (it chose
# the number of epochs, nothing else).  Deterministic: same data, same bytes.
# Usage: data/models/build-ner.sh [TAGGER [SHARED]]   (defaults: build/tagger ../shared)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
tagger=${1:-$src/build/tagger}
shared=${2:-$src/../shared}
peyma=$shared/corpora/ner/fa/peyma
conll=$shared/corpora/ner/en/conll2003
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2046
"$tagger" gazetteer compile $(ls "$src"/gazetteers/*/*.tsv | grep -v -- '-peyma\.tsv$' | LC_ALL=C sort) \
  -o "$tmp/gazetteer-no-peyma.bin"
"$tagger" ner train --train-list "$src/data/splits/peyma-train.txt" \
  --dev-list "$src/data/splits/peyma-dev.txt" --corpus-root "$peyma" \
  --no-default-gazetteer -g "$tmp/gazetteer-no-peyma.bin" \
  --epochs 25 --bits 18 --bio --seed 1 --lang fa -o "$here/ner-fa.bin" 2>&1 | grep -v 'warning:'

"$tagger" ner train --train "$conll/train.txt" --dev "$conll/valid.txt" \
  --epochs 15 --bits 18 --bio --seed 1 --lang en -o "$here/ner-en.bin" 2>&1 | grep -v 'warning:'

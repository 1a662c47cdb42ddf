#!/bin/sh
# Builds the default entity recognizer models (see README.md here):
#   ner-fa.bin  PEYMA train split (data/splits/peyma-train.txt) and ParsNER
#               train_news.pos (PERS/LOC/ORG; cut into runs of 120 sentences,
#               as it has no document boundaries), features from a
#               gazetteer compiled WITHOUT the PEYMA-mined lists (*-peyma.tsv):
#               a list mined from the training documents covers every training
#               entity and the model would learn to trust it blindly; plus
#               word clusters learned from unlabeled Persian news (below);
#   ner-en.bin  CoNLL-2003 train.txt (valid.txt scored per epoch, not trained on);
#               features from a gazetteer without the CoNLL-train-induced
#               gazetteers/en/entities-conll.tsv; plus English word clusters
#               (since 2026-12-03) learned the same way from the unlabeled
#               text of ../shared/corpora/topics/en/*.jsonl (BBC, AG News)
#               and the words of CoNLL train.txt (never valid.txt).
# Word clusters of ner-fa.bin: the "text" of every article of
# ../shared/corpora/topics/fa/*.jsonl, normalized and tokenized by the
# library (build/ner_words), word vectors by fastText skipgram (Debian's
# /usr/bin/fasttext, one thread and a fixed seed), then k-means with 64, 256
# and 1024 clusters (build/ner_kmeans); the word -> cluster table is stored
# inside ner-fa.bin (hashed words, no text).  This step takes 12-21 minutes;
# CLUSTERS=FILE skips it and takes the table from FILE instead (a cluster
# TSV, or a model that has one, e.g. the current ner-fa.bin).  English:
# the same steps (fastText -epoch 10 -minCount 3: a smaller corpus, 1.3 M
# tokens; 5-10 minutes; groups of 256 and 1,024 only, words i-1..i+1), CLUSTERS_EN=FILE (e.g. the current ner-en.bin)
# skips them.  LANGS="en" (or "fa") builds one model only; the other file
# is left as it is.
# The cluster counts and window, the prediction history, the feature and
# word dropout, the 5 averaged runs and the ParsNER training file were
# chosen on a held-out 15% of the PEYMA train split (README.md; the 25
# epochs earlier, on dev); dev is not read here.
# Deterministic: same data, same bytes (fastText with -thread 1 -seed 1).
# For experiments (docs/performance.md, "Smaller entity model tables"): BITS (both models)
# and BITS_EN (English) set --bits (default 18), SEED_FA the Persian seed (default 1, runs
# seeds 1-5), OUT a directory to write the models into instead of this one.
# Usage: data/models/build-ner.sh [TAGGER [SHARED]]   (defaults: build/tagger ../shared)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
tagger=${1:-$src/build/tagger}
shared=${2:-$src/../shared}
peyma=$shared/corpora/ner/fa/peyma
parsner=$shared/corpora/ner/fa/parsner
conll=$shared/corpora/ner/en/conll2003
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2046
"$tagger" gazetteer compile $(ls "$src"/gazetteers/*/*.tsv | grep -v -- '-peyma\.tsv$' | LC_ALL=C sort) \
  -o "$tmp/gazetteer-no-peyma.bin"
bin=$(dirname "$tagger")
langs=${LANGS:-fa en}
case " $langs " in *" fa "*)
clusters=${CLUSTERS:-}
if [ -z "$clusters" ]; then
  "$bin/ner_words" "$shared"/corpora/topics/fa/*.jsonl > "$tmp/words.txt"
  fasttext skipgram -input "$tmp/words.txt" -output "$tmp/vectors" -dim 100 -ws 5 \
    -epoch 5 -minCount 5 -minn 3 -maxn 6 -neg 5 -thread 1 -seed 1 -verbose 1
  "$bin/ner_kmeans" -k 64,256,1024 --seed 1 "$tmp/vectors.vec" > "$tmp/clusters.tsv" 2>/dev/null
  clusters=$tmp/clusters.tsv
  rm -f "$tmp/words.txt" "$tmp/vectors.bin"
fi

"$tagger" ner train --train-list "$src/data/splits/peyma-train.txt" --corpus-root "$peyma" \
  --train "$parsner/train_news.pos" --doc-sentences 120 \
  --no-default-gazetteer -g "$tmp/gazetteer-no-peyma.bin" \
  --clusters "$clusters" --cluster-window 0 \
  --epochs 25 --bits "${BITS:-18}" --bilou --history --dropout 0.1 --word-dropout 0.1 --runs 5 --seed "${SEED_FA:-1}" --lang fa -o "${OUT:-$here}/ner-fa.bin" 2>&1 |
  grep -v 'warning:'
;; esac
case " $langs " in *" en "*) ;; *) exit 0 ;; esac

# English: features from the default lists but the CoNLL-train-induced one (as *-peyma.tsv above)
# shellcheck disable=SC2046
"$tagger" gazetteer compile $(ls "$src"/gazetteers/*/*.tsv | grep -v -- '-conll\.tsv$' | LC_ALL=C sort) \
  -o "$tmp/gazetteer-no-conll.bin"
clusters_en=${CLUSTERS_EN:-}
if [ -z "$clusters_en" ]; then
  # CoNLL train's words as JSON lines, one document a line, one sentence a text line
  awk 'function fs() { if (sent != "") { doc = (doc == "" ? sent : doc "\\n" sent); sent = "" } }
       function fd() { fs(); if (doc != "") { print "{\"text\":\"" doc "\"}"; doc = "" } }
       /^-DOCSTART-/ { fd(); next }
       /^[ \t]*$/ { fs(); next }
       { w = $1; gsub(/\\/, "\\\\", w); gsub(/"/, "\\\"", w); sent = (sent == "" ? w : sent " " w) }
       END { fd() }' "$conll/train.txt" > "$tmp/conll-train-text.jsonl"
  # BBC and AG News without the documents of the English dev and held-out NER sets
  # (data/ner/*-docs.tsv: source, line and id), nor any article with one of their texts
  # (bbc_train.jsonl repeats some under other ids), so that neither set's words shape the
  # clusters
  for f in bbc_train agnews_train; do
    python3 - "$src" "$shared/corpora/topics/en/$f.jsonl" "corpora/topics/en/$f.jsonl" > "$tmp/$f.jsonl" <<'PY'
import json, sys
src, path, source = sys.argv[1:4]
lines, ids = set(), set()
for name in ("en-heldout-docs.tsv", "en-dev-docs.tsv"):
    for row in open(src + "/data/ner/" + name, encoding="utf-8"):
        c = row.rstrip("\n").split("\t")
        if not row.startswith("#") and len(c) >= 3:
            ids.add(c[2])
            if c[0] == source:
                lines.add(int(c[1]))
rows = open(path, encoding="utf-8").read().splitlines()
texts = [json.loads(r)["text"] for r in rows]
banned = {t for n, (r, t) in enumerate(zip(rows, texts), 1) if n in lines or json.loads(r).get("id") in ids}
sys.stdout.write("".join(r + "\n" for r, t in zip(rows, texts) if t not in banned))
PY
  done
  "$bin/ner_words" "$tmp/bbc_train.jsonl" "$tmp/agnews_train.jsonl" \
    "$tmp/conll-train-text.jsonl" > "$tmp/words-en.txt"
  fasttext skipgram -input "$tmp/words-en.txt" -output "$tmp/vectors-en" -dim 100 -ws 5 \
    -epoch 10 -minCount 3 -minn 3 -maxn 6 -neg 5 -thread 1 -seed 1 -verbose 1
  # the 256 and 1,024 groups only (the columns 1, 3, 4 of the 64/256/1024 table): with the
  # window of +-1 that is 6 features a token, +6.6% instructions (docs/english.md)
  "$bin/ner_kmeans" -k 64,256,1024 --seed 1 "$tmp/vectors-en.vec" 2>/dev/null | cut -f1,3,4 > "$tmp/clusters-en.tsv"
  clusters_en=$tmp/clusters-en.tsv
  rm -f "$tmp/words-en.txt" "$tmp/vectors-en.bin"
fi
# TITLECASE_MODE=title|usual|both adds Title Case (or usual-case) copies of CoNLL train's ALL
# CAPS headlines, and TITLECASE_EVERY=N of every N-th other sentence, same tags, as new
# documents (titlecase-aug.py).  Default since 2026-12-03 (evening): both, no other sentences
# (docs/english.md "Organizations, strictly held out": with the strict clusters, seeds 1 and 6,
# English dev 85.03/85.28 against 84.55/85.13 without, CoNLL valid 93.33/93.46 against
# 93.37/93.29); TITLECASE_MODE= (empty) trains on train.txt alone.
TITLECASE_MODE=${TITLECASE_MODE-both}
if [ -n "$TITLECASE_MODE" ]; then
  python3 "$here/titlecase-aug.py" "$conll/train.txt" "${TITLECASE_EVERY:-0}" "$TITLECASE_MODE" > "$tmp/train-en.txt"
else
  cp "$conll/train.txt" "$tmp/train-en.txt"
fi
# SELFTRAIN_EN=1 (an experiment, off by default: docs/english.md, "Self-training on BBC text"):
# CoNLL train (with its copies) twice, plus the BBC articles as TAGGER tags them
# (selftrain-en.py: without the dev and held-out documents); SELFTRAIN_EVERY=N every N-th.
extra_en=
if [ -n "${SELFTRAIN_EN:-}" ]; then
  python3 "$here/selftrain-en.py" "$tagger" "$shared" "$src" "${SELFTRAIN_EVERY:-1}" > "$tmp/selftrain-en.txt"
  extra_en="$tmp/train-en.txt $tmp/selftrain-en.txt"
fi
# shellcheck disable=SC2086
"$tagger" ner train --train "$tmp/train-en.txt" $extra_en --format conll --dev "$conll/valid.txt" \
  --no-default-gazetteer -g "$tmp/gazetteer-no-conll.bin" \
  --clusters "$clusters_en" --cluster-window 1 \
  --epochs 25 --bits "${BITS_EN:-${BITS:-18}}" --bilou --history --dropout 0.1 --word-dropout 0.1 --runs 5 --seed "${SEED_EN:-1}" --lang en -o "${OUT:-$here}/ner-en.bin" 2>&1 |
  grep -v 'warning:'

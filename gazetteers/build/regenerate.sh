#!/bin/sh
# Regenerate every generated gazetteer list, in dependency order (each generator leaves
# the names of the lists before it alone).  Needs ../shared beside the repository.
# Usage: sh gazetteers/build/regenerate.sh   (from anywhere)
set -e
cd "$(dirname "$0")"
python3 mine_common_words.py   # common-words-peyma.txt (PEYMA train only)
python3 countries.py           # fa/countries.tsv
python3 places.py              # fa/places-csc.tsv
python3 kbnews.py              # fa/kb-news.tsv (english-names.txt)
python3 parsner.py             # fa/persons-{1,2}-parsner.tsv, organizations-parsner.tsv, facilities-parsner.tsv
python3 peyma.py               # fa/entities-peyma.tsv
python3 merge_titles.py        # titled names of the induced lists as aliases of their entry (merged-titles.txt)
python3 english.py             # en/countries-en.tsv, places-en.tsv, entities-en.tsv, entities-conll.tsv (CoNLL train)
# the truecasing word list leaves out the names of the English lists: rebuilt after them
python3 ../../tools/truecase/words.py ../../../shared/corpora/ner/en/conll2003/train.txt > ../../tagger/truecase_words.h
# the English first names leave out the places and organizations of the English lists
python3 ../../tools/ner/first_names.py ../../../shared/corpora/ner/en/conll2003/train.txt > ../../tagger/english_first_names.h

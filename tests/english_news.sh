#!/usr/bin/env bash
# English news beyond CoNLL (issue 21, docs/english.md "Generalization"): organizations of
# gazetteers/build/english-orgs.txt with their kb_ids (companies, parties, a news agency's
# credit "(AP)" and "AP - "), and Title Case headlines, which the entity model reads
# truecased (tagger/truecase.c): no name made of headline words, spans and texts those
# of the original.
# Usage: english_news.sh TAGGER SRCDIR
set -u
tagger=$1 src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
# entities as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields span text label kb_id; }

expect "(AP) credit" "0-10|WASHINGTON|GPE|washington-dc
12-14|AP|ORG|associated-press
22-28|Senate|ORG|us-senate
38-45|Tuesday|DATE|" "$(run 'WASHINGTON (AP) - The Senate voted on Tuesday to extend the programme.')"
expect "'AP -' credit opening the text" "0-2|AP|ORG|associated-press
15-23|Vodafone|ORG|vodafone
40-46|Friday|DATE|" "$(run 'AP - Shares of Vodafone fell sharply on Friday.')"
expect "companies" "10-23|Goldman Sachs|ORG|goldman-sachs
28-39|Rolls-Royce|ORG|rolls-royce" "$(run 'Shares in Goldman Sachs and Rolls-Royce rose.')"
expect "British parties" "4-10|Tories|ORG|conservative-party
19-36|Liberal Democrats|ORG|liberal-democrats
46-52|Labour|ORG|labour-party" "$(run 'The Tories and the Liberal Democrats attacked Labour over the plans.')"
# Title Case headlines (before truecasing: "Big Job Cuts" PERSON, "Rebels Attack Army" ORG)
expect "Title Case headline" "0-6|Toyota|ORG|toyota
29-35|Europe|LOC|europe" "$(run 'Toyota Plans Big Job Cuts in Europe')"
expect "Title Case headline, then its story" "29-34|Kabul|GPE|kabul-af
36-41|KABUL|GPE|kabul-af
43-50|Reuters|ORG|reuters" "$(run $'Rebels Attack Army Base Near Kabul\n\nKABUL (Reuters) - Rebels attacked a base.')"
# a sentence in ordinary case is read as it is
expect "ordinary sentence untouched" "0-6|Toyota|ORG|toyota
11-16|Tokyo|GPE|tokyo-jp" "$(run 'Toyota, of Tokyo, said its plans were ready.')"
# the word list is what tools/truecase/words.py makes of CoNLL train and the lists
train=$(dirname "$src")/shared/corpora/ner/en/conll2003/train.txt
if [ -f "$train" ]; then
  expect "truecase_words.h regenerates" "" \
    "$(/usr/bin/python3 "$src/tools/truecase/words.py" "$train" 2>/dev/null | diff - "$src/tagger/truecase_words.h")"
else
  echo "skipped: truecase_words.h check (../shared CoNLL train not found)"
fi
finish

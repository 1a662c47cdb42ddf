#!/usr/bin/env bash
# English entities and the English lists (issue 21, docs/english.md): the names of the
# issue's list with exact spans, labels, kb_ids and the list they came from; one kb_id
# across languages («لاوروف» and "Lavrov"); a kb_id repeated in another list with the same
# label and name extends that entry, anything else stays a duplicate.
# Usage: english.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"
# entities as "start-end|text|label|kb_id|list", one a line
ents() { entity_fields span text label kb_id list; }
run() { printf '%s' "$1" | "$tagger" --no-topics | ents; }

expect "U.S. with its dot, linked" "0-4|U.S.|GPE|united-states|en/countries-en.tsv
15-24|Joe Biden|PERSON|joe-biden|en/entities-en.tsv
29-35|Lavrov|PERSON|sergey-lavrov|en/entities-en.tsv" "$(run 'U.S. President Joe Biden met Lavrov.')"
expect "U.S. at the end of a sentence" "21-25|U.S.|GPE|united-states|en/countries-en.tsv" \
    "$(run 'The talks are in the U.S.')"
got=$(run 'Microsoft, based in Redmond, Washington, said it would buy Activision Blizzard.')
expect "Microsoft" "0-9|Microsoft|ORG|microsoft|en/entities-en.tsv" "$(echo "$got" | grep Microsoft)"
expect "Redmond is a place" "20-27|Redmond|GPE|redmond|en/entities-en.tsv" "$(echo "$got" | grep Redmond)"
expect "Washington after a city is the state" "29-39|Washington|GPE|washington-state-us|en/places-en.tsv" \
    "$(echo "$got" | grep Washington)"
expect "Washington alone is the capital" "14-24|Washington|GPE|washington-dc|en/entities-en.tsv" \
    "$(run 'He arrived in Washington on Friday.' | grep Washington)"
expect "Activision Blizzard" "59-78|Activision Blizzard|ORG|activision-blizzard|en/entities-en.tsv" \
    "$(echo "$got" | grep Activision)"
got=$(run 'Real Madrid won the Champions League at the Santiago Bernabeu.')
expect "Champions League, Bernabeu" "0-11|Real Madrid|ORG|real-madrid|en/entities-en.tsv
20-36|Champions League|EVENT|uefa-champions-league|en/entities-en.tsv
44-61|Santiago Bernabeu|FAC|santiago-bernabeu-stadium|en/entities-en.tsv" "$got"
expect "Federal Reserve, Eurostat" "4-19|Federal Reserve|ORG|federal-reserve|en/entities-en.tsv
24-32|Eurostat|ORG|eurostat|en/entities-en.tsv" "$(run 'The Federal Reserve and Eurostat published data.')"
expect "Shanghai, Venice" "13-21|Shanghai|GPE|shanghai|en/places-en.tsv
25-31|Venice|GPE|venice|en/places-en.tsv" "$(run 'He flew from Shanghai to Venice.')"
# one entity, one kb_id: the Persian name comes from the Persian list
expect "Lavrov in Persian" "0-6|لاوروف|PERSON|sergey-lavrov|fa/starter.tsv" \
    "$(printf 'لاوروف گفت' | "$tagger" --no-topics | ents)"
expect "Lavrov's wikidata-less entry, name_fa in English text" "سرگئی لاوروف" \
    "$(printf 'Lavrov said.' | "$tagger" --no-topics | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"][0]["name_fa"])')"

# --- the compiler: an entry extended by another list, and real duplicates
printf 'x-lavrov\tPERSON\tSergey Lavrov\tلاوروف\tname_fa=سرگئی لاوروف\n' > "$tmp/a.tsv"
printf 'x-lavrov\tPERSON\tSergey Lavrov\tLavrov\n' > "$tmp/b.tsv"
got=$(printf 'لاوروف and Lavrov' | "$tagger" --no-default-gazetteer --no-model --no-topics -g "$tmp/a.tsv" -g "$tmp/b.tsv" | ents)
expect "extension: two lists, one kb_id" "0-6|لاوروف|PERSON|x-lavrov|a.tsv
11-17|Lavrov|PERSON|x-lavrov|b.tsv" "$(echo "$got" | sed 's#|[^|]*/\([ab]\.tsv\)$#|\1#')"
"$tagger" gazetteer compile "$tmp/a.tsv" "$tmp/b.tsv" -o "$tmp/ab.bin" 2>/dev/null
expect "extension: compiled together" "0" "$?"
printf 'x-lavrov\tORG\tSergey Lavrov\tLavrov\n' > "$tmp/c.tsv"
err=$("$tagger" gazetteer compile "$tmp/a.tsv" "$tmp/c.tsv" -o "$tmp/ac.bin" 2>&1)
expect "another label: duplicate" "3|tagger: error: $tmp/c.tsv:1:1: duplicate kb_id 'x-lavrov' (first defined at $tmp/a.tsv:1)" "$?|$err"
printf 'x-lavrov\tPERSON\tLavrov\tLavrov\n' > "$tmp/d.tsv"
"$tagger" gazetteer compile "$tmp/a.tsv" "$tmp/d.tsv" -o "$tmp/ad.bin" 2>/dev/null
expect "another name: duplicate" "3" "$?"
cat "$tmp/a.tsv" "$tmp/a.tsv" > "$tmp/aa.tsv"
"$tagger" gazetteer compile "$tmp/aa.tsv" -o "$tmp/aa.bin" 2>/dev/null
expect "same file: duplicate" "3" "$?"

# --- the generated English lists: every kb_id of the English lists is the slug scheme's
bad_ids=$(cut -f1 "$src"/gazetteers/en/*.tsv | grep -v '^#' | grep -cv '^[a-z0-9]\+\(-[a-z0-9]\+\)*$')
expect "en kb_ids are slugs" "0" "$bad_ids"
finish

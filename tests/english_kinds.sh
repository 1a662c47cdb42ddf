#!/usr/bin/env bash
# English names whose kind the lists or the guidelines decide (issue 21, docs/english.md
# "Products by their makers, institutions by their words, sponsors' contests", 2026-12-05,
# english15): a model span inside a listed product's longer name is the product, "Cabinet"
# and "Parliament" organizations, unlisted institutions by their last word (one name with a
# place or an organization right before them), an ORG before a contest's words the contest,
# a model ORG ending in a listed acronym the acronym, a listed club's town after "city of"
# the place, a club's town after a player's stint the club, clubs' nicknames.
# Exact spans, labels and kb_ids; every case fails with main 63f2c47's binary.
# Usage: english_kinds.sh TAGGER SRCDIR
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
# entities of the named labels as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields span text label kb_id |
        grep -E '\|(PERSON|ORG|GPE|LOC|FAC|NORP|PRODUCT|EVENT)\|'; }

# products named with their maker: the listed product whole, not the maker's ORG
expect "Nintendo DS, Half-Life 2" "13-24|Nintendo DS|PRODUCT|nintendo-ds
42-53|Half-Life 2|PRODUCT|half-life-2" "$(run 'It faces the Nintendo DS, while copies of Half-Life 2 circulated.')"
expect "Microsoft Windows, Boeing 777, Apple iPod" "23-40|Microsoft Windows|PRODUCT|microsoft-windows
46-56|Boeing 777|PRODUCT|boeing-777
75-85|Apple iPod|PRODUCT|ipod" "$(run 'It runs on versions of Microsoft Windows. The Boeing 777 freighter and the Apple iPod sold well.')"
# "Cabinet" with its capital is an organization; "Cabinet Office" stays the listed one, a
# "cabinet" in lower case is no name
expect "Cabinet" "6-13|Cabinet|ORG|
45-52|Cabinet|ORG|
69-83|Cabinet Office|ORG|cabinet-office" "$(run 'Other Cabinet ministers agreed, and he is in Cabinet and government. Cabinet Office staff and the cabinet met.')"
# so is "Parliament", but not in "the Houses of Parliament"
expect "Parliament" "3-11|Blunkett|PERSON|
20-30|Parliament|ORG|
35-44|Sheffield|GPE|sheffield-gb" "$(run 'Mr Blunkett entered Parliament for Sheffield in 1987. He had to wait to see the Houses of Parliament again.')"
# institutions by their last word, one name with the place or the firm before them; not a
# fund (a scheme)
expect "Low Pay Commission" "24-42|Low Pay Commission|ORG|" \
  "$(run 'Pay rises came from the Low Pay Commission which said jobs rose. Firms agreed.')"
expect "US Anti-Doping Agency" "29-50|US Anti-Doping Agency|ORG|" \
  "$(run 'Collins was suspended by the US Anti-Doping Agency last year. She will appeal.')"
expect "Verizon Wireless, Sony Pictures Entertainment" "0-16|Verizon Wireless|ORG|
21-48|Sony Pictures Entertainment|ORG|" "$(run 'Verizon Wireless and Sony Pictures Entertainment signed a deal.')"
# an ORG before a contest's words is the contest (MISC in CoNLL-2003 and the guidelines)
expect "RBS Six Nations, Barclays Premiership" "0-9|Wilkinson|PERSON|
24-39|RBS Six Nations|EVENT|
45-49|Owen|PERSON|
54-74|Barclays Premiership|EVENT|" "$(run 'Wilkinson will miss the RBS Six Nations, and Owen the Barclays Premiership.')"
# a model ORG ending in a listed organization's acronym, the whole no list's name, is the acronym
expect "Suffolk Coastal UKIP" "29-33|UKIP|ORG|uk-independence-party" \
  "$(run 'A meeting of Suffolk Coastal UKIP members is due to be held next week. Members will vote.')"
# a listed club's town after "city of" or "in" is the place (no kb_id: the places are many)
expect "city of Newcastle" "40-49|Newcastle|GPE|" "$(run 'He was given the freedom of the city of Newcastle on Monday.')"
expect "in Blackburn" "3-8|Straw|PERSON|
27-36|Blackburn|GPE|" "$(run 'Mr Straw told activists in Blackburn on Thursday that voters would decide.')"
# a club's town after a player's stint there is the club
expect "stint at Leeds" "47-52|Leeds|ORG|" "$(run 'He moved to City in 2003 after a poor stint at Leeds, and has battled back.')"
# clubs' nicknames (the lists' aliases) are the clubs
expect "Hammers, Pompey, Magpies" "7-14|Hammers|ORG|west-ham-united
20-28|Joe Cole|PERSON|
42-48|Pompey|ORG|portsmouth-fc
77-84|Magpies|ORG|newcastle-united" "$(run 'Former Hammers star Joe Cole watched. But Pompey chased and harried, and the Magpies manager was pleased.')"
finish

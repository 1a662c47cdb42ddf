#!/usr/bin/env bash
# English organizations by their words and their context, first names, and the links of
# CoNLL-induced short forms (issue 21, docs/english.md "Organizations by their words and
# context, first names, readable ids"): exact spans, labels and kb_ids.
# Usage: english_orgs.sh TAGGER SRCDIR
set -u
tagger=$1 src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
# entities of the named labels as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields span text label kb_id |
        grep -E '\|(PERSON|ORG|GPE|LOC|FAC)\|'; }

# a name ending in a firm's word is an ORG (ner_english.c company_words; was PERSON)
expect "firm's word" "14-30|Marwick Software|ORG|" "$(run 'Analysts said Marwick Software would cut 200 jobs.')"
# a company's context (company_context): "shares of X" (was GPE), "X's chief executive"
# (was nothing), "Analysts at X" (company_roles; was GPE); "Tokyo shares" is a market
expect "shares of X" "10-16|Garvin|ORG|
50-55|Tokyo|GPE|tokyo-jp" "$(run 'Shares of Garvin rose 3 percent on Tuesday, while Tokyo shares fell.')"
expect "X's chief executive" "0-7|Halcyon|ORG|" "$(run "Halcyon's chief executive resigned on Monday.")"
expect "Analysts at X" "12-23|Merriwether|ORG|" "$(run 'Analysts at Merriwether expect growth to slow.')"
# a firm's word after a listed firm: the span keeps it and is linked (ner.c; was unlinked)
expect "listed firm with its suffix" "0-15|Nortel Networks|ORG|nortel" \
  "$(run 'Nortel Networks warned on Thursday that sales would fall.')"
expect "listed firm with Inc" "0-10|Google Inc|ORG|google
42-56|Walt Disney Co|ORG|walt-disney" "$(run 'Google Inc said it would sell shares, and Walt Disney Co rose.')"
# a span right before a firm's word takes it (company_names; was "Barrett" PERSON), not
# when the name goes on
expect "firm's word after a span" "33-52|Barrett Corporation|ORG|" \
  "$(run 'Shares in its major shareholder, Barrett Corporation - which owns 46% of the airline - had dropped.')"
expect "firm's word inside a longer name" "50-59|Las Vegas|GPE|las-vegas" \
  "$(run 'Visitors crowded the Consumer Electronics Show in Las Vegas.')"
# an unlisted model place of a first name and a name is a person (first_name_person; Mick
# Mars was GPE), not a building ("Clarence House")
expect "first name" "19-29|Ron Artest|PERSON|
34-43|Mick Mars|PERSON|" "$(run 'Organisers invited Ron Artest and Mick Mars.')"
expect "first name before a building's word" "20-34|Clarence House|GPE|
38-44|London|GPE|london-gb" "$(run 'The Prince lives at Clarence House in London.')"
# a city named in a game's result is the team (sports_team; Chicago and the Leeds of "win
# at" were GPE); a national team stays a place (England: LOC in CoNLL), and so does a city
# in the same sentence out of the result.  A team named by its city is not linked to the city.
expect "club named by its city: ORG, not linked to the city" "0-7|Detroit|ORG|
14-21|Chicago|ORG|" "$(run 'Detroit edged Chicago in overtime.')"
expect "win at a city" "36-41|Leeds|ORG|" "$(run 'The visitors completed a 2-1 win at Leeds.')"
expect "national team" "0-7|England|LOC|england
13-21|Pakistan|GPE|pakistan" "$(run 'England beat Pakistan by 107 runs.')"
# readable ids and canonical entries for CoNLL-induced names (gazetteers/build/english.py):
# "Lord 's" is the ground (was lord-s; 2026-12-05, reader13: the FAC lords-cricket-ground of
# english-entities.txt, was CoNLL's LOC lords), HK and S. Korea the listed places (were hk, s-korea)
expect "induced name with 's" "0-7|England|LOC|england
18-24|Lord's|FAC|lords-cricket-ground" "$(run "England played at Lord's in front of a full house.")"
expect "HK, S. Korea" "10-12|HK|GPE|hong-kong
21-29|S. Korea|GPE|south-korea" "$(run 'Shares in HK fell as S. Korea rallied.')"
# AP state abbreviations and dotted postal codes (Ga was unlinked, N.J. was nj)
expect "US state abbreviations" "0-10|ALPHARETTA|GPE|
12-14|Ga|GPE|georgia-state-us
17-19|AP|ORG|associated-press
35-42|Trenton|GPE|
44-48|N.J.|GPE|new-jersey" "$(run 'ALPHARETTA, Ga. (AP) -- Doctors in Trenton, N.J., said the tests were useful.')"
expect "no state in lower case" "0" "$(run 'Ooh la la, the new computer is here.' | grep -c louisiana)"
finish

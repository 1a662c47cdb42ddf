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

# English documents run the English rules only; a numeric dateline date
# (2024/01/05) dates "yesterday" (docs/layout.md "Persian rules off English documents")
expect "a numeric dateline dates the document" "2024/01/05|DATE|2024-01-05|en.date.numeric
yesterday|DATE|2024-01-04|en.date.relative" \
    "$(printf 'LONDON, 2024/01/05 - The minister said yesterday that talks failed.' |
       "$tagger" --no-topics | entity_fields text label value rule | grep DATE)"
expect "(AP) credit" "0-10|WASHINGTON|GPE|washington-dc
12-14|AP|ORG|associated-press
22-28|Senate|ORG|us-senate
38-45|Tuesday|DATE|" "$(run 'WASHINGTON (AP) - The Senate voted on Tuesday to extend the programme.')"
expect "'AP -' credit opening the text" "0-2|AP|ORG|associated-press
15-23|Vodafone|ORG|vodafone
40-46|Friday|DATE|" "$(run 'AP - Shares of Vodafone fell sharply on Friday.')"
expect "a CoNLL-induced surname is its induced full name's entry" "19-25|Arafat|PERSON|yasser-arafat
30-39|Milosevic|PERSON|slobodan-milosevic" \
    "$(run 'Palestinian leader Arafat met Milosevic.' | grep -v NORP)"
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
# a feed's credit printed twice (rules/en/credits.rules en.org.feed, en.org.feed_lead):
# an organization even unlisted, and it wins over the model (priority 100)
runs() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields span text label kb_id source rule; }
expect "feed credit, unlisted" "28-38|Widgetwire|ORG||rule|en.org.feed
40-50|Widgetwire|ORG||rule|en.org.feed_lead
86-93|Tuesday|DATE||rule|en.date.weekday" \
  "$(runs 'Prices slide on rate fears (Widgetwire) Widgetwire - Prices of shares fell sharply on Tuesday.')"
expect "feed credit, listed" "38-47|InfoWorld|ORG|infoworld|gazetteer|en.org.feed
49-58|InfoWorld|ORG|infoworld|gazetteer|en.org.feed_lead" \
  "$(runs 'Gluecode delivers open source engine (InfoWorld) InfoWorld - Hoping to put its name on the map.')"
expect "dateline place and listed credit" "0-7|ATLANTA|GPE|atlanta
9-23|Sports Network|ORG|the-sports-network
27-42|Ismail Muhammad|PERSON|" "$(run 'ATLANTA (Sports Network) - Ismail Muhammad scored a team-high 14 points.')"
# a capitalized listed ORG stays where the model found nothing (tagger/ner.c listed_org), not
# inside a longer capitalized name ("Nortel Open", "Fed Cup").  ("Orders at": after "Shares of"
# the entity is the model span that ner_english.c company_context adds.)
expect "listed organization" "10-16|Boeing|ORG|boeing|gazetteer|" \
  "$(runs 'Orders at Boeing rose after the Nortel Open, said the Fed Cup team.')"
# English (CoNLL): a model ORG on exactly a country is the country (a national team)
expect "country, not team" "9-15|CANADA|GPE|canada
21-27|PANAMA|GPE|panama
35-44|WORLD CUP|EVENT|fifa-world-cup
57-65|EDMONTON|GPE|edmonton-ca
68-75|Alberta|LOC|alberta
76-86|1996-08-31|DATE|
87-93|Canada|GPE|canada
99-105|Panama|GPE|panama
191-200|World Cup|EVENT|fifa-world-cup
204-210|Friday|DATE|" "$(run 'SOCCER - CANADA BEAT PANAMA 3-1 IN WORLD CUP QUALIFIER .
EDMONTON , Alberta 1996-08-31
Canada beat Panama 3-1 ( halftime 2-0 ) in their CONCACAF semifinal phase qualifying match for the 1998 World Cup on Friday .')"
# English: a model place after a ranking is the team (tagger/ner.c ranked_team)
expect "ranked team" "11-19|Illinois|ORG|
33-42|Wednesday|DATE|" "$(run 'Top-ranked Illinois won again on Wednesday.')"
expect "ranking, no team" "23-30|Britain|GPE|united-kingdom" "$(run 'The No. 1 priority for Britain is trade.')"
# a sentence in ordinary case is read as it is
expect "ordinary sentence untouched" "0-6|Toyota|ORG|toyota
11-16|Tokyo|GPE|tokyo-jp" "$(run 'Toyota, of Tokyo, said its plans were ready.')"
# the error classes of en-dev fixed on 2026-12-03 (docs/english.md "Error classes of en-dev")
expect "surname of a person named in full" "0-15|Dan Warmenhoven|PERSON|
37-39|HP|ORG|hewlett-packard
59-70|Warmenhoven|PERSON|" "$(run 'Dan Warmenhoven runs NetApp. Sun and HP were flat or down, Warmenhoven says.' | grep -v NetApp)"
expect "university by its team's name" "6-18|Georgia Tech|ORG|georgia-institute-of-technology
37-45|Saturday|DATE|" "$(run 'No. 3 Georgia Tech beat the Dukes on Saturday.')"
expect "state before a player's position (en.org.state_team)" "0-2|AP|ORG|associated-press
5-15|California|ORG|
28-41|Aaron Rodgers|PERSON|" "$(run 'AP - California quarterback Aaron Rodgers will enter the draft.')"
expect "state before men's basketball" "9-17|Illinois|ORG|" \
  "$(run "When the Illinois men's basketball team moved up, fans cheered.")"
expect "instrument codes and escaped markup" "0-8|NEW YORK|GPE|new-york-city
10-17|Reuters|ORG|reuters
21-32|Monsanto Co|ORG|monsanto
79-88|Wednesday|DATE|" "$(run 'NEW YORK (Reuters) - Monsanto Co. &lt;A HREF="x"&gt;MON.N&lt;/A&gt; (MON.N) on Wednesday said')"
expect "hyphenated surname" "3-14|Betts-Green|PERSON|" "$(run 'Mr Betts-Green resigned after being questioned.')"
expect "abbreviation of common words" "" "$(run 'The boxes work with digital video recorders (DVR) and broadband.')"
expect "title outside the name" "26-36|Judi Dench|PERSON|" "$(run 'He appeared opposite Dame Judi Dench in the film.')"
expect "Title Case headline with its credit" "15-20|Sudan|GPE|sudan
34-40|Darfur|GPE|darfur
48-55|Reuters|ORG|reuters" "$(run 'Blair Flies to Sudan to Press for Darfur Peace (Reuters)')"
expect "a listed country the model leaves out" "30-41|Philippines|GPE|philippines" \
  "$(run 'Storms kill nearly 340 in the Philippines.')"
expect "not inside a longer name" "24-30|Sunday|DATE|" "$(run 'He won the U.S. Open on Sunday.')"
# branch english5 (docs/english.md "More error classes of en-dev"): well-known people are
# canonical entries (gazetteers/build/english-names.txt), CoNLL-induced capitals are cities
expect "people of wire news linked" "0-10|Tony Blair|PERSON|tony-blair
15-27|Ariel Sharon|PERSON|ariel-sharon
32-46|Manmohan Singh|PERSON|manmohan-singh
50-56|London|GPE|london-gb" "$(run 'Tony Blair met Ariel Sharon and Manmohan Singh in London.')"
expect "induced capital is the city" "0-8|BELGRADE|GPE|belgrade
10-17|Reuters|ORG|reuters
21-27|Serbia|GPE|serbia" "$(run 'BELGRADE (Reuters) - Serbia said it would reply.')"
expect "induced name with the accents dropped" "0-6|Zurich|GPE|zurich-ch
11-17|GDANSK|GPE|gdansk-pl" "$(run 'Zurich and GDANSK were quiet.')"
expect "companies, not people" "0-10|Fannie Mae|ORG|fannie-mae
27-42|Franklin Raines|PERSON|
47-63|Juniper Networks|ORG|juniper-networks" \
  "$(run 'Fannie Mae chief executive Franklin Raines and Juniper Networks rose.')"
# tagger/ner.c dateline_place, place_after_in, speaker_not_place
expect "dateline before a dash" "0-7|HOUSTON|GPE|houston
14-28|Houston Astros|ORG|houston-astros" "$(run 'HOUSTON - The Houston Astros won again.')"
expect "place after 'in'" "42-46|Kent|GPE|kent-gb
50-54|1955|DATE|" "$(run 'The brewery was started by its founder in Kent in 1955.')"
expect "unlisted speaker" "35-44|Kostunica|PERSON|" "$(run 'We cannot work with such a person, Kostunica said.')"
expect "listed place before 'said' stays" "18-24|Grozny|LOC|grozny
47-52|Liege|GPE|" "$(run 'Troops will storm Grozny, a police official in Liege said.')"
# tagger/ner_english.c company_roles, surname_consistency (a word the model left out),
# storm_names; ner.c capitalized_alone reads a Title Case headline truecased
expect "after a company's role" "0-11|Fred Hasson|PERSON|
32-41|Metrojaya|ORG|
47-56|Al Breach|PERSON|
74-87|UBS Brunswick|ORG|" \
  "$(run 'Fred Hasson, chief executive of Metrojaya, and Al Breach, an economist at UBS Brunswick, spoke.')"
expect "storm names" "0-21|Tropical Storm Jeanne|EVENT|
33-39|Jeanne|EVENT|
58-64|Monday|DATE|" "$(run 'Tropical Storm Jeanne Kills 250. Jeanne was downgraded on Monday.')"
expect "listed organization opening a headline" "0-6|Boeing|ORG|boeing" \
  "$(run $'Boeing Competitors Protest Lockheed\n\nThe deal was signed.')"
# the word list is what tools/truecase/words.py makes of CoNLL train and the lists
train=$(dirname "$src")/shared/corpora/ner/en/conll2003/train.txt
if [ -f "$train" ]; then
  expect "truecase_words.h regenerates" "" \
    "$(/usr/bin/python3 "$src/tools/truecase/words.py" "$train" 2>/dev/null | diff - "$src/tagger/truecase_words.h")"
  # and the first names what tools/ner/first_names.py makes (ner_english.c first_name_person)
  expect "english_first_names.h regenerates" "" \
    "$(/usr/bin/python3 "$src/tools/ner/first_names.py" "$train" 2>/dev/null | diff - "$src/tagger/english_first_names.h")"
else
  echo "skipped: truecase_words.h and english_first_names.h checks (../shared CoNLL train not found)"
fi
finish

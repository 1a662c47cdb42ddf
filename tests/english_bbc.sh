#!/usr/bin/env bash
# British news' forms of organizations' names and the products named like firms (issue 21,
# docs/english.md "Organizations as British news writes them; products", 2026-12-04):
# acronyms written as words ("Nato", "Fifa", "Wada") in the lists and defined in the text,
# two case-sensitive aliases of one key both kept by the compiler, organizations of the
# lists (BT, Nokia, MTV, rugby clubs), listed products on the model's spans (Linux, Xbox)
# and a programme's name before an officer's noun.  Exact spans, labels and kb_ids; each
# case but three fails with main a0a2eac's binary and lists ("Wada" of the two aliases, which
# main kept, and the exclusions: "wada", Nasdaq).  The cases after "(2026-12-04, english11)":
# club towns, newspapers, awards, the BBC's stations, names' first and linked words
# (docs/english.md, "British news' clubs, papers, awards and cut names").
# Usage: english_bbc.sh TAGGER SRCDIR
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# entities of the named labels as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields span text label kb_id |
        grep -E '\|(PERSON|ORG|GPE|LOC|FAC|NORP|PRODUCT|EVENT)\|'; }

# the compiler keeps "=Wada" and "=WADA" of one entry (it kept the first of a key), each
# matching its own letters only
printf 'x-agency\tORG\tX Agency\t=Wada|=WADA\n' > "$tmp/g.tsv"
look() { "$tagger" gazetteer lookup --no-default-gazetteer -g "$tmp/g.tsv" "$1" | sed -n 2p; }
expect "=Wada beside =WADA: Wada" '[0,4) "Wada" ORG x-agency "X Agency" via alias "Wada" in '"${tmp##*/}"'/g.tsv' "$(look Wada)"
expect "=Wada beside =WADA: WADA" '[0,4) "WADA" ORG x-agency "X Agency" via alias "WADA" in '"${tmp##*/}"'/g.tsv' "$(look WADA)"
expect "=Wada beside =WADA: wada" "no entries" "$(look wada)"

# acronyms as British news writes them, from the lists' =NATO, =FIFA, =UNICEF, =WADA
expect "Fifa, Nato, Unicef" "20-24|Fifa|ORG|fifa
33-37|Nato|ORG|nato
53-59|Unicef|ORG|unicef" "$(run 'World football body Fifa and the Nato alliance asked Unicef for help.')"
expect "Wada" "4-28|World Anti-Doping Agency|ORG|world-anti-doping-agency
30-34|Wada|ORG|world-anti-doping-agency
49-53|Wada|ORG|world-anti-doping-agency" "$(run 'The World Anti-Doping Agency (Wada) will appeal. Wada wants a two-year ban.')"
# not Nasdaq (CoNLL train: the index, MISC)
expect "Nasdaq" "" "$(run 'The Nasdaq composite index fell 1%.')"

# an acronym in small letters defined after its name (Alva was a place and a person), and
# one after a hyphenated word
expect "(Alva)" "17-59|Association of Leading Visitor Attractions|ORG|
61-65|Alva|ORG|
80-84|Alva|ORG|" "$(run 'Figures from the Association of Leading Visitor Attractions (Alva) show a rise. Alva said visits rose by 5%.')"
expect "(Usada)" "17-49|United States Anti-Doping Agency|ORG|
51-56|Usada|ORG|" "$(run 'Officials of the United States Anti-Doping Agency (Usada) met on Monday.')"

# organizations of the lists the model missed or called a person
expect "BT, Nokia, MTV" "0-2|BT|ORG|bt-group
41-46|Nokia|ORG|nokia
51-54|MTV|ORG|mtv" "$(run 'BT is set to trial the technology, while Nokia and MTV signed a deal.')"
expect "rugby clubs" "0-7|Munster|ORG|munster-rugby
13-27|Paul O'Connell|PERSON|
33-38|Wasps|ORG|london-wasps" "$(run "Munster lock Paul O'Connell said Wasps were the better side.")"

# products on the model's spans (Linux was a place, Xbox and PSP firms)
expect "Linux" "8-13|Linux|PRODUCT|linux" "$(run 'Fans of Linux and Halo queued outside the shops.')"
expect "Xbox, PSP" "0-4|Sony|ORG|sony
14-18|Xbox|PRODUCT|xbox
27-30|PSP|PRODUCT|playstation-portable" "$(run 'Sony said the Xbox and the PSP sold well.')"
# a programme before an officer's noun is no organization (the officer rule made BBC text's
# "Big Brother spokeswoman" ORG)
expect "Big Brother spokeswoman" "2-13|Big Brother|PRODUCT|big-brother" \
  "$(run 'A Big Brother spokeswoman said the show would go on.')"
# (2026-12-04, english11) a club's town before a player's role or alone in parentheses in a
# squad list is the club; a country there is the national team (LOC), a town elsewhere a place
expect "club towns" "0-10|Gloucester|ORG|
19-28|Tom Brown|PERSON|
50-56|Ulster|ORG|ulster-rugby" "$(run 'Gloucester flanker Tom Brown missed training, and Ulster colleagues said he was fine.')"
expect "squad list" "11-18|J Smith|PERSON|
20-29|Leicester|ORG|
32-39|P Jones|PERSON|
41-47|Ulster|ORG|ulster-rugby" "$(run 'The squad: J Smith (Leicester), P Jones (Ulster).')"
expect "town as a place" "0-7|England|LOC|england
15-24|Tom Brown|PERSON|
37-46|Leicester|GPE|leicester-gb" "$(run 'England centre Tom Brown was born in Leicester.')"
# newspapers after a lower-case "the": the name without it; "Sunday Times" no weekday; the
# star in a document about space is no paper
expect "newspapers" "22-30|Guardian|ORG|
55-67|Sunday Times|ORG|the-times" "$(run 'The minister told the Guardian that he would stay, the Sunday Times reported.')"
expect "the Independent" "16-27|Independent|ORG|" "$(run 'He wrote in the Independent on Monday.')"
expect "the Sun, the star" "" "$(run 'Astronomers say the Sun will dim.')"
# awards are events, not people
expect "Oscar, Grammys" "11-16|Oscar|EVENT|academy-awards
46-53|Grammys|EVENT|grammy-awards" "$(run 'She won an Oscar for the role and went to the Grammys.')"
# the BBC's stations whole
expect "BBC Radio 4" "8-19|BBC Radio 4|ORG|bbc-radio
24-43|BBC Radio Five Live|ORG|bbc-radio" "$(run 'He told BBC Radio 4 and BBC Radio Five Live that the plan was dead.')"
# an institution's "The" opening a sentence is left out, a paper's kept
expect "The at a sentence's start" "4-33|National Union of Journalists|ORG|
56-65|The Times|ORG|" "$(run 'The National Union of Journalists said it would strike. The Times said so too.')"
# a sentence's first word that starts no name, a person's descriptor
expect "Rival, Singer" "6-10|Sony|ORG|sony
35-48|Courtney Love|PERSON|" "$(run 'Rival Sony said sales fell. Singer Courtney Love was in court.')"
# an institution's name cut at "for" or "and"
expect "Court of Arbitration for Sport" "24-54|Court of Arbitration for Sport|ORG|" \
  "$(run 'Both will appeal to the Court of Arbitration for Sport next week.')"
expect "Department of Work and Pensions" "13-44|Department of Work and Pensions|ORG|" \
  "$(run 'Staff at the Department of Work and Pensions were told on Monday.')"
# the Prime Minister's office by its street and number: places (FAC)
expect "Downing Street, Number 10" "2-16|Downing Street|FAC|downing-street
32-41|Number 10|FAC|downing-street
46-55|Whitehall|FAC|whitehall" "$(run 'A Downing Street spokesman said Number 10 and Whitehall agreed.')"
# a span across a possessive "'s" after a listed name is two; a name with its own "'s" stays
expect "the UK's Office of Fair Trading" "27-29|UK|GPE|united-kingdom
32-54|Office of Fair Trading|ORG|office-of-fair-trading" "$(run "The deal was backed by the UK's Office of Fair Trading.")"
expect "the BBC's Westminster Hour" "26-29|BBC|ORG|bbc
32-48|Westminster Hour|ORG|" "$(run "The minister spoke to the BBC's Westminster Hour on Sunday.")"
expect "Destiny's Child" "0-15|Destiny's Child|ORG|destinys-child" "$(run "Destiny's Child sang.")"
# tickers are no entities (en-dev's gold); an acronym after its name stays one
expect "tickers" "0-6|Pfizer|ORG|pfizer
40-49|Microsoft|ORG|microsoft" "$(run 'Pfizer (PFE) said on Friday it had sued Microsoft (Nasdaq: MSFT) in court.')"
expect "Corp. ticker, acronym" "0-19|Charles Schwab Corp|ORG|
35-57|Royal Bank of Scotland|ORG|royal-bank-of-scotland
59-62|RBS|ORG|royal-bank-of-scotland" "$(run 'Charles Schwab Corp. (SCH) and the Royal Bank of Scotland (RBS) fell.')"
# a club's town after a match word is the club; a town after "in" stays a place
expect "against Newport" "35-42|Newport|ORG|" "$(run "Our focus is Sunday's game against Newport.")"
expect "after beating Norwich" "0-8|Charlton|ORG|charlton-athletic
34-41|Norwich|ORG|" "$(run 'Charlton were happy after beating Norwich on Saturday.')"
# organizations the lists lacked; "Lions" in capitals only
expect "Novell, EDS, Lions" "0-6|Novell|ORG|novell
27-30|EDS|ORG|electronic-data-systems
42-47|Lions|ORG|british-and-irish-lions" "$(run 'Novell hired advisers from EDS before the Lions tour.')"
expect "lions in small letters" "" "$(run 'The lions at the zoo were fed.')"
# a Title Case headline's ORG ends where the article writes the name
expect "headline Dodgers Nip Giants" "0-7|Dodgers|ORG|los-angeles-dodgers
42-49|Dodgers|ORG|los-angeles-dodgers
59-65|Giants|ORG|" "$(run "$(printf 'Dodgers Nip Giants in Crucial Series\n\nThe Dodgers beat the Giants on Sunday.')")"
# a name after "Mr", "Mrs", "Ms" is a person; after a noun of a work's kind, the title
expect "Ms Essex" "3-8|Essex|PERSON|" "$(run 'Ms Essex said the council would get more money.')"
expect "drama Vera Drake, film Amelie" "32-42|Vera Drake|PRODUCT|
56-62|Amelie|PRODUCT|" "$(run 'She starred in the gritty drama Vera Drake and the film Amelie.')"
expect "thriller Constantine, a listed place" "0-12|Keanu Reeves|PERSON|keanu-reeves
22-33|Constantine|PRODUCT|" "$(run 'Keanu Reeves thriller Constantine dropped a place to three.')"
# the singular "Liberal Democrat" / "Lib Dem" before a noun is the party's adjective (NORP,
# with the party's entry since english17)
expect "Lib Dem leader, the Liberal Democrats" "0-16|Liberal Democrat|NORP|liberal-democrats
24-39|Charles Kennedy|PERSON|charles-kennedy
51-58|Lib Dem|NORP|liberal-democrats
85-102|Liberal Democrats|ORG|liberal-democrats" "$(run 'Liberal Democrat leader Charles Kennedy said so. A Lib Dem spokesman agreed, but the Liberal Democrats have not.')"
# Christmas, where the model tags it, is an event, not a place
expect "ahead of Christmas" "25-34|Christmas|EVENT|christmas" \
  "$(run "$(printf 'Toy sales surge ahead of Christmas\n\nToy sales rose sharply in November.')")"
# a hyphenated surname alone after its full name is that person, also in a list with an
# organization and beside a model ORG with the same words ("Whitley -Browne", mistyped)
expect "Hartley-Moss, UKIP and the Greens" "11-28|Jane Hartley-Moss|PERSON|
53-65|Hartley-Moss|PERSON|
67-71|UKIP|ORG|uk-independence-party
80-86|Greens|ORG|greens
93-105|Hartley-Moss|PERSON|" "$(run 'Former MEP Jane Hartley-Moss spoke on Monday. I hope Hartley-Moss, UKIP and the Greens lose. Hartley-Moss said no.')"
expect "Whitley-Browne beside a mistyped ORG" "0-6|Labour|NORP|labour-party
10-30|Peter Whitley-Browne|PERSON|
45-60|Whitley -Browne|ORG|
89-103|Whitley-Browne|PERSON|" "$(run 'Labour MP Peter Whitley-Browne resigned. The Whitley -Browne campaign began. Voters said Whitley-Browne lost.')"
# a place of the model on a listed firm's name is the firm before "'s" and after "like";
# after "the" it stays the place
expect "Amazon's, like Amazon, the Amazon's" "9-15|Amazon|ORG|amazon
68-74|Amazon|ORG|amazon
91-97|Amazon|GPE|" "$(run "Sales at Amazon's music store rose, and small shops fear sites like Amazon. Logging in the Amazon's forests goes on.")"
expect "Amazon 's, spaced as AG News" "22-28|Amazon|ORG|amazon" "$(run "the lesson of A9.com, Amazon 's intriguing new search site.")"
finish

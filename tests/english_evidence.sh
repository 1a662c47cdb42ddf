#!/usr/bin/env bash
# English organizations and people from the document's own evidence (issue 21,
# docs/english.md "Organizations from the document's evidence"): a kind-of-organization
# noun before a name, acronyms defined in parentheses, a name the document gives as an
# organization elsewhere, middle initials, a capitalized "The", "the Bush administration",
# party adjectives, clubs before a player's position.  Exact spans, labels and kb_ids; each
# case but the exclusions fails with the binary and lists before the change.
# Usage: english_evidence.sh TAGGER SRCDIR
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
# entities of the named labels as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields span text label kb_id |
        grep -E '\|(PERSON|ORG|GPE|LOC|FAC|NORP)\|'; }

# a name after a noun saying what kind of organization it is (company_descriptors; Kidde was
# not found, Tatneft and Sendo were PERSON, Telenor is found only so; Sibneft and Orange,
# the first names here, are listed since english10), and the name's other mentions
# (org_consistency)
expect "oil giant X" "0-7|Russian|NORP|russia-norp
18-25|Tatneft|ORG|" "$(run 'Russian oil giant Tatneft said on Tuesday that it would pay the tax bill.')"
expect "maker X" "0-2|UK|GPE|united-kingdom
24-29|Kidde|ORG|" "$(run 'UK fire equipment maker Kidde agreed to the takeover.')"
expect "carrier X at a sentence's start" "15-22|Telenor|ORG|" \
  "$(run 'Mobile carrier Telenor is rolling out its own push-to-talk service.')"
expect "manufacturer X, and X again" "19-24|Sendo|ORG|
74-79|Sendo|ORG|" "$(run 'Phone manufacturer Sendo said on Monday that the case was settled. Later, Sendo thanked its staff.')"
# not a firm: "money lender" is a trade; a hyphenated name cut by the tokenizer is left alone
expect "money lender X" "60-66|Venice|GPE|venice" \
  "$(run 'The play echoed the money lender Shylock in the Merchant of Venice.')"
expect "maker X-Y" "" "$(run 'Consumer products maker Colgate-Palmolive said today it would cut jobs.')"

# an acronym defined after its organization's name (acronym_definitions; "Advanced Medical"
# was cut, and linked to the CoNLL-induced advanced-medical), and the link it shares with
# the name (link.c; AIHRC was unlinked)
expect "acronym grows the name" "45-68|Advanced Medical Optics|ORG|
70-73|AMO|ORG|" "$(run 'The firm sold its medical device business to Advanced Medical Optics (AMO) last year.')"
expect "acronym shares the name's link" "4-51|Afghanistan Independent Human Rights Commission|ORG|afghanistan-independent-human-rights-commission
53-58|AIHRC|ORG|afghanistan-independent-human-rights-commission
96-101|AIHRC|ORG|afghanistan-independent-human-rights-commission" \
  "$(run 'The Afghanistan Independent Human Rights Commission (AIHRC) said on Monday that 40 people died. AIHRC officials visited the area.')"

# a middle initial (middle_initials; "George" was the South African town george-za); linked
# since english17 ("George W Bush" an alias of george-w-bush)
expect "George W Bush" "64-77|George W Bush|PERSON|george-w-bush" \
  "$(run "Investors are concerned about the deficits and are betting that George W Bush's administration will allow the dollar to weaken.")"
expect "no person before a prize's word" "33-41|Ansari X|ORG|" \
  "$(run 'Rocketeers are competing for the Ansari X Prize this year.')"

# a capitalized "The" inside a sentence is in the ORG's name, which keeps its link (was
# "Coca-Cola Co"); a listed ORG after a quote's "The" stays (was not found)
expect "The in a name" "49-65|The Coca-Cola Co|ORG|coca-cola" \
  "$(run 'The board has again sought to have the claims by The Coca-Cola Co dismissed.')"
expect "The Tories" "38-44|Tories|ORG|conservative-party" \
  "$(run '"Families are worried," he said. "The Tories, he said, can cut crime."')"

# "the Bush administration": a person (was not found), George W. Bush since reader9 (a lone
# "Bush" on the model's span, no other full name ending in it: link=surname); a party before a
# noun of its politics is its adjective (was ORG labour-party; NORP with the party's entry since english17)
expect "the X administration" "41-45|Bush|PERSON|george-w-bush" \
  "$(run "A Nobel laureate said on Monday that the Bush administration's limits were wrong.")"
expect "party adjective" "33-39|Labour|NORP|labour-party
70-76|Howard|PERSON|" "$(run 'He distanced himself from recent Labour campaign posters featuring Mr Howard.')"

# an unlisted name ending in "Bank" is an ORG (was GPE); a listed city before a player's
# position or "fans" is the team (Alabama was GPE alabama); a firm's "of" place stays
expect "X Bank" "56-70|Investors Bank|ORG|
74-80|Boston|GPE|boston" "$(run 'The dollar rose, said a director of foreign exchange at Investors Bank in Boston.')"
expect "state's fans" "0-10|Portsmouth|ORG|
19-33|Harry Redknapp|PERSON|
45-52|Alabama|ORG|" "$(run 'Portsmouth manager Harry Redknapp was angry. Alabama fans were not.')"
expect "firm of a country" "3-8|Smith|PERSON|
24-38|Kia Motor Corp|ORG|
42-53|South Korea|GPE|south-korea" "$(run 'Mr Smith worked for the Kia Motor Corp of South Korea until 1999.')"
finish

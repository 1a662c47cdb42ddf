#!/usr/bin/env bash
# English organizations named beside other organizations or their officers (issue 21,
# docs/english.md "Organizations in lists, before their officers, after more kind nouns"):
# a name in a coordinated list with a listed organization, a name before "CEO",
# "spokesman", "chief executive" ..., a name after "watchdog", "charity" ...  Exact spans,
# labels and kb_ids; each case but the exclusions fails with the binary before the change
# (the Premiership and platform cases: before english9's guards, docs/english.md).
# Usage: english_lists.sh TAGGER SRCDIR
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
# entities of the named labels as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics | entity_fields span text label kb_id |
        grep -E '\|(PERSON|ORG|GPE|LOC|FAC|NORP)\|'; }

# a name in a list with a listed organization (tg_en_coordinated_orgs; Tellabs and Sun were
# not found)
expect "X, Y and Z" "18-23|Intel|ORG|intel
25-32|Tellabs|ORG|
37-42|Zhone|ORG|" "$(run 'Suppliers such as Intel, Tellabs and Zhone cut their forecasts on Monday.')"
expect "X and Y" "28-35|Brocade|GPE|
52-55|Sun|ORG|
60-62|HP|ORG|hewlett-packard" "$(run 'Demand explains why EMC and Brocade were up and why Sun and HP were flat.')"
# not when another name of the list is of another kind, nor when "and" is inside a name (the
# whole name since english11's linked_names; the model cut it at "and" before)
expect "a person in the list" "23-32|Microsoft|ORG|microsoft
37-49|Kerry Packer|PERSON|" "$(run 'The deal was backed by Microsoft and Kerry Packer on Monday.')"
expect "a listed country in the list" "13-22|Microsoft|ORG|microsoft
27-34|Germany|GPE|germany" "$(run 'Exports from Microsoft and Germany rose in May.')"
expect "a place beside a club's town" "0-7|Charles|PERSON|
14-20|Alsace|GPE|
25-35|Strasbourg|ORG|strasbourg
39-45|France|GPE|france" "$(run 'Charles ceded Alsace and Strasbourg to France.')"
expect "Ministry of X and Y" "4-41|Ministry of Foreign Affairs and Trade|ORG|" \
  "$(run 'The Ministry of Foreign Affairs and Trade said today that talks went well.')"
expect "X and Y Board" "31-60|Test and County Cricket Board|ORG|" \
  "$(run 'The match was confirmed by the Test and County Cricket Board on Friday.')"
# not a name modifying an apposition's noun (a competition: "Premiership leaders Chelsea"),
# nor the platforms of "X for Y, X for Z and X for W" (Premiership and Mac were ORG before;
# only the ORG spans of the Skype line: the model calls "Linux" a person there)
expect "X and Y leaders Z" "8-25|Manchester United|ORG|manchester-united-fc
50-57|Chelsea|ORG|chelsea-fc" \
  "$(run 'Holders Manchester United and Premiership leaders Chelsea both face difficult away ties.')"
expect "X for Y, X for Z and X for W" "0-5|Skype|ORG|skype
19-24|Skype|ORG|skype
37-42|Skype|ORG|skype" \
  "$(run 'Skype for Windows, Skype for Mac and Skype for Linux are free.' | grep '|ORG|')"

# a name before its officers (tg_en_officer_orgs; Halvorsen and Ofcab were not found)
expect "X CEO" "18-27|Halvorsen|ORG|
32-43|Jane Miller|PERSON|" "$(run 'Shares rose after Halvorsen CEO Jane Miller resigned.')"
expect "X spokesman at a sentence's start" "0-5|Ofcab|ORG|
16-26|Rob Dwight|PERSON|" "$(run 'Ofcab spokesman Rob Dwight said: "Phone companies must act."')"
# not a party, an organization's word alone, nor the last word of a longer name
expect "Tory spokesman" "15-26|David Davis|PERSON|" "$(run 'Tory spokesman David Davis said the plan would fail.')"
expect "Committee chairman" "19-29|Alan Beith|PERSON|" "$(run 'Committee chairman Alan Beith said the report was late.')"
expect "X for Y and Z spokeswoman" "" \
  "$(run 'A Department for Media, Culture and Sport spokeswoman said: "We are aware of it."')"

# a name after more nouns of an organization's kind (company_descriptors; not found before)
expect "watchdog X" "62-70|Spamhaus|ORG|" \
  "$(run 'The company was named a top spammer by the junk mail watchdog Spamhaus last year.')"
expect "the charity X" "27-33|Mencap|ORG|" "$(run 'Proceeds go to the charity Mencap, the organisers said.')"
expect "broadcaster X is a person" "33-47|Cyril Fletcher|PERSON|" \
  "$(run 'Veteran comedian and broadcaster Cyril Fletcher has died aged 91.')"
finish

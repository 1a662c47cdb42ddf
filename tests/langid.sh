#!/bin/bash
# Language identification (docs/langid.md): each case of tests/langid/cases.tsv
# gives its language; --lang forces one; an Arabic text is not "fa".
set -u
tagger=$1; src=$2
. "$src/tests/lib.sh"
while IFS=$'\t' read -r want text; do
  case $want in '#'*|'') continue ;; esac
  got=$(printf '%s' "$text" | "$tagger" --no-default-gazetteer --no-default-rules --no-model --no-topics |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["lang"])')
  expect "lang of '$text'" "$want" "$got"
done < "$src/tests/langid/cases.tsv"
out=$(printf 'Ein Treffen am Montag' | "$tagger" --lang-evidence --no-topics)
expect "evidence" '{"lang_evidence":{"script":"Latn","letters":18,"script_letters":18,"function_words":2,"scores":{"de":3.01,"en":2.24}},"lang":"de","topics":[],"entities":[]}' "$out"
out=$(printf 'Ein Treffen am Montag' | "$tagger" --lang und --no-topics --lang-evidence)
case $out in *'"forced":true},"lang":"und",'*) ok ;; *) bad "forced und: $out" ;; esac
printf x | "$tagger" --lang EN >/dev/null 2>"$tmp/err"; expect "--lang EN exit" 2 $?
out=$(printf '{"id":1,"text":"Ein Treffen am Montag"}\n' | "$tagger" --jsonl -q --no-topics --lang de)
expect "bulk --lang" '{"id":1,"lang":"de","topics":[],"entities":[]}' "$out"
# the English failures of issue 21: values by en.* rules, no fa.* rule on English
ents() { printf '%s' "$1" | "$tagger" --no-topics |
  python3 -c 'import json, sys; print(" ".join("%s/%s/%s/%s" % (e["text"], e["label"], e.get("value"), e.get("rule")) for e in json.load(sys.stdin)["entities"]))'; }
expect '$12bn' '$12bn/MONEY/12000000000 USD/en.money.sign' "$(ents 'It paid $12bn.')"
expect '€40m' '€40m/MONEY/40000000 EUR/en.money.sign' "$(ents 'A fine of €40m was set.')"
expect '$3tn, £500k' '$3tn/MONEY/3000000000000 USD/en.money.sign £500k/MONEY/500000 GBP/en.money.sign' "$(ents 'Debt hit $3tn and fees £500k.')"
expect 'EUR 40 million' 'EUR 40 million/MONEY/40000000 EUR/en.money.code' "$(ents 'It lent EUR 40 million to them.')"
expect 'in November' 'November/DATE/None/en.date.month_alone' "$(ents 'The talks resume in November.')"
expect 'weekday' 'Monday/DATE/None/en.date.weekday' "$(ents 'They met on Monday.')"
expect 'German' '' "$(ents 'Ein Treffen am Montag')"
# a leading symbol is not pulled into a gazetteer name.  (Until 2026-12-03,
# third pass, these sentences were identified as Dutch and the English model
# did not run; it does now, and it still gives the span "★ Lavrov" — as on
# "★ Lavrov met Blinken in Malta on Thursday." before: an NER span bug, not
# langid's, left to the entity model's owner.  So the gazetteer path alone.)
nomodel() { printf '%s' "$1" | "$tagger" --no-topics --no-model |
  python3 -c 'import json, sys; print(" ".join("%s/%s/%s" % (e["text"], e["label"], e.get("kb_id")) for e in json.load(sys.stdin)["entities"]))'; }
expect '★ Lavrov' 'Lavrov/PERSON/sergey-lavrov' "$(nomodel '★ Lavrov met Blinken.' | cut -d' ' -f1)"
expect '😀 Lavrov' 'Lavrov/PERSON/sergey-lavrov' "$(nomodel '😀 Lavrov met Blinken.' | cut -d' ' -f1)"
# a long document is read only until its language is settled (docs/langid.md,
# "Cost"): 85 of the 9,040 bytes' letters for Persian, 146 for Arabic
long() { for i in $(seq 40); do printf '%s' "$1"; done |
  "$tagger" --lang-evidence --no-topics --no-default-gazetteer --no-default-rules --no-model; }
expect 'long fa' '{"lang_evidence":{"script":"Arab","letters":85,"script_letters":85,"function_words":6,"scores":{"fa":7.20,"ur":1.00}},"lang":"fa","topics":[],"entities":[]}' \
  "$(long 'به گزارش خبرگزاری فارس، وزیر امور خارجه ایران روز دوشنبه در تهران با همتای خود دیدار کرد و درباره روابط دو کشور گفت‌وگو کرد. ')"
expect 'long ar' '{"lang_evidence":{"script":"Arab","letters":146,"script_letters":146,"function_words":7,"scores":{"ar":16.50,"fa":2.05}},"lang":"ar","topics":[],"entities":[]}' \
  "$(long 'قال وزير الخارجية الإيراني يوم الاثنين في طهران إن العلاقات بين البلدين جيدة، وأضاف أن الحكومة ستواصل المحادثات. ')"
# a short one is read whole, trigrams and all: "Ein Treffen am Montag" above
finish

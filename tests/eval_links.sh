#!/usr/bin/env bash
# `tagger eval --links`: exact output on a small fixture (own gazetteer, no
# model, no rules), usage and I/O errors, the expected kb_ids of
# data/links/fa-dev.tsv against the compiled default gazetteer, and the
# summary line on the real set (skipped when ../shared is absent).
# Usage: eval_links.sh TAGGER SRCDIR GAZETTEER_BIN
set -u
tagger=$(realpath "$1") src=$(realpath "$2") gaz=$(realpath "$3")
. "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1

# -- the fixture: two JSONL documents (line 1 and 3) and a PEYMA file
printf 'russia\tGPE\tRussia\tروسیه|کشور روسیه\ntehran\tGPE\tTehran\tتهران\nali-motahari\tPERSON\tAli Motahari\tمطهری|علی مطهری\nkayhan\tORG\tKayhan\tکیهان\n' >g.tsv
printf '{"text": "سفر به کشور روسیه و تهران. مطهری گفت."}\n\n{"text": "گیلان و کیهان و حسینی"}\n' >d.jsonl
printf 'به\tO\r\nروسیه\tB-LOC\r\nرفت\tO\r\n' >p.txt
cat >links.tsv <<'TSV'
# source	doc	start	end	text	label	kb_id	note
d.jsonl	1	7	17	کشور روسیه	GPE	russia	
d.jsonl	1	20	25	تهران	GPE	tehran
d.jsonl	1	27	32	مطهری	PERSON	morteza-motahhari	not Ali
d.jsonl	3	0	5	گیلان	GPE	gilan-province
d.jsonl	3	8	13	کیهان	ORG	NIL
d.jsonl	3	16	21	حسینی	PERSON	NIL
p.txt	1	3	8	روسیه	GPE	russia	a PEYMA file
p.txt	1	0	2	رفت	GPE	NIL
d.jsonl	9	0	2	سف	GPE	NIL
d.jsonl	1	0	GPE	NIL
TSV
run() { "$tagger" eval --links links.tsv --corpus-root . --no-default-gazetteer -g g.tsv \
  --no-model --no-default-rules "$@"; }
run --errors 5 >out 2>err; expect "fixture exit" 0 $?
expect "fixture table" "links: links.tsv: mentions 7 (NIL 2), documents 3, not scored 2, malformed lines 1

label      gold    NIL  linked  right NIL-kb    link%   acc% right%
GPE           4      0       3      3      0    75.00 100.00  75.00
ORG           1      1       0      0      1     0.00   0.00   0.00
PERSON        2      1       1      0      0   100.00   0.00   0.00
all           7      2       4      3      1    80.00  60.00  60.00

linking accuracy: 60.00% (3 right of 5 linked, NIL mentions given a kb_id included)
accuracy over non-NIL mentions: 60.00% (3 of 5)
PERSON/GPE/ORG non-NIL mentions linked: 80.00% (4 of 5)

wrong kb_id: 1 (count, label, text, expected -> got | context)
      1  PERSON  مطهری  morteza-motahhari -> ali-motahari  | سفر به کشور روسیه و تهران. [[مطهری]] گفت.

NIL mentions given a kb_id: 1 (count, label, text, expected -> got | context)
      1  ORG  کیهان  NIL -> kayhan  | گیلان و [[کیهان]] و حسینی

not linked: 1 (count, label, text, expected -> got | context)
      1  GPE  گیلان  gilan-province -> -  | [[گیلان]] و کیهان و حسینی" "$(cat out)"
expect "fixture reports" "links.tsv:11: expected 7 or 8 TAB-separated fields
links.tsv:10: not scored: no such document in d.jsonl
links.tsv:9: not scored: the text at 0-2 is 'به', not 'رفت'" "$(cat err)"

run --quiet >out 2>err; expect "quiet exit" 0 $?
expect "quiet: no reports" "" "$(cat err)"
expect "no --errors: no lists" 0 "$(grep -c 'not linked:' out)"

run --json --quiet --errors 1 >out; expect "json exit" 0 $?
grep -q '"all":{"gold":7,"nil":2,"linked":4,"right":3,"nil_linked":1,"linked_share":0.8,"accuracy":0.6,"accuracy_non_nil":0.6}' out \
  && ok || bad "json totals: $(cat out)"
grep -q '"person_gpe_org":{"gold":7,' out && ok || bad "json person_gpe_org: $(cat out)"
grep -q '"wrong":\[{"text":"مطهری","label":"PERSON","expected":"morteza-motahhari","got":"ali-motahari","count":1,' out \
  && ok || bad "json errors: $(cat out)"

# -- a country inside a longer entity counts through the entity's places (a list named countries*)
printf 'iran\tGPE\tIran\tایران\n' >countries-x.tsv
printf 'iran-police\tORG\tPolice of Iran\tپلیس ایران\n' >o.tsv
printf '{"text": "پلیس ایران گفت"}\n' >n.jsonl
printf 'n.jsonl\t1\t5\t10\tایران\tGPE\tiran\n' >nested.tsv
"$tagger" eval --links nested.tsv --corpus-root . --no-default-gazetteer -g countries-x.tsv -g o.tsv \
  --no-model --no-default-rules >out 2>err
expect "nested place: linked right" "all           1      0       1      1      0   100.00 100.00 100.00" "$(grep '^all' out)"
cp countries-x.tsv x.tsv
"$tagger" eval --links nested.tsv --corpus-root . --no-default-gazetteer -g x.tsv -g o.tsv \
  --no-model --no-default-rules >out 2>err
expect "nested: another list's GPE is no place (the ORG's link is wrong)" \
  "all           1      0       1      0      0   100.00   0.00   0.00" "$(grep '^all' out)"

# -- CRLF line ends; an empty file
printf 'd.jsonl\t1\t7\t17\tکشور روسیه\tGPE\trussia\r\n' >crlf.tsv
"$tagger" eval --links crlf.tsv --corpus-root . --no-default-gazetteer -g g.tsv --no-model >out 2>err
expect "crlf exit" 0 $?
expect "crlf row" "all           1      0       1      1      0   100.00 100.00 100.00" "$(grep '^all' out)"
: >empty.tsv
"$tagger" eval --links empty.tsv --corpus-root . --no-default-gazetteer -g g.tsv --no-model >out 2>err
expect "empty exit" 0 $?
expect "empty summary" "links: empty.tsv: mentions 0 (NIL 0), documents 0, not scored 0, malformed lines 0" "$(head -1 out)"

# -- usage and I/O errors
"$tagger" eval --links links.tsv --gold p.txt >out 2>err; expect "links with gold exit" 2 $?
expect "links with gold message" "tagger: error: --links takes no --gold, --gold-list, --predictions, --labels, --map or --format" "$(cat err)"
"$tagger" eval --links links.tsv --labels GPE >out 2>err; expect "links with labels exit" 2 $?
run --corpus-root ./nowhere >out 2>err; expect "missing source exit" 2 $?
grep -q 'nowhere/d.jsonl' err && ok || bad "missing source message: $(cat err)"
run --links nothing.tsv >out 2>err; expect "missing gold exit" 2 $?

# -- every non-NIL expected kb_id exists in the compiled gazetteer, except
#    the known gaps listed in data/links/kb-missing.txt (kept exact)
"$tagger" gazetteer export "$gaz" --format csv | cut -d, -f1 | sort -u >ids
awk -F'\t' '!/^#/ && NF >= 7 && $7 != "NIL" {print $7}' "$src/data/links/fa-dev.tsv" | sort -u >expected
comm -23 expected ids >missing
grep -v '^#' "$src/data/links/kb-missing.txt" | sort -u >known
expect "expected kb_ids missing from the gazetteer (update data/links/kb-missing.txt)" \
  "$(cat known)" "$(cat missing)"

# -- the real set
if [ -d "$src/../shared/corpora/ner/fa/peyma" ]; then
  "$tagger" eval --links "$src/data/links/fa-dev.tsv" --corpus-root "$src/../shared" >out 2>err
  expect "fa-dev exit" 0 $?
  expect "fa-dev summary" "links: $src/data/links/fa-dev.tsv: mentions 647 (NIL 141), documents 48, not scored 0, malformed lines 0" "$(head -1 out)"
  expect "fa-dev reports" "" "$(cat err)"
  # floors at the figures of 2026-12-05 (docs/linking.md, reader10: a country inside an ORG
  # counts through the ORG's places): 95.96% accuracy, 451 right of 506 non-NIL mentions
  # (89.13%), 90.06% linked.  The linked share counts wrong links too.
  acc=$(sed -n 's/^linking accuracy: \([0-9.]*\)%.*/\1/p' out)
  right=$(sed -n 's/^accuracy over non-NIL mentions: \([0-9.]*\)%.*/\1/p' out)
  share=$(sed -n 's/^PERSON\/GPE\/ORG non-NIL mentions linked: \([0-9.]*\)%.*/\1/p' out)
  awk -v a="$acc" 'BEGIN{exit !(a != "" && a >= 95.95)}' && ok || bad "fa-dev linking accuracy $acc% under the 95.95% floor"
  awk -v r="$right" 'BEGIN{exit !(r != "" && r >= 89.1)}' && ok || bad "fa-dev right links $r% under the 89.1% floor"
  awk -v s="$share" 'BEGIN{exit !(s != "" && s >= 90.0)}' && ok || bad "fa-dev linked share $share% under the 90.0% floor"
else
  echo "skipped the fa-dev run: ../shared not found"
fi
finish

#!/usr/bin/env bash
# `tagger gazetteer export`, read back by tests/export_readers.py the way
# spaCy's EntityRuler, CoreNLP's RegexNER and GATE's gazetteer read it:
# ambiguous aliases («از» the town, «کرد» "did") tag nothing unless asked
# for, case-sensitive aliases (=US) stay exact while the others ignore
# case, Persian multi-word aliases match; the same on the default
# gazetteer.  And every `tagger gazetteer` subcommand answers --help.
# Usage: gazetteer_export.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"
read_back() { python3 "$src/tests/export_readers.py" "$@" < "$tmp/sentences"; }

# --- --help and -h: exit 0, usage on standard output, nothing on standard error
for sub in "" compile validate lookup stats export; do
    for h in --help -h; do
        out=$("$tagger" gazetteer $sub $h 2>"$tmp/err"); rc=$?
        expect "gazetteer $sub $h: exit" 0 $rc
        case $out in "Usage: tagger gazetteer ${sub:-COMMAND}"*) ok ;; *) bad "gazetteer $sub $h: stdout [$out]" ;; esac
        expect "gazetteer $sub $h: stderr" "" "$(cat "$tmp/err")"
    done
done
out=$("$tagger" gazetteer export --help)
case $out in *"phrase_matcher_attr=\"LOWER\""*"--ambiguous WHICH"*) ok ;; *) bad "export --help: $out" ;; esac
"$tagger" gazetteer >/dev/null 2>"$tmp/err"; expect "gazetteer alone: exit" 2 $?
case $(cat "$tmp/err") in "Usage: tagger gazetteer COMMAND"*) ok ;; *) bad "gazetteer alone: $(cat "$tmp/err")" ;; esac
"$tagger" gazetteer export x.tsv --format csv --ambiguous maybe 2>"$tmp/err"; expect "--ambiguous maybe: exit" 2 $?
expect "--ambiguous maybe: message" \
    "tagger: error: gazetteer export: --ambiguous: expected omit, include or only, got 'maybe'" "$(cat "$tmp/err")"

# --- a small list: the same sentences through each target
cat > "$tmp/list.tsv" <<'TSV'
tel-aviv	GPE	Tel Aviv	تل‌آویو|Tel Aviv
united-states	GPE	United States	آمریکا|=US|=U.S.
of-tr	GPE	Az	?از
kurds	NORP	Kurds	کردها|?کرد
zurich	GPE	Zürich	زوریخ
united-nations	ORG	United Nations	سازمان ملل متحد|سازمان ملل
TSV
cat > "$tmp/sentences" <<'TXT'
The US and us went to TEL AVIV and Zürich, then ZÜRICH.
او از تل‌آویو رفت و این کار را کرد.
کردها و نماینده سازمان ملل متحد
TXT
l1_case='4-6:GPE:US:united-states;22-30:GPE:TEL AVIV:tel-aviv;35-41:GPE:Zürich:zurich;48-54:GPE:ZÜRICH:zurich'
l2_none='6-13:GPE:تل‌آویو:tel-aviv'
l2_amb='3-5:GPE:از:of-tr;6-13:GPE:تل‌آویو:tel-aviv;31-34:NORP:کرد:kurds'
l3='0-5:NORP:کردها:kurds;16-31:ORG:سازمان ملل متحد:united-nations'

"$tagger" gazetteer export "$tmp/list.tsv" --format spacy -o "$tmp/spacy.jsonl" 2>"$tmp/err"
expect "spacy: exit" 0 $?
expect "spacy: note" "tagger: gazetteer export: 14 aliases written, 2 ambiguous left out (--ambiguous include keeps them)" "$(cat "$tmp/err")"
expect "spacy: US is a token pattern on ORTH" '{"label":"GPE","pattern":[{"ORTH":"US"}],"id":"united-states"}' \
    "$(grep '"US"' "$tmp/spacy.jsonl")"
expect "spacy: Tel Aviv is a phrase pattern" '{"label":"GPE","pattern":"Tel Aviv","id":"tel-aviv"}' \
    "$(grep '"Tel Aviv"' "$tmp/spacy.jsonl")"
expect "spacy, phrase_matcher_attr LOWER" "$l1_case
$l2_none
$l3" "$(read_back spacy "$tmp/spacy.jsonl" --phrase-attr LOWER)"
# without LOWER, case-insensitive aliases match only as written; =US the same
expect "spacy, phrase_matcher_attr ORTH" "4-6:GPE:US:united-states;35-41:GPE:Zürich:zurich
$l2_none
$l3" "$(read_back spacy "$tmp/spacy.jsonl")"
"$tagger" gazetteer export "$tmp/list.tsv" --format spacy --ambiguous include -o "$tmp/spacy-all.jsonl" 2>"$tmp/err"
expect "spacy include: silent" "" "$(cat "$tmp/err")"
expect "spacy include: «از» and «کرد» tagged" "$l1_case
$l2_amb
$l3" "$(read_back spacy "$tmp/spacy-all.jsonl" --phrase-attr LOWER)"
"$tagger" gazetteer export "$tmp/list.tsv" --format spacy --ambiguous only -o "$tmp/spacy-amb.jsonl"
expect "spacy only: the ambiguous aliases" "$(printf '%s\n' '{"label":"GPE","pattern":"از","id":"of-tr"}' '{"label":"NORP","pattern":"کرد","id":"kurds"}')" \
    "$(sort "$tmp/spacy-amb.jsonl")"

"$tagger" gazetteer export "$tmp/list.tsv" --format corenlp -o "$tmp/regexner.tsv" 2>/dev/null
expect "corenlp: exit" 0 $?
expect "corenlp: (?iu) per token" "$(printf '(?iu)Tel (?iu)Aviv\tGPE\tMISC\t0')" "$(grep Aviv "$tmp/regexner.tsv")"
expect "corenlp: U.S. exact, escaped" "$(printf 'U\\.S\\.\tGPE\tMISC\t0')" "$(grep '^U\\' "$tmp/regexner.tsv")"
expect "corenlp: Persian multi-word" "$(printf 'سازمان ملل متحد\tORG\tMISC\t0')" "$(grep 'متحد' "$tmp/regexner.tsv")"
expect "corenlp, all lines" "4-6:GPE:US:;22-30:GPE:TEL AVIV:;35-41:GPE:Zürich:;48-54:GPE:ZÜRICH:
6-13:GPE:تل‌آویو:
0-5:NORP:کردها:;16-31:ORG:سازمان ملل متحد:" "$(read_back corenlp "$tmp/regexner.tsv")"
# what the export wrote before: (?i) once, for the first token, ASCII only
printf '(?i)Tel Aviv\tGPE\tMISC\t0\n(?i)Zürich\tGPE\tMISC\t0\n' > "$tmp/old.tsv"
expect "corenlp: the old (?i) misses TEL AVIV and ZÜRICH" "35-41:GPE:Zürich:" \
    "$(read_back corenlp "$tmp/old.tsv" | sed -n 1p)"
"$tagger" gazetteer export "$tmp/list.tsv" --format corenlp --ambiguous include -o "$tmp/regexner-all.tsv"
expect "corenlp include" "3-5:GPE:از:;6-13:GPE:تل‌آویو:;31-34:NORP:کرد:" "$(read_back corenlp "$tmp/regexner-all.tsv" | sed -n 2p)"

"$tagger" gazetteer export "$tmp/list.tsv" --format gate -o "$tmp/gate" 2>/dev/null
expect "gate: exit" 0 $?
expect "gate: lists.def" "$(printf 'GPE.lst:GPE\nNORP.lst:NORP\nORG.lst:ORG')" "$(sort "$tmp/gate/lists.def")"
expect "gate: lists-cased.def" "GPE-cased.lst:GPE" "$(cat "$tmp/gate/lists-cased.def")"
expect "gate: cased list" "$(printf 'U.S.\tkb_id=united-states\tname=United States\nUS\tkb_id=united-states\tname=United States')" \
    "$(sort "$tmp/gate/GPE-cased.lst")"
expect "gate" "$l1_case
$l2_none
0-5:NORP:کردها:kurds;16-26:ORG:سازمان ملل:united-nations;16-31:ORG:سازمان ملل متحد:united-nations" \
    "$(read_back gate "$tmp/gate")"
"$tagger" gazetteer export "$tmp/list.tsv" --format gate --ambiguous include -o "$tmp/gate-all"
expect "gate include: marked with minorType ambiguous" \
    "3-5:GPE/ambiguous:از:of-tr;6-13:GPE:تل‌آویو:tel-aviv;31-34:NORP/ambiguous:کرد:kurds" \
    "$(read_back gate "$tmp/gate-all" | sed -n 2p)"
expect "gate include: lists.def" "$(printf 'GPE-ambiguous.lst:GPE:ambiguous\nGPE.lst:GPE\nNORP-ambiguous.lst:NORP:ambiguous\nNORP.lst:NORP\nORG.lst:ORG')" \
    "$(LC_ALL=C sort "$tmp/gate-all/lists.def")"

# csv keeps every alias by default, with its flags; --ambiguous omit drops them
out=$("$tagger" gazetteer export "$tmp/list.tsv" --format csv 2>"$tmp/err")
expect "csv: every alias and the header" 17 "$(printf '%s\n' "$out" | wc -l)"
expect "csv: silent" "" "$(cat "$tmp/err")"
expect "csv: «از» flagged" "of-tr,GPE,Az,از,0,1,0,,$(basename "$tmp")/list.tsv," "$(printf '%s\n' "$out" | grep ',از,')"
expect "csv omit" 15 "$("$tagger" gazetteer export "$tmp/list.tsv" --format csv --ambiguous omit 2>/dev/null | wc -l)"

# --- the default gazetteer (built from gazetteers/, always there)
gaz=$(dirname "$tagger")/data/gazetteer.bin
cat > "$tmp/sentences" <<'TXT'
The US said that the rest of us would go to united states and Tel Aviv.
او از تهران به تل‌آویو رفت و این کار را کرد.
نماینده سازمان ملل متحد گفت
TXT
d1='4-6:GPE:US:united-states;44-57:GPE:united states:united-states;62-70:GPE:Tel Aviv:tel-aviv'
d2='6-11:GPE:تهران:tehran-ir;15-22:GPE:تل‌آویو:tel-aviv'
d3='8-23:ORG:سازمان ملل متحد:united-nations'
total=$("$tagger" gazetteer stats "$gaz" | sed -n 's/^aliases: //p')
amb=$("$tagger" gazetteer export "$gaz" --format csv | grep -c ',[01],1,-\?[0-9]*,')
"$tagger" gazetteer export "$gaz" --format spacy -o "$tmp/d.jsonl" 2>"$tmp/err"
expect "default spacy: note" "tagger: gazetteer export: $((total - amb)) aliases written, $amb ambiguous left out (--ambiguous include keeps them)" "$(cat "$tmp/err")"
expect "default spacy: lines" $((total - amb)) "$(wc -l < "$tmp/d.jsonl")"
[ "$amb" -gt 1000 ] && ok || bad "default gazetteer: only $amb ambiguous aliases"
expect "default spacy" "$d1
$d2
$d3" "$(read_back spacy "$tmp/d.jsonl" --phrase-attr LOWER)"
# what loading every alias meant (read back on the small list above)
"$tagger" gazetteer export "$gaz" --format spacy --ambiguous include -o "$tmp/d-all.jsonl"
expect "default spacy include: «از» a place" '{"label":"GPE","pattern":"از","id":"of-tr"}' "$(grep '"از"' "$tmp/d-all.jsonl")"
expect "default spacy include: every alias" "$total" "$(wc -l < "$tmp/d-all.jsonl")"
expect "default spacy: no «از»" "" "$(grep '"از"' "$tmp/d.jsonl")"
# the Wikidata QID a source gave (csc countries.json: Iran Q794): a CSV column, a GATE feature
expect "default csv: wikidata column" "iran,GPE,Iran,ایران,0,0,10,iso=IR wikidata=Q794,fa/countries.tsv,Q794" \
    "$("$tagger" gazetteer export "$gaz" --format csv | grep '^iran,GPE,Iran,ایران,')"
"$tagger" gazetteer export "$gaz" --format gate -o "$tmp/d-gate" 2>/dev/null
expect "default gate: wikidata feature" "$(printf 'ایران\tkb_id=iran\tname=Iran\twikidata=Q794')" \
    "$(grep -P '^ایران\t' "$tmp/d-gate/GPE.lst")"
"$tagger" gazetteer export "$gaz" --format corenlp -o "$tmp/d.tsv" 2>/dev/null
expect "default corenlp" "$(printf '%s\n' "$d1" "$d2" "$d3" | sed 's/:[a-z-]*;/:;/g; s/:[a-z-]*$/:/')" "$(read_back corenlp "$tmp/d.tsv")"
"$tagger" gazetteer export "$gaz" --format gate -o "$tmp/dg" 2>/dev/null
expect "default gate" "$d1
$d2
8-18:ORG:سازمان ملل:united-nations;8-23:ORG:سازمان ملل متحد:united-nations;15-23:ORG:ملل متحد:united-nations" \
    "$(read_back gate "$tmp/dg")"


# --- an entry marked link=no (a generic name, «مسجد جامع»): exported without an id
printf 'msjd-jam\tFAC\tمسجد جامع\t\tlink=no\nazadi-stadium\tFAC\tAzadi Stadium\tورزشگاه آزادی\n' > "$tmp/nolink.tsv"
expect "spacy: link=no gives no id" '{"label":"FAC","pattern":"مسجد جامع"}' \
    "$("$tagger" gazetteer export "$tmp/nolink.tsv" --format spacy 2>/dev/null | grep 'مسجد')"
"$tagger" gazetteer export "$tmp/nolink.tsv" --format gate -o "$tmp/gate-nolink" 2>/dev/null
expect "gate: link=no gives no kb_id" "Azadi Stadium	kb_id=azadi-stadium	name=Azadi Stadium
مسجد جامع	name=مسجد جامع
ورزشگاه آزادی	kb_id=azadi-stadium	name=Azadi Stadium" "$(cat "$tmp/gate-nolink/FAC.lst")"
finish

#!/usr/bin/env bash
# evidence= on list entries (issue 19, docs/junk.md 2026-12-05 reader7): an ambiguous alias
# whose entry names evidence words is emitted only with one of them in its sentence («W»),
# right before it («<W») or right after it («>W», «#» a number) — Cannes, «روما» (Ruma,
# Serbia; Cuarón's film in lists of nominees), «رئال» (Real Madrid; the rial «ریال» folds
# alike); a malformed field names file:line:column and exits 3; a lone surname takes the
# entry of most of the document's full names (at least 4, and 4 times the others).
# 2026-12-05 (reader8): «فولاد» (Foolad F.C.) needs football words; an evidence alias as the
# first word of a quoted name of more words («کن لوچ») is none.
# Usage: gazetteer_evidence.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"
t() { printf '%s' "$1" | "$tagger" --no-topics "${@:2}" | entity_fields text label kb_id; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tg-evidence.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

expect "Cannes: «در کن», «کن ۲۰۱۹», a sentence about film" "کن|GPE|cannes
کن|GPE|cannes
۲۰۱۹|DATE|" "$(t 'او در کن بود. کن ۲۰۱۹ برگزار شد.')"
expect "«مثبت فکر کن», a title; «فکر کن،» the verb" "مرداد ماه|DATE|" \
    "$(t 'نمایش «مثبت فکر کن» مرداد ماه اجرا می‌شود. فکر کن، حتی در آسانسور.')"
expect "«روما» in a list of nominees: the film, no place nor person" "آلفونسو کوارون|PERSON|alfonso-cuaron" \
    "$(t 'نامزدهای بهترین فیلم: پلنگ سیاه، کتاب سبز، روما، معاون. آلفونسو کوارون (روما) برنده شد.')"
expect "«شهر روما» and a sentence naming Serbia" "شهر روما|GPE|ruma-rs
صربستان|GPE|serbia
روما|GPE|ruma-rs
صربستان|GPE|serbia" "$(t 'شهر روما در صربستان است. روما در استان سرم در صربستان قرار دارد.')"

expect "«رئال» (Real Madrid, folded like «ریال») in a sentence about football" "رئال|ORG|real-madrid" \
    "$(t 'رئال در این بازی مصمم است تا قهرمانی را به دست آورد.')"
expect "«ریال», the rial: no club" "۴۲ هزار ریال|MONEY|" \
    "$(t 'قیمت دلار به ۴۲ هزار ریال رسید و ارزش ریال کاهش یافت.')"

# a user's list: the same alias with and without its evidence
S='مردم استان بوشهر آمدند. بوشهر در کنار خلیج است. بوشهر ۱۴۰۰ آرام بود. دیروز بوشهر را دیدیم.'
printf 'x-town\tGPE\tX Town\t?بوشهر\n' > "$tmp/y.tsv"
printf 'x-town\tGPE\tX Town\t?بوشهر\tevidence=<استان|خلیج|>#\n' > "$tmp/x.tsv"
want="استان بوشهر|GPE|x-town
بوشهر|GPE|x-town
بوشهر|GPE|x-town
۱۴۰۰|DATE|
دیروز|DATE|"
expect "a user's list without evidence=: the model's four places" "$want
بوشهر|GPE|x-town" "$(t "$S" -g "$tmp/y.tsv" --no-default-gazetteer)"
expect "with evidence=<استان|خلیج|>#: not «دیروز بوشهر را دیدیم»" "$want" \
    "$(t "$S" -g "$tmp/x.tsv" --no-default-gazetteer)"
"$tagger" gazetteer compile "$tmp/x.tsv" -o "$tmp/x.bin" 2>/dev/null
expect "compiled, the field is kept" "$want" "$(t "$S" -g "$tmp/x.bin" --no-default-gazetteer)"

err() { printf '%b' "$1" > "$tmp/bad.tsv"; "$tagger" gazetteer validate "$tmp/bad.tsv" 2>&1; echo "exit $?"; }
expect "an empty word" "tagger: error: $tmp/bad.tsv:1:27: empty word in evidence= (words are separated by one '|')
exit 3" "$(err 'x\tGPE\tX\t?کن\tevidence=فیلم||سینما\n')"
expect "no word" "tagger: error: $tmp/bad.tsv:1:22: evidence= needs at least one word (evidence=WORD|<WORD|>WORD)
exit 3" "$(err 'x\tGPE\tX\t?کن\tevidence=\n')"
expect "two words in one" "tagger: error: $tmp/bad.tsv:1:22: evidence word 'جشنواره فیلم' is not one word (no spaces; marks: <WORD, >WORD)
exit 3" "$(err 'x\tGPE\tX\t?کن\tevidence=جشنواره فیلم\n')"
expect "no ambiguous alias" "tagger: error: $tmp/bad.tsv:2:12: evidence= but no ambiguous alias ('?'): only those need evidence
exit 3" "$(err '# a comment\nx\tGPE\tX\tکن\tevidence=فیلم\n')"
expect "given twice" "tagger: error: $tmp/bad.tsv:1:27: evidence= given twice (one column, words separated by '|')
exit 3" "$(err 'x\tGPE\tX\t?کن\tevidence=فیلم\tevidence=سینما\n')"
expect "a lone surname: the entry of most full names (4 to 1)" "عباس کیارستمی|PERSON|abbas-kiarostami
عباس کیارستمی|PERSON|abbas-kiarostami
عباس کیارستمی|PERSON|abbas-kiarostami
عباس کیارستمی|PERSON|abbas-kiarostami
احمد کیارستمی|PERSON|ahmd-kiarstmi
کیارستمی|PERSON|abbas-kiarostami" "$(t 'مراسم سالروز عباس کیارستمی برگزار شد. فیلم عباس کیارستمی نمایش داده شد. عکسی از عباس کیارستمی در سالن بود. کتاب عباس کیارستمی منتشر شد. احمد کیارستمی پسر او گفت: هنر کیارستمی جهانی است.')"
expect "one full name each (and 3 to 1, the «Naina Yeltsin» case): unlinked" "احمد کیارستمی|PERSON|ahmd-kiarstmi
عباس کیارستمی|PERSON|abbas-kiarostami
کیارستمی|PERSON|" "$(t 'احمد کیارستمی و عباس کیارستمی آمدند. هنر کیارستمی جهانی است.')"
expect "«فولاد» steel: not Foolad F.C. without football words (2026-12-05 reader8)" "۲۵ درصدی|PERCENT|
فولاد|ORG|foolad-fc" "$(t 'تعرفه ۲۵ درصدی بر واردات فولاد و آلومینیوم وضع شد. فولاد با این پیروزی ۳۳ امتیاز شد.')"
# «کن» as the first word of a quoted name of more words is no Cannes («کن لوچ», Ken Loach):
# the model finds «کن» alone only in the whole article (ISNA line 576)
isna="$src/../shared/corpora/topics/fa/isna_abbnaseri.jsonl"
if [ -r "$isna" ]; then
    got=$(sed -n 576p "$isna" | "$tagger" --jsonl -q --no-topics - | /usr/bin/python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
t = json.loads(open(sys.argv[1], encoding="utf-8").read().splitlines()[575])["text"]
for e in d["entities"]:
    if e["text"] == "کن" and t[e["start"] - 1:e["start"]] == "«":
        print(e["start"], e["label"], e.get("kb_id", ""))' "$isna")
    expect "«کن لوچ» in ISNA line 576: no «کن» Cannes after an opening quote" "" "$got"
fi
finish

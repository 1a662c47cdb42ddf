#!/usr/bin/env bash
# CLI behaviour: help, options, offsets, and every bad-input case of the
# foundation (exact exit codes and error texts).  Usage: cli.sh TAGGER SRCDIR
# Set TAGGER_SKIP_LARGE=1 to skip the 100 MB input (the sanitizer build does).
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"

# --- help and version
out=$("$tagger" --help); expect "--help exit" 0 $?
case $out in *"Usage: tagger"*) ok ;; *) bad "--help text" ;; esac
out=$("$tagger" normalize --help); case $out in *"Usage: tagger normalize"*) ok ;; *) bad "normalize --help" ;; esac
out=$("$tagger" tokenize -h); case $out in *"Usage: tagger tokenize"*) ok ;; *) bad "tokenize -h" ;; esac
out=$("$tagger" --version); expect "--version" "tagger 0.1.0" "$out"
"$tagger" --bogus </dev/null >/dev/null 2>"$tmp/err"; expect "unknown option exit" 2 $?
expect "unknown option text" "tagger: error: unknown option '--bogus' (see --help)" "$(cat "$tmp/err")"
"$tagger" --offsets bytes </dev/null >/dev/null 2>"$tmp/err"; expect "bad --offsets exit" 2 $?
"$tagger" --offsets </dev/null >/dev/null 2>"$tmp/err"; expect "--offsets without a value exit" 2 $?
expect "--offsets without a value" "tagger: error: --offsets needs a value (see --help)" "$(cat "$tmp/err")"
"$tagger" --format xml </dev/null >/dev/null 2>"$tmp/err"; expect "bad --format exit" 2 $?
expect "bad --format text" "tagger: error: --format: expected json, conll, brat or html, got 'xml'" "$(cat "$tmp/err")"
"$tagger" --key </dev/null >/dev/null 2>"$tmp/err"; expect "--key outside normalize" "tagger: error: unknown option '--key' (see --help)" "$(cat "$tmp/err")"

# --- the sample articles tag to valid JSON
for f in "$src"/data/samples/*.txt; do
  "$tagger" "$f" > "$tmp/out.json"; expect "tag $(basename "$f") exit" 0 $?
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "entities" in d and "topics" in d' "$tmp/out.json" \
    && ok || bad "tag $(basename "$f"): output is not the v1 document"
done
out=$("$tagger" --format json --id 264905 < "$src/data/samples/osce-malta.en.txt")
case $out in '{"id":"264905","lang":"en",'*) ok ;; *) bad "--id and lang: $out" ;; esac

# --- in-document linking: a name found by a rule takes the entry of its
# document's linked mention, unless two entries share the surname
printf 'x-bill\tPERSON\tBill Clinton\tBill Clinton\nx-hillary\tPERSON\tHillary Clinton\tHillary Clinton\nx-lavrov\tPERSON\tSergey Lavrov\tسرگئی لاوروف\n' > "$tmp/link.tsv"
link() { printf '%s' "$1" | "$tagger" --no-default-gazetteer --no-model --no-topics -g "$tmp/link.tsv" |
  python3 -c 'import json, sys; print(" ".join("%s=%s" % (e["text"], e.get("kb_id")) for e in json.load(sys.stdin)["entities"]))'; }
expect "linked in the document" "سرگئی لاوروف=x-lavrov لاوروف=x-lavrov" "$(link 'سرگئی لاوروف گفت. آقای لاوروف افزود.')"
expect "linked by surname" "Bill Clinton=x-bill Clinton=x-bill" "$(link 'Bill Clinton came. Mr. Clinton said no.')"
expect "two entries, no link" "Bill Clinton=x-bill Hillary Clinton=x-hillary Clinton=None" "$(link 'Bill Clinton and Hillary Clinton came. Mr. Clinton said no.')"
expect "no linked mention" "Clinton=None" "$(link 'Mr. Clinton said no.')"

# --- a model place of a designator and a listed facility is the facility
out=$(printf 'خانواده‌ها در اردوگاه الهول زندگی می‌کنند' | "$tagger" --no-topics |
  python3 -c 'import json, sys; print(" ".join("%s|%s|%s|%s" % (e["text"], e["label"], e.get("kb_id"), e["source"]) for e in json.load(sys.stdin)["entities"]))')
expect "designator + listed FAC" "الهول|FAC|al-hol-camp|model" "$out"

# --- ZWNJ / space / no-space spellings share one matching key
out=$(printf 'تل‌آویو\nتل آویو\nتلآویو\n' | "$tagger" normalize --key | sort -u)
expect "ZWNJ variants key" "تلآویو" "$out"
out=$(printf 'تل‌آویو و تل آویو و تلآویو' | "$tagger" normalize)
case $out in '{"text":"تلآویو و تل آویو و تلآویو","key":"تلآویووتلآویووتلآویو","map":[[0,1],[1,2],[3,4],'*) ok ;;
  *) bad "normalize json: $out" ;; esac

# --- offsets in three units: "😀 abc" — abc starts at code point 2, UTF-16 unit 3, byte 5
for unit in codepoint:2 utf16:3 utf8:5; do
  out=$(printf '😀 abc' | "$tagger" tokenize --offsets "${unit%%:*}")
  expect "--offsets ${unit%%:*}" "\"start\":${unit##*:}" "$(grep -o '"start":[0-9]*' <<<"$out" | tail -1)"
done

# --- bad input
printf 'ab\xff' | "$tagger" >/dev/null 2>"$tmp/err"; expect "invalid UTF-8 exit" 1 $?
expect "invalid UTF-8 text" "tagger: error: <stdin>: invalid UTF-8 at byte 2" "$(cat "$tmp/err")"
printf 'ok \xed\xa0\x80' > "$tmp/surrogate.txt"
"$tagger" "$tmp/surrogate.txt" >/dev/null 2>"$tmp/err"; expect "surrogate exit" 1 $?
expect "surrogate text" "tagger: error: $tmp/surrogate.txt: invalid UTF-8 at byte 3" "$(cat "$tmp/err")"
printf '\xc0\x80' | "$tagger" tokenize >/dev/null 2>&1; expect "overlong exit" 1 $?

out=$("$tagger" </dev/null); expect "empty input exit" 0 $?
expect "empty input" '{"lang":"und","topics":[],"entities":[]}' "$out"

out=$(printf '\xef\xbb\xbfسلام\r\nدنیا' | "$tagger" tokenize)
expect "BOM and CRLF" '{"tokens":[{"start":1,"end":5,"text":"سلام","norm":"سلام","kind":"word","sentence":0},{"start":7,"end":11,"text":"دنیا","norm":"دنیا","kind":"word","sentence":1}]}' "$out"

out=$(printf 'abc\0def\x01ghi' | "$tagger" tokenize); expect "NUL exit" 0 $?
expect "NUL and control bytes do not truncate" '"start":8,"end":11,"text":"ghi"' "$(grep -o '"start":8,"end":11,"text":"ghi"' <<<"$out")"
out=$(printf 'x' | "$tagger" --id $'a\x01b\tc'); expect "control chars escaped" '{"id":"a\u0001b\tc",' "${out:0:20}"

"$tagger" "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; expect "missing file exit" 2 $?
expect "missing file text" "tagger: error: cannot open '$tmp/missing.txt': No such file or directory" "$(cat "$tmp/err")"
"$tagger" a.txt b.txt >/dev/null 2>&1; expect "two inputs exit" 2 $?

printf 'abcdef' | "$tagger" --max-doc-bytes 4 >/dev/null 2>"$tmp/err"; expect "--max-doc-bytes exit" 1 $?
expect "--max-doc-bytes text" "tagger: error: <stdin>: document exceeds the limit of 4 bytes" "$(cat "$tmp/err")"
printf 'abcdef' > "$tmp/six.txt"
"$tagger" --max-doc-bytes 4 "$tmp/six.txt" >/dev/null 2>"$tmp/err"; expect "--max-doc-bytes file exit" 1 $?
expect "--max-doc-bytes file text" "tagger: error: $tmp/six.txt: document of 6 bytes exceeds the limit of 4 bytes" "$(cat "$tmp/err")"
# reading stops at the limit: a 1 GB stream (or an endless device) costs
# the limit in memory, not the stream, for tagging, normalize and tokenize
for cmd in "" normalize tokenize; do
  head -c 1000M /dev/zero | /usr/bin/time -f %M -o "$tmp/rss" timeout 60 "$tagger" $cmd --max-doc-bytes 10M \
    >/dev/null 2>"$tmp/err"; rc=${PIPESTATUS[1]}
  expect "1 GB stream${cmd:+ ($cmd)}: exit" 1 $rc
  expect "1 GB stream${cmd:+ ($cmd)}: text" "tagger: error: <stdin>: document exceeds the limit of 10485760 bytes" "$(cat "$tmp/err")"
  [ "$(tail -n1 "$tmp/rss")" -lt 300000 ] && ok || bad "1 GB stream${cmd:+ ($cmd)}: peak RSS $(tail -n1 "$tmp/rss") KB"
done
timeout 60 "$tagger" --max-doc-bytes 1M /dev/zero >/dev/null 2>"$tmp/err"; expect "/dev/zero exit" 1 $?
expect "/dev/zero text" "tagger: error: /dev/zero: document exceeds the limit of 1048576 bytes" "$(cat "$tmp/err")"

# --- closed stdout: an error and a non-zero exit, never a crash
"$tagger" "$src/data/samples/osce-malta.fa.txt" >&- 2>"$tmp/err"; rc=$?
[ $rc -ne 0 ] && [ $rc -lt 128 ] && ok || bad "closed stdout exit $rc"
case $(cat "$tmp/err") in "tagger: error: writing output: "*) ok ;; *) bad "closed stdout text: $(cat "$tmp/err")" ;; esac
for i in $(seq 400); do cat "$src/data/samples/osce-malta.fa.txt"; done > "$tmp/big.txt"
"$tagger" tokenize "$tmp/big.txt" 2>"$tmp/err" | head -c1 >/dev/null; rc=${PIPESTATUS[0]}
[ $rc -ne 0 ] && [ $rc -lt 128 ] && ok || bad "head -c1 exit $rc"
expect "broken pipe text" "tagger: error: writing output: Broken pipe" "$(cat "$tmp/err")"

# --- a document's JSON is written in pieces as it is made: --pretty output
# over many pieces is the compact output indented, piece joins included
python3 -c 'import sys; a = open(sys.argv[1], encoding="utf-8").read(); sys.stdout.write((a + "\n\n") * 60)' \
  "$src/data/samples/osce-malta.fa.txt" > "$tmp/s60.txt"
"$tagger" "$tmp/s60.txt" > "$tmp/c.json" && "$tagger" --pretty "$tmp/s60.txt" > "$tmp/p.json"
python3 - "$tmp/c.json" "$tmp/p.json" <<'PY' && ok || bad "--pretty in pieces differs from the compact output indented"
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))
p = open(sys.argv[2], encoding="utf-8").read()
assert len(p) > 3 * 65536 and len(c["entities"]) > 1000
assert json.dumps(c, indent=2, ensure_ascii=False) + "\n" == p
PY

# --- a 100 MB single line works in bounded time (ctest TIMEOUT) and memory
if [ "${TAGGER_SKIP_LARGE:-0}" != 1 ]; then
  python3 -c '
import sys
unit = "سازمان امنیت و همکاری اروپا در مالت ۱۵ آذر ۱۴۰۳ Lavrov "
n = 100_000_000 // len(unit.encode())
sys.stdout.write(unit * n)' > "$tmp/line.txt"
  out=$("$tagger" --no-default-gazetteer --no-default-rules --no-topics --no-model "$tmp/line.txt"); expect "100 MB line exit" 0 $?
  expect "100 MB line output" '{"lang":"fa","topics":[],"entities":[]}' "$out"
  rm -f "$tmp/line.txt"

  # --- memory per document: peak RSS <= 10 x the document + 150 MB (README
  # "Limits"), here for 16 MB of the sample articles with the default data,
  # tagged in 512 KiB windows: every entity's offsets still point at its text
  python3 - "$src/data/samples" "$tmp/big16.txt" <<'PY'
import sys
a = open(sys.argv[1] + "/osce-malta.fa.txt", encoding="utf-8").read()
b = open(sys.argv[1] + "/osce-malta.en.txt", encoding="utf-8").read()
u = a + "\n\n" + b + "\n\n"
open(sys.argv[2], "w", encoding="utf-8").write(u * (16_000_000 // len(u.encode())))
PY
  /usr/bin/time -f %M -o "$tmp/rss" "$tagger" "$tmp/big16.txt" > "$tmp/big16.json"; expect "16 MB document exit" 0 $?
  bytes=$(stat -c %s "$tmp/big16.txt") kb=$(tail -n1 "$tmp/rss")
  [ "$kb" -le $(( (10 * bytes + 150 * 1048576) / 1024 )) ] && ok || bad "16 MB document: peak RSS $kb KB over the bound"
  python3 - "$tmp/big16.txt" "$tmp/big16.json" <<'PY' && ok || bad "16 MB document: entities"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
doc = json.load(open(sys.argv[2], encoding="utf-8"))
ents = doc["entities"]
assert len(ents) > 50_000, len(ents)
assert all(text[e["start"]:e["end"]] == e["text"] for e in ents)
assert all(a["start"] <= b["start"] for a, b in zip(ents, ents[1:]))
assert ents[-1]["end"] > len(text) - 2000  # the last window too
PY
  rm -f "$tmp/big16.txt" "$tmp/big16.json"

  # --- text made of entities: the first TAGGER_MAX_ENTITIES(len) are kept,
  # the rest counted in an "entity_limit" warning, memory within the bound
  python3 -c 'import sys; sys.stdout.write("5% " * 1_000_000)' > "$tmp/dense.txt"
  # (no letters: language und, whose documents no language's rules run on; --lang fa)
  /usr/bin/time -f %M -o "$tmp/rss" "$tagger" --lang fa "$tmp/dense.txt" > "$tmp/dense.json" 2> "$tmp/err"
  expect "entity-dense exit" 0 $?
  kb=$(tail -n1 "$tmp/rss")
  [ "$kb" -le $(( (10 * 3000000 + 150 * 1048576) / 1024 )) ] && ok || bad "entity-dense: peak RSS $kb KB over the bound"
  keep=$(( 65536 + 3000000 / 24 ))
  expect "entity-dense stderr" "tagger: warning: $tmp/dense.txt: $(( 1000000 - keep )) entities past the limit of $keep left out (one entity in 24 bytes)" "$(cat "$tmp/err")"
  python3 - "$tmp/dense.json" "$keep" <<'PY' && ok || bad "entity-dense: entities and warning"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
keep = int(sys.argv[2])
assert len(d["entities"]) == keep and d["entities"][-1]["start"] == 3 * (keep - 1), len(d["entities"])
assert d["warnings"] == [{"code": "entity_limit", "count": 1_000_000 - keep,
                          "message": "%d entities past the limit of %d left out" % (1_000_000 - keep, keep)}]
PY
  rm -f "$tmp/dense.txt" "$tmp/dense.json"
fi

finish

#!/usr/bin/env bash
# The bad-input suite: every kind of hostile or broken input, with the exact
# exit status and error text a user sees, and — in bulk mode — proof that no
# other document is lost.  Usage: run.sh TAGGER
#   gazetteer/*.tsv, rules/*.rules   broken data files; expected.tsv gives
#                                    each one's exit status and message
# Set TAGGER_SKIP_LARGE=1 (the sanitizer build does) to run the 100 MB and
# 50 MB cases on 10 MB and 1 million tiny lines as 100,000.
set -u
tagger=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
large=1
[ "${TAGGER_SKIP_LARGE:-0}" = 1 ] && large=0
bare=(--no-default-gazetteer --no-default-rules --no-topics)

# --- 1. one document on stdin: invalid UTF-8 of every kind, at byte 4
while read -r name bytes; do
  printf "abc $bytes tail" | "$tagger" >"$tmp/out" 2>"$tmp/err"
  expect "$name exit" 1 $?
  expect "$name message" "tagger: error: <stdin>: invalid UTF-8 at byte 4" "$(cat "$tmp/err")"
  [ -s "$tmp/out" ] && bad "$name: output written for a rejected document" || ok
done <<'EOF'
overlong-2-byte \xc0\xaf
overlong-2-byte-c1 \xc1\xbf
overlong-3-byte \xe0\x80\xaf
overlong-4-byte \xf0\x80\x80\xaf
surrogate-high \xed\xa0\x80
surrogate-low \xed\xbf\xbf
above-U+10FFFF \xf4\x90\x80\x80
f5-lead-byte \xf5\x80\x80\x80
lone-continuation \x80
fe-byte \xfe
ff-byte \xff
truncated-2-of-3 \xe2\x82
truncated-3-of-4 \xf0\x9f\x98
EOF
printf 'abc \xe2\x82' | "$tagger" >/dev/null 2>"$tmp/err"
expect "truncated at the very end" "tagger: error: <stdin>: invalid UTF-8 at byte 4" "$(cat "$tmp/err")"

# NUL and control bytes are text, not terminators: they are kept and escaped
out=$(printf 'Blinken\0met Lavrov\x01in Malta' | "$tagger" tokenize --offsets utf8)
expect "NUL bytes exit" 0 $?
case $out in *'"start":12,"end":18,"text":"Lavrov"'*) ok ;; *) bad "token after a NUL: $out" ;; esac
out=$(printf 'x\0Blinken met Lavrov.' | "$tagger" --no-topics --no-default-rules --offsets utf8)
case $out in *'"start":14,"end":20,"text":"Lavrov"'*) ok ;; *) bad "entity after a NUL: $out" ;; esac

# one document of 1 million tiny lines
n=$([ $large = 1 ] && echo 1000000 || echo 100000)
python3 -c "import sys; sys.stdout.write('x\n' * $n)" > "$tmp/lines.txt"
out=$("$tagger" tokenize --offsets utf8 "$tmp/lines.txt" | grep -o '"start":[0-9]*' | tail -1)
expect "$n tiny lines: last token" "\"start\":$((2 * n - 2))" "$out"

# one sentence of millions of two-letter words (the entity model decodes it
# in segments; finding each segment's sentence start once went quadratic)
# (--lang en: the English model must run on it, whatever "ab ab" looks like)
mb=$([ $large = 1 ] && echo 16 || echo 4)
python3 -c "import sys; sys.stdout.write('ab ' * (($mb << 20) // 3))" > "$tmp/words.txt"
out=$(timeout 40 "$tagger" --no-default-gazetteer --no-default-rules --no-topics --lang en "$tmp/words.txt")
expect "$mb MB sentence of tiny words, in bounded time" "0 {\"lang\":\"en\",\"topics\":[],\"entities\":[]}" "$? $out"

# --- 2. bulk JSONL: every bad line becomes an error record, neighbours intact
python3 - "$tmp/mixed.jsonl" <<'EOF'
import json, sys
good = lambda i: json.dumps({"id": f"good-{i}", "text": "لاوروف روز ۱۵ آذر ۱۴۰۳ در مالت بود."},
                            ensure_ascii=False).encode()
bad = [b'{"id":"b1","text":"abc \xc0\xaf"}', b'{"id":"b2","text":"abc \xe0\x80\xaf"}',
       b'{"id":"b3","text":"abc \xf0\x80\x80\xaf"}', b'{"id":"b4","text":"abc \xed\xa0\x80"}',
       b'{"id":"b5","text":"abc \xf4\x90\x80\x80"}', b'{"id":"b6","text":"abc \xf5\x80\x80\x80"}',
       b'{"id":"b7","text":"abc \x80"}', b'{"id":"b8","text":"abc \xe2\x82 x"}',
       b'{"id":"b9","text":"abc \xf0\x9f\x98"}', b'{"id":"b0","text":"abc \xfe\xff"}',
       b'{"id":"b1","text":"abc \\udc00"}', b'{"id":"b2","text":"abc \x00 def"}',
       b'{"id":"b3","text":"abc \\u0000 def"}',
       b'{"id":"b4","text":"x","meta":' + b'[' * 100000 + b']' * 100000 + b'}',
       b'[1,2]', b'{"id":"b6","title":"x"}', b'{"id":"b7","text":42}', b'{"id":"b8","text":"abc',
       b'{"id":"b9","text":"abc"} x', b'', b'{"id":"b1","text":"abc \xed\xbf\xbf"}']
with open(sys.argv[1], 'wb') as f:
    for i, b in enumerate(bad):
        f.write(good(i) + b'\n' + b + b'\n')
    f.write(good(len(bad)))  # the last line has no newline
EOF
"$tagger" --jsonl -q -j 3 < "$tmp/mixed.jsonl" > "$tmp/out.jsonl" 2>"$tmp/err"
expect "mixed JSONL exit" 1 $?
expect "one record per line" 43 "$(wc -l < "$tmp/out.jsonl")"
expect "good lines all tagged, in order" "$(seq -f 'good-%g' 0 21)" \
  "$(grep -o '^{"id":"good-[0-9]*"' "$tmp/out.jsonl" | cut -d'"' -f4)"
expect "good lines keep their entities" 22 "$(grep -c '"kb_id":"sergey-lavrov"' "$tmp/out.jsonl")"
utf8='"error":{"code":"invalid_utf8","message":"invalid UTF-8","offset":23}}'
while IFS='|' read -r line want; do
  expect "bulk line $line" "$want" "$(sed -n "${line}p" "$tmp/out.jsonl")"
done <<EOF
2|{"id":"b1","line":2,$utf8
4|{"id":"b2","line":4,$utf8
6|{"id":"b3","line":6,$utf8
8|{"id":"b4","line":8,$utf8
10|{"id":"b5","line":10,$utf8
12|{"id":"b6","line":12,$utf8
14|{"id":"b7","line":14,$utf8
16|{"id":"b8","line":16,$utf8
18|{"id":"b9","line":18,$utf8
20|{"id":"b0","line":20,$utf8
22|{"id":"b1","line":22,"error":{"code":"invalid_utf8","message":"\\\\u escape of a lone surrogate in \\"text\\" (not representable in UTF-8)","offset":23}}
24|{"id":"b2","line":24,"error":{"code":"invalid_json","message":"control character in a string (it must be escaped)","offset":23}}
28|{"id":"b4","line":28,"error":{"code":"invalid_json","message":"nesting deeper than 512 levels","offset":540}}
30|{"line":30,"error":{"code":"invalid_json","message":"not a JSON object (a line must start with '{')","offset":0}}
32|{"id":"b6","line":32,"error":{"code":"missing_text","message":"no \\"text\\" member"}}
34|{"id":"b7","line":34,"error":{"code":"text_not_string","message":"\\"text\\" is not a string","offset":18}}
36|{"id":"b8","line":36,"error":{"code":"invalid_json","message":"unterminated string","offset":18}}
38|{"id":"b9","line":38,"error":{"code":"invalid_json","message":"unexpected characters after the object","offset":25}}
40|{"line":40,"error":{"code":"empty_line","message":"empty line (every line must be a JSON object)"}}
42|{"id":"b1","line":42,$utf8
EOF
case $(sed -n 26p "$tmp/out.jsonl") in '{"id":"b3","lang":"en",'*) ok ;; *) bad "escaped NUL is text" ;; esac
expect "summary" "tagger: 43 documents in" "$(cut -c1-23 "$tmp/err")"
case $(cat "$tmp/err") in *"23 tagged, 20 failed (1 empty_line, 5 invalid_json, 12 invalid_utf8, 1 missing_text, 1 text_not_string; first at line 2)") ok ;;
  *) bad "summary counts: $(cat "$tmp/err")" ;; esac

# 1 million tiny lines: one record each, in order
n=$([ $large = 1 ] && echo 1000000 || echo 100000)
python3 -c "import sys; sys.stdout.write(''.join('{\"id\":%d,\"text\":\"x\"}\n' % i for i in range($n)))" \
  > "$tmp/tiny.jsonl"
"$tagger" --jsonl -q "${bare[@]}" < "$tmp/tiny.jsonl" | cut -d, -f1 > "$tmp/ids"
expect "$n tiny JSONL lines: count and sum of ids" "$n $(( n * (n - 1) / 2 ))" \
  "$(awk -F: '{ s += $2 } END { printf "%d %.0f", NR, s }' "$tmp/ids")"

# a huge line: tagged when under the limit, an error record when over, and
# its neighbours either way
mb=$([ $large = 1 ] && echo 100 || echo 10)
python3 - "$tmp/huge.jsonl" "$mb" <<'EOF'
import sys
n = int(sys.argv[2]) << 20
with open(sys.argv[1], 'w') as f:
    f.write('{"id":"before","text":"x"}\n{"id":"huge","text":"' + ('x' * 999 + ' ') * (n // 1000) + '"}\n')
    f.write('{"id":"after","text":"x"}\n')
EOF
"$tagger" --jsonl -q "${bare[@]}" < "$tmp/huge.jsonl" > "$tmp/out" 2>&1
expect "$mb MB line exit" 0 $?
expect "$mb MB line records" 'before huge after' "$(cut -d'"' -f4 "$tmp/out" | paste -sd' ')"
limit=$(( (mb << 20) / 5 ))
"$tagger" --jsonl -q "${bare[@]}" --max-doc-bytes $limit < "$tmp/huge.jsonl" > "$tmp/out" 2>/dev/null
expect "$mb MB text over the limit exit" 1 $?
expect "$mb MB text over the limit" "{\"id\":\"huge\",\"line\":2,\"error\":{\"code\":\"too_large\",\"message\":\"document of $(( (mb << 20) / 1000 * 1000 )) bytes exceeds the limit of $limit bytes\"}}" \
  "$(sed -n 2p "$tmp/out")"
expect "$mb MB text over the limit: neighbours" 'before after' "$(sed -n '1p;3p' "$tmp/out" | cut -d'"' -f4 | paste -sd' ')"
# a line longer than 6 x the limit + 1 MiB is read through, never held whole
# (its id, in the first 64 KiB, is kept for the record)
"$tagger" --jsonl -q "${bare[@]}" --max-doc-bytes 1000000 < "$tmp/huge.jsonl" > "$tmp/out" 2>/dev/null
expect "$mb MB line over the line limit" "{\"id\":\"huge\",\"line\":2,\"error\":{\"code\":\"too_large\",\"message\":\"line of $(( (mb << 20) / 1000 * 1000 + 24 )) bytes exceeds the limit of 7048576 bytes (6 x --max-doc-bytes + 1 MiB)\"}}" \
  "$(sed -n 2p "$tmp/out")"
expect "$mb MB line over the line limit: neighbours" 'before after' "$(sed -n '1p;3p' "$tmp/out" | cut -d'"' -f4 | paste -sd' ')"

# a 50 MB string in a passthrough member comes out byte for byte
mb=$([ $large = 1 ] && echo 50 || echo 10)
python3 - "$tmp/bigstr.jsonl" "$mb" <<'EOF'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('{"id":1,"blob":"' + 'z' * (int(sys.argv[2]) << 20) + '","text":"x"}\n')
EOF
"$tagger" --jsonl -q "${bare[@]}" < "$tmp/bigstr.jsonl" > "$tmp/out"
expect "$mb MB string exit" 0 $?
expect "$mb MB string passed through" "$(( mb << 20 ))" \
  "$(python3 -c "import json, sys; print(len(json.load(open(sys.argv[1]))['blob']))" "$tmp/out")"

# --- 3. broken data files: the exact message, exit 3, nothing written
while IFS=$'\t' read -r file code message; do
  case $file in ''|'#'*) continue ;; esac
  path=$here/$file
  message=${message//\{file\}/$path}
  message=${message//\{dir\}/$here}
  case $file in
    gazetteer/*) args=(--no-default-gazetteer -g "$path") ;;
    rules/*) args=(--no-default-rules --rules "$path") ;;
  esac
  echo 'لاوروف' | timeout 20 "$tagger" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
  expect "$file exit" "$code" $?
  expect "$file message" "tagger: error: $message" "$(cat "$tmp/err")"
  [ -s "$tmp/out" ] && bad "$file: output written" || ok
  if [ "${file%%/*}" = gazetteer ]; then
    "$tagger" gazetteer compile "$path" -o "$tmp/g.bin" 2>"$tmp/err"
    expect "$file compile exit" "$code" $?
    expect "$file compile message" "tagger: error: $message" "$(cat "$tmp/err")"
  fi
done < "$here/expected.tsv"

# --- 4. a truncated or bit-flipped compiled gazetteer and topic model
printf 'lavrov\tPERSON\tSergey Lavrov\tلاوروف|Lavrov\nmalta\tGPE\tMalta\tمالت\n' > "$tmp/g.tsv"
"$tagger" gazetteer compile "$tmp/g.tsv" -o "$tmp/g.bin" || bad "compile the fixture"
size=$(stat -c %s "$tmp/g.bin")
flip() { # flip FILE OFFSET OUT: a copy of FILE with the byte at OFFSET inverted
  python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[int(sys.argv[2])] ^= 0xFF; open(sys.argv[3], 'wb').write(b)" "$@"
}
head -c $((size - 1)) "$tmp/g.bin" > "$tmp/trunc.bin"
head -c 10 "$tmp/g.bin" > "$tmp/short.bin"
flip "$tmp/g.bin" 20 "$tmp/header.bin"
flip "$tmp/g.bin" $((size - 20)) "$tmp/body.bin"
while IFS='|' read -r file message; do
  echo 'لاوروف' | "$tagger" --no-default-gazetteer -g "$tmp/$file" >"$tmp/out" 2>"$tmp/err"
  expect "$file exit" 3 $?
  expect "$file message" "tagger: error: $tmp/$file: $message" "$(cat "$tmp/err")"
done <<'EOF'
trunc.bin|size does not match its header (truncated or corrupt)
header.bin|header checksum mismatch (corrupt file)
EOF
# a file shorter than the magic is not recognised as compiled: it is read as a TSV source
echo 'لاوروف' | "$tagger" --no-default-gazetteer -g "$tmp/short.bin" >/dev/null 2>"$tmp/err"
expect "10-byte gazetteer exit" 3 $?
"$tagger" gazetteer validate "$tmp/body.bin" >/dev/null 2>"$tmp/err"
expect "body bit flip: validate exit" 3 $?
expect "body bit flip: validate message" "tagger: error: $tmp/body.bin: checksum mismatch (corrupt file)" "$(cat "$tmp/err")"
# loading checks only the header (see gazetteers/README.md): every body
# offset is bounds-checked, so a damaged body never crashes the tagger
for off in $(seq 64 37 $((size - 1))); do
  flip "$tmp/g.bin" "$off" "$tmp/body.bin"
  echo 'لاوروف و Lavrov در مالت' | "$tagger" --no-default-gazetteer -g "$tmp/body.bin" >/dev/null 2>&1
  rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || bad "body bit flip at $off: exit $rc"
done
ok

"$tagger" topics train -q --train "$here/../topics/train.jsonl" --bits 10 -o "$tmp/m.bin" \
  || bad "train the fixture model"
size=$(stat -c %s "$tmp/m.bin")
head -c $((size / 2)) "$tmp/m.bin" > "$tmp/mtrunc.bin"
flip "$tmp/m.bin" $((size - 10)) "$tmp/mflip.bin"
while IFS='|' read -r file message; do
  echo 'the match' | "$tagger" --topic-model "$tmp/$file" >"$tmp/out" 2>"$tmp/err"
  expect "model $file exit" 3 $?
  expect "model $file message" "tagger: error: $tmp/$file: $message" "$(cat "$tmp/err")"
done <<'EOF'
mtrunc.bin|size does not match its header (truncated or corrupt)
mflip.bin|checksum mismatch (corrupt file)
EOF

# --- 5. a rule with catastrophic backtracking costs bounded time, and the
# other rules still run on the same document
printf 'rule test.backtrack\n  label EVENT\n  pattern (?:a+a+)+b\n' > "$tmp/bt.rules"
python3 -c "print(('a' * 28 + ' ') * 3000 + ' b، روز ۱۵ آذر ۱۴۰۳')" > "$tmp/bt.txt"
out=$(timeout 30 "$tagger" --no-default-gazetteer --lang fa --rules "$tmp/bt.rules" "$tmp/bt.txt")
expect "backtracking rule exit" 0 $?
case $out in *'"label":"DATE","value":"2024-12-05"'*) ok ;; *) bad "date after the backtracking rule: $out" ;; esac
case $out in *'"warnings":[{"code":"rule_match_limit","count":3000,'*) ok ;; *) bad "backtracking rule's warnings: $out" ;; esac

finish

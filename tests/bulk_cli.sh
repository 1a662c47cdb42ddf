#!/usr/bin/env bash
# Bulk tagging (tagger --jsonl, tagger -r): one record per input line in
# input order for any -j, every kind of bad line as an error record with its
# neighbours intact, pass-through fields, files and directories, limits,
# write errors, exit codes.  Usage: bulk_cli.sh TAGGER SRCDIR
# Set TAGGER_SKIP_LARGE=1 to skip the 50 MB document (the sanitizer build does).
set -u
tagger=$1 src=$2
fix=$src/tests/bulk
. "$(dirname "$0")/lib.sh"
# Entities come from the tests' own gazetteer alone (no default lists, rules
# or topic models), so the data can grow without moving these tests.
T() { "$tagger" --no-default-gazetteer --no-default-rules --no-topics --no-model -g "$fix/places.tsv" "$@"; }
# check.py INPUT OUTPUT EXPECT: python checks of records against expectations
check() { python3 "$tmp/check.py" "$@" && ok || bad "$1 → $2 (see above)"; }
# drops what depends on the default data: "list" names and topic scores
nolist() { sed -e 's/,"list":"[^"]*"//g' -e 's/"topics":\[[^]]*\]/"topics":[]/g'; }

cat > "$tmp/check.py" <<'PY'
"""Checks bulk output against an expectation file, one JSON value a line:
   {"line": N, "id": ..., "error": CODE, "offset": N}   an error record
   {"line": N, "id": ..., "keys": [...], "ents": [[start, end, kb_id], ...]}
                                                        a tagged document
("keys" is the exact key order; ents lists the entities of the tests'
gazetteer, other sources ignored).  Also: one output line per input line."""
import json, sys
inp, out, exp = sys.argv[1:4]
n_in = open(inp, "rb").read().count(b"\n")
raw = open(inp, "rb").read()
if raw and not raw.endswith(b"\n"):
    n_in += 1
lines = open(out, "rb").read().split(b"\n")
assert lines[-1] == b"", "output does not end with a newline"
lines = lines[:-1]
errs = []
if len(lines) != n_in:
    errs.append("%d output lines for %d input lines" % (len(lines), n_in))
OURS = {"lavrov", "malta", "tehran"}
for e in map(json.loads, open(exp, encoding="utf-8")):
    i = e["line"]
    try:
        r = json.loads(lines[i - 1], object_pairs_hook=lambda kv: kv)
    except Exception as x:
        errs.append("line %d: not JSON (%s)" % (i, x)); continue
    keys = [k for k, _ in r]
    d = dict(r)
    if "error" in e:
        err = dict(d.get("error") or [])
        want_keys = (["id"] if "id" in e else []) + ["line", "error"]
        got = {"keys": keys, "line": d.get("line"), "code": err.get("code"),
               "offset": err.get("offset"), "id": d.get("id")}
        want = {"keys": want_keys, "line": i, "code": e["error"],
                "offset": e.get("offset"), "id": e.get("id")}
        if got != want:
            errs.append("line %d: got %s, want %s (%s)" % (i, got, want, err.get("message")))
    else:
        ents = [[dict(x)["start"], dict(x)["end"], dict(x)["kb_id"]]
                for x in d.get("entities", []) if dict(x).get("kb_id") in OURS]
        got = {"keys": keys, "id": d.get("id"), "ents": ents}
        want = {"keys": e["keys"], "id": e.get("id"), "ents": e["ents"]}
        if got != want:
            errs.append("line %d: got %s, want %s" % (i, got, want))
for x in errs:
    print("  " + x)
sys.exit(1 if errs else 0)
PY

# --- every kind of bad line, each between good neighbours
want_summary=$(python3 - "$tmp/bad.jsonl" "$tmp/bad.expect" <<'PY'
import json, sys
L = []   # (raw bytes of the line, expectation without "line")
def good(raw, id, ents, keys=None):
    L.append((raw, {"id": id, "keys": keys or ["id", "lang", "topics", "entities"], "ents": ents}))
def err(raw, code, id=None, offset=None):
    e = {"error": code}
    if id is not None: e["id"] = id
    if offset is not None: e["offset"] = offset
    L.append((raw, e))
good('{"id":"g1","text":"لاوروف در مالت"}'.encode(), "g1", [[0, 6, "lavrov"], [10, 14, "malta"]])
err(b"", "empty_line")
err(b"  \t ", "empty_line")
err(b'{"id":"b3","text":"x",}', "invalid_json", "b3", 22)
err(b'["a"]', "invalid_json", None, 0)
err(b'{"id":"b5","title":"t"}', "missing_text", "b5")
err(b'{"id":"b6","text":["a"]}', "text_not_string", "b6", 18)
err(b'{"id":"b7","text":null}', "text_not_string", "b7", 18)
err(b'{"id":"b8","text":"ab\xffcd"}', "invalid_utf8", "b8", 21)
err(b'{"id":"b9","text":"x\\udc00y"}', "invalid_utf8", "b9", 20)
good('{"id":"g10","text":"a\\u0000 مالت"}'.encode(), "g10", [[3, 7, "malta"]])
err(b'{"id":"b11","text":"' + b"x" * 300 + b'"}', "too_large", "b11")
err(b'{"id":"b12","text":"a\tb"}', "invalid_json", "b12", 21)
err(b'{"id":"b13","text":"abc', "invalid_json", "b13", 19)
err(b'{"id":"b14","text":"a"} x', "invalid_json", "b14", 24)
err(b'{"id":"b15","x":' + b"[" * 600 + b"]" * 600 + b',"text":"a"}', "invalid_json", "b15", 16 + 511)
good('{"id":"g16","text":"x","text":"تهران"}'.encode(), "g16", [[0, 5, "tehran"]])
good('{"id":"g17","te\\u0078t":"مالت"}'.encode(), "g17", [[0, 4, "malta"]])
good(b'{"id":12345678901234567890,"score":1.50e+3,"text":"Malta"}', 12345678901234567890,
     [[0, 5, "malta"]], ["id", "score", "lang", "topics", "entities"])
good(b'{"id":"g19","lang":"xx","topics":["a"],"entities":0,"text":"Lavrov"}', "g19",
     [[0, 6, "lavrov"]])
err(b'{"id":"b20","\xc3\x28":1,"text":"a"}', "invalid_utf8", "b20", 13)
err(b'{"id":"b21","text":"\xc0\xaf"}', "invalid_utf8", "b21", 20)
err(b'{"id":"b22","text":"a"}{"id":"b22b","text":"b"}', "invalid_json", "b22", 23)
err(b'{"id" "b23","text":"a"}', "invalid_json", None, 6)
err(b'{"id":01,"text":"a"}', "invalid_json", 0, 7)   # "id":0 is whole
good(b'{"text":"\\ud83d\\ude00 Malta","id":"g25"}', "g25", [[2, 7, "malta"]], ["id", "lang", "topics", "entities"])
good('{"id":"g26","text":"مالت"}\r'.encode(), "g26", [[0, 4, "malta"]])
err(b'{"id":"b27","text":"\xe2\x82"}', "invalid_utf8", "b27", 20)
good('{"id":"g28","text":"تهران"}'.encode(), "g28", [[0, 5, "tehran"]])   # last, no newline
with open(sys.argv[1], "wb") as f:
    f.write(b"\n".join(raw for raw, _ in L))
with open(sys.argv[2], "w") as f:
    for i, (_, e) in enumerate(L, 1):
        f.write(json.dumps(dict(e, line=i)) + "\n")
codes = sorted(e["error"] for _, e in L if "error" in e)
first = min(i for i, (_, e) in enumerate(L, 1) if "error" in e)
print("%d documents|%d tagged, %d failed (%s; first at line %d)" % (
    len(L), len(L) - len(codes), len(codes),
    ", ".join("%d %s" % (codes.count(c), c) for c in sorted(set(codes))), first))
PY
)
T --jsonl --max-doc-bytes 200 "$tmp/bad.jsonl" > "$tmp/bad.out" 2> "$tmp/bad.err"
expect "bad lines exit" 1 $?
check "$tmp/bad.jsonl" "$tmp/bad.out" "$tmp/bad.expect"
case $(cat "$tmp/bad.err") in "tagger: ${want_summary%%|*} in "*"): ${want_summary#*|}") ok ;;
  *) bad "bad lines summary: $(cat "$tmp/bad.err"), want $want_summary" ;; esac
# the same through stdin, and with -j 8: byte for byte
T --jsonl -j 8 --max-doc-bytes 200 < "$tmp/bad.jsonl" 2>/dev/null | cmp -s - "$tmp/bad.out" \
  && ok || bad "bad lines: stdin -j 8 differs from FILE -j 1"
# records begin with the input members in input order: the key order is input order, then lang, topics, entities
out=$(sed -n 17p "$tmp/bad.out"); case $out in '{"id":"g16","lang":"fa","topics":'*) ok ;; *) bad "g16 record: $out" ;; esac
out=$(sed -n 19p "$tmp/bad.out"); case $out in '{"id":12345678901234567890,"score":1.50e+3,"lang":"en",'*) ok ;; *) bad "numbers verbatim: $out" ;; esac

# --- order kept for -j 1..8 on documents of very different sizes
python3 - "$tmp/sizes.jsonl" <<'PY'
import json, random, sys
random.seed(7)
unit = "سفر لاوروف به مالت و دیدار در تهران. "
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(300):   # 0 bytes to ~140 KB
        r = random.random()
        n = 0 if r < 0.05 else random.randint(1, 3) if r < 0.7 else random.randint(10, 30) if r < 0.985 else random.randint(150, 500)
        n = 2000 if i == 151 else n
        f.write(json.dumps({"id": "d%03d" % i, "n": n, "text": unit * n}, ensure_ascii=i % 2 == 0) + "\n")
PY
T --jsonl -q -j 1 "$tmp/sizes.jsonl" > "$tmp/sizes.1"; expect "sizes -j 1 exit" 0 $?
python3 - "$tmp/sizes.1" <<'PY' && ok || bad "sizes -j 1: ids or entities out of order"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["id"] for r in recs] == ["d%03d" % i for i in range(300)], "order"
for r in recs:   # 3 entities per unit: the counts prove each text stayed whole
    assert sum(e["kb_id"] in ("lavrov", "malta", "tehran") for e in r["entities"]) == 3 * r["n"], r["id"]
PY
for j in 2 3 4 5 6 7 8; do
  T --jsonl -q -j $j "$tmp/sizes.jsonl" | cmp -s - "$tmp/sizes.1" && ok || bad "-j $j output differs from -j 1"
done
T --jsonl -q -j8 < "$tmp/sizes.jsonl" | cmp -s - "$tmp/sizes.1" && ok || bad "-j8 from stdin differs"
cat "$tmp/sizes.jsonl" | T --jsonl -q --jobs 3 | cmp -s - "$tmp/sizes.1" && ok || bad "--jobs 3 from a pipe differs"

# --- --skip N continues exactly where N records end; --text-field
T --jsonl -q --skip 150 -j 4 "$tmp/sizes.jsonl" > "$tmp/skip.out"
expect "--skip 150" "$(tail -n +151 "$tmp/sizes.1" | md5sum)" "$(md5sum < "$tmp/skip.out")"
out=$(T --jsonl -q --skip 9999 "$tmp/sizes.jsonl"); expect "--skip past the end" "" "$out"
T --jsonl --skip 1 "$tmp/bad.jsonl" 2>/dev/null | head -1 | grep -q '^{"line":2,' && ok || bad "--skip keeps line numbers"
out=$(printf '{"id":1,"body":"مالت","text":"x"}\n{"id":2}\n' | T --jsonl --text-field body -q 2>/dev/null | nolist)
expect "--text-field" '{"id":1,"text":"x","lang":"fa","topics":[],"entities":[{"start":0,"end":4,"text":"مالت","label":"GPE","kb_id":"malta","name":"Malta","source":"gazetteer"}]}
{"id":2,"line":2,"error":{"code":"missing_text","message":"no \"body\" member"}}' "$out"

# --- BOM on the first line, CRLF, offsets option, empty input
out=$(printf '\xef\xbb\xbf{"id":1,"text":"\xf0\x9f\x98\x80 Malta"}\r\n' | T --jsonl -q --offsets utf16 | grep -o '"start":[0-9]*')
expect "BOM + CRLF + utf16 offsets" '"start":3' "$out"
out=$(T --jsonl < /dev/null 2>&1); expect "empty input exit" 0 $?
case $out in "tagger: 0 documents in "*": 0 tagged, 0 failed") ok ;; *) bad "empty input: $out" ;; esac
printf '\n\n' | T --jsonl -q > "$tmp/empty.out" 2>/dev/null; expect "empty lines exit" 1 $?
expect "empty lines" '{"line":1,"error":{"code":"empty_line","message":"empty line (every line must be a JSON object)"}}
{"line":2,"error":{"code":"empty_line","message":"empty line (every line must be a JSON object)"}}' "$(cat "$tmp/empty.out")"

# --- a truncated last line: tagged when whole, an error record when cut
out=$(printf '{"id":1,"text":"a"}\n{"id":2,"text":"Malta"}' | T --jsonl -q | tail -1 | cut -c1-30)
expect "last line without newline" '{"id":2,"lang":"en","topics":[' "$out"
out=$(printf '{"id":1,"text":"a"}\n{"id":2,"text":"Mal' | T --jsonl -q 2>/dev/null | tail -1)
expect "cut last line" '{"id":2,"line":2,"error":{"code":"invalid_json","message":"unterminated string","offset":15}}' "$out"

# --- a line over the line limit (6 x --max-doc-bytes + 1 MiB) is not kept
# (its id is kept when it comes in the first 64 KiB, as in line 2, not line 4)
python3 -c 'import sys; sys.stdout.write("{\"id\":1,\"text\":\"a\"}\n{\"id\":2,\"text\":\"" + "x" * 1200000 + "\"}\n{\"id\":3,\"text\":\"b\"}\n{\"title\":\"" + "y" * 65536 + "\",\"id\":4,\"text\":\"" + "x" * 1200000 + "\"}\n")' > "$tmp/long.jsonl"
out=$(T --jsonl -q --max-doc-bytes 10 "$tmp/long.jsonl" 2>/dev/null | sed -n 2p)
expect "over-long line" '{"id":2,"line":2,"error":{"code":"too_large","message":"line of 1200019 bytes exceeds the limit of 1048636 bytes (6 x --max-doc-bytes + 1 MiB)"}}' "$out"
out=$(T --jsonl -q --max-doc-bytes 10 "$tmp/long.jsonl" 2>/dev/null | sed -n 4p)
expect "over-long line, id after 64 KiB" '{"line":4,"error":{"code":"too_large","message":"line of 1265566 bytes exceeds the limit of 1048636 bytes (6 x --max-doc-bytes + 1 MiB)"}}' "$out"
expect "over-long line neighbours" '{"id":1, {"id":3,' "$(T --jsonl -q --max-doc-bytes 10 "$tmp/long.jsonl" 2>/dev/null | grep '"lang"' | cut -c1-8 | tr '\n' ' ' | sed 's/ $//')"

# --- files and directories: one document per file, id = path, name order
out=$(cd "$fix" && T -q -r tree 2>/dev/null | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    print(r["id"], r["error"]["code"] if "error" in r else ",".join(e["kb_id"] for e in r["entities"]))')
expect "-r tree" "tree/a.txt lavrov,malta
tree/b/bad.txt invalid_utf8
tree/b/c.txt lavrov,malta
tree/b/d/e.txt tehran
tree/empty.txt 
tree/z.txt malta" "$out"
(cd "$fix" && T -r tree > /dev/null 2>&1); expect "-r with a bad file exit" 1 $?
out=$(cd "$fix" && T -q -r tree/b/bad.txt 2>/dev/null); expect "file error record" '{"id":"tree/b/bad.txt","error":{"code":"invalid_utf8","message":"invalid UTF-8 at byte 3","offset":3}}' "$out"
out=$(cd "$fix" && T -q -j 2 tree/z.txt tree/a.txt missing.txt 2>/dev/null | cut -c1-24)
expect "files in the order given" '{"id":"tree/z.txt","lang
{"id":"tree/a.txt","lang
{"id":"missing.txt","err' "$out"
out=$(cd "$fix" && T -q --skip 4 -r tree 2>/dev/null | cut -c1-22); expect "-r --skip" '{"id":"tree/empty.txt"
{"id":"tree/z.txt","la' "$out"
mkdir -p "$tmp/links/sub" && cp "$fix/tree/a.txt" "$tmp/links/sub/" && ln -s sub/a.txt "$tmp/links/filelink" && ln -s .. "$tmp/links/sub/up" && ln -s nowhere "$tmp/links/dangling" && mkfifo "$tmp/links/fifo"
out=$(T -q -r "$tmp/links/" | grep -o '"id":"[^"]*"' | tr '\n' ' ')
expect "-r follows file links only" "\"id\":\"$tmp/links/filelink\" \"id\":\"$tmp/links/sub/a.txt\" " "$out"
out=$(T -q --max-doc-bytes 4 "$fix/tree/a.txt" 2>/dev/null | grep -o '"code":"[a-z_]*"'); expect "file over the limit" '"code":"too_large"' "$out"

# --- usage errors (exit 2), load errors (exit 3)
T --jsonl a b </dev/null >/dev/null 2>&1; expect "--jsonl two files" 2 $?
T -j 0 --jsonl </dev/null >/dev/null 2>&1; expect "-j 0" 2 $?
T -j x --jsonl </dev/null >/dev/null 2>&1; expect "-j x" 2 $?
T --jsonl --pretty </dev/null >/dev/null 2>&1; expect "--pretty in bulk" 2 $?
T --text-field body "$fix/tree/a.txt" >/dev/null 2>&1; expect "--text-field without --jsonl" 2 $?
T -q "$fix/tree" >/dev/null 2>"$tmp/err"; expect "directory without -r" 2 $?
expect "directory without -r text" "tagger: error: '$fix/tree' is a directory (use -r to tag the files in it)" "$(cat "$tmp/err")"
T -q >/dev/null 2>&1 </dev/null; expect "bulk without input" 2 $?
T --jsonl "$tmp/missing.jsonl" >/dev/null 2>"$tmp/err"; expect "missing --jsonl file" 2 $?
expect "missing --jsonl file text" "tagger: error: cannot open '$tmp/missing.jsonl': No such file or directory" "$(cat "$tmp/err")"
"$tagger" --jsonl -g "$tmp/missing.tsv" </dev/null >/dev/null 2>&1; expect "missing gazetteer" 3 $?
out=$("$tagger" --jsonl --help); case $out in "Usage: tagger --jsonl"*) ok ;; *) bad "--jsonl --help" ;; esac

# --- progress and summary on stderr
T --jsonl --progress "$tmp/sizes.jsonl" 2>"$tmp/err" >/dev/null
grep -q '^tagger: 300 docs, .* of .* MB (100%), .* docs/s, .* MB/s, elapsed [0-9:]*$' "$tmp/err" && ok || bad "--progress: $(cat "$tmp/err")"
T --jsonl -q "$tmp/sizes.jsonl" 2>"$tmp/err" >/dev/null; expect "--quiet" "" "$(cat "$tmp/err")"
T --jsonl -q "$tmp/bad.jsonl" 2>"$tmp/err" >/dev/null
case $(cat "$tmp/err") in "tagger: ${want_summary%%|*} in "*) ok ;; *) bad "--quiet still reports failures: $(cat "$tmp/err")" ;; esac

# --- write errors stop the run: a message, exit 2, and only whole lines
T --jsonl -q "$tmp/sizes.jsonl" > /dev/full 2>"$tmp/err"; expect "/dev/full exit" 2 $?
case $(cat "$tmp/err") in "tagger: error: writing output: No space left on device (0 whole records written; resume with --skip 0)") ok ;;
  *) bad "/dev/full text: $(cat "$tmp/err")" ;; esac
T --jsonl -q "$tmp/sizes.jsonl" >&- 2>"$tmp/err"; expect "closed stdout exit" 2 $?
expect "closed stdout text" "tagger: error: writing output: Bad file descriptor" "$(cat "$tmp/err")"
T --jsonl -q < "$tmp/sizes.jsonl" >&- 2>/dev/null; expect "closed stdout, stdin input" 2 $?
T --jsonl -q "$tmp/sizes.jsonl" 2>"$tmp/err" | head -c 10 >/dev/null; rc=${PIPESTATUS[0]}
expect "broken pipe exit" 2 $rc
case $(cat "$tmp/err") in "tagger: error: writing output: Broken pipe ("*) ok ;; *) bad "broken pipe text: $(cat "$tmp/err")" ;; esac
# a file size limit makes a write stop partway: the partial line is cut off
(trap '' XFSZ; ulimit -f 100; T --jsonl -q "$tmp/sizes.jsonl" > "$tmp/limited.out" 2>"$tmp/err"); rc=$?
expect "file size limit exit" 2 $rc
case $(cat "$tmp/err") in "tagger: error: writing output: File too large ("*) ok ;; *) bad "EFBIG text: $(cat "$tmp/err")" ;; esac
n=$(wc -l < "$tmp/limited.out")
[ "$n" -gt 0 ] && [ "$(tail -c1 "$tmp/limited.out" | od -An -c | tr -d ' ')" = '\n' ] && ok || bad "file size limit: output does not end on a whole line"
expect "file size limit: lines are a prefix" "$(head -n "$n" "$tmp/sizes.1" | md5sum)" "$(md5sum < "$tmp/limited.out")"
# the count in the message is the whole records the file keeps, so that
# --skip N resumes without a duplicate or a gap: -j 1 and -j 2, a file
# appended to (>>), and the files of -r
resume_after_limit() { # NAME KB PREFIX_LINES TAGGER-ARGS...
  local name=$1 kb=$2 pre=$3 rc n msg; shift 3
  head -n "$pre" "$tmp/sizes.1" > "$tmp/limited.out"
  (trap '' XFSZ; ulimit -f "$kb"; T "$@" >> "$tmp/limited.out" 2>"$tmp/err"); rc=$?
  expect "$name: exit" 2 $rc
  n=$(( $(wc -l < "$tmp/limited.out") - pre ))
  msg="tagger: error: writing output: File too large ($n whole records written; resume with --skip $n)"
  [ "$n" -gt 0 ] && [ "$(cat "$tmp/err")" = "$msg" ] && ok || bad "$name: $n records kept, but: $(cat "$tmp/err")"
  T "$@" --skip "$n" >> "$tmp/limited.out"
  cmp -s <(head -n "$pre" "$tmp/sizes.1"; cat "$tmp/expected") "$tmp/limited.out" && ok || bad "$name: resumed output differs"
}
cp "$tmp/sizes.1" "$tmp/expected"
resume_after_limit "limit -j 1" 100 0 --jsonl -q -j 1 "$tmp/sizes.jsonl"
resume_after_limit "limit -j 2" 300 0 --jsonl -q -j 2 "$tmp/sizes.jsonl"
resume_after_limit "limit >>" 200 40 --jsonl -q -j 2 "$tmp/sizes.jsonl"
mkdir -p "$tmp/files"
python3 - "$tmp/sizes.jsonl" "$tmp/files" <<'PY'
import json, sys
for i, l in enumerate(open(sys.argv[1], encoding="utf-8")):
    open("%s/%03d.txt" % (sys.argv[2], i), "w", encoding="utf-8").write(json.loads(l)["text"])
PY
T -q -r "$tmp/files" > "$tmp/expected"
resume_after_limit "limit -r" 100 0 -q -j 2 -r "$tmp/files"
# a reader that leaves early got whole records that the message counts
T --jsonl -q "$tmp/sizes.jsonl" 2>"$tmp/err" | head -n 1 > "$tmp/head.out"
n=$(sed -n 's/^tagger: error: writing output: Broken pipe (\([0-9]*\) whole records written.*/\1/p' "$tmp/err")
[ -n "$n" ] && [ "$n" -ge 1 ] && [ "$(wc -l < "$tmp/head.out")" = 1 ] && ok || bad "head -n 1: $(cat "$tmp/err")"

# --- an endless line is read through, never held: a too_large record, and
# memory that does not grow with the line
head -c 200M /dev/zero | /usr/bin/time -f %M -o "$tmp/rss" "$tagger" --jsonl -q --max-doc-bytes 1M \
  > "$tmp/zero.out" 2>/dev/null
expect "200 MB line of NULs" '{"line":1,"error":{"code":"too_large","message":"line of 209715200 bytes exceeds the limit of 7340032 bytes (6 x --max-doc-bytes + 1 MiB)"}}' "$(cat "$tmp/zero.out")"
[ "$(tail -n1 "$tmp/rss")" -lt 300000 ] && ok || bad "200 MB line of NULs: peak RSS $(tail -n1 "$tmp/rss") KB"

# --- --date reaches every document (here through the default rules)
out=$(printf '{"id":1,"text":"دیروز"}\n{"id":2,"text":"x"}\n' | "$tagger" --jsonl -q --no-topics --date 2024-12-05 | grep -c '"value":"2024-12-04"')
expect "--date" 1 "$out"
printf '{"text":"x"}\n' | T --jsonl --date 2024-13-01 >/dev/null 2>&1; expect "bad --date" 2 $?

# --- a line's own "date" (ISO, ISO date and time, Solar Hijri in either digits)
# comes before --date; null is none; anything else is a date_ignored warning
# and the document is tagged all the same; --date-field names another member
printf '%s\n' '{"id":1,"date":"2024-12-06T08:00:00Z","text":"دیروز"}' \
  '{"id":2,"date":"۱۴۰۳/۰۹/۱۶ ۱۴:۲۰","text":"دیروز"}' '{"id":3,"date":"1403-12-30","text":"دیروز"}' \
  '{"id":4,"date":null,"text":"yesterday"}' '{"id":5,"date":"05/12/2024","text":"yesterday"}' \
  '{"id":6,"published":"2024-12-06","text":"yesterday"}' > "$tmp/dated.jsonl"
out=$("$tagger" --jsonl -q --no-topics --date 2024-01-02 "$tmp/dated.jsonl" |
  grep -o '"id":[0-9]*\|"value":"[0-9-]*"\|"code":"date_ignored"' | tr '\n' ' ')
expect "own dates" '"id":1 "value":"2024-12-05" "id":2 "value":"2024-12-05" "id":3 "value":"2025-03-19" "id":4 "value":"2024-01-01" "id":5 "value":"2024-01-01" "code":"date_ignored" "id":6 "value":"2024-01-01" ' "$out"
out=$("$tagger" --jsonl -q --no-topics --date-field published "$tmp/dated.jsonl" | grep -c '"value":"2024-12-05"')
expect "--date-field published" 1 "$out"
printf '{"text":"x"}\n' | T --date-field d >/dev/null 2>&1; expect "--date-field without --jsonl" 2 $?

# --- single-article mode is unchanged
out=$(printf 'مالت' | T | nolist); expect "stdin article" '{"lang":"fa","topics":[],"entities":[{"start":0,"end":4,"text":"مالت","label":"GPE","kb_id":"malta","name":"Malta","source":"gazetteer"}]}' "$out"

# --- a 50 MB document between two small ones
if [ "${TAGGER_SKIP_LARGE:-0}" != 1 ]; then
  python3 - "$tmp/big.jsonl" <<'PY'
import json, sys
unit = "هیئت‌هایی از کشورهای عضو در نشست سالانه مالت حضور داشتند و درباره همکاری منطقه‌ای گفت‌وگو کردند. "
n = 50_000_000 // len(unit.encode())
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "small1", "text": "Malta"}) + "\n")
    f.write(json.dumps({"id": "big", "text": unit * n}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "small2", "text": "Lavrov"}) + "\n")
PY
  T --jsonl -q -j 2 "$tmp/big.jsonl" > "$tmp/big.out"; expect "50 MB document exit" 0 $?
  python3 - "$tmp/big.out" <<'PY' && ok || bad "50 MB document: records"
import json, sys
unit = "هیئت‌هایی از کشورهای عضو در نشست سالانه مالت حضور داشتند و درباره همکاری منطقه‌ای گفت‌وگو کردند. "
n = 50_000_000 // len(unit.encode())
r = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [x["id"] for x in r] == ["small1", "big", "small2"]
assert [e["kb_id"] for e in r[0]["entities"]] == ["malta"]
assert [e["kb_id"] for e in r[2]["entities"]] == ["lavrov"]
ents = [e for e in r[1]["entities"] if e["kb_id"] == "malta"]
assert len(ents) == n, len(ents)
assert ents[-1]["end"] == len(unit) * (n - 1) + unit.index("مالت") + 4, ents[-1]
PY
  rm -f "$tmp/big.jsonl" "$tmp/big.out"
fi

finish

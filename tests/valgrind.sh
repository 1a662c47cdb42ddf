#!/usr/bin/env bash
# The CLI under valgrind (memcheck) on the sample articles, in single-document
# and bulk (-j 2) mode, and the data-file commands: zero errors and zero
# leaks (definite, indirect or possible; ICU's process-wide caches are "still
# reachable" and not counted).  Rule patterns run with --no-jit: PCRE2's JIT
# code reads whole machine words past the subject, which memcheck reports
# although it is harmless.  Usage: valgrind.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
command -v valgrind >/dev/null || { echo "SKIP: valgrind is not installed"; exit 77; }
. "$src/tests/lib.sh"
vg() { # vg NAME ARGS...: runs the CLI under memcheck; stdout to $tmp/out
  local name=$1; shift
  valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --log-file="$tmp/vg.log" \
    "$tagger" "$@" > "$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ $rc -eq 99 ] || [ -s "$tmp/vg.log" ]; then
    bad "$name: valgrind reports"; head -40 "$tmp/vg.log"
  else
    ok
  fi
  return $rc
}

for f in "$src"/data/samples/*.txt; do
  vg "tag $(basename "$f")" --no-jit "$f"; expect "tag $(basename "$f") exit" 0 $?
  grep -q '"entities":\[{' "$tmp/out" && ok || bad "tag $(basename "$f"): no entities"
done
vg "tokenize" tokenize "$src/data/samples/osce-malta.fa.txt"; expect "tokenize exit" 0 $?
vg "normalize" normalize "$src/data/samples/osce-malta.fa.txt"; expect "normalize exit" 0 $?

python3 - "$src/data/samples" > "$tmp/docs.jsonl" <<'PY'
import json, os, sys
d = sys.argv[1]
for i, name in enumerate(sorted(os.listdir(d)) * 3):
    print(json.dumps({"id": i, "text": open(os.path.join(d, name), encoding="utf-8").read()}))
print('{"id": "bad", "text": 5}')
PY
vg "bulk -j 2" --no-jit --jsonl -q -j 2 "$tmp/docs.jsonl"; expect "bulk exit (one bad line)" 1 $?
expect "bulk records" 7 "$(wc -l < "$tmp/out")"

vg "gazetteer compile" gazetteer compile "$src/tests/golden/gazetteer.tsv" -o "$tmp/g.bin"
expect "gazetteer compile exit" 0 $?
vg "gazetteer validate (bad)" gazetteer validate "$src/tests/bad-input/gazetteer/11-duplicate-kb-id.tsv"
expect "gazetteer validate (bad) exit" 3 $?
vg "bad rule file" --no-jit --rules "$src/tests/bad-input/rules/08-bad-pattern.rules" \
  "$src/data/samples/osce-malta.en.txt"
expect "bad rule file exit" 3 $?
finish

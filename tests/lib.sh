# lib.sh — the harness the shell tests share: a scratch directory removed on
# exit, pass/fail counters, and the closing "N passed, N failed" line.
# Source it after `set -u`; call `finish` last.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
# expect NAME WANT GOT
expect() { if [ "$2" = "$3" ]; then ok; else bad "$1: got [$3], want [$2]"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
# entity_fields MEMBER...: the "entities" of the tagger's JSON on stdin, one a
# line, the members joined by "|" ("" when absent; "span" is start-end)
entity_fields() {
    python3 -c '
import json, sys
for e in json.load(sys.stdin)["entities"]:
    print("|".join("%d-%d" % (e["start"], e["end"]) if k == "span" else str(e.get(k, ""))
                   for k in sys.argv[1:]))' "$@"
}

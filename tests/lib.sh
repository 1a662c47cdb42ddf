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

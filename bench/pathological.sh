#!/usr/bin/env bash
# Time of one document made of one short unit repeated, at 0.25 to 4 MB:
# inputs that once took the rules quadratic time (issue 17), and a news
# article repeated for comparison.  Prints a Markdown table of CPU seconds
# (user + sys, one run each) of the whole CLI, model and lists included.
# Usage: [SIZES="0.25 0.5 1 2 4"] bench/pathological.sh [TAGGER [TAGGER OPTIONS...]]
#   bench/pathological.sh build/tagger            (JIT, the default)
#   bench/pathological.sh build/tagger --no-jit   (PCRE2's interpreter)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tagger=${1:-build/tagger}
shift $(( $# > 0 ? 1 : 0 ))
sizes=${SIZES:-0.25 0.5 1 2 4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" "$here/../data/samples/osce-malta.fa.txt" $sizes <<'PY'
import sys
tmp, news, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
units = {"fa25": "۲۵ ", "comma": "1, ", "chain": "۱ و ", "dots": "1.",
         "news": open(news, encoding="utf-8").read().replace("\n", " ") + " "}
for name, unit in units.items():
    b = unit.encode()
    for s in sizes:
        with open(f"{tmp}/{name}-{s}.txt", "wb") as f:
            f.write(b * (int(float(s) * 1e6) // len(b)) + b"\n")
PY
printf '| input |'; for s in $sizes; do printf ' %s MB |' "$s"; done; echo
printf '|---|'; for s in $sizes; do printf -- '---|'; done; echo
for name in fa25 comma chain dots news; do
    case $name in
        fa25) label="«۲۵ » repeated" ;; comma) label="«1, » repeated" ;;
        chain) label="«۱ و » repeated" ;; dots) label="«1.» repeated" ;;
        news) label="a news article repeated" ;;
    esac
    printf '| %s |' "$label"
    for s in $sizes; do
        /usr/bin/time -o "$tmp/time" -f '%U %S' "$tagger" "$@" "$tmp/$name-$s.txt" >/dev/null 2>&1
        printf ' %s |' "$(awk '{printf "%.2f", $1 + $2}' "$tmp/time")"
    done
    echo
done

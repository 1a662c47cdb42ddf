#!/usr/bin/env bash
# tools/peyma_value_decision.py (issue 19, docs/rules.md "A learned decision for value
# spans, tried"): on the first 40 documents of the PEYMA train split
#  1. its "rules (no decision)" row gives `tagger eval`'s exact F1 of DAT, TIM, MON, PCT
#     (the tool scores the way eval does);
#  2. its CV run is the same twice (fixed folds and seed);
#  3. it refuses to fit on a list named *dev*.
# Skipped (exit 77) without ../shared.  Usage: value_decision.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
peyma=$src/../shared/corpora/ner/fa/peyma
if [ ! -d "$peyma" ]; then
  echo "skipped: ../shared not found"
  exit 77
fi
py=/usr/bin/python3
[ -x "$py" ] || py=python3
. "$(dirname "$0")/lib.sh"

grep -v '^#' "$src/data/splits/peyma-train.txt" | head -40 > "$tmp/train40.txt"
mkdir "$tmp/tok"
tool() { "$py" "$src/tools/peyma_value_decision.py" --tagger "$tagger" --root "$peyma" \
  --cache "$tmp/tok" --list "$tmp/train40.txt" --folds 2 "$@"; }

# 1. the rules row against tagger eval
tool > "$tmp/cv1" 2> "$tmp/err" && ok || { bad "tool exit $?"; cat "$tmp/err"; }
"$tagger" eval --quiet --gold-list "$tmp/train40.txt" --corpus-root "$peyma" > "$tmp/eval" 2>&1 \
  && ok || bad "eval exit"
want=$(awk '$1 ~ /^(DAT|TIM|MON|PCT)$/ {printf "%s ", $7}' "$tmp/eval")
got=$(grep '^| rules (no decision) |' "$tmp/cv1" | awk -F' [|] ' '{printf "%s %s %s %s ", $2, $3, $4, $5}')
[ -n "$want" ] && [ "$want" = "$got" ] && ok || bad "rules row '$got', eval '$want'"

# 2. the same twice (the tokenizations now from the cache)
tool > "$tmp/cv2" 2>&1 && cmp -s "$tmp/cv1" "$tmp/cv2" && ok || bad "second run differs"
[ "$(grep -c '^| ' "$tmp/cv1")" = 14 ] && ok || bad "not 14 table rows"

# 3. never dev
cp "$tmp/train40.txt" "$tmp/peyma-dev.txt"
if ! "$py" "$src/tools/peyma_value_decision.py" --list "$tmp/peyma-dev.txt" > /dev/null 2> "$tmp/err" &&
   grep -q "never fit on dev" "$tmp/err"; then ok; else bad "a dev list was not refused"; fi

finish

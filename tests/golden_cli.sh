#!/usr/bin/env bash
# Golden files through the CLI: `tagger NAME.txt` (with the golden tests' own
# gazetteer.tsv instead of the default one) must print NAME.json and
# `tagger tokenize NAME.txt` NAME.tokens.json.  With TAGGER_GOLDEN_UPDATE=1
# the expected files are rewritten instead (review the diff before committing).
set -u
tagger=$1 dir=$2
pass=0 fail=0
for input in "$dir"/*.txt; do
  base=${input%.txt}
  for mode in tag tokenize; do
    if [ $mode = tag ]; then want=$base.json
      got=$("$tagger" --no-default-gazetteer --no-topics --no-model -g "$dir/gazetteer.tsv" "$input")
    else want=$base.tokens.json; got=$("$tagger" tokenize "$input"); fi
    if [ "${TAGGER_GOLDEN_UPDATE:-0}" = 1 ]; then printf '%s\n' "$got" > "$want"; fi
    if [ "$got" = "$(cat "$want" 2>/dev/null)" ]; then pass=$((pass+1))
    else fail=$((fail+1)); echo "FAIL: tagger $mode $input differs from $want"; echo "  got: $got"; fi
  done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]

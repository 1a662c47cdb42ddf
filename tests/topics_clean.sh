#!/usr/bin/env bash
# tools/topics/fa_clean.py (docs/topics.md, "Round 15b"): two agencies of
# sport and economy articles, each with one sport article filed as economy.
# Cross-predicted by the other agency (--mode agency) or by folds (--mode
# kfold), exactly those two are flagged; --action drop leaves them out of the
# copies, --action relabel gives them "clean:sport" (and the map copy maps it);
# every other line, unreadable ones too, is copied as it was, the inputs are
# not touched, and a second run writes the same bytes.
# Usage: topics_clean.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
. "$(dirname "$0")/lib.sh"
printf 'sport\tsport\neconomy\teconomy\n' > "$tmp/map.tsv"
python3 - "$tmp" <<'PY'
import json, random, sys
random.seed(5)
sport = "فوتبال تیم بازی گل لیگ مربی بازیکن قهرمانی ورزشگاه داور جام".split()
econ = "بازار بورس قیمت دلار تورم بانک سهام صادرات نفت بودجه اقتصاد".split()
doc = lambda words: " ".join(random.choice(words) for _ in range(30))
for g in ("a", "b"):
    with open(f"{sys.argv[1]}/{g}.jsonl", "w", encoding="utf-8") as o:
        for i in range(15):
            o.write(json.dumps({"id": f"{g}s{i}", "text": doc(sport), "label": "sport"}, ensure_ascii=False) + "\n")
            o.write(json.dumps({"id": f"{g}e{i}", "text": doc(econ), "label": "economy"}, ensure_ascii=False) + "\n")
        o.write(json.dumps({"id": f"{g}x", "text": doc(sport), "label": "economy"}, ensure_ascii=False) + "\n")
        o.write("not json\n")
PY
cp "$tmp/a.jsonl" "$tmp/a.orig"
for mode in agency kfold; do
  for action in drop relabel; do
    o=$tmp/$mode-$action
    python3 "$src/tools/topics/fa_clean.py" --tagger "$tagger" --map "$tmp/map.tsv" --out "$o" \
      --mode $mode --action $action --list "$o.list" --group "$tmp/a.jsonl" --group "$tmp/b.jsonl" > "$o.log"
    expect "$mode $action exit" 0 $?
    expect "$mode $action flagged" "$(printf 'ax\ta.jsonl\teconomy\tsport\nbx\tb.jsonl\teconomy\tsport')" \
      "$(cut -f1-4 "$o.list")"
    if [ $action = drop ]; then
      expect "$mode drop copy" "$(grep -v '"ax"' "$tmp/a.jsonl")" "$(cat "$o/a.jsonl")"
    else
      expect "$mode relabel labels" "clean:sport" "$(grep '"ax"' "$o/a.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["label"])')"
      expect "$mode relabel others" "$(grep -v '"ax"' "$tmp/a.jsonl")" "$(grep -v '"ax"' "$o/a.jsonl")"
      expect "$mode relabel map" "clean:sport	sport" "$(grep '^clean:sport' "$o/map.tsv")"
    fi
  done
done
cmp -s "$tmp/a.jsonl" "$tmp/a.orig"; expect "input untouched" 0 $?
python3 "$src/tools/topics/fa_clean.py" --tagger "$tagger" --map "$tmp/map.tsv" --out "$tmp/again" \
  --mode kfold --action drop --group "$tmp/a.jsonl" --group "$tmp/b.jsonl" > /dev/null
cmp -s "$tmp/again/b.jsonl" "$tmp/kfold-drop/b.jsonl"; expect "deterministic" 0 $?
finish

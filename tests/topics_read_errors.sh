#!/usr/bin/env bash
# tools/topics/read_errors.py (docs/topics.md, "Round 26"): of the rows of
# prediction files it draws only errors whose gold label is asked for (core-5,
# or the labels given; --predicted narrows them to one predicted label), the
# draw is random.seed(SEED) + random.sample over the rows in file order, and
# each drawn row is printed with the title and text of its article.
# Usage: topics_read_errors.sh SRCDIR
set -u
src=$1
. "$(dirname "$0")/lib.sh"
py=$(command -v /usr/bin/python3 || command -v python3)
mkdir -p "$tmp/fa"
# the articles a/1..a/5: title «عنوان N», text «متن N» (a/1's on two lines)
"$py" -c 'import json, sys
for i, w in enumerate(["یک", "دو", "سه", "چهار", "پنج"], 1):
    print(json.dumps({"id": "a/%d" % i, "title": "عنوان " + w, "label": "x",
                      "text": "متن " + w + ("\nادامه" if i == 1 else "")}, ensure_ascii=False))' > "$tmp/fa/a.jsonl"
{
  printf 'id\tsource_label\tgold\tpredicted\tp\tsecond\tp2\n'
  printf 'a/1\ts\tpolitics\teconomy\t0.6\tpolitics\t0.3\n'   # core error
  printf 'a/2\ts\tsport\tsport\t0.9\tarts\t0.1\n'             # right
  printf 'a/3\ts\thealth\tsociety\t0.5\thealth\t0.4\n'        # health miss
  printf 'a/4\ts\tarts\thealth\t0.7\tarts\t0.2\n'             # core error, predicted health
  printf 'a/5\ts\thealth\thealth\t0.8\t\t\n'                  # right
} > "$tmp/p.pred"
r() { "$py" "$src/tools/topics/read_errors.py" --corpora "$tmp/fa" "$@"; }
ids() { grep '^=== ' | awk '{print $3}' | sort | tr '\n' ' '; }
out=$(r "$tmp/p.pred"); expect "exit" 0 $?
expect "header" "# 2 errors of 3 articles (accuracy 33.33)" "$(echo "$out" | head -1)"
expect "core errors" "a/1 a/4 " "$(echo "$out" | ids)"
expect "title" "1" "$(echo "$out" | grep -c '^title: عنوان یک$')"
expect "text on one line" "1" "$(echo "$out" | grep -c '^text: متن یک ادامه$')"
expect "health misses" "# 1 errors of 2 articles (recall 50.00)" "$(r --gold health "$tmp/p.pred" | head -1)"
expect "health ids" "a/3 " "$(r --gold health "$tmp/p.pred" | ids)"
expect "predicted health" "a/4 " "$(r --predicted health "$tmp/p.pred" | ids)"
expect "n" "1" "$(r --n 1 "$tmp/p.pred" | grep -c '^=== ')"
want=$("$py" -c 'import random; random.seed(7); print(random.sample(["a/1", "a/4"], 1)[0])')
expect "seed 7 draw" "$want " "$(r --n 1 "$tmp/p.pred" | ids)"
expect "chars" "text: متن" "$(r --chars 3 "$tmp/p.pred" | grep -m1 '^text:')"
# several files: their rows in the order given
cp "$tmp/p.pred" "$tmp/q.pred"
expect "two files" "# 4 errors of 6 articles (accuracy 33.33)" "$(r "$tmp/p.pred" "$tmp/q.pred" | head -1)"
expect "same output twice" "$(r "$tmp/p.pred")" "$(r "$tmp/p.pred")"
finish

#!/usr/bin/env bash
# Installs the build into a staging prefix and builds examples/hello.c and
# examples/entities.c against it with pkg-config alone, then runs them:
# entities.c tags a Persian sentence with the installed library and the
# installed data (share/tagger beside it, found with no TAGGER_DATA_DIR).
set -eu
unset TAGGER_DATA_DIR
build=$1 src=$2
stage=$build/stage
rm -rf "$stage"
cmake --install "$build" --prefix "$stage" >/dev/null
libdir=$(ls -d "$stage"/lib*/ | head -1)
test -f "$stage/include/tagger.h"
test -x "$stage/bin/tagger"
export PKG_CONFIG_PATH=$libdir/pkgconfig
cc -std=c11 -Wall -Wextra -o "$build/hello_installed" "$src/examples/hello.c" \
  $(pkg-config --cflags --libs tagger)
out=$(LD_LIBRARY_PATH=$libdir "$build/hello_installed" "لاوروف در مالت")
expected=$'0 6 لاوروف\n7 9 در\n10 14 مالت'
if [ "$out" != "$expected" ]; then
  echo "FAIL: hello_installed printed:"; echo "$out"; echo "0 passed, 1 failed"; exit 1
fi
cc -std=c11 -Wall -Wextra -Werror -o "$build/entities_installed" "$src/examples/entities.c" \
  $(pkg-config --cflags --libs tagger)
# run from elsewhere, the build tree's data out of reach: only the stage's
# share/tagger can give these entities (the PERSON, GPE and ORG from the
# model, the DATE from the rules, the kb_ids from the gazetteer)
out=$(cd / && LD_LIBRARY_PATH=$libdir "$build/entities_installed" \
  'سرگئی لاوروف روز ۱۵ آذر ۱۴۰۳ در مالت با سازمان امنیت و همکاری اروپا دیدار کرد')
expected='0 12 PERSON sergey-lavrov model سرگئی لاوروف
13 28 DATE 2024-12-05 rule روز ۱۵ آذر ۱۴۰۳
32 36 GPE malta model مالت
40 67 ORG osce model سازمان امنیت و همکاری اروپا'
if [ "$out" != "$expected" ]; then
  echo "FAIL: entities_installed printed:"; echo "$out"; echo "1 passed, 1 failed"; exit 1
fi
# without its data, the program says which file is missing
set +e
err=$(cd / && TAGGER_DATA_DIR=$stage/none LD_LIBRARY_PATH=$libdir \
  "$build/entities_installed" x 2>&1 >/dev/null)
rc=$?
set -e
want="tagger_new_default: default data: cannot read '$stage/none/gazetteer.bin' (from \$TAGGER_DATA_DIR): No such file or directory"
if [ $rc != 1 ] || [ "$err" != "$want" ]; then
  echo "FAIL: without data: exit $rc, stderr: $err"; echo "2 passed, 1 failed"; exit 1
fi
# the installed CLI runs too, and finds the installed data
out=$(cd / && echo 'لاوروف در مالت' | LD_LIBRARY_PATH=$libdir "$stage/bin/tagger" --no-topics)
want='{"lang":"fa","topics":[],"entities":[{"start":0,"end":6,"text":"لاوروف","label":"PERSON","kb_id":"sergey-lavrov","name":"Sergey Lavrov","name_fa":"سرگئی لاوروف","source":"model","list":"fa/starter.tsv"},{"start":10,"end":14,"text":"مالت","label":"GPE","kb_id":"malta","name":"Malta","name_fa":"مالت","wikidata":"Q233","source":"model","list":"fa/countries.tsv"}]}'
if [ "$out" != "$want" ]; then
  echo "FAIL: the installed CLI printed:"; echo "$out"; echo "3 passed, 1 failed"; exit 1
fi
echo "4 passed, 0 failed"

#!/usr/bin/env bash
# Installs the build into a staging prefix and builds examples/hello.c
# against it with pkg-config alone, then runs it.
set -eu
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
# the installed CLI runs too
echo 'سلام' | LD_LIBRARY_PATH=$libdir "$stage/bin/tagger" >/dev/null
echo "1 passed, 0 failed"

#!/bin/sh
# Configures and builds BUILD (RelWithDebInfo: -O3 with debug information),
# profile-guided when it can be: the library and the CLI are first built
# instrumented in BUILD-pgo (no tests), that tagger tags the first
# PGO_MB megabytes of each training text (`--jsonl -q -j 1`: Persian and English
# news, not the texts bench/ measures on), and BUILD is then compiled with
# the profiles it wrote (GCC's -fprofile-use; functions the training never
# ran are optimized as without profiles).  The output is the same either way
# (docs/performance.md, "Profile-guided build").  Without the training texts
# (no ../shared), or with PGO=0, it is one plain build.  `make build`,
# `make run` and `make test` call it.
# Usage: tools/build.sh BUILD JOBS  (cmake's configure output is not shown)
# Environment: PGO (auto; 0 = plain build), PGO_TRAIN (the training JSONL
# files, default ../shared's ISNA and BBC news), PGO_MB (1.5).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 2 ] || { echo "usage: tools/build.sh BUILD JOBS" >&2; exit 2; }
build=$1
jobs=$2
shared=$root/../shared/corpora/topics
train=${PGO_TRAIN:-$shared/fa/isna_abbnaseri.jsonl $shared/en/bbc_train.jsonl}
bytes=$(awk -v mb="${PGO_MB:-1.5}" 'BEGIN { printf "%d", mb * 1000000 }')

plain() {
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAGGER_PGO= -DTAGGER_PGO_DIR= > /dev/null
    cmake --build "$build" -j "$jobs"
}

if [ "${PGO:-auto}" = 0 ]; then
    plain
    exit 0
fi
for f in $train; do
    if [ ! -r "$f" ]; then
        echo "tools/build.sh: no training text $f: a build without profiles" >&2
        plain
        exit 0
    fi
done

mkdir -p "$build"
gen=$(cd "$build" && pwd)-pgo
profiles=$gen/profiles
cmake -S "$root" -B "$gen" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAGGER_BUILD_TESTS=OFF \
      -DTAGGER_PGO=generate "-DTAGGER_PGO_DIR=$profiles" > /dev/null
cmake --build "$gen" -j "$jobs" --target tagger_cli default_gazetteer default_rules_compiled
# train again only when the instrumented tagger changed
if [ ! -f "$profiles/trained" ] || [ "$gen/tagger" -nt "$profiles/trained" ]; then
    rm -rf "$profiles"
    mkdir -p "$profiles"
    for f in $train; do
        # whole lines only: the last, cut, would be an error record
        head -c "$bytes" "$f" | sed '$d' > "$profiles/train.jsonl"
        TAGGER_DATA_DIR=$gen/data "$gen/tagger" --jsonl -q -j 1 "$profiles/train.jsonl" > /dev/null
    done
    rm -f "$profiles/train.jsonl"
    touch "$profiles/trained"
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAGGER_PGO=use \
      "-DTAGGER_PGO_DIR=$profiles" > /dev/null
cmake --build "$build" -j "$jobs"

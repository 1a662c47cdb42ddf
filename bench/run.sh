#!/usr/bin/env bash
# Runs the benchmarks: normalize+tokenize throughput on a Persian news corpus
# built from ../shared/corpora (median of 5 runs, peak memory), then the
# gazetteer against pyahocorasick (bench/gazetteer.sh).
# Usage: bench/run.sh [BUILD_DIR]
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
corpus=$build/bench-fa.txt
[ -s "$corpus" ] || "$here/make_corpus.sh" "$corpus" 20
echo "== normalize + tokenize ($(uname -m), $(nproc) cores)"
"$build/bench_tokenize" "$corpus" 5
echo
echo "== gazetteer vs pyahocorasick"
"$here/gazetteer.sh" "$build"

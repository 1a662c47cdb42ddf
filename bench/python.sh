#!/usr/bin/env bash
# The Python package's throughput against the CLI's, on the same 20 MB of
# Persian news JSONL (make_corpus_jsonl.sh; written under BUILD_DIR):
#   1. `tagger --jsonl -q -j N` against a Python program that reads the same
#      file, tags the texts with Tagger.pipe(threads=N) and writes each
#      record (Doc.to_json) — and the same with every Doc parsed
#      (Doc.to_dict, what code that reads .ents pays);
#   2. tagger.dask on a LocalCluster of 2 worker processes against 1
#      (threads_per_worker=1), reading the file with dask.bag.read_text and
#      writing JSONL files: to_jsonl(lines, ...) ("jsonl": the lines go to
#      libtagger as they are read), to_jsonl(lines.map(json.loads), ...)
#      ("dicts") and tag_bag(lines.map(json.loads)).map(dumps)
#      .to_textfiles(...) ("records"); the workers have loaded the tagger
#      once before the timed runs, and every output is checked against
#      tagger --jsonl afterwards.
# Each pair alternates RUNS times (default 3) so that load from elsewhere
# hits both alike; medians and every run are printed.  BENCH_ONLY=pipe|dask
# runs one half; BENCH_BLOCKSIZE sets the Dask partition size (default 1 MiB),
# BENCH_DASK=jsonl|dicts|records, or a list with commas, the Dask pipelines
# (default records,jsonl).  Uses Debian's
# python3 (python3-distributed).  Not part of the tests.
# On a shared machine set BENCH_WAIT_IDLE=1: each run then waits (up to 5
# minutes) until the CPUs have been 90% idle for 2 seconds.
# Usage: bench/python.sh [BUILD_DIR] [RUNS] [THREADS]
set -eu
build=$(cd "${1:-build}" && pwd)
runs=${2:-3}
threads=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
py=${TAGGER_PYTHON:-/usr/bin/python3}
[ -x "$build/tagger" ] || { echo "python.sh: $build/tagger not built (make build)" >&2; exit 2; }
corpus=$build/bench-fa-20mb.jsonl
[ -s "$corpus" ] || "$here/make_corpus_jsonl.sh" "$corpus" 20
export PYTHONPATH=$src/python TAGGER_BUILD_DIR=$build
exec "$py" "$here/python_bench.py" "$build/tagger" "$corpus" "$runs" "$threads"

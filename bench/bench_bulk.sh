#!/usr/bin/env bash
# Bulk tagging throughput and memory: `tagger --jsonl -q -j N` over Persian
# news JSONL built from ../shared/corpora/topics/fa (make_corpus_jsonl.sh),
# with the default gazetteer, rules and model.  For -j 1 and -j 2 on a
# 100 MB corpus: the best of RUNS runs, -j 1 and -j 2 alternating (wall
# clock; the median is shown too), docs/s, MB/s, CPU seconds and peak
# memory; with --big also one run of each on a 1 GB corpus, to show that
# peak memory does not grow with the input.  The corpora are
# written under BUILD_DIR (never commit them).
# On a shared machine set BENCH_WAIT_IDLE=1: each run then waits (up to 5
# minutes) until the CPUs have been 90% idle for 2 seconds.
# Usage: bench/bench_bulk.sh [BUILD_DIR] [--big] [RUNS]   (RUNS default 3)
set -eu
build=${1:-build}
big=0 runs=3
for a in "${@:2}"; do
  case $a in --big) big=1 ;; *) runs=$a ;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
tagger=$build/tagger
[ -x "$tagger" ] || { echo "bench_bulk.sh: $tagger not built (make build)" >&2; exit 2; }

small=$build/bench-fa-100mb.jsonl
[ -s "$small" ] || "$here/make_corpus_jsonl.sh" "$small" 100
corpora=("$small")
if [ $big = 1 ]; then
  large=$build/bench-fa-1gb.jsonl
  [ -s "$large" ] || "$here/make_corpus_jsonl.sh" "$large" 1000
  corpora+=("$large")
fi

# bench_bulk_run.py CORPUS RUNS: runs -j 1 and -j 2 alternately (so that
# load from elsewhere hits both alike) and prints a table row for each
cat > "$build/bench_bulk_run.py" <<'PY'
import os, resource, statistics, subprocess, sys, time
tagger, corpus, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = os.path.getsize(corpus)
with open(corpus, "rb") as f:
    docs = sum(1 for _ in f)
res = {j: {"wall": [], "cpu": [], "rss": []} for j in (1, 2)}

def cpu_times():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return sum(v), v[3]

def wait_idle():
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        t1, i1 = cpu_times()
        time.sleep(2)
        t2, i2 = cpu_times()
        if (i2 - i1) >= 0.9 * (t2 - t1):
            return

for _ in range(runs):
    for j in (1, 2):
        if os.environ.get("BENCH_WAIT_IDLE"):
            wait_idle()
        # a fresh child each time: ru_maxrss of RUSAGE_CHILDREN is the
        # largest child so far, so measure each run in its own process
        code = ("import resource, subprocess, sys, time\n"
                "t = time.monotonic()\n"
                "rc = subprocess.call(sys.argv[1:], stdin=open(%r, 'rb'), stdout=subprocess.DEVNULL)\n"
                "w = time.monotonic() - t\n"
                "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
                "print(rc, w, u.ru_utime + u.ru_stime, u.ru_maxrss)\n") % corpus
        out = subprocess.check_output([sys.executable, "-c", code, tagger, "--jsonl", "-q",
                                       "-j", str(j)]).split()
        if int(out[0]) not in (0, 1):
            sys.exit("tagger exited with %s" % out[0])
        res[j]["wall"].append(float(out[1]))
        res[j]["cpu"].append(float(out[2]))
        res[j]["rss"].append(int(out[3]))
for j in (1, 2):
    r = res[j]
    best = min(r["wall"])
    print("| %s | %d | %.0f MB | %d | %.0f | %.2f | %.1f s (median %.1f) | %.1f s | %.0f MB |" % (
        os.path.basename(corpus), j, size / 1e6, docs, docs / best, size / 1e6 / best,
        best, statistics.median(r["wall"]), min(r["cpu"]), max(r["rss"]) / 1024))
print("| | -j 2 / -j 1 | | | | %.2fx | | | |" % (min(res[1]["wall"]) / min(res[2]["wall"])))
PY

echo "== bulk tagging ($(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), best of $runs)"
echo "| corpus | -j | size | docs | docs/s | MB/s | wall | CPU | peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in "${corpora[@]}"; do
  r=$runs; [ "$c" = "$small" ] || r=1
  python3 "$build/bench_bulk_run.py" "$tagger" "$c" $r
done
rm -f "$build/bench_bulk_run.py"

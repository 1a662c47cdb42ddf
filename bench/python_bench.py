"""The driver of bench/python.sh (see there); a file, not stdin, so that
Dask's worker processes can be spawned.
Usage: python_bench.py TAGGER CORPUS RUNS THREADS"""
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# On a shared machine set BENCH_WAIT_IDLE=1 (see wait_idle).
# One Python run over the corpus: MODE "inmem" reads the texts first and
# times Tagger.pipe alone (printed on stdout, load excluded); "json" and
# "parse" read, tag and write JSONL as the CLI does (timed from outside),
# writing Doc.to_json() or json.dumps(Doc.to_dict()).
PIPE = r'''
import json, sys, time, tagger
corpus, threads, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
nlp = tagger.Tagger()
with open(corpus, encoding="utf-8") as f, open("/dev/null", "w", encoding="utf-8") as out:
    if mode == "inmem":
        texts = [json.loads(line)["text"] for line in f]
        import resource
        cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
        c0, t0 = cpu(), time.perf_counter()
        n = sum(len(d.to_json()) for d in nlp.pipe(texts, threads=threads))
        print(time.perf_counter() - t0, cpu() - c0)
        sys.exit(0)
    texts = (json.loads(line)["text"] for line in f)
    for doc in nlp.pipe(texts, threads=threads):
        if mode == "parse":
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":")))
        else:
            out.write(doc.to_json())
        out.write("\n")
'''


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_idle():
    """With BENCH_WAIT_IDLE set: waits (up to 5 minutes) until the CPUs have
    been 90% idle for 2 seconds (bench_bulk.sh's rule)."""
    if not os.environ.get("BENCH_WAIT_IDLE"):
        return

    def times():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        return sum(v), v[3]

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        t1, i1 = times()
        time.sleep(2)
        t2, i2 = times()
        if (i2 - i1) >= 0.9 * (t2 - t1):
            return


def timed(cmd, stdin=None):
    """(wall seconds, CPU seconds, stdout)"""
    wait_idle()
    c0, t0 = child_cpu(), time.perf_counter()
    with open(stdin or os.devnull, "rb") as i:
        out = subprocess.run(cmd, stdin=i, stdout=subprocess.PIPE, check=True).stdout
    return time.perf_counter() - t0, child_cpu() - c0, out


def row(name, walls, cpus, size, base):
    m = statistics.median(walls)
    print("| %s | %.2f | %.2f | %.2f | %s | %s |" % (
        name, m, size / 1e6 / m, m / base, " ".join("%.2f" % x for x in walls),
        " ".join("%.2f" % x for x in cpus) if cpus else "-"))


def bench_pipe(cli, corpus, runs, threads, size):
    py = sys.executable
    names = ("CLI --jsonl -j %d" % threads, "pipe, texts in memory",
             "read + pipe + to_json", "read + pipe + to_dict")
    wall = {k: [] for k in names}
    cpu = {k: [] for k in names}
    for _ in range(runs):
        w, c, _ = timed([cli, "--jsonl", "-q", "-j", str(threads)], corpus)
        wall[names[0]].append(w)
        cpu[names[0]].append(c)
        _, _, out = timed([py, "-c", PIPE, corpus, str(threads), "inmem"])
        wall[names[1]].append(float(out.split()[0]))
        cpu[names[1]].append(float(out.split()[1]))
        for name, mode in ((names[2], "json"), (names[3], "parse")):
            w, c, _ = timed([py, "-c", PIPE, corpus, str(threads), mode])
            wall[name].append(w)
            cpu[name].append(c)
    base = statistics.median(wall[names[0]])
    print("\n| run (%d threads) | median s | MB/s | vs CLI | runs, wall s | runs, CPU s |"
          % threads)
    print("|---|---|---|---|---|---|")
    for k in names:
        row(k, wall[k], cpu[k], size, base)


def read_parts(outdir):
    """The lines of the part files written to outdir, in partition order."""
    names = sorted(os.listdir(outdir), key=lambda p: int(p.split(".")[0]))
    lines = []
    for p in names:
        with open(os.path.join(outdir, p), "rb") as f:
            lines.extend(f.read().splitlines())
    return lines


def bench_dask(cli, corpus, runs, size, ndocs):
    """tag_bag + map(dumps) + to_textfiles ("records") and to_jsonl
    ("jsonl") on 1 and 2 workers, alternated; after the timed runs every
    output (each pipeline, each cluster) is checked line for line against
    the CLI's --jsonl on the same corpus."""
    import dask.bag as db
    from distributed import Client, LocalCluster
    import tagger.dask

    blocksize = int(os.environ.get("BENCH_BLOCKSIZE", 1 << 20))
    pipelines = os.environ.get("BENCH_DASK", "records,jsonl").split(",")
    print("\nDask: lines = dask.bag.read_text(blocksize=%d), LocalCluster(processes=True, "
          "threads_per_worker=1); records = tag_bag(lines.map(json.loads)).map(dumps)"
          ".to_textfiles(...), dicts = to_jsonl(lines.map(json.loads), ...), "
          "jsonl = to_jsonl(lines, ...)" % blocksize)
    tmp = tempfile.mkdtemp(prefix="tagger-dask-bench-")
    clusters = {}

    def run(client, pipeline, outdir):
        shutil.rmtree(outdir, ignore_errors=True)
        t0 = time.perf_counter()
        lines = db.read_text(corpus, blocksize=blocksize)
        if pipeline == "records":
            writes = tagger.dask.tag_bag(lines.map(json.loads)).map(tagger.dask.dumps).to_textfiles(
                outdir + "/*.jsonl", compute=False)
        elif pipeline == "dicts":
            writes = tagger.dask.to_jsonl(lines.map(json.loads), outdir + "/*.jsonl",
                                          compute=False)
        else:
            writes = tagger.dask.to_jsonl(lines, outdir + "/*.jsonl", compute=False)
        client.compute(writes, sync=True)  # on this cluster, not the default scheduler
        return time.perf_counter() - t0

    try:
        for n in (1, 2):
            cl = LocalCluster(n_workers=n, processes=True, threads_per_worker=1,
                              dashboard_address=None)
            c = Client(cl, set_as_default=False)
            # every worker loads the tagger once, before the timed runs
            warm = tagger.dask.tag_bag(db.from_sequence([{"text": "x"}] * 8, npartitions=4 * n))
            c.compute(warm, sync=True)
            assert sum(c.run(tagger.dask.loads_count).values()) == n
            clusters[n] = (cl, c)
        times = {(p, n): [] for p in pipelines for n in (1, 2)}
        for _ in range(runs):
            for p in pipelines:
                for n in (1, 2):
                    wait_idle()
                    times[(p, n)].append(run(clusters[n][1], p, os.path.join(tmp, p + str(n))))
        assert all(sum(c.run(tagger.dask.loads_count).values()) == n
                   for n, (_, c) in clusters.items())  # no load inside the timed runs
        want = subprocess.run([cli, "--jsonl", "-q", "-j", "2", corpus], stdout=subprocess.PIPE,
                              check=True).stdout.splitlines()
        assert len(want) == ndocs
        for p in pipelines:
            for n in (1, 2):
                got = read_parts(os.path.join(tmp, p + str(n)))
                assert got == want, (p, n, len(got), len(want))
        print("(every output equal to tagger --jsonl, %d lines)" % ndocs)
        print("\n| pipeline | Dask workers | median s | MB/s | speed-up | runs, wall s |")
        print("|---|---|---|---|---|---|")
        for p in pipelines:
            m1 = statistics.median(times[(p, 1)])
            for n in (1, 2):
                m = statistics.median(times[(p, n)])
                print("| %s | %d | %.2f | %.2f | %.2f | %s |" % (
                    p, n, m, size / 1e6 / m, m1 / m, " ".join("%.2f" % x for x in times[(p, n)])))
    finally:
        for cl, c in clusters.values():
            c.close()
            cl.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    cli, corpus, runs, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    size = os.path.getsize(corpus)
    with open(corpus, "rb") as f:
        ndocs = sum(1 for _ in f)
    print("corpus: %s, %.1f MB, %d documents; %d runs; %s; load average %s" % (
        corpus, size / 1e6, ndocs, runs, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        " ".join("%.2f" % x for x in os.getloadavg())))
    if os.environ.get("BENCH_ONLY") != "dask":
        bench_pipe(cli, corpus, runs, threads, size)
    if os.environ.get("BENCH_ONLY") != "pipe":
        bench_dask(cli, corpus, runs, size, ndocs)


if __name__ == "__main__":
    main()

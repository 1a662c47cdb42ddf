"""Where the time of a Dask run goes, measured from inside (not wall-clock
alone, which a shared machine makes unreliable): tagger.dask on a
LocalCluster of 1 and of 2 worker processes (threads_per_worker=1) over the
same JSONL file, each pipeline RUNS times alternated, and per run

  - the wall time and the speed-up of 2 workers over 1 (same run index),
  - CPU seconds of the worker processes (psutil, through Client.run) and of
    this process, which holds the client and, in a LocalCluster, the
    scheduler and the nannies,
  - the tasks the scheduler ran, the transfers between workers (count, MB,
    from the workers' transfer_incoming_log), and the share of the run the
    least busy worker spent computing (get_task_stream).

Pipelines, over lines = dask.bag.read_text(CORPUS, blocksize) and bag =
lines.map(json.loads): "records" = tag_bag(bag).map(dumps).to_textfiles(dir),
"dicts" = to_jsonl(bag, dir), "jsonl" = to_jsonl(lines, dir) (the lines
straight to libtagger, no json.loads); "baseline" and "baseline-dicts" =
"records" and "dicts" with another version of tagger/dask.py, named by
DASK_PROFILE_BASELINE (e.g. `git show main:python/tagger/dask.py >
/tmp/base/tagger_dask_base.py`; that directory goes on PYTHONPATH, so the
workers import it too).  "worker CPU µs/doc" divides the workers' CPU by
the corpus's lines.
The workers load the tagger and run each pipeline once before the timed
runs.  Prints a Markdown table of medians.  Not a test.

Usage: PYTHONPATH=python TAGGER_BUILD_DIR=build python3 bench/dask_profile.py
           CORPUS [RUNS [BLOCKSIZE [PIPELINE,...]]]
"""
import collections
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time


def _worker_cpu():
    import psutil
    t = psutil.Process().cpu_times()
    return t.user + t.system


def _transfers(since):
    from distributed import get_worker
    return [e["total"] for e in get_worker().transfer_incoming_log if e["start"] >= since]


def _self_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def build(pipeline, corpus, blocksize, outdir):
    import dask.bag as db
    import tagger.dask
    lines = db.read_text(corpus, blocksize=blocksize)
    if pipeline == "jsonl":
        return tagger.dask.to_jsonl(lines, outdir + "/*.jsonl", compute=False)
    bag = lines.map(json.loads)
    td = _baseline() if pipeline.startswith("baseline") else tagger.dask
    if pipeline in ("records", "baseline"):
        return td.tag_bag(bag).map(td.dumps).to_textfiles(outdir + "/*.jsonl", compute=False)
    return td.to_jsonl(bag, outdir + "/*.jsonl", compute=False)  # dicts, baseline-dicts


def _baseline():
    """The module DASK_PROFILE_BASELINE names (a tagger/dask.py; its
    relative import of the package made absolute)."""
    import importlib
    path = os.environ["DASK_PROFILE_BASELINE"]
    name = os.path.splitext(os.path.basename(path))[0]
    if name not in sys.modules:
        with open(path, encoding="utf-8") as f:
            src = f.read().replace("from . import ", "from tagger import ")
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        importlib.invalidate_caches()
    return importlib.import_module(name)


def one(client, pipeline, corpus, blocksize, outdir):
    from distributed import get_task_stream
    shutil.rmtree(outdir, ignore_errors=True)
    w0, s0, since = client.run(_worker_cpu), _self_cpu(), time.time()
    t0 = time.perf_counter()
    with get_task_stream(client=client) as ts:
        client.compute(build(pipeline, corpus, blocksize, outdir), sync=True)
    wall = time.perf_counter() - t0
    s1, w1 = _self_cpu(), client.run(_worker_cpu)
    moved = [x for v in client.run(_transfers, since).values() for x in v]
    busy = collections.defaultdict(float)
    for t in ts.data:
        for s in t["startstops"]:
            if s["action"] == "compute":
                busy[t["worker"]] += s["stop"] - s["start"]
    return dict(wall=wall, wcpu=sum(w1[k] - w0[k] for k in w0), scpu=s1 - s0,
                tasks=len(ts.data), xfers=len(moved), mb=sum(moved) / 1e6,
                busy=min(busy.values()) / wall)


def main():
    import dask.bag as db
    from distributed import Client, LocalCluster
    import tagger.dask

    corpus = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    blocksize = int(sys.argv[3]) if len(sys.argv) > 3 else 1 << 19
    pipelines = (sys.argv[4] if len(sys.argv) > 4 else "records,jsonl").split(",")
    with open(corpus, "rb") as f:
        ndocs = sum(1 for _ in f)
    if any(p.startswith("baseline") for p in pipelines):
        if not os.environ.get("DASK_PROFILE_BASELINE"):
            sys.exit("dask_profile.py: pipeline baseline needs DASK_PROFILE_BASELINE")
        _baseline()
    tmp = tempfile.mkdtemp(prefix="tagger-dask-profile-")
    clusters = {}
    try:
        for n in (1, 2):
            cl = LocalCluster(n_workers=n, processes=True, threads_per_worker=1,
                              dashboard_address=None)
            clusters[n] = (cl, Client(cl, set_as_default=False))
        for p in pipelines:  # warm: the tagger loaded, every code path run once
            for n, (_, c) in clusters.items():
                one(c, p, corpus, blocksize, os.path.join(tmp, "warm"))
        print("%s; %s, blocksize %d, %d runs; load average %s" % (
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), corpus, blocksize, runs,
            " ".join("%.2f" % x for x in os.getloadavg())))
        res = collections.defaultdict(list)
        for _ in range(runs):
            for p in pipelines:
                for n, (_, c) in clusters.items():
                    res[(p, n)].append(one(c, p, corpus, blocksize, os.path.join(tmp, "out")))
        print("load average at the end %s\n" % " ".join("%.2f" % x for x in os.getloadavg()))
        print("| pipeline | workers | wall s | speed-up | worker CPU s | worker CPU µs/doc "
              "| client+scheduler CPU s | tasks | transfers | MB moved | least busy worker |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for p in pipelines:
            for n in (1, 2):
                rs = res[(p, n)]

                def med(k):
                    return statistics.median(r[k] for r in rs)
                up = statistics.median(a["wall"] / b["wall"] for a, b in zip(res[(p, 1)], rs))
                print("| %s | %d | %.2f | %.2f | %.2f | %.0f | %.2f | %d | %d | %.1f | %.0f%% |" % (
                    p, n, med("wall"), up, med("wcpu"), 1e6 * med("wcpu") / ndocs, med("scpu"),
                    med("tasks"), med("xfers"), med("mb"), 100 * med("busy")))
    finally:
        for cl, c in clusters.values():
            c.close()
            cl.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""pyahocorasick on the gazetteer benchmark's aliases and corpus (bench/gazetteer.sh).

Usage: bench_ahocorasick.py ALIASES.txt CORPUS.txt [RUNS]

ALIASES.txt holds one alias a line (bench/make_aliases.py writes it beside the
TSV the tagger compiles); CORPUS.txt one document a line.  Measured:

  build   ahocorasick.Automaton(): add_word for every alias, then
          make_automaton() (reading the file is not timed);
  load    pickle.loads of the pickled automaton, the nearest thing it has to
          loading a prebuilt index (median of 3), and the pickle's size;
  match   A.iter(doc) over every document, counting the matches, median of
          RUNS (5).  iter() reports every alias occurrence as a raw
          substring: overlapping, inside words too, with no normalization
          (no Arabic/Persian letter folding, ZWNJ, spacing or case).  MB/s is
          UTF-8 bytes of the corpus per second, as for the tagger; decoding
          the file to str is not timed.
  peak    ru_maxrss after build and matching (before pickling), and the
          interpreter's RSS before the build, for reference.

The last line, "RESULT key=value ...", is what bench/gazetteer.sh reads.
"""
import pickle
import resource
import statistics
import sys
import time

try:
    import ahocorasick
except ImportError:
    sys.exit("bench_ahocorasick.py: no module ahocorasick "
             "(apt-get install python3-ahocorasick, run with /usr/bin/python3)")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    aliases_path, corpus_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5

    with open(aliases_path, encoding="utf-8") as f:
        aliases = [line.rstrip("\n") for line in f if line.rstrip("\n")]
    with open(corpus_path, "rb") as f:
        raw = f.read()
    docs = [d for d in raw.decode("utf-8").split("\n") if d]
    mb = len(raw) / 1e6
    del raw
    rss_before = peak_mb()

    t0 = time.perf_counter()
    A = ahocorasick.Automaton()
    for i, alias in enumerate(aliases):
        A.add_word(alias, i)
    A.make_automaton()
    build_s = time.perf_counter() - t0
    print(f"pyahocorasick {getattr(ahocorasick, '__version__', '?')}: {len(A)} aliases, "
          f"build {build_s:.2f} s")

    speeds = []
    matches = 0
    for r in range(runs):
        t0 = time.perf_counter()
        matches = 0
        for doc in docs:
            for _ in A.iter(doc):
                matches += 1
        s = time.perf_counter() - t0
        speeds.append(mb / s)
        print(f"match run {r + 1}: {mb / s:.1f} MB/s, {matches} matches")
    peak = peak_mb()

    t0 = time.perf_counter()
    blob = pickle.dumps(A, protocol=pickle.HIGHEST_PROTOCOL)
    dump_s = time.perf_counter() - t0
    del A
    loads = []
    for _ in range(3):
        t0 = time.perf_counter()
        B = pickle.loads(blob)
        loads.append(time.perf_counter() - t0)
        del B
    load_ms = statistics.median(loads) * 1e3
    match_mbps = statistics.median(speeds)

    print(f"corpus: {corpus_path}, {mb:.1f} MB, {len(docs)} documents")
    print(f"median of {runs} runs: iter() {match_mbps:.1f} MB/s, {matches} matches")
    print(f"pickle: {len(blob) / 1e6:.1f} MB, dumps {dump_s:.2f} s, "
          f"loads {load_ms:.1f} ms (median of 3)")
    print(f"peak RSS: {rss_before:.1f} MB before build (interpreter + corpus), "
          f"{peak:.1f} MB after build and matching")
    print(f"RESULT build_s={build_s:.3f} match_mbps={match_mbps:.2f} peak_mb={peak:.1f} "
          f"base_mb={rss_before:.1f} matches={matches} pickle_load_ms={load_ms:.1f} "
          f"pickle_mb={len(blob) / 1e6:.1f}")


if __name__ == "__main__":
    main()

"""Tagger.pipe's cost a document, for callgrind and CPU-time comparisons
(docs/python.md, "Tagger.pipe: a batch a call").

Usage: PYTHONPATH=python TAGGER_BUILD_DIR=build python3 bench/pipe_cost.py CORPUS N THREADS MODE

Reads the texts of the first N lines of the JSONL CORPUS and loads the
default tagger, then by MODE:
  pipe      sum(len(d.to_json()) for d in pipe(texts, threads=THREADS)), as
            bench/python.sh's "texts in memory" row; prints the wall and CPU
            seconds of the process for that part alone, and the characters;
  load      nothing more (callgrind's count for `pipe` less this one's is
            the pipe's own);
  overhead  the thread's CPU a document, best of 5, of pipe(threads=1) and
            of encoding the texts, with a tagger that loads nothing (its
            tagging is only normalizing and tokenizing), on one-letter texts
            and on the N texts: what the binding adds to a document.
"""
import json
import resource
import sys
import time

import tagger

corpus, n, threads, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
texts = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        if len(texts) == n:
            break
        texts.append(json.loads(line)["text"])

if mode == "overhead":
    empty = tagger.Tagger(default_gazetteer=False, default_rules=False, model=False, topics=0)

    def best(what, f):
        t = min(_timed(f) for _ in range(5))
        print("%-34s %6.2f us a document" % (what, t / len(texts) * 1e6))

    def _timed(f):
        c = time.thread_time()
        f()
        return time.thread_time() - c

    for name, docs in (("one-letter texts", ["x"] * len(texts)), ("the texts", texts)):
        best(name + ": pipe(threads=1)",
             lambda: sum(len(d.to_json()) for d in empty.pipe(docs, threads=1)))
        best(name + ": encode alone", lambda: [t.encode("utf-8", "surrogatepass") for t in docs])
    sys.exit(0)

nlp = tagger.Tagger()
if mode == "pipe":
    def cpu():
        return sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    c0, t0 = cpu(), time.perf_counter()
    chars = sum(len(d.to_json()) for d in nlp.pipe(texts, threads=threads))
    print("%.3f %.3f %d" % (time.perf_counter() - t0, cpu() - c0, chars))

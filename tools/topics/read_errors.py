#!/usr/bin/env python3
"""Draws a topic classifier's errors at random, with their title and text, for
reading them one by one (docs/topics.md, "Round 15b" and "Round 26").

The rows of the PRED files (`tagger topics eval --predictions`), in the order
given, whose gold label is in --gold ("core": politics, economy, sport, arts,
scitech; or labels separated by commas) and whose predicted label differs (and,
with --predicted L, is L); random.seed(SEED) and random.sample(those rows, N),
as Round 15b drew Fars's.  Prints the count, the accuracy (core) or recall (one
label) over the rows with such a gold label (not with --predicted), then each
drawn row: id, source section, gold, predicted and runner-up with their
probabilities, the title and the first CHARS characters of the text, read from
DIR/<first part of the id>.jsonl.  Deterministic.

Usage: read_errors.py [--gold core|L,L] [--predicted L] [--n 30] [--seed 7]
                      [--chars 500] [--corpora ../shared/corpora/topics/fa] PRED...
"""
import argparse
import json
import os
import random
import sys

CORE = ["politics", "economy", "sport", "arts", "scitech"]


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("Usage: ")[1])
    ap.add_argument("pred", nargs="+")
    ap.add_argument("--gold", default="core")
    ap.add_argument("--predicted")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--chars", type=int, default=500)
    ap.add_argument("--corpora", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "../../../shared/corpora/topics/fa"))
    a = ap.parse_args()
    gold = set(CORE if a.gold == "core" else a.gold.split(","))
    rows = []
    for f in a.pred:
        with open(f, encoding="utf-8") as fh:
            rows += [l.rstrip("\n").split("\t") for l in fh][1:]
    scored = [r for r in rows if r[2] in gold]
    errors = [r for r in scored if r[3] != r[2] and r[3] == (a.predicted or r[3])]
    random.seed(a.seed)
    drawn = random.sample(errors, min(a.n, len(errors)))
    docs = {}
    for name in sorted({r[0].split("/")[0] for r in drawn}):
        with open(os.path.join(a.corpora, name + ".jsonl"), encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                docs[d["id"]] = d
    if a.predicted:
        print("# %d errors predicted %s of %d articles" % (len(errors), a.predicted, len(scored)))
    else:
        print("# %d errors of %d articles (%s %.2f)" % (len(errors), len(scored),
              "accuracy" if len(gold) > 1 else "recall", 100 - 100 * len(errors) / max(len(scored), 1)))
    for i, r in enumerate(drawn):
        d = docs.get(r[0], {})
        second = " | 2nd %s %s" % (r[5], r[6]) if len(r) > 6 and r[5] else ""
        print("=== %d %s | section %s | gold %s | predicted %s %s%s" % (i + 1, r[0], r[1], r[2], r[3], r[4], second))
        print("title:", d.get("title", ""))
        print("text:", d.get("text", "")[:a.chars].replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())

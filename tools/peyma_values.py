#!/usr/bin/python3
"""Error analysis of the value labels on PEYMA (issue 19; docs/rules.md).

Rebuilds the text of each PEYMA document of LIST the way `tagger eval` does (tokens
joined by a space, sentences by a newline), tags them all with the tagger
(`TAGGER --jsonl --no-topics`, extra tagger options after `--`) and compares its
spans with the gold ones after the same trimming as `tagger eval`.  Two modes:

  errors   every exact-match error of the LABELS (default DAT), one a line:
           FP/FN, label, whether a span of the other side overlaps it (a boundary
           error) and which, the document, and 40 characters either side with the
           span in [[ ]]; then the per-label counts, which agree with `tagger eval`.
  count    for each Python regex PATTERN (matched on the text, named group `e`
           if present), how often its match is a gold span of LABELS exactly,
           inside a longer gold span, overlapping one, or not labelled at all;
           and how often the tagger predicts it exactly.

Usage: peyma_values.py errors [--labels DAT,TIM] [--tagger T] LIST ROOT [-- OPTS]
       peyma_values.py count [--labels DAT] [--show N] LIST ROOT PATTERN... [-- OPTS]
Debian's /usr/bin/python3, standard library only.  Tune on the train split only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from goldfile import document  # noqa: E402  (the documents as `tagger eval` reads them)

MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG",
       "DATE": "DAT", "TIME": "TIM", "MONEY": "MON", "PERCENT": "PCT"}
FOLD = str.maketrans("يكىۀة", "یکیهه")  # count: patterns see Persian yeh/kaf (same offsets)
TRIM = set(" \t\n\u200c«»\"'()[].,،:;؛!?؟“”‘’…")


def trim(text, s, e):
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return (s, e) if s < e else None


def load(args):
    docs = []
    for rel in open(args.list, encoding="utf-8"):
        rel = rel.strip()
        if rel and not rel.startswith("#"):
            docs.append((rel,) + document(os.path.join(args.root, rel)))
    inp = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for _, t, _ in docs)
    cmd = [args.tagger, "--jsonl", "--no-topics", "-q"] + args.opts
    out = subprocess.run(cmd, input=inp.encode(), stdout=subprocess.PIPE, check=True).stdout
    preds = [json.loads(l)["entities"] for l in out.decode().splitlines()]
    assert len(preds) == len(docs), "tagger output has %d lines for %d documents" % (len(preds), len(docs))
    result = []
    for (rel, text, gold), pred in zip(docs, preds):
        g = set()
        for s, e, l in gold:
            t = trim(text, s, e)
            if t:
                g.add(t + (l,))
        p = set()
        for ent in pred:
            l = MAP.get(ent["label"])
            t = trim(text, ent["start"], ent["end"]) if l else None
            if t:
                p.add(t + (l,))
        result.append((rel, text, g, p))
    return result


def ctx(text, s, e, w=40):
    return (text[max(0, s - w):s] + "[[" + text[s:e] + "]]" + text[e:e + w]).replace("\n", " ⏎ ")


def errors(args):
    labels = args.labels.split(",")
    counts = collections.defaultdict(lambda: [0, 0, 0])
    for rel, text, g, p in load(args):
        for l in labels:
            gl = {x for x in g if x[2] == l}
            pl = {x for x in p if x[2] == l}
            counts[l][0] += len(gl)
            counts[l][1] += len(pl)
            counts[l][2] += len(gl & pl)
            for kind, mine, other in (("FP", pl - gl, gl), ("FN", gl - pl, pl)):
                for s, e, _ in sorted(mine):
                    ov = [text[a:b] for a, b, _ in sorted(other) if a < e and s < b]
                    print("%s\t%s\t%s\t%s\t%s\t%s" % (kind, l, "B" if ov else "-", rel,
                          ctx(text, s, e), " | ".join(ov)))
    for l in labels:
        gold, pred, match = counts[l]
        pr = match / pred if pred else 0
        rc = match / gold if gold else 0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0
        print("# %s gold %d pred %d match %d F1 %.2f" % (l, gold, pred, match, 100 * f))


def count(args):
    labels = set(args.labels.split(","))
    docs = load(args) if not args.no_tagger else [
        (rel, t, {(s, e, l) for s, e, l in gs}, set())
        for rel in open(args.list, encoding="utf-8") if rel.strip() and not rel.startswith("#")
        for t, gs in [document(os.path.join(args.root, rel.strip()))]]
    for pat in args.patterns:
        rx = re.compile(pat)
        c = collections.Counter()
        shown = collections.defaultdict(list)
        for rel, text, g, p in docs:
            gl = [x for x in g if x[2] in labels]
            for m in rx.finditer(text.translate(FOLD)):
                grp = "e" if "e" in rx.groupindex and m.group("e") is not None else 0
                s, e = m.span(grp)
                if (s, e) in {(a, b) for a, b, _ in gl}:
                    k = "exact"
                elif any(a <= s and e <= b for a, b, _ in gl):
                    k = "inside"
                elif any(a < e and s < b for a, b, _ in gl):
                    k = "overlap"
                else:
                    k = "O"
                c[k] += 1
                if any((s, e) == (a, b) and l in labels for a, b, l in p):
                    c["pred_exact_" + k] += 1
                if len(shown[k]) < args.show:
                    cover = [text[a:b] for a, b, _ in gl if a < e and s < b]
                    shown[k].append(ctx(text, s, e, 30) + ("   gold: " + " | ".join(cover) if cover else ""))
        n = c["exact"] + c["inside"] + c["overlap"] + c["O"]
        print("%s\tn=%d exact=%d inside=%d overlap=%d O=%d  labelled(exact+inside)=%.0f%%  tagger exact: on gold-exact %d, on O %d, on inside %d, on overlap %d" % (
            pat, n, c["exact"], c["inside"], c["overlap"], c["O"],
            100 * (c["exact"] + c["inside"]) / n if n else 0,
            c["pred_exact_exact"], c["pred_exact_O"], c["pred_exact_inside"], c["pred_exact_overlap"]))
        for k in ("exact", "inside", "overlap", "O"):
            for line in shown[k]:
                print("    %s: %s" % (k, line))


def main():
    argv = sys.argv[1:]
    opts = []
    if "--" in argv:
        i = argv.index("--")
        argv, opts = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    for name in ("errors", "count"):
        sp = sub.add_parser(name)
        sp.add_argument("--labels", default="DAT")
        sp.add_argument("--tagger", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "tagger"))
        sp.add_argument("list")
        sp.add_argument("root")
        if name == "count":
            sp.add_argument("--show", type=int, default=0)
            sp.add_argument("--no-tagger", action="store_true", help="gold counts only")
            sp.add_argument("patterns", nargs="+")
    args = ap.parse_args(argv)
    args.opts = opts
    (errors if args.mode == "errors" else count)(args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Training copies of the Persian topic corpora without the articles whose
section is, by the other training articles, confidently another topic
(confident learning, Northcutt, Jiang and Chuang 2021; docs/topics.md,
"Round 15b").

Every training article is predicted by a model that did not see it
(cross-prediction), trained with the shipped recipe (OPTS) on the other
training articles and the none documents (--extra):
  --mode agency  each agency (a --group of files) by a model of the other
                 agencies given: an article is judged by how the *other*
                 agencies file its topic, which is what a model must carry
                 to an agency it never saw;
  --mode kfold   K folds by crc32(id), each by a model of the other folds.
Per-class thresholds, as confident learning sets them, with no free
parameter: t_c = the mean probability of c over the articles labelled c.
An article labelled i is flagged (--rule cl, confident learning's count)
when, among its top two labels (what `tagger topics eval --predictions`
gives), those whose probability reaches their class's threshold exist and the
likeliest of them is a news class j != i (the none class never flags); with
--rule top only when its top label j != i reaches t_j and p(i) < t_i.  Flagged articles are left out of the
copies (--action drop) or given j (--action relabel, label "clean:j",
mapped by lines appended to the map copy).  Only the training copies
change; the tests read the corpora as they are.  The none documents are
never flagged.

Usage: fa_clean.py --tagger T --map MAP --out DIR [--mode agency|kfold]
         [--k 4] [--action drop|relabel] [--rule cl|top] [--opts "..."]
         [--extra FILE]... [--list FILE]
         --group FILE[,FILE...]...
Writes DIR/<name of each FILE> and DIR/map.tsv (MAP, plus the relabel
lines), prints the flagged counts per file and per (given, flagged) pair,
and with --list FILE every flagged article (id, file, given, flagged, p).
Deterministic: the same inputs give the same copies.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import zlib


def read_map(path):
    m = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) >= 2 and f[1] != "-":
            m[f[0]] = f[1]
    return m


def load(path):
    """The parsed lines of a JSONL file (None for a line that is not JSON)."""
    out = []
    for line in open(path, encoding="utf-8"):
        try:
            out.append((line, json.loads(line)))
        except ValueError:
            out.append((line, None))
    return out


def write(path, rows):
    with open(path, "w", encoding="utf-8") as o:
        for line, _ in rows:
            o.write(line)


def predict(a, tmp, name, train, test):
    """Trains on `train` (lists of rows, one --train file each) and the
    extra files, predicts `test` rows; returns {id: (top, p, second, p2)}."""
    args = []
    for i, rows in enumerate(train):
        p = os.path.join(tmp, "%s.tr%d.jsonl" % (name, i))
        write(p, rows)
        args += ["--train", p]
    for e in a.extra:
        args += ["--train", e]
    model = os.path.join(tmp, name + ".bin")
    subprocess.run([a.tagger, "topics", "train", "-q"] + args +
                   ["--iptc-map", a.map, "--lang", "fa"] + shlex.split(a.opts) +
                   ["-o", model], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    tp = os.path.join(tmp, name + ".te.jsonl")
    write(tp, test)
    pred = os.path.join(tmp, name + ".pred")
    subprocess.run([a.tagger, "topics", "eval", "-q", "--json", "--model", model,
                    "--iptc-map", a.map, "--predictions", pred, tp], check=True,
                   stdout=subprocess.DEVNULL)
    out = {}
    for line in list(open(pred, encoding="utf-8"))[1:]:
        r = line.rstrip("\n").split("\t")
        out[r[0]] = (r[3], float(r[4]), r[5] if len(r) > 5 else "",
                     float(r[6]) if len(r) > 6 and r[6] else 0.0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tagger", required=True)
    ap.add_argument("--map", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", choices=("agency", "kfold"), default="agency")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--action", choices=("drop", "relabel"), default="drop")
    ap.add_argument("--opts", default="")
    ap.add_argument("--extra", action="append", default=[])
    ap.add_argument("--group", action="append", required=True)
    ap.add_argument("--list")
    ap.add_argument("--rule", choices=("cl", "top"), default="cl")
    a = ap.parse_args()
    topic = read_map(a.map)
    groups = [g.split(",") for g in a.group]
    data = {f: load(f) for g in groups for f in g}
    files = [f for g in groups for f in g]
    gold = {}  # id -> topic, the mapped news articles only
    for f in files:
        for _, j in data[f]:
            if j and topic.get(j.get("label")) not in (None, "none"):
                gold[j["id"]] = topic[j["label"]]
    preds = {}
    with tempfile.TemporaryDirectory() as tmp:
        if a.mode == "agency":
            for gi, g in enumerate(groups):
                train = [data[f] for h in groups if h is not g for f in h]
                test = [r for f in g for r in data[f]]
                preds.update(predict(a, tmp, "g%d" % gi, train, test))
        else:
            fold = lambda j: zlib.crc32(j["id"].encode()) % a.k
            for k in range(a.k):
                train = [[r for r in data[f] if r[1] is None or fold(r[1]) != k] for f in files]
                test = [r for f in files for r in data[f] if r[1] is not None and fold(r[1]) == k]
                preds.update(predict(a, tmp, "k%d" % k, train, test))

    def prob(pr, c):
        return pr[1] if pr[0] == c else pr[3] if pr[2] == c else 0.0

    classes = sorted(set(gold.values()))
    thr = {}
    for c in classes:
        ps = [prob(preds[i], c) for i, g in gold.items() if g == c and i in preds]
        thr[c] = sum(ps) / len(ps) if ps else 1.0
    flagged = {}
    for i, g in gold.items():
        pr = preds.get(i)
        if not pr:
            continue
        if a.rule == "top":
            cand = [(pr[1], pr[0])] if (pr[0] in thr and pr[1] >= thr[pr[0]]
                                        and prob(pr, g) < thr[g]) else []
        else:
            cand = [(p, c) for c, p in ((pr[0], pr[1]), (pr[2], pr[3]))
                    if c in thr and p >= thr[c]]
        if cand:
            p, c = max(cand)
            if c != g:
                flagged[i] = (g, c, p)
    print("thresholds: " + ", ".join("%s %.3f" % (c, thr[c]) for c in classes))
    os.makedirs(a.out, exist_ok=True)
    pairs = {}
    lst = open(a.list, "w", encoding="utf-8") if a.list else None
    for f in files:
        rows, n = [], 0
        for line, j in data[f]:
            fl = flagged.get(j["id"]) if j else None
            if fl:
                n += 1
                pairs[fl[:2]] = pairs.get(fl[:2], 0) + 1
                if lst:
                    lst.write("%s\t%s\t%s\t%s\t%.4f\n" % (j["id"], os.path.basename(f), fl[0], fl[1], fl[2]))
                if a.action == "drop":
                    continue
                j = dict(j, label="clean:" + fl[1])
                line = json.dumps(j, ensure_ascii=False) + "\n"
            rows.append((line, j))
        write(os.path.join(a.out, os.path.basename(f)), rows)
        print("%s: %d of %d flagged" % (os.path.basename(f), n,
              sum(1 for _, j in data[f] if j and j["id"] in gold)))
    with open(os.path.join(a.out, "map.tsv"), "w", encoding="utf-8") as o:
        o.write(open(a.map, encoding="utf-8").read())
        for c in classes:
            o.write("clean:%s\t%s\n" % (c, c))
    print("flagged (given -> flagged): " + ", ".join(
        "%s->%s %d" % (k[0], k[1], v) for k, v in sorted(pairs.items(), key=lambda x: -x[1])))
    if lst:
        lst.close()


if __name__ == "__main__":
    sys.exit(main())

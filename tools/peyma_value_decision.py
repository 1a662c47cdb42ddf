#!/usr/bin/python3
"""A learned keep/drop/add decision for value spans, tried against the rules (issue 19).

Fitted on PEYMA train only (data/splits/peyma-train.txt; a list named *dev* is refused).
For every document it rebuilds the text as `tagger eval` does, tags it with TAGGER
(`--jsonl --no-topics`: rules, lists and the names model as shipped) and tokenizes it
(`TAGGER tokenize`, cached with --cache).  The candidates are the value entities of
the output (DATE, TIME, MONEY, PERCENT) and the runs of LEX (bare date words such as
«امروز», «اربعین», «پایان سال», month and season names) that no entity overlaps; a
candidate is positive when a gold span of its label has exactly its trimmed span.  A
logistic regression (SGD, 12 epochs, L2) over the features of `feats` (the span's
words, rule, first/last word, two words either side, length, sentence index, a «:»
before it in its sentence, whether the rule gave a value, how often the same span
occurs in the document, and conjunctions of these with the span text) decides:
an entity is dropped when it scores <= THRESHOLD, a lexicon run added when > THRESHOLD.

  peyma_value_decision.py [--folds K] [--cache DIR]    K-fold CV by document on train
  peyma_value_decision.py --score LIST [--cache DIR]   fit on train, score LIST once

Prints exact F1 per value label and value micro P/R/F1 (gold trimmed as `tagger
eval` does), for the rules alone and for each decision mode and threshold.  The
result (docs/rules.md, 2026-12-03): on train CV no mode beats the rules, so no
decision ships.  Debian's /usr/bin/python3, standard library only.
"""
import argparse
import collections
import json
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
from goldfile import document  # noqa: E402
from peyma_values import trim, MAP  # noqa: E402

LABELS = ("DATE", "TIME", "MONEY", "PERCENT")
# value_decide.c: the lexicon of bare date words, longest first (normalized text)
LEX = [
    "اربعین حسینی", "پایان سال", "ماه محرم", "ماه صفر", "ماه رمضان", "شب گذشته",
    "امروز", "فردا", "دیروز", "اربعین", "عاشورا", "تاسوعا", "امشب", "دیشب", "نوروز",
    "زمستان", "تابستان", "بهار", "پاییز", "فروردین", "اردیبهشت", "خرداد", "مرداد",
    "شهریور", "آبان", "اسفند", "محرم",
]
def feats(toks, a, b, label, source, has_value, same, colon):
    """toks: [(norm, kind, sentence)]; the candidate is toks[a:b]."""
    text = " ".join(t[0] for t in toks[a:b])
    sent = toks[a][2]

    def tok(i):
        if i < 0 or i >= len(toks) or toks[i][2] != sent:
            return "<s>"
        return toks[i][0]

    p1, p2, n1, n2 = tok(a - 1), tok(a - 2), tok(b), tok(b + 1)
    L = label
    sb = str(min(sent, 4))
    f = ["b|" + L, "w|" + L + "|" + text, "r|" + L + "|" + source,
         "f|" + L + "|" + toks[a][0], "l|" + L + "|" + toks[b - 1][0],
         "p1|" + L + "|" + p1, "p2|" + L + "|" + p2, "n1|" + L + "|" + n1,
         "n2|" + L + "|" + n2, "p1w|" + L + "|" + p1 + "|" + text,
         "n1w|" + L + "|" + n1 + "|" + text, "len|" + L + "|" + str(min(b - a, 6)),
         "sent|" + L + "|" + sb, "sentw|" + L + "|" + sb + "|" + text,
         "colon|" + L + "|" + colon, "colonw|" + L + "|" + colon + "|" + text,
         "val|" + L + "|" + has_value, "same|" + L + "|" + same + "|" + text,
         "rw|" + L + "|" + source + "|" + text]
    return f


def tokens_of(tagger, text, cache, rel):
    path = os.path.join(cache, rel.replace("/", "_") + ".json") if cache else None
    if path and os.path.exists(path):
        data = open(path, "rb").read()
    else:
        data = subprocess.run([tagger, "tokenize", "-"], input=text.encode(),
                              stdout=subprocess.PIPE, check=True).stdout
        if path:
            open(path, "wb").write(data)
    return json.loads(data)["tokens"]


def candidates(toks, ents):
    """[(a, b, label, source, has_value, (start, end))] over token indexes."""
    out, covered = [], [False] * len(toks)

    def span_toks(s, e):
        idx = [i for i, t in enumerate(toks) if t["start"] < e and s < t["end"]]
        return (idx[0], idx[-1] + 1) if idx else None

    for ent in ents:
        r = span_toks(ent["start"], ent["end"])
        if not r:
            continue
        for i in range(*r):
            covered[i] = True
        if ent["label"] in LABELS:
            src = ent.get("rule") or ent.get("source", "?")
            out.append((r[0], r[1], ent["label"], src, "1" if "value" in ent else "0",
                        (ent["start"], ent["end"])))
    lex = [tuple(w.split(" ")) for w in LEX]
    i = 0
    while i < len(toks):
        for w in lex:
            n = len(w)
            if (i + n <= len(toks) and tuple(t["norm"] for t in toks[i:i + n]) == w and
                    not any(covered[i:i + n]) and toks[i]["sentence"] == toks[i + n - 1]["sentence"]):
                out.append((i, i + n, "DATE", "lex", "0", (toks[i]["start"], toks[i + n - 1]["end"])))
                i += n - 1
                break
        i += 1
    return out


def doc_examples(toks, ents):
    tk = [(t["norm"], t["kind"], t["sentence"]) for t in toks]
    cands = candidates(toks, ents)
    count = collections.Counter((c[2], " ".join(tk[j][0] for j in range(c[0], c[1]))) for c in cands)
    colon_at = []  # colon before token i in its sentence
    seen, sent = False, -1
    for t in tk:
        if t[2] != sent:
            seen, sent = False, t[2]
        colon_at.append("1" if seen else "0")
        if t[0] == ":":
            seen = True
    ex = []
    for a, b, label, src, hv, span in cands:
        text = " ".join(tk[j][0] for j in range(a, b))
        n = count[(label, text)]
        same = "1" if n == 1 else "2" if n == 2 else "3"
        ex.append((feats(tk, a, b, label, src, hv, same, colon_at[a]), label, span, src))
    return ex


def load(args):
    rels = [l.strip() for l in open(args.list, encoding="utf-8") if l.strip() and not l.startswith("#")]
    docs = [(rel,) + document(os.path.join(args.root, rel)) for rel in rels]
    inp = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for _, t, _ in docs)
    out = subprocess.run([args.tagger, "--jsonl", "--no-topics", "-q"], input=inp.encode(),
                         stdout=subprocess.PIPE, check=True).stdout.decode().splitlines()
    data = []
    for (rel, text, gold), line in zip(docs, out):
        ents = json.loads(line)["entities"]
        toks = tokens_of(args.tagger, text, args.cache, rel)
        g = set()
        for s, e, l in gold:
            t = trim(text, s, e)
            if t:
                g.add(t + (l,))
        fixed = set()  # value entities of the output, trimmed (scored as they are)
        for ent in ents:
            l = MAP.get(ent["label"])
            t = trim(text, ent["start"], ent["end"]) if l else None
            if t:
                fixed.add(t + (l,))
        exs = []
        for f, label, (s, e), src in doc_examples(toks, ents):
            t = trim(text, s, e)
            key = t + (MAP[label],) if t else None
            exs.append((f, 1 if key in g else 0, key, src != "lex"))
        data.append((rel, g, fixed, exs))
    return data


def train(examples, epochs=12, lr=0.2, l2=1e-5, seed=1):
    w = collections.defaultdict(float)
    rnd = random.Random(seed)
    ex = [(f, y) for f, y in examples]
    for ep in range(epochs):
        rnd.shuffle(ex)
        eta = lr / (1 + ep)
        for f, y in ex:
            z = sum(w[x] for x in f)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            g = y - p
            for x in f:
                w[x] += eta * (g - l2 * w[x])
    return w


def score(w, f):
    return sum(w.get(x, 0.0) for x in f)


def apply(data, w, th, mode=None):
    """Gold and predicted (doc, start, end, label): the output's value entities,
    less the candidates of entities scored <= th (mode keep/drop/add, drop only),
    plus the lexicon candidates scored > th (keep/drop/add, add only)."""
    gold, pred = set(), set()
    for i, (rel, g, fixed, exs) in enumerate(data):
        gold |= {(i,) + x for x in g}
        out = set(fixed)
        for f, y, key, from_ent in exs:
            if key is None or w is None:
                continue
            keep = score(w, f) > th
            if from_ent and not keep and mode != "add only":
                out.discard(key)
            elif not from_ent and keep and mode != "drop only":
                out.add(key)
        pred |= {(i,) + x for x in out}
    return gold, pred


def report(gold, pred, name):
    g2 = {(x[0], x[1], x[2], x[3]) for x in gold}
    p2 = {(x[0], x[1], x[2], x[3]) for x in pred}
    row = [name]
    for l in ("DAT", "TIM", "MON", "PCT"):
        row.append("%.2f" % prf2(g2, p2, {l})[2])
    P, R, F = prf2(g2, p2, {"DAT", "TIM", "MON", "PCT"})
    row.append("%.2f / %.2f / %.2f" % (P, R, F))
    print("| " + " | ".join(row) + " |")


def prf2(g, p, labels):
    gg = {x for x in g if x[3] in labels}
    pp = {x for x in p if x[3] in labels}
    m = len(gg & pp)
    P = m / len(pp) if pp else 0
    R = m / len(gg) if gg else 0
    return 100 * P, 100 * R, 200 * P * R / (P + R) if P + R else 0


def cv_rows(data, folds, rows):
    """Per row (name, mode, threshold): the K-fold pooled gold and predictions."""
    res = {r: (set(), set()) for r in rows}
    for k in range(folds):
        fit = [x for i, x in enumerate(data) if i % folds != k]
        held = [x for i, x in enumerate(data) if i % folds == k]
        w = train([(f, y) for _, _, _, exs in fit for f, y, _, _ in exs])
        for r in rows:
            g, p = apply(held, w if r[1] else None, r[2], r[1])
            res[r][0].update(((k, x[0]),) + x[1:] for x in g)
            res[r][1].update(((k, x[0]),) + x[1:] for x in p)
    return res


ROWS = [("rules (no decision)", None, 0.0)] + [
    ("%s, threshold %+.1f" % (m, t), m, t)
    for m in ("keep/drop/add", "drop only", "add only") for t in (-2.0, -1.0, 0.0, 1.0)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", default=os.path.join(HERE, "..", "data", "splits", "peyma-train.txt"))
    ap.add_argument("--root", default=os.path.join(HERE, "..", "..", "shared", "corpora", "ner", "fa", "peyma"))
    ap.add_argument("--tagger", default=os.path.join(HERE, "..", "build", "tagger"))
    ap.add_argument("--cache", default=None, help="directory for the tokenizations")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--score", default=None, help="fit on all of --list, score this list once")
    args = ap.parse_args()
    if "dev" in os.path.basename(args.list):
        sys.exit("peyma_value_decision.py: never fit on dev")
    data = load(args)
    if args.score:
        w = train([(f, y) for _, _, _, exs in data for f, y, _, _ in exs])
        args.list = args.score
        held = load(args)
        res = {r: apply(held, w if r[1] else None, r[2], r[1]) for r in ROWS}
        title = "%s (%d docs), fit on %d train docs" % (os.path.basename(args.score), len(held), len(data))
    else:
        res = cv_rows(data, args.folds, ROWS)
        title = "train, %d-fold CV by document (%d docs)" % (args.folds, len(data))
    print("| %s | DAT | TIM | MON | PCT | value micro P / R / F1 |" % title)
    print("|---|---|---|---|---|---|")
    for r in ROWS:
        report(res[r][0], res[r][1], r[0])


if __name__ == "__main__":
    main()

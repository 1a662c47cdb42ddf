#!/usr/bin/python3
"""Reference text classifiers (scikit-learn: Debian's python3-sklearn, hence
/usr/bin/python3) on the English topic split of tools/topics/en-dev.sh
(docs/topics.md, "Round 25"):
BBC and AG News items with crc32(id) % 5 == 0 are the held-out fifth (FOLD 0:
trained on the other four), crc32(id) % 5 == F the selection fold F = 1..4
(trained on the three others); the none training documents of none-corpus.sh
(at fold F without those whose crc32(source) % 4 == F - 1) and the written
none file are trained as the class "none".  Accuracy is the best label, none
included, against the gold one, as `topics eval` counts it.  Each result is
a TSV line appended to OUT: fold, features, classifier, AG and BBC accuracy,
their item counts, seconds.  After "--", only the named configurations
("word12 LinearSVC C=1", ...) run, and at fold 0 their predictions are
written to OUT.agnews_train.pred and OUT.bbc_train.pred (id, gold, predicted).
NO_NONE=1 trains without the none documents; AG_FRAC=X keeps only the AG
training items with crc32("s" + id) % 100 < 100 X (a learning curve).
Usage: en_reference.py SHARED_EN NONE_DIR WRITTEN OUT FOLD... [-- CONFIG...]
"""
import json, os, sys, time, zlib
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer, CountVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.svm import LinearSVC

MAPS = {"agnews_train": {"world": "politics", "sports": "sport", "business": "economy",
                         "scitech": "scitech"},
        "bbc_train": {"business": "economy", "entertainment": "arts", "politics": "politics",
                      "sport": "sport", "tech": "scitech"}}


def doc(d):
    return (d["title"] + "\n\n" if d.get("title") else "") + d["text"]


def read(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def split(en, none_dir, written, fold):
    tr, dev = ([], [], []), {"agnews_train": ([], [], []), "bbc_train": ([], [], [])}
    seen = set()
    for name, m in MAPS.items():
        for d in read(f"{en}/{name}.jsonl"):
            h = zlib.crc32(d["id"].encode()) % 5
            if d["label"] not in m:
                continue
            if h == fold:
                t = dev[name]
            elif h == 0:
                continue
            else:
                t = tr
                frac = float(os.environ.get("AG_FRAC", "1"))
                if name == "agnews_train" and zlib.crc32(("s" + d["id"]).encode()) % 100 >= 100 * frac:
                    continue
                if doc(d) in seen:  # topics train drops duplicates
                    continue
                seen.add(doc(d))
            t[0].append(doc(d)); t[1].append(m[d["label"]]); t[2].append(d["id"])
    if os.environ.get("NO_NONE"):
        return tr, dev
    for d in read(f"{none_dir}/none-en.train.jsonl"):
        src = d["id"].split("#")[0]
        if fold != 0 and zlib.crc32(src.encode()) % 4 == fold - 1:
            continue
        tr[0].append(doc(d)); tr[1].append("none"); tr[2].append(d["id"])
    for d in read(written):
        tr[0].append(doc(d)); tr[1].append("none"); tr[2].append(d.get("id", ""))
    return tr, dev


def nbsvm_fit_predict(Xtr, ytr, Xdevs, C, alpha=1.0):
    """One-vs-rest logistic regression on binarized counts scaled by each
    class's log-count ratio (Wang & Manning 2012, NB-LR)."""
    Xb = (Xtr > 0).astype(np.float64)
    classes = sorted(set(ytr))
    y = np.array(ytr)
    scores = [np.zeros((X.shape[0], len(classes))) for X in Xdevs]
    for k, c in enumerate(classes):
        pos = y == c
        p = alpha + np.asarray(Xb[pos].sum(0)).ravel()
        q = alpha + np.asarray(Xb[~pos].sum(0)).ravel()
        r = np.log((p / p.sum()) / (q / q.sum()))
        R = sp.diags(r)
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000)
        clf.fit(Xb @ R, pos.astype(int))
        for s, X in zip(scores, Xdevs):
            s[:, k] = clf.decision_function((X > 0).astype(np.float64) @ R)
    return [[classes[i] for i in s.argmax(1)] for s in scores]


def configs():
    out = []
    for C in (3, 10, 30, 100):
        out.append(("word12", f"LR C={C}", lambda C=C: LogisticRegression(C=C, max_iter=2000)))
    for C in (0.1, 0.3, 1, 3):
        out.append(("word12", f"LinearSVC C={C}", lambda C=C: LinearSVC(C=C)))
    for a in (1e-5, 3e-5, 1e-4):
        out.append(("word12", f"SGD modified_huber alpha={a:g}",
                    lambda a=a: SGDClassifier(loss="modified_huber", alpha=a, max_iter=50,
                                              tol=None, random_state=0)))
    for C in (0.1, 0.3, 1, 3):
        out.append(("count12", f"NB-LR C={C}", C))
    for C in (0.1, 0.3, 1):
        out.append(("char25", f"LinearSVC C={C}", lambda C=C: LinearSVC(C=C)))
    for C in (0.1, 0.3, 1):
        out.append(("word12+char25", f"LinearSVC C={C}", lambda C=C: LinearSVC(C=C)))
    for C in (10, 30):
        out.append(("word12+char25", f"LR C={C}", lambda C=C: LogisticRegression(C=C, max_iter=2000)))
    return out


def main():
    args = sys.argv[1:]
    only = None
    if "--" in args:
        i = args.index("--"); only = set(args[i + 1:]); args = args[:i]
    en, none_dir, written, out = args[:4]
    folds = [int(f) for f in args[4:]]
    res = open(out, "a")
    for fold in folds:
        t0 = time.time()
        tr, dev = split(en, none_dir, written, fold)
        names = list(dev)
        feats = {}
        need = {f for f, _, _ in configs() if only is None or f"{f} {_}" in only}
        def vec(kind):
            if kind in feats:
                return feats[kind]
            if kind == "word12":
                v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                                    token_pattern=r"(?u)\b\w+\b")
            elif kind == "count12":
                v = CountVectorizer(ngram_range=(1, 2), min_df=2, token_pattern=r"(?u)\b\w+\b")
            elif kind == "char25":
                v = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                    min_df=2)
            else:
                a, b = vec("word12"), vec("char25")
                feats[kind] = (sp.hstack([a[0], b[0]]).tocsr(),
                               [sp.hstack([x, y]).tocsr() for x, y in zip(a[1], b[1])])
                return feats[kind]
            Xtr = v.fit_transform(tr[0])
            feats[kind] = (Xtr, [v.transform(dev[n][0]) for n in names])
            print(f"fold {fold} {kind} {Xtr.shape} {time.time() - t0:.0f}s", file=sys.stderr,
                  flush=True)
            return feats[kind]
        for kind, name, mk in configs():
            if only is not None and f"{kind} {name}" not in only:
                continue
            t1 = time.time()
            Xtr, Xdevs = vec(kind)
            if kind == "count12":
                preds = nbsvm_fit_predict(Xtr, tr[1], Xdevs, mk)
            else:
                clf = mk().fit(Xtr, tr[1])
                preds = [clf.predict(X) for X in Xdevs]
            accs = []
            for n, p in zip(names, preds):
                gold = dev[n][1]
                accs.append(100.0 * sum(a == b for a, b in zip(p, gold)) / len(gold))
                if fold == 0 and only is not None:
                    with open(f"{out}.{n}.pred", "w") as f:
                        for i, g, q in zip(dev[n][2], gold, p):
                            f.write(f"{i}\t{g}\t{q}\n")
            line = f"{fold}\t{kind}\t{name}\t{accs[0]:.2f}\t{accs[1]:.2f}\t{len(dev[names[0]][1])}\t{len(dev[names[1]][1])}\t{time.time() - t1:.0f}"
            print(line, file=res, flush=True)
            print(line, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Copy PEYMA files with one annotation convention changed: a minister's portfolio.

PEYMA tags the words after «وزیر» ("minister") as an organization: «وزیر [نفت]ORG»,
«وزیر [امور خارجه گرجستان]ORG».  The tagger does not (issue 19, docs/junk.md): a
portfolio is not the ministry («وزارت نفت» is), and the country at its end is a place.
This writes the files of LIST (paths relative to ROOT) under OUT with every gold ORG
span that starts right after «وزیر», «وزرای» or «وزیران» retagged: its last one to three
tokens become LOC when they are a country's name (an alias of gazetteers/fa/countries.tsv,
Arabic yeh/kaf folded), the rest O.  It prints what it changed.  Everything else is
copied byte for byte, so `tagger eval --gold-list LIST --corpus-root OUT` scores the
tagger against PEYMA with this one convention adjusted.

Usage: peyma_titles.py LIST ROOT OUT    (Debian's /usr/bin/python3, stdlib only)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TITLES = {"وزیر", "وزرای", "وزیران"}


def fold(s):
    return s.replace("ي", "ی").replace("ك", "ک").replace("\u200c", "").strip()


def countries():
    names = set()
    with open(os.path.join(HERE, "..", "gazetteers", "fa", "countries.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(cols) < 4 or cols[1] != "GPE":
                continue
            for a in cols[3].split("|"):
                if a and not a.startswith("="):
                    names.add(" ".join(fold(a.lstrip("?")).split()))
    return names


def adjust(lines, known, log, name):
    rows = [l.rstrip("\r\n").split("\t") for l in lines]
    tags = [r[1] if len(r) == 2 else None for r in rows]
    for i in range(1, len(rows)):
        if tags[i] != "B-ORG" or tags[i - 1] is None or fold(rows[i - 1][0]) not in TITLES:
            continue
        j = i + 1
        while j < len(rows) and tags[j] == "I-ORG":
            j += 1
        words = [fold(rows[k][0]) for k in range(i, j)]
        tail = 0
        for n in (3, 2, 1):
            if n <= len(words) and " ".join(words[-n:]) in known:
                tail = n
                break
        for k in range(i, j):
            tags[k] = "O"
        for k in range(j - tail, j):
            tags[k] = "B-LOC" if k == j - tail else "I-LOC"
        log.write("%s: وزیر [%s] -> %s\n" % (name, " ".join(words),
                  ("LOC " + " ".join(words[-tail:])) if tail else "O"))
    out = []
    for line, r, t in zip(lines, rows, tags):
        if t is None or t == r[1]:
            out.append(line)
        else:
            end = line[len(line.rstrip("\r\n")):]
            out.append(r[0] + "\t" + t + end)
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[-1].strip())
    lst, root, out = sys.argv[1:]
    known = countries()
    for rel in open(lst, encoding="utf-8"):
        rel = rel.strip()
        if not rel or rel.startswith("#"):
            continue
        with open(os.path.join(root, rel), encoding="utf-8", newline="") as f:
            lines = f.readlines()
        dst = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "w", encoding="utf-8", newline="") as f:
            f.writelines(adjust(lines, known, sys.stdout, rel))


if __name__ == "__main__":
    main()

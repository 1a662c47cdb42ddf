#!/usr/bin/env python3
"""Country mentions of gold NER files as an `eval --links` set (docs/linking.md, issue 19).

Every gold LOC span of the given token files (PEYMA dev, ParsNER test: annotated by hand,
held out of the country list, which comes from umpirsky/csc) whose text, a leading «کشور»
("country") left off, is exactly an alias of a GPE of gazetteers/fa/countries.tsv becomes a
mention of that country (label GPE, expected kb_id the country's).  With --nested, instead:
every country alias written as whole tokens strictly inside a longer gold ORG or LOC span
(«شبکه تلویزیونی هنگ‌کنگ», «سفارت ایران») becomes a mention of the country at the alias's
offsets.  Matching is the tagger's: Arabic ي ك as Persian ی ک, diacritics and tatweel left
out, and ZWNJ, space and no space alike.  An alias two countries share is skipped.

usage: country_links.py [--nested] FILE... > set.tsv
FILE is a path under the shared data root (corpora/ner/fa/peyma/300K/11.txt); the rows name
it so, for `tagger eval --links set.tsv --corpus-root ../shared`.  A FILE that ends in .txt
and lists paths (data/splits/peyma-dev.txt) is read as that list, relative to
corpora/ner/fa/peyma.  Run from the repository root; the root of the shared data is
../shared (or $TAGGER_SHARED).
Standard library only.
"""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from goldfile import document  # noqa: E402

SHARED = os.environ.get("TAGGER_SHARED", "../shared")
PEYMA = "corpora/ner/fa/peyma"
HEAD = "کشور"
DROP = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d\u200e\u200f ]")


def key(s):
    """The matching key of a name: Persian letters, no marks, no ZWNJ or spaces."""
    s = s.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("ة", "ه")
    s = s.replace("ۀ", "ه").replace("أ", "ا").replace("إ", "ا")
    return DROP.sub("", s).casefold()


def countries(path="gazetteers/fa/countries.tsv"):
    """{alias key: kb_id} of the list's GPE entries (a shared key dropped)."""
    out, shared = {}, set()
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if f[1] != "GPE":
            continue
        for a in f[3].split("|") + [f[2]]:
            a = a.lstrip("=?")
            k = key(a)
            if not k or not re.search("[\u0600-\u06ff]", a):
                continue   # the Persian set: Persian aliases only
            if out.get(k, f[0]) != f[0]:
                shared.add(k)
            out[k] = f[0]
    for k in shared:
        del out[k]
    return out


def files(args):
    for a in args:
        if a.endswith(".txt") and not a.startswith("corpora/"):
            for line in open(a, encoding="utf-8"):
                if line.strip() and not line.startswith("#"):
                    yield f"{PEYMA}/{line.strip()}"
        else:
            yield a


def main():
    args = sys.argv[1:]
    nested = "--nested" in args
    args = [a for a in args if a != "--nested"]
    alias = countries()
    print("# source\tdoc\tstart\tend\ttext\tlabel\tkb_id\tnote")
    for rel in files(args):
        text, spans = document(os.path.join(SHARED, rel))
        for s, e, lab in spans:
            if lab not in ("LOC", "ORG"):
                continue
            span = text[s:e]
            k = key(span)
            if k.startswith(HEAD) and k[len(HEAD):] in alias:
                k = k[len(HEAD):]
            if not nested:
                if lab == "LOC" and k in alias:
                    print(f"{rel}\t1\t{s}\t{e}\t{span}\tGPE\t{alias[k]}\tgold {lab}")
                continue
            if k in alias:
                continue   # the country itself («کشور اندونزی»)
            # whole-token sub-spans, longest first, not the whole span
            toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", span)]
            used = set()
            for n in range(len(toks) - 1, 0, -1):
                for i in range(len(toks) - n + 1):
                    a, b = toks[i][0], toks[i + n - 1][1]
                    if used & set(range(i, i + n)) or key(span[a:b]) not in alias:
                        continue
                    used |= set(range(i, i + n))
                    print(f"{rel}\t1\t{s + a}\t{s + b}\t{span[a:b]}\tGPE\t"
                          f"{alias[key(span[a:b])]}\tinside gold {lab} «{span}»")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Linking figures of the tagger on news (issue 19; docs/kb.md).

Usage: python3 gazetteers/build/kb_measure.py TAGGER CORPUS.jsonl [N] [--top K]

Runs `TAGGER --jsonl -q -j 2` on the first N (default 1000) documents of CORPUS and prints:
  * the share of PERSON, GPE and ORG mentions that carry a kb_id (per label and together);
  * country mentions: entities whose text, without a leading «کشور», is a non-ambiguous
    Persian alias of a country of gazetteers/fa/countries.tsv, and how many of them are
    linked to that country (kb_id equal to the country's);
  * with --top K, the K most frequent unlinked PERSON/GPE/ORG strings, and the K most frequent
    entries linked under a Persian canonical name (an induced entry with a romanized kb_id: no
    English name known yet; the candidates for english-names.txt).
The tagger's own JSON is read; nothing here changes what it finds.
"""
import collections
import itertools
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import GAZ, key, load_lines  # noqa: E402

HEADS = ("کشور",)


def countries():
    out = {}
    for l in load_lines(os.path.join(GAZ, "fa", "countries.tsv")):
        if not l or l.startswith("#"):
            continue
        c = l.split("\t")
        if c[1] != "GPE":
            continue
        for a in [c[2]] + c[3].split("|"):
            if a and not a.startswith("?") and any("\u0600" <= ch <= "\u06ff" for ch in a):
                out.setdefault(key(a.lstrip("=")), c[0])
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    top = 0
    if "--top" in sys.argv:
        top = int(sys.argv[sys.argv.index("--top") + 1])
        args = [a for a in args if a != str(top)]
    tagger, corpus = args[0], args[1]
    n = int(args[2]) if len(args) > 2 else 1000
    with open(corpus, encoding="utf-8") as f:
        lines = list(itertools.islice(f, n)) if n else f.readlines()
    out = subprocess.run([tagger, "--jsonl", "-q", "-j", "2"], input="".join(lines).encode(),
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    cmap = countries()
    linked, total = collections.Counter(), collections.Counter()
    unlinked = collections.Counter()
    romanized = collections.Counter()
    c_ok = c_all = 0
    c_bad = collections.Counter()
    for line in out.splitlines():
        d = json.loads(line)
        for e in d.get("entities", []):
            lab = e["label"]
            if lab in ("PERSON", "GPE", "ORG"):
                total[lab] += 1
                if e.get("kb_id"):
                    linked[lab] += 1
                    if any("\u0600" <= ch <= "\u06ff" for ch in e.get("name", "")):
                        romanized[(lab, e["kb_id"], e["name"])] += 1
                else:
                    unlinked[(lab, e["text"])] += 1
            t = e["text"]
            for h in HEADS:
                if t.startswith(h + " "):
                    t = t[len(h) + 1:]
            k = key(t)
            if k in cmap and lab in ("GPE", "LOC", "ORG"):
                c_all += 1
                if e.get("kb_id") == cmap[k]:
                    c_ok += 1
                else:
                    c_bad[(e["text"], lab, e.get("kb_id"))] += 1
    print("corpus %s, documents %d" % (os.path.basename(corpus), len(out.splitlines())))
    for lab in ("PERSON", "GPE", "ORG"):
        print("  %-6s mentions %6d  with kb_id %6d  %6.2f%%" % (lab, total[lab], linked[lab],
                                                             100.0 * linked[lab] / max(1, total[lab])))
    T, L = sum(total.values()), sum(linked.values())
    print("  all    mentions %6d  with kb_id %6d  %6.2f%%" % (T, L, 100.0 * L / max(1, T)))
    print("  country mentions %d, linked to their country %d (%.2f%%)" % (c_all, c_ok, 100.0 * c_ok / max(1, c_all)))
    for (t, lab, kb), c in c_bad.most_common(8 if top else 0):
        print("    not linked to its country: %4d  %s %s %s" % (c, t, lab, kb))
    for (lab, t), c in unlinked.most_common(top):
        print("    unlinked %5d  %-6s %s" % (c, lab, t))
    for (lab, kb, name), c in romanized.most_common(top):
        print("    romanized %4d  %-6s %s %s" % (c, lab, kb, name))


if __name__ == "__main__":
    main()

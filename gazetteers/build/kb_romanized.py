#!/usr/bin/env python3
"""Share of linked mentions whose kb_id is romanized (issue 19; docs/kb.md, 2026-12-03 fifth pass).

Usage: python3 gazetteers/build/kb_romanized.py TAGGER [N] [--top K] [CORPUS.jsonl ...]

Runs `TAGGER --jsonl -q -j 2` on the first N (default 1500) documents of each corpus (default:
every *.jsonl of ../shared/corpora/topics/fa) and counts the PERSON/GPE/LOC/ORG/FAC/NORP
mentions that carry a kb_id, and among them those linked to an entry with no English name
(an entry of an induced list, ParsNER or PEYMA, whose canonical name is Persian: its kb_id is
the romanized `fa_slug` of that name, such as `shr-qrishi`).  csc places whose canonical name is Persian (`locarno-ch`
«لوکارنو») have an English id and are not counted.  Prints the share per corpus and per
label, and with --top K the K most frequent such entries over all corpora
(count, documents, label, kb_id, name).  The tagger's own JSON is read; nothing is changed.
"""
import collections
import glob
import itertools
import json
import os
import subprocess
import sys

from gazlib import persian_letters

LABELS = ("PERSON", "GPE", "LOC", "ORG", "FAC", "NORP")
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                    "corpora", "topics", "fa")


INDUCED = ("persons-1-parsner.tsv", "persons-2-parsner.tsv", "organizations-parsner.tsv",
           "facilities-parsner.tsv", "entities-peyma.tsv")


def induced_ids():
    ids = set()
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fa")
    for name in INDUCED:
        with open(os.path.join(d, name), encoding="utf-8") as f:
            for line in f:
                c = line.split("\t")
                # an induced entry given an English name (a national team) has its slug
                if line and not line.startswith("#") and persian_letters(c[2]):
                    ids.add(c[0])
    return ids


def main():
    argv = sys.argv[1:]
    top = 0
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i:i + 2]
    tagger = argv.pop(0)
    n = 1500
    if argv and argv[0].isdigit():
        n = int(argv.pop(0))
    corpora = argv or sorted(glob.glob(os.path.join(ROOT, "*.jsonl")))
    romanized = induced_ids()
    allrom = collections.Counter()
    alldocs = collections.Counter()
    T = R = 0
    for corpus in corpora:
        with open(corpus, encoding="utf-8") as f:
            lines = list(itertools.islice(f, n)) if n else f.readlines()
        out = subprocess.run([tagger, "--jsonl", "-q", "-j", "2"], input="".join(lines).encode(),
                             stdout=subprocess.PIPE, check=True).stdout.decode()
        linked, rom = collections.Counter(), collections.Counter()
        for line in out.splitlines():
            seen = set()
            for e in json.loads(line).get("entities", []):
                lab = e["label"]
                if lab not in LABELS or not e.get("kb_id"):
                    continue
                linked[lab] += 1
                if e["kb_id"] in romanized:
                    rom[lab] += 1
                    k = (lab, e["kb_id"], e["name"])
                    allrom[k] += 1
                    if k not in seen:
                        seen.add(k)
                        alldocs[k] += 1
        t, r = sum(linked.values()), sum(rom.values())
        T += t
        R += r
        per = "  ".join("%s %d/%d" % (lab, rom[lab], linked[lab]) for lab in LABELS)
        print("%-26s docs %5d  linked %6d  romanized %5d  %5.2f%%   %s" % (
            os.path.basename(corpus), len(out.splitlines()), t, r, 100.0 * r / max(1, t), per))
    print("%-26s            linked %6d  romanized %5d  %5.2f%%" % ("all", T, R, 100.0 * R / max(1, T)))
    for (lab, kb, name), c in allrom.most_common(top):
        print("  %5d %4d  %-6s %-28s %s" % (c, alldocs[(lab, kb, name)], lab, kb, name))


if __name__ == "__main__":
    main()

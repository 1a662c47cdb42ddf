#!/usr/bin/env python3
"""Candidates for english-names.txt (issue 19, 2026-12-03 third pass; docs/kb.md).

Usage: python3 gazetteers/build/kb_candidates.py TAGGER [--top K] [--min N]

Counts, on corpora held apart from the linking dev set, the PERSON/GPE/LOC/ORG/FAC mentions
that are unlinked or linked to an entry with a Persian canonical name (an induced entry with a
romanized kb_id), and prints the most frequent ones by text:
  * the tagger's output on ../shared/corpora/topics/fa: isna_abbnaseri (all), farsnews_langml,
    farsnews_faezeh, hamshahri_hamtest, hamshahri_rss, ir_news_shessam (Asriran and others),
    minus every document data/links/fa-dev.tsv points into (only its source/doc columns are read);
  * the gold PER/LOC/ORG spans of PEYMA **train** (data/splits/peyma-train.txt; never dev)
    whose key is no alias of an entry with an English canonical name.
Only counts are printed; what becomes an entry is decided by hand (facts, not frequencies).
"""
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import HERE, GAZ, key, load_lines, curated_rows, row_aliases  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
TOPICS = ["isna_abbnaseri", "farsnews_langml", "farsnews_faezeh", "hamshahri_hamtest",
          "hamshahri_rss", "ir_news_shessam"]
LABELS = ("PERSON", "GPE", "LOC", "ORG", "FAC")


def persian(s):
    return any("\u0600" <= ch <= "\u06ff" for ch in s)


def dev_docs():
    out = set()
    for l in load_lines(os.path.join(REPO, "data", "links", "fa-dev.tsv")):
        if l and not l.startswith("#"):
            c = l.split("\t", 2)
            out.add((os.path.basename(c[0]), c[1]))
    return out


def english_keys():
    """Alias keys of entries whose canonical name is not Persian."""
    keys = set()
    for c in curated_rows():
        if not persian(c[2]):
            for a in row_aliases(c):
                if a.lstrip("?="):
                    keys.add(key(a.lstrip("?=")))
    return keys


def peyma_train():
    root = os.path.join(SHARED, "corpora", "ner", "fa", "peyma")
    spans = collections.Counter()
    for rel in load_lines(os.path.join(REPO, "data", "splits", "peyma-train.txt")):
        if not rel or rel.startswith("#"):
            continue
        cur, lab = [], None
        with open(os.path.join(root, rel), encoding="utf-8-sig", errors="replace") as f:
            for line in f:
                c = line.rstrip("\r\n").split("\t")
                tag = c[1] if len(c) > 1 else "O"
                if cur and not tag.startswith("I-"):
                    spans[(lab, " ".join(cur))] += 1
                    cur = []
                if tag.startswith("B-"):
                    cur, lab = [c[0]], tag[2:]
                elif tag.startswith("I-") and cur:
                    cur.append(c[0])
            if cur:
                spans[(lab, " ".join(cur))] += 1
    return spans


def main():
    tagger = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 300
    mn = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 3
    skip = dev_docs()
    unl = collections.Counter()
    rom = collections.Counter()
    for name in TOPICS:
        fn = name + ".jsonl"
        lines = [l for i, l in enumerate(load_lines(os.path.join(SHARED, "corpora", "topics", "fa", fn)), 1)
                 if l.strip() and (fn, str(i)) not in skip]
        out = subprocess.run([tagger, "--jsonl", "-q", "-j", "2"], input="\n".join(lines).encode() + b"\n",
                             stdout=subprocess.PIPE, check=True).stdout.decode()
        for line in out.splitlines():
            for e in json.loads(line).get("entities", []):
                if e["label"] not in LABELS:
                    continue
                if not e.get("kb_id"):
                    unl[(e["label"], e["text"])] += 1
                elif persian(e.get("name", "")):
                    rom[(e["label"], e["kb_id"], e["name"])] += 1
    for (lab, t), c in unl.most_common(top):
        if c >= mn:
            print("unlinked\t%d\t%s\t%s" % (c, lab, t))
    for (lab, kb, n), c in rom.most_common(top):
        if c >= mn:
            print("romanized\t%d\t%s\t%s\t%s" % (c, lab, kb, n))
    ek = english_keys()
    for (lab, t), c in peyma_train().most_common():
        if c >= mn and key(t) not in ek:
            print("peyma-train\t%d\t%s\t%s" % (c, lab, t))


if __name__ == "__main__":
    main()

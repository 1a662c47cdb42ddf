#!/usr/bin/env python3
"""Self-labelled English training text for ner-en.bin (docs/english.md, "Self-training on
BBC text", 2026-12-04; an experiment, off by default in build-ner.sh).

Prints, in CoNLL form (token, _, _, IOB2 tag; one document per -DOCSTART-), the articles of
../shared/corpora/topics/en/bbc_train.jsonl as TAGGER tags them (model, lists and rules),
the tagger's labels mapped to CoNLL's: PERSON PER; GPE, LOC, FAC LOC; ORG ORG; NORP, EVENT,
PRODUCT MISC; values O.  Left out: every document of data/ner/en-heldout-docs.tsv and
en-dev-docs.tsv (by line number and id), every article whose text is one of theirs (the BBC
file repeats some articles under other ids), and repeated articles.

Usage: selftrain-en.py TAGGER SHARED SRC [EVERY]   (EVERY: keep every N-th article, 1)
"""
import json
import os
import subprocess
import sys
import tempfile

MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG",
       "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC"}


def left_out(src):
    """(line numbers, ids) of the BBC documents of the English dev and held-out sets."""
    lines, ids = set(), set()
    for name in ("en-heldout-docs.tsv", "en-dev-docs.tsv"):
        with open(os.path.join(src, "data", "ner", name), encoding="utf-8") as f:
            for row in f:
                if row.startswith("#") or not row.strip():
                    continue
                source, doc, did = row.rstrip("\n").split("\t")
                if source.endswith("/bbc_train.jsonl"):
                    lines.add(int(doc))
                    ids.add(did)
    return lines, ids


def articles(shared, src, every):
    lines, ids = left_out(src)
    with open(os.path.join(shared, "corpora", "topics", "en", "bbc_train.jsonl"), encoding="utf-8") as f:
        rows = f.read().splitlines()
    docs = [json.loads(r) for r in rows]
    banned = {d["text"] for i, d in enumerate(docs, 1) if i in lines or d.get("id") in ids}
    seen, kept = set(), []
    for row, d in zip(rows, docs):
        if d["text"] in banned or d["text"] in seen:
            continue
        seen.add(d["text"])
        kept.append(row)
    return kept[::every]


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__.strip().splitlines()[-1])
    tagger, shared, src = sys.argv[1:4]
    every = int(sys.argv[4]) if len(sys.argv) == 5 else 1
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as tmp:
        tmp.write("\n".join(articles(shared, src, every)) + "\n")
    try:
        out = subprocess.run([tagger, "--jsonl", "-q", "-j", "1", "--no-topics", "--format", "conll",
                              "--lang", "en", tmp.name], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(tmp.name)
    w = sys.stdout.write
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) < 4 or cols[0].startswith("-DOCSTART-"):
            w(line + "\n")
            continue
        tag = cols[3]
        if tag != "O":
            label = MAP.get(tag[2:])
            tag = tag[:2] + label if label else "O"
        w(cols[0] + "\t_\t_\t" + tag + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Candidate rows for the linking dev set (data/links/fa-dev.tsv).

Reads PEYMA documents (paths relative to the PEYMA root), rebuilds
each document's text the way `tagger eval` does (tools/goldfile.py: tokens
joined by a space, sentences by a newline), and prints one row per gold PER/LOC/ORG
span: source, doc, start, end (code points), text, PEYMA label, the tagger's
kb_id for an overlapping entity (a suggestion only), and a short context.
The expected kb_id of every row in fa-dev.tsv was then decided by hand.

usage: candidates.py PEYMA_ROOT TAGGER FILE... > candidates.tsv
(FILE relative to PEYMA_ROOT, e.g. 300K/11.txt; prefix corpora/ner/fa/peyma/ in fa-dev.tsv)
"""
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from goldfile import document  # noqa: E402


def main():
    root, tagger, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    for rel in files:
        text, spans = document(f"{root}/{rel}")
        res = json.loads(subprocess.run([tagger, "-"], input=text.encode(),
                                        capture_output=True, check=True).stdout)
        for (s, e, lab) in spans:
            if lab not in ("PER", "LOC", "ORG"):
                continue
            got = [x for x in res["entities"] if x["start"] < e and s < x["end"]]
            sug = ";".join(f'{x["label"]}:{x.get("kb_id","-")}:{x.get("name","")}' for x in got)
            ctx = text[max(0, s - 40):e + 30].replace("\n", " / ")
            print("\t".join([rel, "1", str(s), str(e), text[s:e], lab, sug, ctx]))


if __name__ == "__main__":
    main()

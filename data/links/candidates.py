#!/usr/bin/env python3
"""Candidate rows for the linking dev set (data/links/fa-dev.tsv).

Reads PEYMA documents (paths relative to the PEYMA root), rebuilds
each document's text the way `tagger eval` does (tokens joined by a space,
sentences by a newline, CRs dropped), and prints one row per gold PER/LOC/ORG
span: source, doc, start, end (code points), text, PEYMA label, the tagger's
kb_id for an overlapping entity (a suggestion only), and a short context.
The expected kb_id of every row in fa-dev.tsv was then decided by hand.

usage: candidates.py PEYMA_ROOT TAGGER FILE... > candidates.tsv
(FILE relative to PEYMA_ROOT, e.g. 300K/11.txt; prefix corpora/ner/fa/peyma/ in fa-dev.tsv)
"""
import json
import subprocess
import sys


def read_peyma(path):
    with open(path, encoding="utf-8-sig") as f:
        lines = [l.rstrip("\r\n").rstrip("\r") for l in f]
    sents, s = [], []
    for l in lines:
        if not l.strip():
            if s:
                sents.append(s)
            s = []
            continue
        if "\t" in l:
            tok, tag = l.split("\t")[0], l.split("\t")[-1]
        else:
            parts = l.split(" ")
            if len(parts) < 2:
                continue
            tok, tag = parts[0], parts[-1]
        s.append((tok, tag.strip()))
    if s:
        sents.append(s)
    out, spans = "", []
    for si, s in enumerate(sents):
        if si:
            out += "\n"
        cur = None
        for ti, (tok, tag) in enumerate(s):
            if ti:
                out += " "
            start = len(out)
            out += tok
            if tag.startswith(("B-", "B_")) or (tag.startswith(("I-", "I_")) and (cur is None or cur[2] != tag[2:])):
                if cur:
                    spans.append(tuple(cur))
                cur = [start, len(out), tag[2:]]
            elif tag.startswith(("I-", "I_")):
                cur[1] = len(out)
            else:
                if cur:
                    spans.append(tuple(cur))
                cur = None
        if cur:
            spans.append(tuple(cur))
    return out, spans


def main():
    root, tagger, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    for rel in files:
        text, spans = read_peyma(f"{root}/{rel}")
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

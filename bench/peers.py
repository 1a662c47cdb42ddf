#!/usr/bin/env python3
"""Helpers of bench/peers.sh (the peers benchmark of issue 23).

  peers.py aliases EXPORT.csv OUT.txt
      the alias column of `tagger gazetteer export --format csv`, each
      distinct alias once, one a line: the same aliases the gazetteer holds
  peers.py aho-build ALIASES.txt OUT.pickle
      a pyahocorasick Automaton of the aliases, pickled (untimed preparation)
  peers.py aho-match AUTOMATON.pickle CORPUS.jsonl
      the timed run: unpickles the automaton (its load), then reads the JSONL
      and counts every alias occurrence in each article's "text" with iter()
      (raw substrings, overlapping, no normalization: matching only)
  peers.py texts CORPUS.jsonl OUT.txt
      each article's "text" on one line, whitespace runs made one space
      (fastText predict's input)
  peers.py sentences CORPUS.jsonl OUT.txt
      each article's "text" as tokens (runs of letters, digits and ZWNJ, or
      one other character) joined by spaces, one sentence a line (a sentence
      ends after . ! ? ؟ or a line break): OpenNLP TokenNameFinder's input
"""
import json
import pickle
import re
import sys


def texts(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                t = json.loads(line).get("text")
            except ValueError:
                continue
            if isinstance(t, str):
                yield t


def cmd_aliases(export, out):
    import csv
    seen = set()
    with open(export, encoding="utf-8", newline="") as f, \
            open(out, "w", encoding="utf-8") as o:
        for row in csv.DictReader(f):
            a = (row.get("alias") or "").strip()
            if a and "\n" not in a and a not in seen:
                seen.add(a)
                o.write(a + "\n")
    print(f"{out}: {len(seen)} aliases", file=sys.stderr)


def cmd_aho_build(aliases, out):
    import ahocorasick
    A = ahocorasick.Automaton()
    with open(aliases, encoding="utf-8") as f:
        for i, line in enumerate(f):
            A.add_word(line.rstrip("\n"), i)
    A.make_automaton()
    with open(out, "wb") as o:
        pickle.dump(A, o, protocol=pickle.HIGHEST_PROTOCOL)


def cmd_aho_match(automaton, corpus):
    with open(automaton, "rb") as f:
        A = pickle.load(f)
    matches = 0
    for t in texts(corpus):
        for _ in A.iter(t):
            matches += 1
    print(f"matches={matches}")


TOKEN = re.compile(r"[\w\u200c]+|[^\w\s]")
ENDS = {".", "!", "?", "؟"}


def cmd_texts(corpus, out):
    with open(out, "w", encoding="utf-8") as o:
        for t in texts(corpus):
            o.write(" ".join(t.split()) + "\n")


def cmd_sentences(corpus, out):
    with open(out, "w", encoding="utf-8") as o:
        for t in texts(corpus):
            for para in t.split("\n"):
                sent = []
                for tok in TOKEN.findall(para):
                    sent.append(tok)
                    if tok in ENDS:
                        o.write(" ".join(sent) + "\n")
                        sent = []
                if sent:
                    o.write(" ".join(sent) + "\n")


CMDS = {"aliases": cmd_aliases, "aho-build": cmd_aho_build, "aho-match": cmd_aho_match,
        "texts": cmd_texts, "sentences": cmd_sentences}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in CMDS:
        sys.exit(__doc__)
    CMDS[sys.argv[1]](sys.argv[2], sys.argv[3])

#!/usr/bin/python3
"""Junk audit of the tagger's output on a corpus (issue 19; docs/junk.md).

Reads the JSONL the tagger writes in bulk (`tagger --jsonl`, codepoint offsets, the
default) and prints:
  1. the TOP most frequent entity strings per label, with kb_id and count;
  2. mid-word spans: an entity that starts with a letter right after a letter, or ends
     with one right before a letter, unless what follows up to the end of the word is an attached Persian
     suffix/clitic (the list of tagger/gazetteer.c, SUFFIXES) and the span's last
     piece (after its last space or ZWNJ) is the whole span or at least two letters
     (so «کرده ا|ست» is mid-word while «اروپا|ست» and «ایران|ی» are not);
  3. common-word entities: a name entity (not a value: DATE, TIME, MONEY, PERCENT,
     ...) whose text, or the whole word around it when it lies in one word («رؤس» of
     «رؤسای»), folded (Arabic yeh/kaf, diacritics, ZWNJ, case), is a word of the
     common-word lists (gazetteers/build/common-words-junk.txt by default);
  4. entities with an unbalanced bracket («امام خمینی (ره»), reported apart;
and the rate of each per 1,000 entities (every entity of every record counts).

The document text comes from the record's "text" when present, else from the line at
the same position of --input (the JSONL the tagger read; the tagger copies every
member but "text").  Without either, mid-word spans are not checked.

Usage: junk_audit.py [--input IN.jsonl] [--common FILE]... [--top N] OUT.jsonl|-
Python 3 standard library only (Debian's /usr/bin/python3).
"""
import argparse
import collections
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_COMMON = os.path.join(HERE, "..", "gazetteers", "build", "common-words-junk.txt")

# tagger/gazetteer.c SUFFIXES, with the ZWNJ forms (the input keeps ZWNJ)
SUFFIXES = {"ها", "های", "هایی", "هایش", "هایشان", "هایمان", "ی", "ای", "یی", "ش", "اش",
            "شان", "مان", "تان", "ام", "ات", "ست", "است", "'s", "\u2019s"}
VALUE_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
ZWNJ = "\u200c"
FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا",
                      "ٱ": "ا", "ؤ": "و", "ئ": "ی", ZWNJ: None, "\u200d": None, "\u0640": None})


def fold(s):
    s = unicodedata.normalize("NFKC", s).translate(FOLD)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(s.split()).lower()


def is_letter(c):
    return unicodedata.category(c)[0] in "LM"


def mid_word(text, start, end):
    """Why the span [start, end) of text cuts a word: 'start', 'end' or None."""
    if start > 0 and is_letter(text[start - 1]) and is_letter(text[start]):
        return "start"
    if end < len(text) and is_letter(text[end]) and is_letter(text[end - 1]):
        k = end
        while k < len(text) and is_letter(text[k]):
            k += 1
        rest = text[end:k].replace(ZWNJ, "")
        span = text[start:end]
        piece = span
        for sep in (" ", ZWNJ):
            piece = piece.rsplit(sep, 1)[-1]
        last_ok = piece == span or sum(1 for c in piece if is_letter(c)) >= 2
        # a ZWNJ between the span and the suffix («روسیه‌ای») is a word boundary anyway
        if fold(rest) not in {fold(x) for x in SUFFIXES} or not last_ok:
            return "end"
    return None


def word_of(text, start, end):
    """The whole word around a span inside one word («رؤسای» around «رؤس»), else ''."""
    if " " in text[start:end] or text[start:end] == "":
        return ""
    while start > 0 and is_letter(text[start - 1]):
        start -= 1
    while end < len(text) and is_letter(text[end]):
        end += 1
    return text[start:end]


def load_common(paths):
    words = set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    words.add(fold(line))
    return words


def rate(n, total):
    return 1000.0 * n / total if total else 0.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output", help="the tagger's JSONL output, or - for standard input")
    ap.add_argument("--input", help="the JSONL the tagger read (for the document texts)")
    ap.add_argument("--common", action="append",
                    help="a common-word list, one word a line (repeatable); default "
                         "gazetteers/build/common-words-junk.txt")
    ap.add_argument("--top", type=int, default=50, help="strings per label (default 50)")
    ap.add_argument("--show", type=int, default=30,
                    help="junk strings listed per kind (default 30)")
    a = ap.parse_args(argv)
    common = load_common(a.common or [DEFAULT_COMMON])
    out = sys.stdin if a.output == "-" else open(a.output, encoding="utf-8")
    inp = open(a.input, encoding="utf-8") if a.input else None

    freq = collections.defaultdict(collections.Counter)   # label -> (text, kb_id) -> n
    mid = collections.Counter()                           # (text, label, side) -> n
    com = collections.Counter()                           # (text, label, kb_id) -> n
    brackets = collections.Counter()                      # (text, label) -> n
    total = docs = unchecked = mismatched = junk = 0
    for lineno, line in enumerate(out, 1):
        src = inp.readline() if inp else ""
        if not line.strip():
            continue
        rec = json.loads(line)
        text = rec.get("text")
        if text is None and src.strip():
            srec = json.loads(src)
            if "id" in rec and srec.get("id") != rec.get("id"):
                sys.exit("junk_audit: line %d: id %r is not the input's %r"
                         % (lineno, rec.get("id"), srec.get("id")))
            text = srec.get("text")
        if "entities" not in rec:
            continue
        docs += 1
        for e in rec["entities"]:
            total += 1
            label, etext, kb = e["label"], e["text"], e.get("kb_id", "")
            freq[label][(etext, kb)] += 1
            side = None
            if text is None:
                unchecked += 1
            elif text[e["start"]:e["end"]] != etext:
                mismatched += 1
            else:
                side = mid_word(text, e["start"], e["end"])
                if side:
                    mid[(etext, label, side)] += 1
            aligned = text is not None and text[e["start"]:e["end"]] == etext
            word = word_of(text, e["start"], e["end"]) if aligned else ""
            is_common = label not in VALUE_LABELS and (fold(etext) in common or fold(word) in common)
            if is_common:
                com[(etext, label, kb)] += 1
            junk += bool(side) or is_common
            if any(etext.count(o) != etext.count(c) for o, c in ("()", "«»", "[]")):
                brackets[(etext, label)] += 1

    for label in sorted(freq):
        n = sum(freq[label].values())
        print("== %s: %d entities, the %d most frequent ==" % (label, n, a.top))
        for (etext, kb), c in sorted(freq[label].items(), key=lambda x: (-x[1], x[0]))[:a.top]:
            print("%6d  %s  %s" % (c, etext, kb or "-"))
    nmid, ncom = sum(mid.values()), sum(com.values())
    print("== mid-word spans: %d (%.2f per 1,000 entities) ==" % (nmid, rate(nmid, total)))
    for (etext, label, side), c in sorted(mid.items(), key=lambda x: (-x[1], x[0]))[:a.show]:
        print("%6d  %s  %s  cut at the %s" % (c, etext, label, side))
    print("== common-word entities: %d (%.2f per 1,000 entities) ==" % (ncom, rate(ncom, total)))
    for (etext, label, kb), c in sorted(com.items(), key=lambda x: (-x[1], x[0]))[:a.show]:
        print("%6d  %s  %s  %s" % (c, etext, label, kb or "-"))
    nbr = sum(brackets.values())
    print("== unbalanced brackets: %d (%.2f per 1,000 entities) ==" % (nbr, rate(nbr, total)))
    for (etext, label), c in sorted(brackets.items(), key=lambda x: (-x[1], x[0]))[:a.show]:
        print("%6d  %s  %s" % (c, etext, label))
    print("documents %d, entities %d, mid-word %d, common-word %d, junk (either) %d = %.2f per 1,000"
          % (docs, total, nmid, ncom, junk, rate(junk, total)))
    if unchecked:
        print("not checked for mid-word spans (no text): %d entities" % unchecked)
    if mismatched:
        print("offsets not matching the text (not codepoint offsets?): %d entities" % mismatched)
    return 0


if __name__ == "__main__":
    sys.exit(main())

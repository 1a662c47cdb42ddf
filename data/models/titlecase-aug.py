#!/usr/bin/env python3
"""Title Case copies of CoNLL-2003 sentences, for data/models/build-ner.sh.

Usage: titlecase-aug.py TRAIN.txt [EVERY [MODE]]  > augmented.txt

Prints TRAIN.txt unchanged, then, after it, for every document that has a
chosen sentence, a new document (-DOCSTART-) with copies of its chosen
sentences in another case, with the same tags:
  - every headline sentence: >= 2 words with letters, all of them in
    capitals (CoNLL's ALL CAPS headlines: "SOCCER - JAPAN GET LUCKY WIN");
  - with EVERY = N > 0 also every N-th other sentence of >= 3 words with
    letters (counted over the whole file; 0, the default: none).
MODE "title" (default): Title Case, as other outlets write headlines; a
headline's word gets its usual form in CoNLL train (the form it has most
often in the sentences that are not headlines, a sentence's first word not
counted: "McDonald"; a word in capitals there at least a third of the time
keeps them: "UK", "NATO", but "US" -> "Us", as "us" is more common; one never
seen outside headlines is lower-cased) with its first letter in capitals; an
ordinary sentence's lower-case words get a capital.  Short function words
(SMALL below) are in lower case unless first or inside an entity; a word
with a digit is left as it is.  MODE "usual": a headline in its usual forms,
the first word capitalized ("Greek Socialists give green light to PM for
elections ."), as tagger/truecase.c shows a Title Case headline to the
model; ordinary sentences are not copied.  MODE "both": both copies.
Deterministic: the same file gives the same bytes.
"""
import sys
from collections import Counter, defaultdict

SMALL = set("a an the and or nor but of in on at to for by with from as vs vs. v "
            "into onto over per via".split())


def sentences(path):
    """Yields ('doc', line) and ('sent', [lines]) in file order."""
    sent = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if sent:
                    yield "sent", sent
                    sent = []
                yield "doc", line
            elif not line.strip():
                if sent:
                    yield "sent", sent
                    sent = []
            else:
                sent.append(line)
    if sent:
        yield "sent", sent


def words_with_letters(sent):
    return [l.split(" ", 1)[0] for l in sent if any(c.isalpha() for c in l.split(" ", 1)[0])]


def is_headline(sent):
    ws = words_with_letters(sent)
    return len(ws) >= 2 and all(w.upper() == w for w in ws)


def main():
    path = sys.argv[1]
    every = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    mode = sys.argv[3] if len(sys.argv) > 3 else "title"
    forms = defaultdict(Counter)
    items = list(sentences(path))
    for kind, s in items:
        if kind == "sent" and not is_headline(s):
            for l in s[1:]:
                w = l.split(" ", 1)[0]
                forms[w.lower()][w] += 1

    def usual(w):
        c = forms.get(w.lower())
        if not c:
            return None
        if w.isupper() and 3 * c[w] >= sum(c.values()):
            return w     # written in capitals a third of the time or more: "UK", "NATO", "AMT"
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def title(w, first, headline, tag, mode):
        if not any(c.isalpha() for c in w) or any(c.isdigit() for c in w):
            return w
        if w.lower() in SMALL and not first and tag == "O":
            return w.lower()
        u = usual(w) if headline else w
        if u is None:
            u = w.lower()
        if mode == "usual" and not first:
            return u
        return u[0].upper() + u[1:]

    out = sys.stdout
    copies = []          # (doc index, [lines])
    doc = -1
    n_other = 0
    for kind, s in items:
        if kind == "doc":
            out.write(s + "\n\n")
            doc += 1
            continue
        out.write("\n".join(s) + "\n\n")
        head = is_headline(s)
        if not head:
            if every <= 0 or len(words_with_letters(s)) < 3:
                continue
            n_other += 1
            if n_other % every:
                continue
        for m in (["title", "usual"] if mode == "both" else [mode]):
            new = []
            for i, l in enumerate(s):
                w, rest = l.split(" ", 1)
                new.append(title(w, i == 0, head, rest.rsplit(" ", 1)[-1], m) + " " + rest)
            if new != s:
                copies.append((doc, new))
    last = None
    for d, s in copies:
        if d != last:
            out.write("-DOCSTART- -X- -X- O\n\n")
            last = d
        out.write("\n".join(s) + "\n\n")
    sys.stderr.write("titlecase-aug: %d Title Case copies\n" % len(copies))


if __name__ == "__main__":
    main()

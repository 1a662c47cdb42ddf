#!/usr/bin/python3
"""Rebuild the English held-out NER test (data/ner/README.md) as CoNLL-2003 text.

The set is stored as standoff rows (data/ner/en-heldout.tsv: source, doc,
start, end, text, label) into documents listed in data/ner/en-heldout-docs.tsv
(source, doc, id) of the shared corpora; no article text is in the repository.
This script reads each document's "text" from ../shared, checks every row
(the document's id, the mention text at its code-point span, the label, no
overlap), tokenizes the text as CoNLL-2003 does (punctuation split off,
"'s" and "n't" split, abbreviations such as "U.S." and "Mr." kept whole, a
token boundary forced at every mention's start and end) and writes
"TOKEN _ _ TAG" lines in IOB2, a -DOCSTART- line before each document and a
blank line after each sentence: the conll format `tagger eval --gold` reads.

Usage: en_heldout.py [--shared DIR] [--dir DATADIR] [--dev] [--check] [-o FILE]
  --shared DIR   the shared data root (default: ../shared beside the repository)
  --dir DATADIR  where en-heldout.tsv and en-heldout-docs.tsv are (default: data/ner)
  --dev          the English dev set instead (en-dev.tsv, en-dev-docs.tsv: other
                 documents of the same corpora, same guidelines; for tuning)
  --check        only check the rows against the corpus; print the counts
  -o FILE        write the CoNLL file there (default: stdout)
Exit status: 0 ok, 1 a row does not match the corpus, 2 usage or I/O error.
Debian's /usr/bin/python3, standard library only.
"""
import json
import os
import re
import sys

LABELS = ("PER", "LOC", "ORG", "MISC")

# Words kept whole with their final dot (CoNLL-2003 writes "Mr.", "Corp.",
# "Fla."); initials ("A.", "B.") and dotted abbreviations ("U.S.", "p.m.")
# are recognized by shape.
ABBREV = set("""Mr Mrs Ms Dr St Jr Sr Sen Rep Gov Gen Col Lt Capt Prof Rev Corp Inc Co
Ltd Plc Bros No Nos vs Nov Dec Jan Feb Aug Sept Sep Oct Ala Ariz Calif Colo Conn
Del Fla Ga Ill Ind Kan Ky La Mass Md Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa
Tenn Tex Va Vt Wash Wis Wyo""".split())

TOKEN = re.compile(r"""
    (?:[A-Za-z]\.){2,}(?![A-Za-z])           # U.S.  U.N.  p.m.
  | \d+(?:[.,:/]\d+)*(?:-\d+(?:[.,:/]\d+)*)*  # 1,943  0.1  6-4  24-18  2/1
    (?:[A-Za-z]+)?                           # 2m  25bps  1st
  | [^\W\d_](?:[\w]|[-'’&@.](?=\w))*         # words: O'Neill  Dai-ichi  Amazon.com
  | \w+
  | -{2,}                                    # --
  | (?:'s|'S|’s|n't|'m|'re|'ll|'ve|'d)(?!\w)  # a clitic after a cut or a number: 1's
  | \S                                       # anything else, one character
""", re.X)


def split_word(tok):
    """Split a word token as CoNLL-2003 does: "Everton's" -> "Everton 's",
    "doesn't" -> "does n't", "I'm" -> "I 'm", "we're" -> "we 're"."""
    m = re.match(r"(?s)(.+?)(n't|'s|'S|’s|'m|'re|'ll|'ve|'d)$", tok)
    if m and len(m.group(1)) > 0 and m.group(1)[-1:].isalpha():
        return [(m.group(1)), m.group(2)]
    return [tok]


def tokenize(text, start, end):
    """Tokens of text[start:end] as (start, end) code-point pairs."""
    out = []
    seg = text[start:end]
    for m in TOKEN.finditer(seg):
        a, b = m.start() + start, m.end() + start
        tok = text[a:b]
        # a word followed by "." that is a known abbreviation or an initial
        if (b < end and text[b] == "." and re.fullmatch(r"[A-Za-z]+", tok)
                and (tok in ABBREV or (len(tok) == 1 and tok.isupper()))):
            out.append((a, b + 1))
            continue
        if out and out[-1][1] > a:   # the "." taken by the abbreviation above
            if b <= out[-1][1]:
                continue
            a = out[-1][1]
            tok = text[a:b]
        parts = split_word(tok)
        pos = a
        for p in parts:
            out.append((pos, pos + len(p)))
            pos += len(p)
    return out


def sentences(text, tokens):
    """Cut the tokens of one paragraph into sentences: after a "." "?" "!"
    token (or one ending in "." that is not an abbreviation) that is followed
    by a token starting with a capital, a digit or a quote."""
    sents, cur = [], []
    for i, (a, b) in enumerate(tokens):
        cur.append((a, b))
        tok = text[a:b]
        if tok in (".", "?", "!") and i + 1 < len(tokens):
            nxt = text[tokens[i + 1][0]:tokens[i + 1][1]]
            if nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "\"'“‘":
                sents.append(cur)
                cur = []
    if cur:
        sents.append(cur)
    return sents


def read_tsv(path, nfields):
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != nfields:
                raise SystemExit("%s:%d: expected %d TAB-separated fields, got %d"
                                 % (path, lineno, nfields, len(fields)))
            rows.append((lineno, fields))
    return rows


def load_lines(shared, source, cache):
    if source not in cache:
        path = os.path.join(shared, source)
        with open(path, "rb") as f:
            cache[source] = f.read().split(b"\n")
    return cache[source]


def main(argv):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared = os.path.join(os.path.dirname(here), "shared")
    datadir = os.path.join(here, "data", "ner")
    out_path, check_only, name = None, False, "en-heldout"
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if a in ("--shared", "--dir", "-o") and args:
            v = args.pop(0)
            if a == "--shared":
                shared = v
            elif a == "--dir":
                datadir = v
            else:
                out_path = v
        elif a == "--dev":
            name = "en-dev"
        elif a == "--check":
            check_only = True
        else:
            sys.stderr.write("en_heldout.py: bad argument %r (see --help)\n" % a)
            return 2
    docs_tsv = os.path.join(datadir, name + "-docs.tsv")
    ments_tsv = os.path.join(datadir, name + ".tsv")
    try:
        docs = read_tsv(docs_tsv, 3)
        ments = read_tsv(ments_tsv, 6)
    except OSError as e:
        sys.stderr.write("en_heldout.py: %s\n" % e)
        return 2

    cache, texts, errors = {}, {}, []
    order = []
    for lineno, (source, n, ident) in docs:
        try:
            lines = load_lines(shared, source, cache)
        except OSError as e:
            sys.stderr.write("en_heldout.py: %s\n" % e)
            return 2
        k = int(n)
        if not 1 <= k <= len(lines) or not lines[k - 1].strip():
            errors.append("%s:%d: no document %s in %s" % (docs_tsv, lineno, n, source))
            continue
        d = json.loads(lines[k - 1].decode("utf-8"))
        if d.get("id") != ident:
            errors.append("%s:%d: %s line %s is %r, not %r"
                          % (docs_tsv, lineno, source, n, d.get("id"), ident))
            continue
        texts[(source, k)] = d["text"]
        order.append((source, k))

    spans = {key: [] for key in order}
    counts = {lab: 0 for lab in LABELS}
    for lineno, (source, n, a, b, mention, label) in ments:
        key = (source, int(n))
        a, b = int(a), int(b)
        if key not in texts:
            errors.append("%s:%d: document %s %s is not in %s" % (ments_tsv, lineno, source, n,
                                                                   os.path.basename(docs_tsv)))
            continue
        if label not in LABELS:
            errors.append("%s:%d: unknown label %r" % (ments_tsv, lineno, label))
            continue
        got = texts[key][a:b]
        if got != mention:
            errors.append("%s:%d: the text at %d-%d is %r, not %r" % (ments_tsv, lineno, a, b,
                                                                     got, mention))
            continue
        spans[key].append((a, b, label, lineno))
        counts[label] += 1
    for key in order:
        spans[key].sort()
        for (a1, b1, _, l1), (a2, b2, _, l2) in zip(spans[key], spans[key][1:]):
            if a2 < b1:
                errors.append("%s:%d: overlaps line %d" % (ments_tsv, l2, l1))
    if errors:
        for e in errors:
            sys.stderr.write(e + "\n")
        sys.stderr.write("en_heldout.py: %d row(s) do not match the corpus\n" % len(errors))
        return 1
    if check_only:
        print("documents %d, mentions %d (%s)" % (
            len(order), sum(counts.values()),
            ", ".join("%s %d" % (lab, counts[lab]) for lab in LABELS)))
        return 0

    out = []
    for key in order:
        text = texts[key]
        ents = spans[key]
        cuts = sorted({0, len(text)} | {x for a, b, _, _ in ents for x in (a, b)})
        tokens = []
        for s, e in zip(cuts, cuts[1:]):
            tokens += tokenize(text, s, e)
        tag_of = {}
        for a, b, label, _ in ents:
            first = True
            for (ta, tb) in tokens:
                if ta >= a and tb <= b:
                    tag_of[ta] = ("B-" if first else "I-") + label
                    first = False
        out.append("-DOCSTART- -X- -X- O\n\n")
        # paragraphs: the text's newlines end a sentence
        para, paras = [], []
        last_end = 0
        for (ta, tb) in tokens:
            if para and "\n" in text[last_end:ta]:
                paras.append(para)
                para = []
            para.append((ta, tb))
            last_end = tb
        if para:
            paras.append(para)
        for p in paras:
            for sent in sentences(text, p):
                for (ta, tb) in sent:
                    out.append("%s _ _ %s\n" % (text[ta:tb], tag_of.get(ta, "O")))
                out.append("\n")
    data = "".join(out)
    if out_path:
        with open(out_path, "w", encoding="utf-8") as f:
            f.write(data)
    else:
        sys.stdout.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

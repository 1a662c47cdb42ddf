#!/usr/bin/python3
"""Generate tagger/truecase_words.h: the English words that are usually written in lower
case, for the truecasing of Title Case headlines (tagger/truecase.c).

Learnt from the CoNLL-2003 *train* file (never valid, never the dev or held-out sets of
data/ner), the unlabeled text of the English topic corpora (TOPICS below: BBC and AG News
articles, the documents of data/ner/en-dev-docs.tsv and en-heldout-docs.tsv left out by line, id and
text (a held-out article has a twin under another id), as
data/models/build-ner.sh leaves them out of the word clusters; their sentences in Title
Case or in capitals are not counted) and the English lists gazetteers/en/*.tsv:

  - in train, a word (ASCII letters, lower-cased) is counted written in lower case, and
    written with a capital where case says something: not as a sentence's first token,
    not in a sentence written in capitals (Reuters' headlines), not after a quote or a
    colon;
  - it is kept when it is written in lower case at least MIN_LOWER times (or once, for a
    word of 4 letters or more never written with a capital) and at least RATIO times as
    often as with a capital ("tops", "over", "plans": kept; "wall", "bush", "ford", "open":
    written with a capital too often);
  - a word that is a whole name or alias of an entry of the English lists and not marked
    ambiguous there ('?') is left out ("apple" is the firm, "reuters"), except the
    short function words (FUNCTION) that no name makes a capital.

Writes a sorted C array (binary search at run time).  Deterministic.
Usage: words.py [CONLL_TRAIN] > tagger/truecase_words.h   (Debian's /usr/bin/python3)
The topic corpora are read from ../shared/corpora/topics/en beside the repository (or the
directory of $TRUECASE_TOPICS); without them the list is CoNLL train's alone.
"""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TRAIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(REPO), "shared", "corpora", "ner", "en", "conll2003", "train.txt")
TOPICS = os.environ.get("TRUECASE_TOPICS") or os.path.join(
    os.path.dirname(REPO), "shared", "corpora", "topics", "en")
TOPIC_FILES = ("bbc_train.jsonl", "agnews_train.jsonl")
MIN_LOWER, RATIO = 2, 3
TOPIC_MIN_LOWER = 5                    # a word train never writes in lower case
FUNCTION = set("""a an the and or but nor of in on at to for from by with as into onto over
under after before about against between is are was were be been has have had do does did
will would can could may might shall should not no vs""".split())


def sentences(path):
    sent = []
    for line in open(path, encoding="utf-8"):
        c = line.split()
        if not c or c[0] == "-DOCSTART-":
            if sent:
                yield sent
            sent = []
        else:
            sent.append(c[0])
    if sent:
        yield sent


def held_out():
    """(file name, line number) and ids of the documents of data/ner's dev and held-out sets."""
    skip, ids = set(), set()
    for name in ("en-dev-docs.tsv", "en-heldout-docs.tsv"):
        for line in open(os.path.join(REPO, "data", "ner", name), encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if len(c) >= 2 and not line.startswith("#"):
                skip.add((os.path.basename(c[0]), int(c[1])))
                if len(c) >= 3:
                    ids.add(c[2])
    return skip, ids


SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9])")
TOKEN = re.compile(r"[A-Za-z]+|[^\sA-Za-z]+")


def topic_sentences():
    """The sentences of the topic corpora as token lists (letters, or runs of other
    characters), Title Case ones (>= 60 % capitalized words of >= 3) left out."""
    skip, ids = held_out()
    for name in TOPIC_FILES:
        path = os.path.join(TOPICS, name)
        if not os.path.exists(path):
            continue
        docs = [json.loads(line) for line in open(path, encoding="utf-8")]
        # by line, by id, and by text: bbc_train.jsonl repeats some articles under other
        # ids (a held-out article has such a twin)
        banned = {d["text"] for n, d in enumerate(docs, 1) if (name, n) in skip or d.get("id") in ids}
        for d in docs:
            if d["text"] in banned:
                continue
            for para in d["text"].split("\n"):
                for sent in SENT_END.split(para.strip()):
                    s = TOKEN.findall(sent)
                    words = [t for t in s if t.isalpha()]
                    if len(words) >= 3 and sum(w[0].isupper() for w in words) * 5 >= len(words) * 3:
                        continue
                    if s:
                        yield s


def main():
    lower, cap = collections.Counter(), collections.Counter()
    conll = set()
    for s in list(sentences(TRAIN)) + [None] + list(topic_sentences()):
        if s is None:                     # train's words end here
            conll = set(lower)
            continue
        words = [t for t in s if t.isalpha() and t.isascii()]
        if words and sum(w.isupper() for w in words) * 2 > len(words):
            continue                      # a headline in capitals: case says nothing
        for i, t in enumerate(s):
            if not (t.isalpha() and t.isascii()):
                continue
            if t.islower():
                lower[t] += 1
            elif t[0].isupper() and (t[1:].islower() or len(t) == 1) and i > 0 \
                    and s[i - 1] not in ('"', "``", ":", "'", "(", "-"):
                cap[t.lower()] += 1
    names = set()
    for path in sorted(glob.glob(os.path.join(REPO, "gazetteers", "en", "*.tsv"))):
        for line in open(path, encoding="utf-8"):
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) < 3:
                continue
            for a in [c[2]] + (c[3].split("|") if len(c) > 3 else []):
                if a and not a.startswith("?") and " " not in a.strip("="):
                    names.add(a.lstrip("=").lower())
    keep = sorted(w for w, n in lower.items()
                  if (n >= MIN_LOWER or (n >= 1 and cap[w] == 0 and len(w) >= 4))
                  and (w in conll or n >= TOPIC_MIN_LOWER)
                  and n >= RATIO * cap[w] and (w not in names or w in FUNCTION))
    # inflected forms the run-time fallback (truecase.c: "bombs" -> bomb, "approved" ->
    # approve) would take for a listed stem but that train writes with a capital too often
    # ("united" is not unit + ed, "ford" not for + d)
    kept = set(keep)

    def stem_listed(w):
        return any(w.endswith(e) and len(w) > len(e) + 2 and w[:len(w) - len(c)] in kept
                   for e, c in (("s", "s"), ("es", "es"), ("ed", "d"), ("ed", "ed")))
    block = sorted(w for w in set(cap) | names if w not in kept and w.isalpha() and w.isascii()
                   and w.islower() and stem_listed(w) and (w in names or cap[w] * RATIO > lower[w]))
    # a word the run-time fallback finds from a stem that is itself listed and not found
    # that way is left out ("bombs": bomb): the list stays short
    def stems(w):
        out = [w[:-3] + "y"] if len(w) >= 5 and w.endswith("ies") else []
        return out + [w[:len(w) - len(c)] for e, c in (("s", "s"), ("es", "es"), ("ed", "d"),
                                                        ("ed", "ed"))
                      if w.endswith(e) and len(w) > len(e) + 2]
    base = set(w for w in keep if not any(x in kept for x in stems(w)))
    keep = [w for w in keep if w in base or w in block or
            not any(x in base for x in stems(w))]
    print("/* GENERATED by tools/truecase/words.py from the CoNLL-2003 train file, the BBC and")
    print(" * AG News text (no dev or held-out document) and the lists of gazetteers/en: do not")
    print(" * edit, rerun it.  English words usually written in lower case (>= %d times in lower" % MIN_LOWER)
    print(" * case, or once and never with a capital; >= %d times for a word train never has in" % TOPIC_MIN_LOWER)
    print(" * lower case; and >= %d times as often as with a capital), sorted for bsearch, less the" % RATIO)
    print(" * forms truecase.c finds from a listed stem; tagger/truecase.c. */")
    print_array("tg_truecase_words", "TG_TRUECASE_NWORDS", keep)
    print("/* inflected forms not to take for their stem: names, or written with a capital */")
    print_array("tg_truecase_blocked", "TG_TRUECASE_NBLOCKED", block)
    sys.stderr.write("truecase words: %d, blocked forms: %d\n" % (len(keep), len(block)))


def print_array(name, count, words):
    """A C array of string literals, NAME[COUNT], lines of at most 99 columns.  Each
    word is a row of its own (NAME[COUNT][longest + 1]), not a pointer: pointers are
    relocations the dynamic loader writes at every start (docs/performance.md,
    2026-12-04)."""
    width = max(len(w.encode("utf-8")) for w in words) + 1
    print("#define %s %d" % (count, len(words)))
    print("static const char %s[%s][%d] = {" % (name, count, width))
    line = "   "
    for w in words:
        item = ' "%s",' % w
        if len(line) + len(item) > 99:
            print(line)
            line = "   "
        line += item
    print(line)
    print("};")


if __name__ == "__main__":
    main()

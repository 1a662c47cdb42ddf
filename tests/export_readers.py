#!/usr/bin/env python3
"""export_readers.py — loads what `tagger gazetteer export` wrote the way the
target tool does, and says what that tool would tag in a few sentences.

Usage: export_readers.py FORMAT EXPORT [--phrase-attr ORTH|LOWER] < SENTENCES

FORMAT is spacy (EXPORT a JSONL file), corenlp (a mapping file) or gate (a
directory).  For each line of standard input it prints one line: the matches,
"start-end:LABEL:text:id" joined by ";" (offsets in code points), or nothing.

What each reader follows (the tools' documented semantics; the tools
themselves are not Debian packages, so they cannot run here):

- spaCy EntityRuler.  A pattern is {"label", "pattern", "id"} and nothing
  else.  A string pattern is a phrase pattern: the PhraseMatcher compares the
  pattern's tokens with the text's on one attribute, the ruler's
  phrase_matcher_attr (default ORTH, the verbatim text; LOWER compares
  lower-cased texts, so the match ignores case).  A list pattern is a token
  pattern: one dict per token, here ORTH/TEXT (verbatim) or LOWER (the
  token's lower-cased text equals the value); anything else is refused.
  Every match becomes an entity unless it overlaps a longer one or, at the
  same length, an earlier one (the ruler sorts by length, then start).
- CoreNLP RegexNER (TokensRegexNERAnnotator).  A line is pattern, type and,
  optionally, overwritable types and priority, tab-separated.  The pattern
  is a sequence of Java regexes separated by white space, each matched
  against a whole token (Matcher.matches); an embedded flag such as (?iu)
  holds for its own regex only, and (?i) without u folds ASCII letters
  only.  Between overlapping matches the higher
  priority wins, then the longer match.  (Python's re agrees with Java's on
  what the export writes, escaped literals and a leading flag, once (?i)
  is read as (?ia) and (?iu) as (?i).)
- GATE gazetteer (DefaultGazetteer, gazetteerFeatureSeparator = tab).
  lists.def and lists-cased.def index lists as FILE:majorType[:minorType];
  each list line is an entry and its features.  A gazetteer compares
  entries with the text letter for letter, ignoring case when its
  caseSensitive parameter is false: lists.def is loaded with false,
  lists-cased.def with true.  Every entry found is a Lookup (overlaps
  included); the minorType is printed after the label ("GPE/ambiguous").

The text is split into tokens as the three tools' default tokenizers split
these test sentences: at white space (not at ZWNJ), with punctuation at the
ends of a word split off, abbreviations such as "U.S." kept whole, and a
hyphen between letters a token of its own.  It is an approximation of their
tokenizers, not of their matching.
"""
import json
import os
import re
import sys

_PREFIX = "\"'«(“‘[¿¡"
_SUFFIX = ".,!?:;»)\"”’]،؛؟"
_ABBREV = re.compile(r"^(?:[A-Za-z]\.)+$")


def tokenize(text):
    """[(start, end, text)] in code points."""
    tokens = []
    for m in re.finditer(r"[^ \t\n\r]+", text):
        s, e = m.start(), m.end()
        head, tail = [], []
        if not _ABBREV.match(text[s:e]):
            while s < e and text[s] in _PREFIX:
                head.append((s, s + 1))
                s += 1
            while e > s and text[e - 1] in _SUFFIX:
                tail.insert(0, (e - 1, e))
                e -= 1
            if text[s:e].endswith("'s") and e - s > 2:
                tail.insert(0, (e - 2, e))
                e -= 2
        middle = []
        if s < e:
            start = s
            for i in range(s + 1, e - 1):
                if text[i] == "-" and text[i - 1].isalpha() and text[i + 1].isalpha():
                    middle += [(start, i), (i, i + 1)]
                    start = i + 1
            middle.append((start, e))
        tokens += [(a, b, text[a:b]) for a, b in head + middle + tail]
    return tokens


_SLOW = re.compile("[" + re.escape(_PREFIX + _SUFFIX) + r"\-]|[^\S ]")


def token_texts(text):
    """The tokens' texts (what tokenize gives, faster for plain words)."""
    if not _SLOW.search(text):
        return tuple(t for t in text.split(" ") if t)
    return tuple(t for _, _, t in tokenize(text))


# ----------------------------------------------------------------- spaCy
class SpacyRuler:
    def __init__(self, path, phrase_attr="ORTH"):
        assert phrase_attr in ("ORTH", "LOWER"), phrase_attr
        self.attr = (lambda t: t.lower()) if phrase_attr == "LOWER" else (lambda t: t)
        self.phrases = {}  # attribute tuple -> [(label, id)]
        self.token_patterns = []  # ([(attr, value)], label, id)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                d = json.loads(line)
                assert set(d) <= {"label", "pattern", "id"}, (n, d)
                p = d["pattern"]
                if isinstance(p, str):
                    key = tuple(self.attr(t) for t in token_texts(p))
                    self.phrases.setdefault(key, []).append((d["label"], d.get("id", "")))
                else:
                    toks = []
                    for t in p:
                        assert len(t) == 1 and set(t) <= {"ORTH", "TEXT", "LOWER"}, (n, t)
                        (a, v), = t.items()
                        assert a != "LOWER" or v == v.lower(), (n, "LOWER value not lower-case", v)
                        toks.append((a, v))
                    self.token_patterns.append((toks, d["label"], d.get("id", "")))
        self.lengths = sorted({len(k) for k in self.phrases}, reverse=True)

    def __call__(self, text):
        toks = tokenize(text)
        words = [t for _, _, t in toks]
        keys = [self.attr(w) for w in words]
        matches = set()
        for i in range(len(words)):
            for n in self.lengths:
                if i + n > len(words):
                    continue
                for label, id_ in self.phrases.get(tuple(keys[i:i + n]), ()):
                    matches.add((i, i + n, label, id_))
            for pat, label, id_ in self.token_patterns:
                seg = words[i:i + len(pat)]
                if len(seg) == len(pat) and all(
                        (w.lower() if a == "LOWER" else w) == v for (a, v), w in zip(pat, seg)):
                    matches.add((i, i + len(pat), label, id_))
        ents, seen = [], set()
        for s, e, label, id_ in sorted(matches, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
            if not seen.intersection(range(s, e)):
                ents.append((toks[s][0], toks[e - 1][1], label, id_))
                seen.update(range(s, e))
        return sorted(ents)


# --------------------------------------------------------------- CoreNLP
def java_regex(r):
    """A Java token regex as Python's re: Java's (?i) alone folds ASCII letters
    only (UNICODE_CASE, the u flag, extends it), which re spells (?ia)."""
    if r.startswith("(?i)"):
        r = "(?ia)" + r[4:]
    elif r.startswith("(?iu)"):
        r = "(?i)" + r[5:]
    return re.compile(r)


class RegexNER:
    """Rules are indexed by the literal text of their first regex (lower-cased
    when it carries (?iu)) only to find the candidates quickly; every
    candidate's regexes are then compiled and matched as written."""

    _LITERAL = re.compile(r"(\(\?iu\))?((?:\\.|[^\\.^$|?*+()\[\]{}])*)")

    def __init__(self, path):
        self.index, self.generic = {}, []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                cols = line.rstrip("\n").split("\t")
                assert 2 <= len(cols) <= 5, (n, line)
                prio = float(cols[3]) if len(cols) > 3 and cols[3] else 0.0
                rule = [re.split(r"\s+", cols[0].strip()), None, cols[1], prio]
                m = self._LITERAL.fullmatch(rule[0][0])
                if m:
                    lit = re.sub(r"\\(.)", r"\1", m.group(2))
                    key = ("i", lit.lower()) if m.group(1) else ("c", lit)
                    self.index.setdefault(key, []).append(rule)
                else:
                    self.generic.append(rule)

    def __call__(self, text):
        toks = tokenize(text)
        words = [t for _, _, t in toks]
        matches = []
        for i, w in enumerate(words):
            for rule in (self.index.get(("c", w), []) + self.index.get(("i", w.lower()), [])
                         + self.generic):
                if rule[1] is None:
                    rule[1] = [java_regex(r) for r in rule[0]]
                regexes, typ, prio = rule[1], rule[2], rule[3]
                n = len(regexes)
                if i + n <= len(words) and all(
                        r.fullmatch(x) for r, x in zip(regexes, words[i:i + n])):
                    matches.append((prio, n, -i, i, typ))
        ents, seen = [], set()
        for prio, n, _, i, typ in sorted(matches, reverse=True):
            if not seen.intersection(range(i, i + n)):
                ents.append((toks[i][0], toks[i + n - 1][1], typ, ""))
                seen.update(range(i, i + n))
        return sorted(ents)


# ------------------------------------------------------------------ GATE
class GateGazetteer:
    def __init__(self, directory):
        self.entries = {}  # (case-sensitive, token tuple) -> [(major/minor, kb_id)]
        for index, cased in (("lists.def", False), ("lists-cased.def", True)):
            path = os.path.join(directory, index)
            if not os.path.exists(path):
                continue
            for line in open(path, encoding="utf-8"):
                line = line.strip()
                if not line:
                    continue
                parts = line.split(":")
                label = parts[1] + ("/" + parts[2] if len(parts) > 2 and parts[2] else "")
                for entry in open(os.path.join(directory, parts[0]), encoding="utf-8"):
                    fields = entry.rstrip("\n").split("\t")
                    feats = dict(f.split("=", 1) for f in fields[1:])
                    key = token_texts(fields[0])
                    if not cased:
                        key = tuple(t.upper() for t in key)
                    self.entries.setdefault((cased, key), []).append((label, feats.get("kb_id", "")))
        self.lengths = sorted({len(k) for _, k in self.entries}, reverse=True)

    def __call__(self, text):
        toks = tokenize(text)
        words = tuple(t for _, _, t in toks)
        out = []
        for i in range(len(words)):
            for n in self.lengths:
                if i + n > len(words):
                    continue
                seg = words[i:i + n]
                for cased in (False, True):
                    key = seg if cased else tuple(w.upper() for w in seg)
                    for label, kb in self.entries.get((cased, key), ()):
                        out.append((toks[i][0], toks[i + n - 1][1], label, kb))
        return sorted(set(out))


def main(argv):
    fmt, path = argv[1], argv[2]
    attr = argv[argv.index("--phrase-attr") + 1] if "--phrase-attr" in argv else "ORTH"
    reader = {"spacy": lambda: SpacyRuler(path, attr), "corenlp": lambda: RegexNER(path),
              "gate": lambda: GateGazetteer(path)}[fmt]()
    for line in sys.stdin.read().splitlines():
        print(";".join("%d-%d:%s:%s:%s" % (s, e, label, line[s:e], id_)
                       for s, e, label, id_ in reader(line)))


if __name__ == "__main__":
    main(sys.argv)

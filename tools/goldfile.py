"""Gold token files (PEYMA, CoNLL) read the way `tagger eval` reads them.

One reader for the Python tools that rebuild `tagger eval`'s documents
(tools/peyma_values.py, tools/peyma_value_decision.py, bench/ner_opennlp.py,
data/links/candidates.py), after tagger/cli/eval_gold.c: lines split at "\\n"
with one trailing "\\r" dropped, a BOM at the start of the file dropped; a
blank line (spaces and TABs only) ends a sentence; a line that is not UTF-8,
has no tag or an empty token, or a tag other than O, B-X, I-X (or B_X, I_X)
is skipped.  The fields are TAB-separated when the line has a TAB (token
first, tag last, both stripped of spaces), else separated by runs of spaces.
A document's text is its tokens joined by a space and its sentences by a
newline; an I- tag continues only an entity of its own label.
Standard library only; Debian's /usr/bin/python3 or any python3.
"""
import os


def parse_tag(tag):
    """('O', None), ('B' or 'I', label), or (None, None) for anything else."""
    if tag == "O":
        return "O", None
    if len(tag) >= 3 and tag[0] in "BI" and tag[1] in "-_":
        return tag[0], tag[2:]
    return None, None


def sentences(path):
    """[[(token, kind, label)]]: the sentences of the file, kind 'B', 'I' or 'O'."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sents, cur = [], []
    for raw in data.split(b"\n"):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if line.strip(" \t") == "":
            if cur:
                sents.append(cur)
            cur = []
            continue
        if "\t" in line:
            parts = line.split("\t")
            token, tag = parts[0].strip(" "), parts[-1].strip(" ")
        else:
            parts = line.split()
            if len(parts) < 2:
                continue
            token, tag = parts[0], parts[-1]
        if not token or not tag:
            continue
        kind, label = parse_tag(tag)
        if kind is None:
            continue
        cur.append((token, kind, label))
    if cur:
        sents.append(cur)
    return sents


def entities(sent):
    """(first, last, label) token indexes of a sentence's entities."""
    out, open_ = [], None
    for i, (_, kind, label) in enumerate(sent):
        if kind == "I" and open_ and open_[2] == label:
            open_[1] = i
            continue
        if open_:
            out.append(tuple(open_))
            open_ = None
        if kind in "BI":
            open_ = [i, i, label]
    if open_:
        out.append(tuple(open_))
    return out


def text_of(sents):
    """The document's text as `tagger eval` rebuilds it."""
    return "\n".join(" ".join(t for t, _, _ in s) for s in sents)


def document(path):
    """(text, [(start, end, label)]): the text and its gold spans in code points."""
    sents = sentences(path)
    spans, offset = [], 0
    for s in sents:
        starts = []
        for t, _, _ in s:
            starts.append(offset)
            offset += len(t) + 1   # the space, or the newline after the last token
        for a, b, label in entities(s):
            spans.append((starts[a], starts[b] + len(s[b][0]), label))
    return text_of(sents), spans


def list_paths(list_path, root):
    """The files of a list (one a line, '#' comments, relative to ROOT unless absolute)."""
    with open(list_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n ")
            if line and not line.startswith("#"):
                yield line if line.startswith("/") else os.path.join(root, line)

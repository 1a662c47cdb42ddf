#!/usr/bin/env python3
"""Format conversions for bench/bench_ner.sh (Apache OpenNLP name finder vs tagger).

  ner_opennlp.py train LIST ROOT OUT      PEYMA files -> OpenNLP training sentences
  ner_opennlp.py sentences LIST ROOT OUT  PEYMA files -> plain sentences, one a line
  ner_opennlp.py predictions LIST ROOT TAGGED OUT
                                          OpenNLP output -> JSONL predictions for
                                          `tagger eval --predictions`
  ner_opennlp.py texts LIST ROOT OUT N    the documents' texts as JSONL, N times over

PEYMA lines are read the way `tagger eval` reads them (tagger/cli/eval_gold.c): TAB-separated
when the line has a TAB (token first, tag last), else space-separated; lines without a tag
or with an unknown tag are skipped; a blank line ends a sentence.  A document's text is its
tokens joined by spaces and its sentences by newlines, so the JSONL predictions have exactly
the text `tagger eval` rebuilds from the gold files.  Only PER, LOC and ORG are kept.
"""
import json
import os
import sys

LABELS = {"PER", "LOC", "ORG"}


def parse_tag(tag):
    if tag == "O":
        return "O", None
    if len(tag) >= 3 and tag[0] in "BI" and tag[1] in "-_":
        return tag[0], tag[2:]
    return None, None


def read_doc(path):
    """[[(token, tag)]] sentences, tags as ('B'|'I'|'O', label)."""
    data = open(path, "rb").read()
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


def files(list_path, root):
    for line in open(list_path, encoding="utf-8"):
        line = line.rstrip("\r\n ")
        if line and not line.startswith("#"):
            yield line if line.startswith("/") else os.path.join(root, line)


def spans(sent):
    """(first, last, label) of the entities, I- continuing only its own label."""
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


def otoken(tok):
    return tok.replace(" ", "_") or "_"


def cmd_train(list_path, root, out):
    with open(out, "w", encoding="utf-8") as f:
        for path in files(list_path, root):
            for sent in read_doc(path):
                starts, ends = {}, {}
                for a, b, label in spans(sent):
                    if label in LABELS:
                        starts[a], ends[b] = label, True
                words = []
                for i, (tok, _, _) in enumerate(sent):
                    if i in starts:
                        words.append("<START:%s>" % starts[i])
                    words.append(otoken(tok))
                    if i in ends:
                        words.append("<END>")
                f.write(" ".join(words) + "\n")
            f.write("\n")  # a blank line: new document (clears adaptive data)


def cmd_sentences(list_path, root, out):
    with open(out, "w", encoding="utf-8") as f:
        for path in files(list_path, root):
            for sent in read_doc(path):
                f.write(" ".join(otoken(t) for t, _, _ in sent) + "\n")
            f.write("\n")


def doc_text(sents):
    return "\n".join(" ".join(t for t, _, _ in s) for s in sents)


def cmd_predictions(list_path, root, tagged, out):
    lines = [l.rstrip("\n") for l in open(tagged, encoding="utf-8")]
    at = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in files(list_path, root):
            sents = read_doc(path)
            ents, offset = [], 0
            for s in sents:
                while at < len(lines) and lines[at].strip() == "":
                    at += 1
                words = lines[at].split() if at < len(lines) else []
                at += 1
                starts, i, cur = [], 0, None
                for w in words:
                    if w.startswith("<START:") and w.endswith(">"):
                        cur = (i, w[7:-1])
                    elif w == "<END>":
                        if cur and i > cur[0]:
                            starts.append((cur[0], i - 1, cur[1]))
                        cur = None
                    else:
                        i += 1
                if i != len(s):
                    sys.exit("%s: OpenNLP output has %d tokens for a sentence of %d" % (path, i, len(s)))
                # code point offsets of the tokens in the rebuilt text
                pos, tok_start = offset, []
                for t, _, _ in s:
                    tok_start.append(pos)
                    pos += len(t) + 1
                for a, b, label in starts:
                    ents.append({"start": tok_start[a], "end": tok_start[b] + len(s[b][0]), "label": label})
                offset = pos  # the newline takes the place of the last space
            f.write(json.dumps({"text": doc_text(sents), "entities": ents}, ensure_ascii=False) + "\n")


def cmd_texts(list_path, root, out, n):
    docs = [doc_text(read_doc(p)) for p in files(list_path, root)]
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(int(n)):
            for d in docs:
                f.write(json.dumps({"text": d}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    args = sys.argv[2:]
    if cmd == "train" and len(args) == 3:
        cmd_train(*args)
    elif cmd == "sentences" and len(args) == 3:
        cmd_sentences(*args)
    elif cmd == "predictions" and len(args) == 4:
        cmd_predictions(*args)
    elif cmd == "texts" and len(args) == 4:
        cmd_texts(*args)
    else:
        sys.exit(__doc__)

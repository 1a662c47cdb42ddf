#!/usr/bin/env python3
"""Format conversions for bench/bench_ner.sh (Apache OpenNLP name finder vs tagger).

  ner_opennlp.py train LIST ROOT OUT      PEYMA files -> OpenNLP training sentences
  ner_opennlp.py sentences LIST ROOT OUT  PEYMA files -> plain sentences, one a line
  ner_opennlp.py predictions LIST ROOT TAGGED OUT
                                          OpenNLP output -> JSONL predictions for
                                          `tagger eval --predictions`
  ner_opennlp.py texts LIST ROOT OUT N    the documents' texts as JSONL, N times over

PEYMA files are read the way `tagger eval` reads them, by tools/goldfile.py (the one
reader of the Python tools), so the JSONL predictions have exactly the text `tagger eval`
rebuilds from the gold files.  Only PER, LOC and ORG are kept.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from goldfile import entities, list_paths, sentences, text_of  # noqa: E402

LABELS = {"PER", "LOC", "ORG"}


def otoken(tok):
    return tok.replace(" ", "_") or "_"


def cmd_train(list_path, root, out):
    with open(out, "w", encoding="utf-8") as f:
        for path in list_paths(list_path, root):
            for sent in sentences(path):
                starts, ends = {}, {}
                for a, b, label in entities(sent):
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
        for path in list_paths(list_path, root):
            for sent in sentences(path):
                f.write(" ".join(otoken(t) for t, _, _ in sent) + "\n")
            f.write("\n")


def cmd_predictions(list_path, root, tagged, out):
    lines = [l.rstrip("\n") for l in open(tagged, encoding="utf-8")]
    at = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in list_paths(list_path, root):
            sents = sentences(path)
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
            f.write(json.dumps({"text": text_of(sents), "entities": ents}, ensure_ascii=False) + "\n")


def cmd_texts(list_path, root, out, n):
    docs = [text_of(sentences(p)) for p in list_paths(list_path, root)]
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

#!/usr/bin/env python3
"""Copies of the English topic corpora with the tagger's entities as words
(docs/topics.md, "Round 9"): the experiment behind "entity features" for the
topic model, measured without changing the library.

Every document of BBC and AG News (and of the none training and test files of
tools/topics/none-corpus.sh) is tagged by `TAGGER --jsonl --no-topics` (the
whole pipeline: lists, rules, the entity model, kb links), and each entity
found becomes a made-up word appended to the document's text on its last
line, so that `tagger topics train` and `eval` count it like any other word:

  kb      "qqk" + label + kb_id (letters and digits), for an entity linked
          to the knowledge base: qqkgpecanada, qqkorgassociatedpress
  label   "qql" + label, for every entity: qqlperson, qqlmoney
  list    "qqs" + label + the list it was found in: qqsgpecountriesen
  title   not an entity: "qqt" + each word of the "title" field, lowercased
          (the title's words as features of their own, for short AG items)

Usage: en_entity_tokens.py [--kinds kb,label,list] TAGGER SHARED NONE_DIR OUT
  writes OUT/corpora/topics/en/{bbc,agnews}_train.jsonl and
  OUT/none/none-en.{train,test}.jsonl, for
  DEV_FOLD=F NONE_DIR=OUT/none tools/topics/en-dev.sh TAGGER OUT
"""
import argparse
import json
import os
import re
import subprocess


def entity_words(entities, title, kinds):
    words = ["qqt" + w.lower() for w in re.findall(r"[A-Za-z]+", title)] if "title" in kinds else []
    for e in entities:
        label = e["label"].lower()
        if "kb" in kinds and "kb_id" in e:
            words.append("qqk" + label + re.sub(r"[^a-z0-9]", "", e["kb_id"].lower()))
        if "label" in kinds:
            words.append("qql" + label)
        if "list" in kinds and "list" in e:
            name = os.path.splitext(os.path.basename(e["list"]))[0]
            words.append("qqs" + label + re.sub(r"[^a-z0-9]", "", name.lower()))
    return words


def convert(tagger, src, dst, kinds, lang):
    lines = open(src, encoding="utf-8").read().splitlines(keepends=True)
    cmd = [tagger, "--jsonl", "-q", "--no-topics", "-j", "2"] + (["--lang", lang] if lang else [])
    tagged = subprocess.run(cmd, input="".join(lines), capture_output=True, text=True,
                            check=True).stdout.splitlines()
    if len(tagged) != len(lines):
        raise SystemExit(f"{src}: {len(lines)} documents, {len(tagged)} tagged")
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "w", encoding="utf-8") as out:
        for line, rec in zip(lines, tagged):
            d, t = json.loads(line), json.loads(rec)
            words = entity_words(t.get("entities", []), d.get("title", ""), kinds)
            if words:
                d["text"] = d["text"] + " " + " ".join(words)
            out.write(json.dumps(d, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kinds", default="kb,label,list")
    ap.add_argument("tagger")
    ap.add_argument("shared")
    ap.add_argument("none_dir")
    ap.add_argument("out")
    a = ap.parse_args()
    kinds = set(a.kinds.split(","))
    en = os.path.join(a.shared, "corpora", "topics", "en")
    for name in ("bbc_train", "agnews_train"):
        convert(a.tagger, f"{en}/{name}.jsonl", f"{a.out}/corpora/topics/en/{name}.jsonl", kinds, None)
    # the none documents are English by construction; a few are too short
    # for the language identifier, which would leave them untagged
    for part in ("train", "test"):
        convert(a.tagger, f"{a.none_dir}/none-en.{part}.jsonl", f"{a.out}/none/none-en.{part}.jsonl",
                kinds, "en")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the topic benchmark's train/test files from the shared corpora, in
both formats: JSONL ({"text", "label"} with mapped topics, for tagger) and
fastText lines ("__label__TOPIC text" on one line).  The same documents go
to both tools.  Test sets keep only the five core topics.
usage: topics_data.py SHARED_TOPICS_DIR OUT_DIR"""
import json, os, sys

CORE = {"politics", "economy", "sport", "arts", "scitech"}
fa, out = os.path.join(sys.argv[1], "fa"), sys.argv[2]
topic = {}
with open(os.path.join(fa, "label_to_iptc.tsv"), encoding="utf-8") as f:
    next(f)
    for line in f:
        cols = line.rstrip("\n").split("\t")
        topic[cols[1]] = cols[3]

def write(name, sources, core_only):
    seen = set()
    with open(os.path.join(out, name + ".jsonl"), "w", encoding="utf-8") as js, \
         open(os.path.join(out, name + ".ft"), "w", encoding="utf-8") as ft:
        for src in sources:
            for line in open(os.path.join(fa, src + ".jsonl"), encoding="utf-8"):
                d = json.loads(line)
                t = topic.get(d.get("label") or "", "-")
                if t == "-" or (core_only and t not in CORE):
                    continue
                text = ((d.get("title") or "") + "\n\n" + d["text"]).strip()
                if text in seen:
                    continue
                seen.add(text)
                js.write(json.dumps({"text": text, "label": t}, ensure_ascii=False) + "\n")
                ft.write("__label__%s %s\n" % (t, " ".join(text.split())))

write("train", ["isna_abbnaseri", "farsnews_langml", "farsnews_faezeh"], True)
write("hamshahri", ["hamshahri_hamtest"], True)
write("asriran_tabnak", ["ir_news_shessam"], True)

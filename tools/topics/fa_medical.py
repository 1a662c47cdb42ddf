#!/usr/bin/env python3
"""Training copies of the Persian topic corpora in which medical news filed
under a science and technology desk is labelled health (docs/topics.md,
"Round 7").

ISNA files medical research under «tech» (192 of its 1,500 «tech» titles name
a disease, a treatment or a drug), while Asriran/Tabnak, Hamshahri and Radio
Farda have health desks: trained as scitech, those long articles taught the
models that medical words are science, and Asriran/Tabnak's health articles
were called scitech (health recall 13%).  An article whose section maps to
scitech (MAP) and whose title contains one of MEDICAL gets the label
"scitech-medical" (mapped to health by data/models/fa-sections-to-iptc.tsv).

The social desks (sections the map sends to society) carry the health news
of 2020 and after: Covid tolls, hospitals, masks, vaccines (Round 26 read
the health misses of the held-out agencies: mostly such articles, predicted
society).  An article of such a section whose title has one of MEDICAL or
of COVID gets the label "society-medical" (mapped to health too), as
IPTC's health topic holds diseases and epidemics whichever desk filed them
(docs/topics.md, "Round 27").  Only the training copies are relabelled: the
tests of cross-source.sh and fa-dev.sh read the corpora as they are.

Usage: fa_medical.py MAP OUTDIR FILE.jsonl...
Writes OUTDIR/<name of each FILE>, the same lines but the relabelled ones,
and prints how many were relabelled per file and label.  Deterministic.
"""
import json
import os
import re
import sys

# medical words of a title (stems: «بیمار» also matches بیماری, بیمارستان;
# «پزشک» پزشکی); "virus" alone is left out (computer viruses are tech news),
# and so are Covid's names: in Hamshahri's and Radio Farda's technology
# sections of spring 2020 they mark the time of a tech story (contact-tracing
# apps, a phone launched "amid Covid"), not its topic
MEDICAL = ["بیمار", "درمان", "سرطان", "پزشک", "دارو", "سلامت", "دیابت", "واکسن",
           "آلزایمر", "عفونت", "تومور", "جراحی", "سکته", "چاقی",
           "افسردگی", "آنتی‌بیوتیک", "قلبی", "ابتلا", "فشار خون"]
# each at the start of a word («قلبی», "cardiac", not inside «تقلبی», "fake")
PATTERN = re.compile(r"(?<!\w)(?:%s)" % "|".join(map(re.escape, MEDICAL)))
# an epidemic's words, for the social desks only (see above): the disease's
# names, "virus", "pandemic", "mask", "quarantine"
COVID = ["کرونا", "کووید", "ویروس", "همه‌گیری", "ماسک", "قرنطینه"]
COVID_PATTERN = re.compile(r"(?<!\w)(?:%s)" % "|".join(map(re.escape, COVID)))
LABELS = {"scitech": "scitech-medical", "society": "society-medical"}


def new_label(topic, title):
    """The label an article of a section mapped to topic gets, or None."""
    if topic == "scitech" and PATTERN.search(title):
        return LABELS[topic]
    if topic == "society" and (PATTERN.search(title) or COVID_PATTERN.search(title)):
        return LABELS[topic]
    return None


def main():
    mapfile, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    topic = {}  # section -> scitech or society
    for line in open(mapfile, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 2 and not line.startswith("#") and f[1] in LABELS:
            topic[f[0]] = f[1]
    os.makedirs(out, exist_ok=True)
    for path in files:
        n = dict.fromkeys(LABELS.values(), 0)
        with open(os.path.join(out, os.path.basename(path)), "w", encoding="utf-8") as o:
            for line in open(path, encoding="utf-8"):
                try:
                    j = json.loads(line)
                except ValueError:
                    o.write(line)  # the trainer reports and skips it, as in the corpus
                    continue
                label = new_label(topic.get(j.get("label")), j.get("title") or "")
                if label:
                    j["label"] = label
                    n[label] += 1
                    line = json.dumps(j, ensure_ascii=False) + "\n"
                o.write(line)
        print("%s: %s" % (os.path.basename(path),
                          ", ".join("%d relabelled %s" % (n[l], l) for l in LABELS.values())))


if __name__ == "__main__":
    main()

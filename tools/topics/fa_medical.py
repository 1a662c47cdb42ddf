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
Only the training copies are relabelled: the tests of cross-source.sh and
fa-dev.sh read the corpora as they are.

Usage: fa_medical.py MAP OUTDIR FILE.jsonl...
Writes OUTDIR/<name of each FILE>, the same lines but the relabelled ones,
and prints how many were relabelled per file.  Deterministic.
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
LABEL = "scitech-medical"


def main():
    mapfile, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    scitech = set()
    for line in open(mapfile, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 2 and not line.startswith("#") and f[1] == "scitech":
            scitech.add(f[0])
    os.makedirs(out, exist_ok=True)
    for path in files:
        n = 0
        with open(os.path.join(out, os.path.basename(path)), "w", encoding="utf-8") as o:
            for line in open(path, encoding="utf-8"):
                try:
                    j = json.loads(line)
                except ValueError:
                    o.write(line)  # the trainer reports and skips it, as in the corpus
                    continue
                if j.get("label") in scitech and PATTERN.search(j.get("title") or ""):
                    j["label"] = LABEL
                    n += 1
                    line = json.dumps(j, ensure_ascii=False) + "\n"
                o.write(line)
        print("%s: %d relabelled %s" % (os.path.basename(path), n, LABEL))


main()

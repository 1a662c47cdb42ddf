#!/usr/bin/env python3
"""Scores the language identifier on the test sets of testsets.py: each
line of DIR/<lang>.txt tagged as a document (bulk JSONL, lists, rules and
models off), its "lang" compared with <lang>.  Prints accuracy per language
and the confusion table (docs/langid.md).

    python3 tools/langid/measure.py build/tagger DIR [LANG...]

LANG...: the languages to score (default: the ten of the issue; it pt nl
have sets too, as languages the identifier knows but this tagger does not
expect).
"""
import collections
import json
import os
import subprocess
import sys

LANGS = ["fa", "en", "ar", "de", "fr", "ru", "es", "tr", "ur", "ps"]


def main():
    tagger, d = sys.argv[1], sys.argv[2]
    langs = sys.argv[3:] or LANGS
    conf = {}
    for lang in langs:
        lines = open(os.path.join(d, lang + ".txt"), encoding="utf-8").read().splitlines()
        inp = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in lines)
        out = subprocess.run([tagger, "--jsonl", "-q", "--no-default-gazetteer",
                              "--no-default-rules", "--no-model", "--no-topics"],
                             input=inp.encode(), capture_output=True, check=True).stdout
        conf[lang] = collections.Counter(json.loads(l)["lang"] for l in out.decode().splitlines())
    cols = langs + sorted({k for c in conf.values() for k in c} - set(langs))
    print("| text \\ said | " + " | ".join(cols) + " | accuracy |")
    print("|---|" + "---|" * (len(cols) + 1))
    total = right = 0
    for lang in langs:
        n = sum(conf[lang].values())
        total += n
        right += conf[lang][lang]
        cells = [str(conf[lang][c]) if conf[lang][c] else "" for c in cols]
        print(f"| {lang} | " + " | ".join(cells) + f" | {100 * conf[lang][lang] / n:.1f}% |")
    print(f"\nall: {right}/{total} = {100 * right / total:.2f}%")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Training text for Urdu and Pashto from sources other than the test sets'
catalogs (docs/langid.md, third pass).  The catalogs of testsets.py hold
only about 1,100 Urdu and 1,070 Pashto messages, so the 1,000 test
sentences leave just the development split; the letter trigram and word
tables for ur and ps are learnt from this text instead:

  ur  Firefox ESR's Urdu language pack (firefox-esr-l10n-ur: the values of
      its .ftl and .properties files), the CLDR locale data (unicode-cldr-core:
      common/main/ur.xml and common/annotations/ur.xml, element text) and the
      iso-codes catalogs (names of countries, languages);
  ps  the CLDR locale data (ps.xml, both) and the iso-codes catalogs;
  en  news: the first NEWS_MAX["en"] sentences of CoNLL-2003 train
      (../shared/corpora/ner/en/conll2003/train.txt; not valid, the NER's
      development set), so that the English of news ("Lavrov met Blinken")
      is not only that of user interfaces;
  fa  news: the first NEWS_MAX["fa"] sentences of the PEYMA train split
      (data/splits/peyma-train.txt; not peyma-dev.txt), for the same reason
      (the catalogs never name a weekday, CLDR's Pashto does).

Each line is cleaned as testsets.py cleans a message; a line that is one of
the test or development sentences (OUT/<lang>.txt, OUT/dev/<lang>.txt) is
left out.  Written to OUT/extra/<lang>.txt, which gen_ngrams.py reads
after OUT/train/<lang>.txt.

    python3 tools/langid/extra.py OUT       # after testsets.py OUT

Needs: apt-get download (network to the Debian mirror), dpkg-deb, msgunfmt.
"""
import glob
import html
import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testsets  # noqa: E402  (clean, messages)

PACKAGES = ["firefox-esr-l10n-ur", "unicode-cldr-core", "iso-codes"]
LANGS = ["ur", "ps", "en", "fa"]
REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir)
NER = os.path.join(REPO, os.pardir, "shared", "corpora", "ner")
CONLL = os.path.join(NER, "en", "conll2003", "train.txt")
PEYMA_SPLIT = os.path.join(REPO, "data", "splits", "peyma-train.txt")
NEWS_MAX = {"en": 5000, "fa": int(os.environ.get("LANGID_FA_NEWS", "1000"))}
MIN_CHARS = 2  # names and short phrases too: they teach letters and words


def unpack(out):
    return testsets.fetch_debs(PACKAGES, os.path.join(out, "extra"))


def firefox(root, lang):
    for xpi in glob.glob(os.path.join(root, f"usr/lib/firefox-esr/browser/extensions/"
                                            f"langpack-{lang}@*.xpi")):
        z = zipfile.ZipFile(xpi)
        for name in sorted(z.namelist()):
            if name.endswith(".ftl"):
                for line in z.read(name).decode("utf-8", "replace").splitlines():
                    m = re.match(r"^\s*(?:[\w.-]+\s*=|\.[\w-]+\s*=)\s*(.*)$", line)
                    if m and not line.lstrip().startswith("#"):
                        yield m.group(1)
                    elif line.startswith("    ") and "=" not in line:
                        yield line.strip()
            elif name.endswith(".properties"):
                for line in z.read(name).decode("utf-8", "replace").splitlines():
                    if "=" in line and not line.lstrip().startswith("#"):
                        yield line.split("=", 1)[1]


def cldr(root, lang):
    for kind in ("main", "annotations"):
        p = os.path.join(root, "usr/share/unicode/cldr/common", kind, lang + ".xml")
        if os.path.exists(p):
            text = open(p, encoding="utf-8").read()
            for m in re.finditer(r">([^<>]+)</", text):
                for part in m.group(1).split("|"):
                    yield html.unescape(part)


def isocodes(root, lang):
    for p in sorted(glob.glob(os.path.join(root, "usr/share/locale", lang, "LC_MESSAGES",
                                           "iso_*.mo"))):
        for msgid, msgstr in testsets.messages(p):
            if msgstr and msgstr != msgid:
                yield msgstr


def sentences(paths, sep, most):
    """The sentences of token-per-line files (a blank line between two),
    `most` at most."""
    n = 0
    for path in paths:
        sent = []
        for line in open(path, encoding="utf-8"):
            tok = line.split(sep, 1)[0].strip()
            if tok and tok != "-DOCSTART-":
                sent.append(tok)
            elif sent:
                yield " ".join(sent)
                sent, n = [], n + 1
                if n >= most:
                    return


def news(root, lang):
    if lang == "en":
        yield from sentences([CONLL], " ", NEWS_MAX["en"])
    elif lang == "fa":
        peyma = os.path.join(NER, "fa", "peyma")
        files = [l.strip() for l in open(PEYMA_SPLIT, encoding="utf-8")
                 if l.strip() and not l.startswith("#")]
        yield from sentences([os.path.join(peyma, f) for f in files], "\t", NEWS_MAX["fa"])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    root = unpack(out)
    for lang in LANGS:
        held = set()
        for f in (os.path.join(out, lang + ".txt"), os.path.join(out, "dev", lang + ".txt")):
            held.update(open(f, encoding="utf-8").read().splitlines())
        seen, lines = set(), []
        for src in (news,) if lang in ("en", "fa") else (firefox, cldr, isocodes):
            for s in src(root, lang):
                s = re.sub(r"\{[^{}]*\}", " ", s)  # Fluent placeables
                s = testsets.clean(s)
                if (len(s) >= MIN_CHARS and s not in held and s not in seen and
                        (lang == "en" or re.search(r"[\u0600-\u06ff]", s))):
                    seen.add(s)
                    lines.append(s)
        with open(os.path.join(out, "extra", lang + ".txt"), "w", encoding="utf-8") as f:
            for s in lines:
                f.write(s + "\n")
        print(f"{lang}\t{len(lines)} lines")


if __name__ == "__main__":
    main()

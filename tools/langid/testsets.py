#!/usr/bin/env python3
"""Builds the language identification test sets (docs/langid.md).

Sentences come from the translated message catalogs (.mo) of Debian
packages: those installed under /usr/share/locale and those unpacked from
the binary packages named in PACKAGES below (`apt-get download`, then
`dpkg-deb -x`).  Each catalog is turned back into text with gettext's
msgunfmt; a translation (msgstr) is a sentence of its language, the English
original (msgid) one of English.  Kept: messages of at least MIN_WORDS words
and MIN_CHARS characters after markup, format directives, accelerators and
escapes are removed, each once; the ISO code catalogs (names, not
sentences) are left out.  Up to N sentences a language, chosen by a fixed
seed, one per line in OUT/<lang>.txt; the others (up to TRAIN_MAX) in
OUT/train/<lang>.txt, from which tools/langid/gen_ngrams.py learns.

    python3 tools/langid/testsets.py OUT [N]      # N defaults to 1000

Needs: gettext (msgunfmt), dpkg-deb, apt-get (network to the Debian mirror).
"""
import os
import random
import re
import subprocess
import sys

LANGS = ["fa", "en", "ar", "de", "fr", "ru", "es", "tr", "ur", "ps", "it", "pt", "nl"]
PACKAGES = ["synaptic", "deja-dup", "simple-scan", "transmission-common", "pidgin-data",
            "evince-common", "nautilus-data", "gedit-common", "gnome-control-center-data",
            "totem-common", "brasero-common", "gnome-terminal-data", "gnome-software-common",
            "zenity-common", "gnome-panel-data", "libgnomekbd-common", "eog", "file-roller",
            "gnome-system-monitor", "yelp", "seahorse", "gnome-keyring", "gnome-applets-data",
            "gnome-session-common", "metacity-common", "baobab", "gnome-calculator", "aisleriot",
            "hexchat-common", "debconf-i18n", "tasksel-data", "gucharmap", "xfce4-panel",
            "thunar-data", "gnome-disk-utility", "libgtop2-common", "gnome-menus",
            "gnome-desktop3-data"]
MIN_WORDS = 4
MIN_CHARS = 20
SEED = 20261203
TRAIN_MAX = 20000
CREDITS = {"translator-credits", "translator_credits", "Translator credits"}


def fetch_debs(packages, base):
    """apt-get download PACKAGES into BASE/debs (those not there yet) and unpack
    every .deb there into BASE/root; returns BASE/root."""
    debs = os.path.join(base, "debs")
    root = os.path.join(base, "root")
    os.makedirs(debs, exist_ok=True)
    os.makedirs(root, exist_ok=True)
    have = os.listdir(debs)
    need = [p for p in packages if not any(f.startswith(p + "_") for f in have)]
    if need:
        subprocess.run(["apt-get", "download"] + need, cwd=debs, check=True,
                       stdout=subprocess.DEVNULL)
    for f in sorted(os.listdir(debs)):
        subprocess.run(["dpkg-deb", "-x", os.path.join(debs, f), root], check=True)
    return root


def unpack(out):
    root = fetch_debs(PACKAGES, out)
    return [os.path.join(root, "usr/share/locale"), "/usr/share/locale"]


def catalogs(dirs, lang):
    for d in dirs:
        p = os.path.join(d, lang, "LC_MESSAGES")
        if not os.path.isdir(p):
            continue
        for f in sorted(os.listdir(p)):
            if f.endswith(".mo") and not f.startswith("iso_"):
                yield os.path.join(p, f)


def unquote(lines):
    s = "".join(re.match(r'^\s*(?:msg\w+(?:\[\d+\])?\s+)?"(.*)"\s*$', l).group(1) for l in lines)
    esc = {"n": " ", "t": " ", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: esc.get(m.group(1), " "), s)


def messages(path):
    """(msgid, msgstr) pairs of one catalog (the first plural form)."""
    text = subprocess.run(["msgunfmt", "--no-wrap", path], capture_output=True).stdout
    text = text.decode("utf-8", "replace")  # a catalog in another charset: its
    # messages carry U+FFFD and are left out (keep())
    for block in text.split("\n\n"):
        cur, parts = None, {}
        for line in block.split("\n"):
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\]|msgctxt)\s', line)
            if m:
                cur = m.group(1).replace("[0]", "")
                parts[cur] = [line]
            elif line.startswith('"') and cur:
                parts[cur].append(line)
        if "msgid" in parts and "msgstr" in parts and parts["msgid"] != ['msgid ""']:
            yield unquote(parts["msgid"]), unquote(parts["msgstr"])


def clean(s):
    s = re.sub(r"<[^>]*>", " ", s)                       # markup
    s = re.sub(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[lhqjzt]*[sdiuxXfgecp%]", " ", s)
    s = re.sub(r"%\{?\w+\}?|\{\w*\}|\$\w+|&\w+;", " ", s)  # named directives, entities
    s = s.replace("_", "").replace("&", "")               # accelerators
    # code, not language (2026-12-03, second version of the sets): URLs and
    # addresses, command-line options, tokens with brackets, pipes, slashes,
    # '=' or '\\' (paths, syntax summaries), and the quotes a removed
    # directive left empty
    s = re.sub(r"\S*(?:://|@)\S*", " ", s)
    s = re.sub(r"(?<!\S)--?[A-Za-z][\w.-]*(?:=\S*)?", " ", s)
    s = re.sub(r"\S*[\[\]{}|\\/=<>~]\S*", " ", s)
    s = re.sub(r"[«»“„\"'‘‹›]\s*[«»”“\"'’›‹]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def keep(s):
    return len(s) >= MIN_CHARS and len(s.split()) >= MIN_WORDS and "\ufffd" not in s


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    dirs = unpack(out)
    english = set()
    for lang in LANGS:
        sents = set()
        for path in catalogs(dirs, "de" if lang == "en" else lang):
            for msgid, msgstr in messages(path):
                if lang == "en":
                    s = clean(msgid)
                    if keep(s):
                        english.add(s)
                elif msgid in CREDITS:
                    continue  # translators' names, not sentences
                elif msgstr and msgstr != msgid:
                    s = clean(msgstr)
                    if keep(s) and s != clean(msgid):
                        sents.add(s)
        if lang == "en":
            # the English originals of every catalog seen (the German ones
            # are the most complete set of them)
            sents = english
        pick = sorted(sents)
        random.Random(SEED).shuffle(pick)
        pick, rest = pick[:n], pick[n:]
        with open(os.path.join(out, lang + ".txt"), "w", encoding="utf-8") as f:
            for s in pick:
                f.write(s + "\n")
        # the rest, up to TRAIN_MAX: what gen_ngrams.py learns from (never
        # a test sentence)
        os.makedirs(os.path.join(out, "train"), exist_ok=True)
        with open(os.path.join(out, "train", lang + ".txt"), "w", encoding="utf-8") as f:
            for s in rest[:TRAIN_MAX]:
                f.write(s + "\n")
        # its first 1000: the development set (gen_ngrams.py leaves them out)
        os.makedirs(os.path.join(out, "dev"), exist_ok=True)
        with open(os.path.join(out, "dev", lang + ".txt"), "w", encoding="utf-8") as f:
            for s in rest[:1000]:
                f.write(s + "\n")
        print(f"{lang}\t{len(pick)} of {len(sents)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Non-news text from this machine, cut into documents labelled "none",
for the out-of-domain class of the topic models (docs/topics.md, "Round 3").

Sources (nothing of them is kept in the repository; tools/topics/none-corpus.sh
runs this):
  fa  the translations (msgstr) of the Persian message catalogs: every
      /usr/share/locale/fa*/LC_MESSAGES/*.mo and those of the Debian packages
      unpacked under PKGDIR (libreoffice-l10n-fa, firefox-esr-l10n-fa,
      gimp-data, krita-l10n), and documents of words drawn at random from the
      Persian spelling dictionary (myspell-fa); since Round 6 the
      recipes of the Persian news corpora (SHARED_DIR/corpora/topics/fa:
      titles beginning «طرز تهیه»), in a file of their own
  en  the English originals (msgid) of the same catalogs and of the en*
      catalogs, the READMEs and Debian changelogs under /usr/share/doc, the
      man pages (troff source, macros stripped), the docstrings of Python's
      standard library, fortune cookies (fortunes; the files food,
      songs-poems, love and literature are held out whole, kinds never
      trained on), WordNet glosses (wordnet-base), and since Round 4 the
      definitions and quotations of GCIDE (dict-gcide), the Devil's Dictionary
      (dict-devil) and documents of USDA food names drawn at random from
      gourmand's nutrition table (kinds "dictionary" and "food")
Catalogs of names (iso_639, iso_3166, iso_15924: country and language names)
are left out: their strings are news words.  Strings of one source are joined
in their order into documents of 80 to 3,000 characters (log-uniform, fixed
seed), so that short items and long articles both occur.  A source (one
catalog, one file, one man page) is held out whole when crc32(its name) % 5
== 0: those documents go to the test file.

Usage: none_corpus.py PKGDIR OUTDIR [SHARED_DIR]
Writes OUTDIR/none-{fa,en}.{train,test}.jsonl ({"id", "text", "label":
"none", "kind"}) and prints the counts.  Deterministic.
"""
import ast
import glob
import gettext
import gzip
import html
import json
import os
import random
import re
import sys
import zipfile
import zlib

PKGDIR, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
SHARED = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "../../../shared")
# documents of each kind kept for training (chosen on validation parts,
# docs/topics.md "Round 3"), and for testing
TRAIN_CAP = {"fa": 300, "en": 150}
TEST_CAP = 800
FA_CHARS = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")


# fortune files of kinds held out whole, for the test of kinds never trained on
HELD_KINDS = {"fortune:food.u8", "fortune:songs-poems.u8", "fortune:love.u8", "fortune:literature.u8"}


def clean_ui(s):
    s = re.sub(r"<[^>]+>", " ", s)
    s = re.sub(r"%(\d+\$)?[-+ #0]*\d*(\.\d+)?[a-zA-Z]|\{[^}]*\}|\$\w+|\\[nt]", " ", s)
    s = s.replace("_", "").replace("~", "").replace("&", "")
    return re.sub(r"\s+", " ", s).strip()


def catalog(path):
    try:
        with open(path, "rb") as f:
            cat = gettext.GNUTranslations(f)._catalog
    except Exception:
        return []
    pairs = []
    for k, v in cat.items():
        if isinstance(k, tuple):
            if k[1] != 0:
                continue
            k = k[0]
        if not k or not v:
            continue
        k = k.split("\x04")[-1]  # drop a msgctxt
        pairs.append((clean_ui(k), clean_ui(v)))
    pairs.sort()
    return pairs


def mo_files(langs):
    out = []
    for root in ("/usr/share/locale", os.path.join(PKGDIR, "usr/share/locale"),
                 os.path.join(PKGDIR, "usr/lib/libreoffice/program/resource")):
        for lang in langs:
            out += glob.glob(os.path.join(root, lang, "LC_MESSAGES", "*.mo"))
    return sorted(p for p in set(out) if not os.path.basename(p).startswith("iso_"))


def name_of(p):
    """A catalog's name, the same wherever PKGDIR is: package path, language, file."""
    p = os.path.relpath(p, PKGDIR) if p.startswith(PKGDIR.rstrip("/") + "/") else os.path.relpath(p, "/")
    return p.replace("/LC_MESSAGES", "")


def words(s):
    return len(s.split())


def sources_fa():
    for p in mo_files(["fa", "fa_IR"]):
        strs = [v for _, v in catalog(p) if FA_CHARS.search(v) and words(v) >= 2]
        yield "mo:" + name_of(p), "catalog", strs
    for p in sorted(glob.glob(os.path.join(PKGDIR, "usr/lib/firefox-esr/browser/extensions/langpack-fa*.xpi"))):
        with zipfile.ZipFile(p) as z:
            for n in sorted(z.namelist()):
                if n.endswith((".ftl", ".properties")):
                    vals = [clean_ui(m.group(1)) for m in
                            re.finditer(r"(?m)^\s*[-\w.]+\s*[=:]\s*(.+)$", z.read(n).decode("utf-8", "replace"))]
                    yield "xpi:" + n, "catalog", [v for v in vals if FA_CHARS.search(v) and words(v) >= 2]
    for p in sorted(glob.glob(os.path.join(PKGDIR, "usr/share/gimp/2.0/help/fa/*.html"))):
        t = open(p, encoding="utf-8", errors="replace").read()
        t = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", t)
        paras = [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", x))).strip()
                 for x in re.split(r"(?i)</?(?:p|li|h\d|div|td|dt|dd)\b[^>]*>", t)]
        strs = [x for x in paras if words(x) >= 3 and
                len(FA_CHARS.findall(x)) > 2 * len(LATIN.findall(x))]
        yield "gimp-help:" + os.path.basename(p), "manual", strs
    # a list of words, not text: documents of words drawn at random from the
    # Persian spelling dictionary (myspell-fa), so that the everyday words
    # news never uses have a weight too
    dic = os.path.join(PKGDIR, "usr/share/hunspell/fa.dic")
    if os.path.exists(dic):
        ws = [w.split("/")[0] for w in open(dic, encoding="utf-8").read().split("\n")[1:] if w]
        rng = random.Random(3)
        for i in range(1500):
            yield "lexicon:%d" % i, "lexicon", [" ".join(rng.choice(ws) for _ in range(int(10 * 30 ** rng.random())))]


def troff_text(src):
    lines = []
    for ln in src.splitlines():
        if ln.startswith((".\\\"", "'\\\"")):
            continue
        if ln.startswith((".", "'")):
            m = re.match(r"[.'](?:SH|SS|B|I|BI|BR|IB|IR|RB|RI|TP|IP|Nm|Nd|Ar|Fl|Op|Em|Sy|It)\s+(.*)", ln)
            if not m:
                continue
            ln = m.group(1)
        ln = re.sub(r"\\f[BIRP1-4]|\\f\(..|\\f\[[^]]*\]|\\s[-+]?\d|\\\(..|\\\*.|\\[&|^%e]", "", ln)
        ln = ln.replace("\\-", "-").replace('"', "")
        lines.append(ln)
    return [p.replace("\n", " ").strip() for p in re.split(r"\n\s*\n", "\n".join(lines))]


def read_maybe_gz(p, limit=200000):
    op = gzip.open if p.endswith((".gz", ".dz")) else open
    try:
        with op(p, "rt", encoding="utf-8", errors="replace") as f:
            return f.read(limit) if limit else f.read()
    except Exception:
        return ""


def sources_en():
    for p in mo_files(["fa", "fa_IR", "en", "en_GB", "en_AU", "en_CA"]):
        strs = [k for k, _ in catalog(p) if LATIN.search(k) and words(k) >= 2]
        yield "mo-en:" + name_of(p), "catalog", strs
    docs = sorted(glob.glob("/usr/share/doc/*/README*") + glob.glob("/usr/share/doc/*/changelog.Debian.gz")
                  + glob.glob("/usr/share/doc/*/NEWS*"))
    for p in docs:
        paras = [re.sub(r"\s+", " ", x).strip() for x in re.split(r"\n\s*\n", read_maybe_gz(p))]
        yield "doc:" + p, "doc", [x for x in paras if words(x) >= 3]
    for p in sorted(glob.glob("/usr/share/man/man[1-8]/*")):
        yield "man:" + os.path.basename(p), "man", [x for x in troff_text(read_maybe_gz(p)) if words(x) >= 3]
    for p in sorted(glob.glob(os.path.join(PKGDIR, "usr/share/games/fortunes/*.u8"))):
        cookies = [re.sub(r"\s+", " ", c).strip() for c in open(p, encoding="utf-8", errors="replace").read().split("\n%\n")]
        yield "fortune:" + os.path.basename(p), "fortune", [c for c in cookies if words(c) >= 3]
    for pos in ("noun", "verb", "adj", "adv"):
        p = os.path.join(PKGDIR, "usr/share/wordnet/data." + pos)
        if os.path.exists(p):
            gl = [l.split("| ", 1)[1].strip() for l in open(p, encoding="utf-8", errors="replace") if "| " in l and not l.startswith(" ")]
            for i in range(0, len(gl), 40):
                yield "wordnet:%s:%d" % (pos, i // 40), "gloss", gl[i:i + 40]
    # Round 4: everyday English that news rarely uses -- definitions and the
    # literary quotations of the Collaborative International Dictionary of
    # English (dict-gcide: Webster 1913 and WordNet), Bierce's "Devil's
    # Dictionary" (dict-devil), and the USDA food names of gourmand's
    # nutrition table (cooking words: baked, boiled, roasted, fried)
    p = os.path.join(PKGDIR, "usr/share/dictd/gcide.dict.dz")
    if os.path.exists(p):
        paras = [gcide_clean(x) for x in re.split(r"\n\s*\n", read_maybe_gz(p, None))[40:]]
        paras = [x for x in paras if words(x) >= 4]
        for i in range(0, len(paras), 400):
            yield "gcide:%d" % (i // 400), "dictionary", paras[i:i + 400]
    p = os.path.join(PKGDIR, "usr/share/dictd/devil.dict.dz")
    if os.path.exists(p):
        paras = [re.sub(r"\s+", " ", x.replace("{", "").replace("}", "")).strip()
                 for x in re.split(r"\n\s*\n", read_maybe_gz(p, None))[20:]]
        paras = [x for x in paras if words(x) >= 4]
        for i in range(0, len(paras), 100):
            yield "devil:%d" % (i // 100), "dictionary", paras[i:i + 100]
    p = os.path.join(PKGDIR, "usr/lib/python3/dist-packages/gourmand/data/FOOD_DES.txt")
    if os.path.exists(p):
        names = [l.split("^")[2].strip("~") for l in open(p, encoding="latin-1") if l.count("^") > 3]
        rng = random.Random(5)
        for i in range(1200):
            yield "food:%d" % i, "food", [n + "." for n in rng.sample(names, int(3 * 12 ** rng.random()))]
    for p in sorted(glob.glob("/usr/lib/python3.11/*.py")):
        try:
            tree = ast.parse(open(p, encoding="utf-8").read())
        except Exception:
            continue
        strs = []
        for n in ast.walk(tree):
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                d = ast.get_docstring(n)
                if d:
                    strs += [re.sub(r"\s+", " ", x).strip() for x in re.split(r"\n\s*\n", d)]
        yield "pydoc:" + os.path.basename(p), "pydoc", [x for x in strs if words(x) >= 3]


def gcide_clean(x):
    """A paragraph of the GCIDE dictd file as plain text: no headword
    pronunciation (\\Ket"tle\\), etymology in brackets, source marks
    ([1913 Webster]), braces or accent codes ([e^])."""
    x = re.sub(r"\\[^\\\n]*\\", " ", x)
    x = re.sub(r"\[(?:1913 Webster|WordNet[^]]*|PJC|Obs\.|R\.|Colloq\.)\]", " ", x)
    x = re.sub(r"\[[a-z^~`'\"=.-]{1,6}\]", "", x)
    x = re.sub(r"\[[^]]{8,}\]", " ", x)
    x = x.replace("{", "").replace("}", "").replace("--", " ")
    return re.sub(r"\s+", " ", x).strip()


def cut(name, strs, rng):
    """Joins strs in order into documents of a log-uniform target length."""
    docs, cur, target = [], [], 0
    for s in strs:
        if not cur:
            target = int(80 * (3000 / 80) ** rng.random())
        cur.append(s if s[-1:] in ".!?:؛۔." else s + ".")
        if sum(len(x) + 1 for x in cur) >= target:
            docs.append(" ".join(cur))
            cur = []
    if cur and sum(len(x) for x in cur) >= 40:
        docs.append(" ".join(cur))
    return docs


def build(lang, sources):
    rng = random.Random(20261203)
    train, test = [], []
    for name, kind, strs in sources:
        seen = set()
        strs = [s for s in strs if not (s in seen or seen.add(s))]
        held = zlib.crc32(name.encode()) % 5 == 0 or name in HELD_KINDS
        for i, d in enumerate(cut(name, strs, rng)):
            (test if held else train).append({"id": "%s#%d" % (name, i), "text": d, "label": "none", "kind": kind})
    # at most TRAIN_CAP / TEST_CAP of each kind (a fixed sample), in a fixed order
    for part, docs in (("train", train), ("test", test)):
        bykind = {}
        for d in docs:
            bykind.setdefault(d["kind"], []).append(d)
        docs = []
        for k in sorted(bykind):
            b = bykind[k]
            cap = TRAIN_CAP[lang] if part == "train" else TEST_CAP
            docs += random.Random(7).sample(b, cap) if len(b) > cap else b
        docs.sort(key=lambda d: d["id"])
        with open(os.path.join(OUT, "none-%s.%s.jsonl" % (lang, part)), "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        kinds = {}
        for d in docs:
            kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        print("none-%s.%s: %d documents %s" % (lang, part, len(docs), json.dumps(kinds, sort_keys=True)))


def recipes_fa():
    """Round 6: the recipes of the Persian news corpora (every article whose
    title begins «طرز تهیه», "how to make": 11 of Hamshahri's «زندگی > تغذیه»,
    whose section is no longer mapped, and one of Asriran's unmapped
    «خواندنی ها و دیدنی ها»), as none documents of their own file, so that
    --source-balance weighs them as much as all the other none documents."""
    docs = []
    for p in sorted(glob.glob(os.path.join(SHARED, "corpora/topics/fa/*.jsonl"))):
        for line in open(p, encoding="utf-8"):
            j = json.loads(line)
            t = j.get("title") or ""
            if t.startswith("طرز تهیه"):
                docs.append({"id": "recipe:" + j["id"], "text": t + "\n" + j["text"], "label": "none", "kind": "recipe"})
    with open(os.path.join(OUT, "none-fa-recipe.train.jsonl"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print("none-fa-recipe.train: %d documents" % len(docs))


os.makedirs(OUT, exist_ok=True)
build("fa", sources_fa())
recipes_fa()
build("en", sources_en())

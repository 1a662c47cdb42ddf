"""Shared helpers for the gazetteer generators in this folder (Python 3 stdlib only).

Paths are resolved relative to the repository: the sources are read from
../shared/gazetteer-sources beside the repository (override with the
GAZETTEER_SOURCES environment variable), output goes to gazetteers/<lang>/.
"""
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SOURCES = os.environ.get("GAZETTEER_SOURCES") or os.path.normpath(
    os.path.join(REPO, "..", "shared", "gazetteer-sources"))
GAZ = os.path.join(REPO, "gazetteers")

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d\u200e\u200f\u00a0 \t]")


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# Verb and enclitic endings that ParsNER sometimes leaves on a name ("اتحادیه اروپاست").
JUNK_ENDINGS = ("است", "ست", "اند", "ها", "های", "ای", "ی", "را", "رو")


def conjunction_clash(k, known):
    """True when key k is a known key followed by «و» ("روس و" reads as the key of «روسو»)."""
    return k.endswith("و") and k[:-1] in known


def junk_form(k, known):
    """True when key k is a known key plus a verb/enclitic ending."""
    return any(k.endswith(e) and k[:-len(e)] in known for e in JUNK_ENDINGS)


def src(*parts):
    p = os.path.join(SOURCES, *parts)
    if not os.path.exists(p):
        sys.exit("error: source not found: %s (set GAZETTEER_SOURCES)" % p)
    return p


def key(s):
    """Approximation of the tagger's alias key (letters folded, marks, ZWNJ and spaces removed)."""
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("ۀ", "ه").replace("ة", "ه")
    s = s.replace("أ", "ا").replace("إ", "ا").replace("ٱ", "ا").replace("ؤ", "و").replace("ئ", "ی")
    s = _DIACRITICS.sub("", s)
    s = s.translate(_DIGITS)
    return s.lower()


def clean(s):
    """Trim, collapse spaces, fold Arabic yeh/kaf to Persian; keeps ZWNJ."""
    s = unicodedata.normalize("NFC", s or "").strip()
    s = s.replace("ي", "ی").replace("ك", "ک")
    s = re.sub(r"[\t\r\n|]+", " ", s)
    return re.sub(r" +", " ", s).strip()


def slug(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("&", " and ").replace("'", "").replace("’", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def persian_letters(s):
    return sum(1 for c in key(s) if "\u0600" <= c <= "\u06ff")


def load_lines(path):
    with open(path, encoding="utf-8-sig") as f:
        return [l.rstrip("\r\n") for l in f]


def load_wordset(name):
    """A list file in this folder: one word a line, '#' comments; returns a set of keys."""
    out = set()
    for l in load_lines(os.path.join(HERE, name)):
        l = l.split("#", 1)[0].strip()
        if l:
            out.add(key(l))
    return out


# Generated lists in the order they are generated; each generator sees the hand-written
# lists and the generated lists before it only, so a rerun gives the same output.
GENERATED = ["countries.tsv", "places-csc.tsv", "persons-1-parsner.tsv", "persons-2-parsner.tsv",
             "organizations-parsner.tsv", "facilities-parsner.tsv", "entities-peyma.tsv"]


def curated_keys(exclude=()):
    """Alias keys of the hand-written lists (every gazetteers/*/*.tsv not in GENERATED) and of
    the generated lists that come before the first of `exclude` in GENERATED."""
    first = min(GENERATED.index(e) for e in exclude) if exclude else len(GENERATED)
    before = set(GENERATED[:first])
    keys = {}
    for lang in sorted(os.listdir(GAZ)):
        d = os.path.join(GAZ, lang)
        if not os.path.isdir(d) or lang == "build":
            continue
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(".tsv") or (fn in GENERATED and fn not in before):
                continue
            for l in load_lines(os.path.join(d, fn)):
                if not l or l.startswith("#"):
                    continue
                c = l.split("\t")
                if len(c) < 3:
                    continue
                for a in [c[2]] + (c[3].split("|") if len(c) > 3 else []):
                    a = a.lstrip("?=")
                    if a:
                        keys.setdefault(key(a), c[0])
    return keys


def write_tsv(path, header, rows):
    """rows: (kb_id, label, name, [aliases], [k=v...]); aliases deduplicated by key."""
    seen_ids = set()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for h in header:
            f.write("# " + h + "\n" if h else "#\n")
        for kb, label, name, aliases, extra in rows:
            if kb in seen_ids:
                raise SystemExit("duplicate kb_id %s" % kb)
            seen_ids.add(kb)
            out, ks = [], {key(name)}
            for a in aliases:
                bare = a.lstrip("?=")
                k = key(bare)
                if not bare or (k in ks and a == bare):
                    continue
                if k in ks:
                    # a marked alias replaces nothing silently; keep the marked one
                    out = [o for o in out if key(o.lstrip("?=")) != k]
                ks.add(k)
                out.append(a)
            f.write("\t".join([kb, label, name, "|".join(out)] + list(extra)) + "\n")
    print("wrote %s: %d entities" % (os.path.relpath(path, REPO), len(rows)))

"""Shared helpers for the gazetteer generators in this folder (Python 3 stdlib only).

Paths are resolved relative to the repository: the sources are read from
../shared/gazetteer-sources beside the repository (override with the
GAZETTEER_SOURCES environment variable), output goes to gazetteers/<lang>/.
"""
import collections
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


_LATIN_ASCII = str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae", "đ": "d",
                              "Đ": "d", "ł": "l", "Ł": "l", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d"})


def unaccented(s):
    """s in lower case, NFKD without marks and with Latin-ASCII letters ("Zürich": "zurich",
    ø → o, ß → ss …); punctuation stays."""
    s = unicodedata.normalize("NFKD", s.translate(_LATIN_ASCII))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def slug(s):
    """kb_id of an English name: unaccented(), the dot of a web address a '-' ("Space.com" →
    space-com, not spacecom), the dots of an abbreviation dropped ("F.C." → fc, "U.S." → us),
    every other run of non-alphanumerics one '-'."""
    s = re.sub(r"(?<=[A-Za-z0-9])\.(?=(?:com|net|org)\b)", "-", s, flags=re.I)
    s = re.sub(r"(?<=[A-Za-z])\.(?=[A-Za-z])|(?<=\b[A-Za-z])\.(?=\s|$)", "", s.translate(_LATIN_ASCII))
    s = unaccented(s)
    s = s.replace("&", " and ").replace("'", "").replace("’", "")
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
GENERATED = ["countries.tsv", "places-csc.tsv", "kb-news.tsv", "persons-1-parsner.tsv", "persons-2-parsner.tsv",
             "organizations-parsner.tsv", "facilities-parsner.tsv", "entities-peyma.tsv",
             "countries-en.tsv", "places-en.tsv", "entities-en.tsv", "entities-conll.tsv"]


def curated_rows(exclude=()):
    """The entry lines, split into columns, of the hand-written lists (every gazetteers/*/*.tsv
    not in GENERATED) and of the generated lists that come before the first of `exclude` in
    GENERATED, in file and line order."""
    first = min(GENERATED.index(e) for e in exclude) if exclude else len(GENERATED)
    before = set(GENERATED[:first])
    for lang in sorted(os.listdir(GAZ)):
        d = os.path.join(GAZ, lang)
        if not os.path.isdir(d) or lang == "build":
            continue
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(".tsv") or (fn in GENERATED and fn not in before):
                continue
            for l in load_lines(os.path.join(d, fn)):
                c = l.split("\t")
                if l and not l.startswith("#") and len(c) >= 3:
                    yield c


def row_aliases(c):
    """The canonical name and the aliases of an entry line's columns, markers kept."""
    return [c[2]] + (c[3].split("|") if len(c) > 3 else [])


def curated_keys(exclude=()):
    """Alias keys of the lists curated_rows(exclude) reads -> the kb_id of the first entry; and the
    keys of extra-aliases.txt (aliases of generated entries, written into their list by
    merge_titles.py), so that no generator gives those names to another entry."""
    keys = {}
    for c in curated_rows(exclude):
        for a in row_aliases(c):
            a = a.lstrip("?=")
            if a:
                keys.setdefault(key(a), c[0])
    for kb, a in extra_aliases():
        keys.setdefault(key(a.lstrip("?=")), kb)
    return keys


EXTRA_ALIASES = os.path.join(HERE, "extra-aliases.txt")
ENGLISH_NAMES = os.path.join(HERE, "english-names.txt")


def extra_aliases():
    """(kb_id, alias) pairs of extra-aliases.txt: hand-written aliases of entries of any list
    («دوبی» of dubai-ae, «دولت آمریکا» of united-states, «تراکتور» of tractor-sc)."""
    if not os.path.exists(EXTRA_ALIASES):
        return []
    out = []
    for l in load_lines(EXTRA_ALIASES):
        if l.strip() and not l.startswith("#"):
            kb, names = l.split("\t")[:2]
            out += [(kb.strip(), clean(a)) for a in names.split("|") if a.strip()]
    return out


def english_names_keys():
    """Keys of the non-ambiguous Persian names of english-names.txt (kbnews.py's input): places.py
    leaves them to that entry (csc's «چلسی» for Chelsea, London, is the club in news; «هالیوود» is
    Hollywood, not Holywood).  An ambiguous name ('?': «صبا», «سویا») stays csc's too: alone it is
    as often a person or a word as the club."""
    out = set()
    for l in load_lines(ENGLISH_NAMES):
        if l.strip() and not l.startswith("#"):
            out |= {key(clean(a).lstrip("=")) for a in l.split("\t")[2].split("|")
                    if a.strip() and not a.strip().startswith("?")}
    return out


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
                    # a marked alias replaces nothing silently; keep the marked one, and
                    # case-sensitive ones of other letters ("=Wada" beside "=WADA")
                    out = [o for o in out if key(o.lstrip("?=")) != k or
                           ("=" in o[:2] and "=" in a[:2] and o.lstrip("?=") != bare)]
                ks.add(k)
                out.append(a)
            f.write("\t".join([kb, label, name, "|".join(out)] + list(extra)) + "\n")
    print("wrote %s: %d entities" % (os.path.relpath(path, REPO), len(rows)))


# ------------------------------------------------------------------ kb ids (issue 19)
# Romanization of a Persian name for kb_ids of entries with no known English name: one
# Latin spelling per letter, close to BGN/PCGN 1958 (short vowels are not written in Persian,
# so none are guessed): و reads u and ی reads i, but v and y at a word's start and after ا;
# ع and ء are dropped inside a word and read a at its start.  Deterministic from the name alone: no list position, no ICU version.
_ROMAN = {
    "ا": "a", "آ": "a", "أ": "a", "إ": "e", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
    "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
    "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
    "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "h", "ء": "", "ؤ": "o",
    "ئ": "e", "ی": "i", "و": "u",
}


def romanize(name):
    """Latin letters for a Persian name (see _ROMAN); other characters kept as they are."""
    out = []
    for word in re.split(r"[\s\u200c]+", clean(unicodedata.normalize("NFKC", name))):
        w = []
        for i, ch in enumerate(word):
            r = _ROMAN.get(ch, ch)
            if i == 0 and ch in "عء":
                r = "a"   # a word's first letter is followed by a vowel
            elif i == 0 and ch == "و":
                r = "v"
            elif i == 0 and ch == "ی":
                r = "y"
            elif ch in "وی" and i > 0 and word[i - 1] in "اآ":
                r = "v" if ch == "و" else "y"
            w.append(r)
        out.append("".join(w))
    return " ".join(out)


def fa_slug(name):
    """kb_id stem of an entry known only by its Persian name: slug(romanize(name))."""
    return slug(romanize(name))


def assign_ids(rows, used):
    """rows: [kb_id stem, label, name, aliases, extra] lists whose [0] is a slug stem (fa_slug).
    Rows of one label with one stem are one name spelled two ways («آرتور میلر», «ارتور میلر»):
    they are merged into the row of the first name (in sorting order), the others' names
    becoming its aliases.  Then every id is made unique against `used` (a set, updated) without
    looking at list order: a stem shared by rows of several labels (or already used) gets
    -<label> on each, and when that still clashes, -<6 hex digits of the SHA-1 of the name's key>.
    Returns the rows left."""
    import hashlib
    groups = {}
    for r in rows:
        groups.setdefault((r[0], r[1]), []).append(r)
    out = []
    for g in groups.values():
        g.sort(key=lambda r: r[2])
        first = g[0]
        for r in g[1:]:
            marked = [a for a in r[3] if key(a.lstrip("?=")) == key(r[2])]
            first[3] = list(first[3]) + (marked or [r[2]]) + [a for a in r[3] if a not in marked]
        out.append(first)
    stems = {}
    for r in out:
        stems.setdefault(r[0], []).append(r)
    for stem, rs in stems.items():
        if len(rs) == 1 and stem not in used:
            continue
        for r in rs:
            sid = stem + "-" + r[1].lower()
            r[0] = sid if sid not in used else sid + "-" + hashlib.sha1(key(r[2]).encode()).hexdigest()[:6]
    for r in out:
        if r[0] in used:
            raise SystemExit("kb_id clash %s (%s)" % (r[0], r[2]))
        used.add(r[0])
    keep = {id(r) for r in out}
    rows[:] = [r for r in rows if id(r) in keep]
    return rows


def all_ids(exclude=()):
    """kb_ids of the lists curated_keys(exclude) reads."""
    first = min(GENERATED.index(e) for e in exclude) if exclude else len(GENERATED)
    before = set(GENERATED[:first])
    out = set()
    for lang in sorted(os.listdir(GAZ)):
        d = os.path.join(GAZ, lang)
        if not os.path.isdir(d) or lang == "build":
            continue
        for fn in sorted(os.listdir(d)):
            if fn.endswith(".tsv") and (fn not in GENERATED or fn in before):
                out |= {l.split("\t", 1)[0] for l in load_lines(os.path.join(d, fn)) if l and not l.startswith("#")}
    return out


# Generic heads: «کشور روسیه» is Russia, «شهر تهران» Tehran.  A corpus-induced name that is a head
# plus the alias of an earlier entry of the head's kind is that entry (merged: not listed again;
# the tagger links the model's span through the head, tagger/ner.c).  «وزارت» is no head:
# «وزارت امور خارجه» is an ORG of its own.
# «کلانشهر» / «کلان‌شهر» / «کلان شهر» ("metropolis") is a head as «شهر» is («کلان‌شهر تهران» is Tehran),
# and «شهر مقدس» ("holy city": «شهر مقدس قم» is Qom).
# «ایالت» ("state") is not: «ایالت نیویورک», «ایالت واشنگتن», «ایالت جورجیا» are no city and no
# country; the states carry their «ایالت X» form as an alias instead (english-names.txt).
# «مرکز» ("the centre of"): «مرکز بغداد», "central Baghdad", is Baghdad's (2026-12-05, reader15;
# tagger/ner.c place_heads: a place head only, «مرکز آمار» is an ORG of its own).
PLACE_HEADS = ("کشور", "شهر", "شهرستان", "استان", "جزیره", "کلانشهر", "کلان‌شهر", "کلان شهر",
               "شهر مقدس", "مرکز")
# A news outlet's head («خبرگزاری اسپوتنیک» is «اسپوتنیک»; tagger/ner.c OUTLET_HEADS has the same).
OUTLET_HEADS = ("خبرگزاری", "روزنامه", "شبکه خبری", "شبکه تلویزیونی", "شبکه", "نشریه", "هفته نامه",
                "هفته‌نامه", "ماهنامه", "مجله")
# «گروه تروریستی» / «گروهک (تروریستی)» / «گروه تکفیری» ("the terrorist group"): «گروهک تروریستی داعش» is
# ISIS, «گروه تروریستی بوکوحرام» Boko Haram (2026-12-06, reader33fb; tagger/ner.c generic_heads too).
ORG_HEADS = ("سازمان", "دانشگاه", "شرکت", "باشگاه", "تیم", "گروه", "گروه تروریستی", "گروهک تروریستی",
             "گروه تکفیری", "گروهک تکفیری", "گروهک") + OUTLET_HEADS
# The first words of a building, site or venue (tagger/ner.c facility_heads has the same, with
# the spellings the normalizer folds): an induced place named «HEAD X» is a FAC, not a LOC.
# PEYMA has no FAC label and tags «مجموعه ورزشی آزادی تهران», «کوی دانشگاه تهران», «نمایشگاه
# بین‌المللی تهران» LOC; ParsNER's facility_prefix.txt writes «آرامگاه», «آب انبار» with «آ» where its
# names have «ا».  Not «بندر» («بندر عباس» is a city), not «پارک» alone («پارک ملی گلستان» is a
# region); «پردیس» only as a cinema or a campus («پردیس» alone is a town near Tehran).
FACILITY_HEADS = ("مجموعه ورزشی", "مجموعه", "مجتمع", "ورزشگاه", "استادیوم", "نمایشگاه", "کوی",
                  "پردیس سینمایی", "پردیس دانشگاه", "پردیس دانشگاهی", "بیمارستان", "فرودگاه", "هتل",
                  "موزه", "مسجد", "کلیسای", "کلیسا", "کنیسه", "برج", "پل", "سد", "نیروگاه", "پالایشگاه",
                  "زندان", "کاخ", "آرامگاه", "ارامگاه", "مقبره", "تالار", "سالن", "تماشاخانه", "تئاتر",
                  "سینما", "حسینیه", "بزرگراه", "اتوبان", "آزادراه", "خیابان", "بلوار", "میدان",
                  "ایستگاه فضایی", "مرکز تئاتر", "استخر")


def facility_head(name):
    """The facility head `name` starts with and goes on after (FACILITY_HEADS, compared word by word;
    «آ» read as «ا», ZWNJ as a space), or None."""
    def words(s):
        return " ".join(clean(s).replace("\u200c", " ").replace("آ", "ا").split())
    n = words(name)
    for h in sorted(FACILITY_HEADS, key=len, reverse=True):
        if n.startswith(words(h) + " "):
            return h
    return None


def outlet_split(name):
    """(head, rest) when `name` is an outlet head of OUTLET_HEADS and more («روزنامه الحیات»), else None."""
    n = " ".join(clean(name).replace("\u200c", " ").split())
    for h in sorted(OUTLET_HEADS, key=len, reverse=True):
        hw = " ".join(h.replace("\u200c", " ").split())
        if n.startswith(hw + " "):
            return h, n[len(hw) + 1:]
    return None


# English names of news outlets (an outlet whose Persian aliases carry no head: «واشنگتن پست»).
# Not "Agency" alone (the IAEA, the CIA), "Guardian" (the Guardian Council), "Post" before a word
# (Post Bank of Iran), "Express" (American Express).
_OUTLET_EN = re.compile(r"\b(News|Times|TV|Television|News Agency|Press Agency|Press|Radio|Daily|"
                        r"Journal|Gazette|Telegraph|Herald|Channel|Broadcasting|Tribune|Monitor|"
                        r"Observer|Mirror|Newspaper|Magazine|Weekly|Online|BBC|newspaper|magazine)\b|"
                        r"^The Guardian$|\bPost$")


def outlet_entries(exclude=()):
    """The curated ORG entries that are news outlets, for the lists of curated_rows(exclude):
    kb_id -> (the heads their aliases use, their Persian names without a head, markers stripped).
    An outlet by its aliases (one starts with an outlet head: «روزنامه الحیات» of al-hayat,
    «خبرگزاری فرانسه» of afp) or by its English name ("The Washington Post", "Press TV").  An
    induced entry, whose canonical name is Persian, is none (ParsNER's «خبرگزاری مجلس» would make
    the Majlis one)."""
    out = {}
    for c in curated_rows(exclude):
        if c[1] != "ORG" or persian_letters(c[2]):   # curated: an English canonical name
            continue
        names = [a.lstrip("?=") for a in row_aliases(c) if a and not a.startswith("?")]
        split = [outlet_split(a) for a in names]
        heads = sorted({x[0] for x in split if x})
        if heads or _OUTLET_EN.search(c[2]):
            plain = [x[1] if x else a for a, x in zip(names, split)
                     if persian_letters(a) and not any(q in a for q in "«»\"“”")]
            e = out.setdefault(c[0], ([], []))
            e[0].extend(h for h in heads if h not in e[0])
            e[1].extend(a for a in plain if a not in e[1])
    return out


def outlet_keys(exclude=()):
    """key of a name (without a head) of outlet_entries(exclude) -> its kb_id: «الحیات», «فرانسه»."""
    return {key(a): kb for kb, (_, plain) in outlet_entries(exclude).items() for a in plain}


def outlet_alias(name, outlets, entries):
    """The kb_id of the outlet whose alias the induced `name` («روزنامه واشنگتن پست») is, or None:
    a head of the kind the outlet's own names use (a broadcaster's «شبکه …», an agency's «خبرگزاری»,
    print's «روزنامه», «نشریه», «مجله» …), any head when they use none.  «شبکه فارس» (a province's channel) is not the agency «خبرگزاری فارس»."""
    x = outlet_split(name)
    kb = outlets.get(key(x[1])) if x else None
    if not kb:
        return None
    kinds = {_outlet_kind(h) for h in entries[kb][0]}
    return kb if not kinds or _outlet_kind(x[0]) in kinds else None


def outlet_heads_of(heads):
    """The outlet heads of the kinds of `heads` (a broadcaster's «شبکه», «شبکه خبری», «شبکه
    تلویزیونی»; an agency's; print's), all of OUTLET_HEADS when there is none; none for «شبکه»
    alone, also "network" («شبکه القاعده», «شبکه حقانی»)."""
    if list(heads) == ["شبکه"]:
        return []
    kinds = {_outlet_kind(h) for h in heads}
    return [h for h in OUTLET_HEADS if not kinds or _outlet_kind(h) in kinds]


def _outlet_kind(head):
    """An outlet head's kind: a broadcaster («شبکه …»), an agency, or print (the other heads)."""
    w = head.split()[0]
    return w if w in ("شبکه", "خبرگزاری") else "print"


def institution_keys(exclude=()):
    """The keys of the curated ORG entries (English canonical name) that are no outlet
    (outlet_entries): «مجلس», «ارتش».  An outlet head does not merge into them (head_merge)."""
    outlets = outlet_entries(exclude)
    return {key(a.lstrip("?=")) for c in curated_rows(exclude)
            if c[1] == "ORG" and not persian_letters(c[2]) and c[0] not in outlets
            for a in row_aliases(c) if a and not a.startswith("?")}


def head_merge(name, label, labels_of, institutions=()):
    """The key of the entry `name` denotes once its generic head is stripped, or None.
    labels_of: key -> set of labels of the earlier lists.  institutions: institution_keys(); an
    outlet head merges into an outlet («روزنامه الحیات»: Al-Hayat) or an induced name, not into
    an institution that shares its name («روزنامه مجلس» is a newspaper, not the Majlis)."""
    name = clean(name)
    two = name.split(" ", 2)
    if len(two) == 3 and " ".join(two[:2]) in PLACE_HEADS + ORG_HEADS:   # two words: «کلان شهر»
        words = [" ".join(two[:2]), two[2]]
    else:
        words = name.split(" ", 1)
    if len(words) < 2:
        return None
    head, rest = words
    k = key(rest)
    if head in PLACE_HEADS and label in ("GPE", "LOC") and labels_of.get(k, set()) & {"GPE", "LOC"}:
        return k
    if head in OUTLET_HEADS and k in institutions:
        return None
    if head in ORG_HEADS and label == "ORG" and "ORG" in labels_of.get(k, set()):
        return k
    return None


def curated_aliases(exclude=()):
    """(key, label, kb_id) of every non-ambiguous alias (the canonical name first) of the lists
    curated_rows(exclude) reads, in file and line order."""
    for c in curated_rows(exclude):
        for a in row_aliases(c):
            if a and not a.startswith("?") and not a.startswith("=?"):
                yield key(a.lstrip("=")), c[1], c[0]


def curated_labels(exclude=()):
    """key -> labels, for the same lists as curated_keys(exclude); ambiguous aliases left out."""
    out = {}
    for k, label, _ in curated_aliases(exclude):
        out.setdefault(k, set()).add(label)
    return out


# Titles and honorifics (issue 19, 2026-12-03): «پرزیدنت ترامپ», «آیت‌الله هاشمی شاهرودی», «امام حسین (ع)»,
# «تیم فوتبال پرسپولیس» are the entry of the name without them.  A corpus-induced name that, once
# its leading titles and a trailing honorific are stripped, is a (non-ambiguous) alias of an earlier
# entry of the same label is merged into it: left out of the induced list and recorded
# (merged-titles.txt), and merge_titles.py adds the titled form as an alias of that entry.
PERSON_TITLES = ("پرزیدنت", "آیت‌الله العظمی", "آیت الله العظمی", "آیت‌الله", "آیت الله", "آیت‌اله", "آیت اله",
                 "حجت‌الاسلام والمسلمین", "حجت الاسلام والمسلمین", "حجت‌الاسلام", "حجت الاسلام", "حجه الاسلام",
                 "دکتر", "مهندس", "سردار", "سرلشکر", "سرتیپ", "سرهنگ", "شهید", "حضرت", "علامه", "استاد",
                 "آقای", "خانم", "سید", "شیخ", "مستر", "پروفسور", "ژنرال", "رئیس جمهور", "رییس جمهور",
                 "نخست وزیر", "نخست‌وزیر")
# an office names one holder at a time: «پرزیدنت ترامپ» is Trump; an honorific does not: «شهید باهنر»
# (Mohammad-Javad) is not the entry of «باهنر» (his brother Mohammad-Reza)
# written together with the next word as often as apart («سیدمحمد خاتمی»)
JOINED_TITLES = ("سید",)
OFFICE_TITLES = ("پرزیدنت", "رئیس جمهور", "رییس جمهور", "نخست وزیر", "نخست‌وزیر")
ORG_TITLES = ("تیم فوتبال", "باشگاه فوتبال", "باشگاه ورزشی", "باشگاه فرهنگی ورزشی", "تیم", "باشگاه")
_HONORIFIC = re.compile(r"\s*[(（]\s*(ع|س|ص|ره|عج|رض|علیه السلام|علیها السلام)\s*[)）]?\s*$")


def title_merge(name, label, labels_of):
    """(key, more than one word?) of the entry `name` denotes once leading titles (PERSON_TITLES for
    a PERSON, ORG_TITLES for an ORG) and a trailing honorific «(ع)», «(ره)» … are stripped, or None
    (nothing stripped, or what is left is no non-ambiguous alias of that label)."""
    heads = PERSON_TITLES if label == "PERSON" else ORG_TITLES if label == "ORG" else ()
    if not heads:
        return None
    n = _HONORIFIC.sub("", clean(name))
    office = False
    for _ in range(3):
        for h in heads:
            if n.startswith(h + " ") or n.startswith(h + "\u200c"):
                n = n[len(h) + 1:].strip()
                office = office or h in OFFICE_TITLES
                break
            # «سیدمصطفی تاج زاده»: «سید» written together with the first name (the alias check
            # below keeps «سیدی», «سیدان» …, which leave no alias)
            if h in JOINED_TITLES and n.startswith(h) and len(n) > len(h) and n[len(h)] not in " \u200c":
                n = n[len(h):]
                break
        else:
            break
    if n == clean(name) or not n:
        return None
    k = key(n)
    sure = label != "PERSON" or len(n.split()) > 1 or office
    return (k, sure) if label in labels_of.get(k, set()) else None


def administration(name, labels_of):
    """True when `name` is «دولت» ("government") plus a person's name, «آقای» or an office title
    allowed before it («دولت ترامپ», «دولت آقای روحانی», «دولت باراک اوباما»): a head of
    government's administration, which is neither the person nor the country, and not one
    administration (Trump's first and second): the kb has no entry it could link to."""
    n = clean(name)
    if not n.startswith("دولت "):
        return False
    rest = n[len("دولت "):]
    if "PERSON" in labels_of.get(key(rest), set()):
        return True
    t = title_merge(rest, "PERSON", labels_of)
    return bool(t)


_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def conjoined(name, label, labels_of):
    """True when `name` is two names joined by «و» ("and"), each an earlier entry of its label
    (places: GPE/LOC/FAC alike; the first may carry a title or head, title_merge/head_merge):
    «تیم استقلال و پرسپولیس», «مجلس و سنای آمریکا», «قاره آسیا و اروپا» are two entities, no
    entry of their own (2026-12-06, reader33fb).  «پرت و ویتنی» (Pratt & Whitney, an ORG of
    two place names) is kept."""
    n = clean(name)
    if " و " not in n:
        return False
    a, b = n.split(" و ", 1)
    fam = _PLACE_LABELS if label in _PLACE_LABELS else {label}

    def known(x):
        return bool(labels_of.get(key(x), set()) & fam) or bool(
            title_merge(x, label, labels_of) or head_merge(x, label, labels_of))
    return known(a) and bool(labels_of.get(key(b), set()) & fam)


# Persian surname endings that news sometimes writes apart from the stem: «انصاری فرد» is the
# surname «انصاری‌فرد» alone (Karim Ansarifard the footballer, Mohammad Hassan Ansarifard the club
# chairman), not a first name plus a surname.
SURNAME_ENDINGS = ("پور", "زاده", "فرد", "نژاد", "نیا")   # not «راد»: «کوین راد» is Kevin Rudd


def surname_alone(name):
    """True when the person name `name` is two words, the second a surname ending («علی پور»,
    «محمود زاده»): a surname written apart, which many people bear, as a one-word surname."""
    w = clean(name).split()
    return len(w) == 2 and w[1] in SURNAME_ENDINGS


# A full name many people bear (docs/kb.md, 2026-12-04 reader3): «سعید اسدی», «محمد احمدی», «سید حسین
# حسینی» name no one without the article, and the induced lists' romanized ids for them
# (`sid-asdi`) claim an identity no source gives.  Decided by counts over ParsNER's 153,000 person
# names (parsner-lists/person_names.txt): a Persian first name (persian-names, ParsNER's
# persian_names.txt and arabic_names.txt) that begins at least COMMON_FIRST of them, and a surname
# (the last word, with its ending when written apart: «امامی فر») that ends at least
# COMMON_SURNAME of them.  A leading «سید»/«سیده» is left out.  Foreign names are not judged
# («بروس لی»): their first names are not in the Persian lists.
COMMON_FIRST = 100
COMMON_SURNAME = 20
_NAME_ENDINGS = SURNAME_ENDINGS + ("فر", "الله")   # «امامی فر», «نعمت الله»


def _name_parts(name):
    w = clean(name).split()
    while w and w[0] in ("سید", "سیده"):
        w = w[1:]
    if len(w) < 2:
        return None
    sur = w[-1]
    if sur in _NAME_ENDINGS and len(w) >= 3:
        sur = w[-2] + " " + w[-1]
    return w[0], sur


_name_counts = None


def surname_bearers(surname):
    """How many of ParsNER's person names end in `surname` (one word: «کیارستمی» 1, «بوش» 56)."""
    common_full_name("")
    return _name_counts[1].get(clean(surname), 0)


def surname_first_names(surname):
    """The one-word Persian first names (persian-names, ParsNER's persian_names.txt and
    arabic_names.txt) before `surname` in ParsNER's person names, sorted: «یدالله», «هاله» of
    «سحابی» (evidence= words of a surname that is also a word, peyma.py)."""
    common_full_name("")
    persian, out = _name_counts[2], set()
    for line in load_lines(src("parsner-lists", "person_names.txt")):
        w = clean(line).split()
        if len(w) == 2 and w[1] == clean(surname) and w[0] in persian:
            out.add(w[0])
    return sorted(out)


# Words right before a lone surname that is also a Persian word which make it the person (the
# evidence= of its entry, gazetteers/README.md): a title or an honorific (kbnews.py, peyma.py).
SURNAME_TITLES = ["<آقای", "<آقایان", "<خانم", "<مرحوم", "<استاد", "<دکتر", "<مهندس"]


def surname_words():
    """surname-words.txt: (keys of every surname there, keys of those marked `word`)."""
    every, words = set(), set()
    for l in load_lines(os.path.join(HERE, "surname-words.txt")):
        f = l.split("#", 1)[0].split()
        if f:
            every.add(key(f[0]))
            if f[1:] == ["word"]:
                words.add(key(f[0]))
    return every, words


def common_full_name(name):
    """True when the person name `name` is a common Persian first name and a common surname."""
    global _name_counts
    if _name_counts is None:
        first, last = {}, {}
        for line in load_lines(src("parsner-lists", "person_names.txt")):
            p = _name_parts(line) if line.strip() else None
            if p:
                first[p[0]] = first.get(p[0], 0) + 1
                last[p[1]] = last.get(p[1], 0) + 1
        persian = set()
        for fn in ("male_fa.txt", "female_fa.txt"):
            persian |= {clean(l) for l in load_lines(src("persian-names", "data", fn)) if l.strip()}
        for fn in ("persian_names.txt", "arabic_names.txt"):
            persian |= {clean(l) for l in load_lines(src("parsner-lists", fn)) if l.strip()}
        _name_counts = (first, last, persian)
    first, last, persian = _name_counts
    p = _name_parts(name)
    return bool(p) and p[0] in persian and first.get(p[0], 0) >= COMMON_FIRST and \
        last.get(p[1], 0) >= COMMON_SURNAME


_CLUB = re.compile(r"(^|-)(fc|sc|cf|afc|club)(-|$)")


def title_target(name, label, labels_of, targets):
    """(kb_id, alias?) for an induced name that title_merge ties to an earlier entry, else None.
    alias? is False when a PERSON's name left is one word after an honorific («دکتر روحانی», «شهید
    باهنر»: a surname alone, which may be another bearer's; not after an office, «پرزیدنت ترامپ»):
    the induced name is then dropped but made no alias.  An ORG
    merges only into a club (kb_id with an fc/sc/cf/club part): «باشگاه فوتبال الشباب» is not the
    militant group al-shabaab."""
    t = title_merge(name, label, labels_of)
    if not t:
        return None
    kb = targets.get(t[0], {}).get(label)
    if not kb or (label == "ORG" and not _CLUB.search(kb)):
        return None
    return kb, t[1]


MERGED_TITLES = os.path.join(HERE, "merged-titles.txt")


def record_titles(generator, pairs):
    """Rewrite this generator's lines of merged-titles.txt: (target kb_id, titled name) pairs."""
    keep = []
    if os.path.exists(MERGED_TITLES):
        keep = [l for l in load_lines(MERGED_TITLES) if l and not l.startswith("#") and l.split("\t")[0] != generator]
    rows = sorted(set(keep) | {"%s\t%s\t%s" % (generator, kb, n) for kb, n in pairs})
    with open(MERGED_TITLES, "w", encoding="utf-8", newline="\n") as f:
        f.write("# GENERATED by parsner.py and peyma.py (gazlib.title_merge): generator, kb_id, titled name.\n")
        f.write("# merge_titles.py adds each name as an alias of that kb_id.  Do not edit.\n")
        for r in rows:
            f.write(r + "\n")


def curated_targets(exclude=()):
    """key -> {label: kb_id} of the non-ambiguous aliases of the lists curated_keys(exclude) reads
    (the first entry of a label wins)."""
    out = {}
    for k, label, kb_id in curated_aliases(exclude):
        out.setdefault(k, {}).setdefault(label, kb_id)
    return out


def gold_span_counts(sents, labels, begins=("B-",), max_span=None, window=8, surface=" ".join):
    """The gold entities of tagged sentences (lists of (token, tag)) for the corpus-induced
    lists: gold (key, label) -> how often it is tagged, first (key, label) -> its first
    surface form (surface(tokens)), total key -> how often its tokens occur as a run of at
    most `window` tokens, tagged or not.  A span opens at a tag starting with one of
    `begins` whose label is in `labels`; spans over `max_span` tokens are left out."""
    gold, first = collections.Counter(), {}
    for s in sents:
        i = 0
        while i < len(s):
            tag = s[i][1]
            if tag[:2] in begins and tag[2:] in labels:
                lab, j = tag[2:], i + 1
                while j < len(s) and s[j][1] == "I-" + lab:
                    j += 1
                toks = [t for t, _ in s[i:j]]
                if max_span is None or j - i <= max_span:
                    k = key("".join(toks))
                    gold[(k, lab)] += 1
                    first.setdefault((k, lab), surface(toks))
                i = j
            else:
                i += 1
    cand = {k for k, _ in gold}
    total = collections.Counter()
    for s in sents:
        keys = [key(t) for t, _ in s]
        for i in range(len(keys)):
            acc = ""
            for j in range(i, min(len(keys), i + window)):
                acc += keys[j]
                if acc in cand:
                    total[acc] += 1
    return gold, first, total


def peyma_sentences(split):
    """The sentences of the PEYMA documents a split file lists (../shared), each a list of
    (token, label) with the label's '_' written '-' (B_PER -> B-PER)."""
    root = os.path.normpath(os.path.join(REPO, "..", "shared", "corpora", "ner", "fa", "peyma"))
    for rel in open(split, encoding="utf-8"):
        rel = rel.strip()
        if not rel or rel.startswith("#"):
            continue
        sent = []
        with open(os.path.join(root, rel), encoding="utf-8-sig", errors="replace") as f:
            for line in f:
                c = line.rstrip("\r\n").split("\t")
                if len(c) < 2 or not c[0].strip():
                    if sent:
                        yield sent
                    sent = []
                    continue
                sent.append((c[0].strip(), c[1].strip().replace("_", "-")))
        if sent:
            yield sent


# National teams («تیم ملی فوتبال برزیل»): the induced lists' names get the English name the
# curated entries use ("Brazil national football team", "Iran men's national volleyball team",
# "Iran national under-23 football team"), so that their kb_id is that name's slug and a name an
# entry already has merges into it.  Persian youth teams by the press's convention: «امید» under-23,
# «جوانان» under-20, «نوجوانان» under-17.  A name without a country («تیم ملی کاراته»,
# «تیم ملی فوتسال کشورمان») denotes whichever country the article is about: link=no.
TEAM_SPORTS = {"فوتبال": "football", "والیبال": "volleyball", "بسکتبال": "basketball",
               "فوتسال": "futsal", "هندبال": "handball", "کشتی آزاد": "freestyle wrestling",
               "کشتی فرنگی": "Greco-Roman wrestling", "فرنگی": "Greco-Roman wrestling",
               "کشتی": "wrestling", "تکواندو": "taekwondo", "تکواندوی": "taekwondo",
               "کاراته": "karate", "بوکس": "boxing", "راگبی": "rugby", "هاکی": "hockey",
               "هاکی روی یخ": "ice hockey", "هاکی روی چمن": "field hockey", "واترپلو": "water polo",
               "بیسبال": "baseball", "کریکت": "cricket", "تنیس": "tennis", "دو و میدانی": "athletics",
               "شنا": "swimming", "جودو": "judo", "ووشو": "wushu", "اسنوکر": "snooker",
               "شطرنج": "chess", "فوتبال ساحلی": "beach soccer", "والیبال ساحلی": "beach volleyball",
               "وزنه‌برداری": "weightlifting", "وزنه برداری": "weightlifting", "تیراندازی": "shooting",
               "تیراندازی با کمان": "archery", "دوچرخه‌سواری": "cycling", "ژیمناستیک": "gymnastics",
               "سافتبال": "softball", "کبدی": "kabaddi", "قایقرانی": "rowing"}
TEAM_GENDER = {"زنان": "women's", "بانوان": "women's", "مردان": "men's"}
TEAM_AGE = {"امید": "under-23", "جوانان": "under-20", "نوجوانان": "under-17"}
_UNDER = re.compile(r"زیر\s+([0-9۰-۹]+)\s+سال")
# The United Kingdom's nations play as teams of their own: «انگلیس» is England there.
TEAM_NATIONS = {"انگلیس": "England", "انگلستان": "England", "اسکاتلند": "Scotland", "ولز": "Wales",
                "ایرلند شمالی": "Northern Ireland"}
_COUNTRIES = {}


def _fold(s):
    """The key of s with «آ» read as «ا» (ParsNER writes «ارژانتین» for «آرژانتین»)."""
    return key(s).replace("آ", "ا")


def _countries():
    """_fold of a country's alias -> (kb_id, English name, iso) of its countries.tsv entry."""
    if not _COUNTRIES:
        for l in load_lines(os.path.join(GAZ, "fa", "countries.tsv")):
            c = l.split("\t")
            if l.startswith("#") or len(c) < 3 or c[1] != "GPE":
                continue
            iso = next((x[4:] for x in c[4:] if x.startswith("iso=")), None)
            for a in row_aliases(c):
                if a and a[0] not in "?=":
                    _COUNTRIES.setdefault(_fold(a), (c[0], c[2], iso))
    return _COUNTRIES


def national_team(name):
    """(English name, linkable?) for an induced «تیم ملی ...» name, or None: not a national
    team's name, or a word in it that is no sport, gender, age or country."""
    n = clean(name).replace("\u200c", " ")
    m = re.search(r"(^|\s)تیم ملی(\s|$)", n)
    if not m:
        return None
    words = (n[:m.start()] + " " + n[m.end():]).split()
    under = _UNDER.search(" ".join(words))
    age = "under-" + under.group(1).translate(_DIGITS) if under else None
    if under:
        words = " ".join(words).replace(under.group(0), " ").split()
    sport = gender = None
    rest = []
    i = 0
    while i < len(words):
        for width in (4, 3, 2, 1):
            w = " ".join(words[i:i + width])
            if len(words) - i >= width and (w in TEAM_SPORTS and not sport or w in TEAM_GENDER and not gender
                                             or w in TEAM_AGE and not age):
                if w in TEAM_SPORTS:
                    sport = TEAM_SPORTS[w]
                elif w in TEAM_GENDER:
                    gender = TEAM_GENDER[w]
                else:
                    age = TEAM_AGE[w]
                i += width
                break
        else:
            rest.append(words[i])
            i += 1
    place = " ".join(rest)
    if not words:
        return None   # «تیم ملی» alone: a common noun phrase, left as the lists have it
    if place in ("", "کشورمان", "کشور"):
        return "", False
    country = TEAM_NATIONS.get(place) or _countries().get(_fold(place), (None, None))[1]
    if not country:
        return None
    parts = [country] + ([gender] if gender else []) + ["national"] + ([age] if age else []) \
        + ([sport] if sport else []) + ["team"]
    return " ".join(parts), True


def team_row(name, team):
    """The entry of an induced national team's name (national_team(name) = team)."""
    en, linkable = team
    if not linkable:
        return [fa_slug(name), "ORG", name, [], ["link=no"]]
    return [slug(en), "ORG", en, [name], ["name_fa=" + clean(name)]]


_PLACE_ISO = {}


def _places_in(exclude):
    """_fold of a place alias -> [(kb_id, iso)] of the GPE/LOC entries with an iso= of the lists
    curated_rows(exclude) reads, countries left out."""
    if exclude not in _PLACE_ISO:
        countries = {v[0] for v in _countries().values()}
        out = {}
        for c in curated_rows(exclude):
            iso = next((x[4:] for x in c[4:] if x.startswith("iso=")), None)
            if c[1] not in ("GPE", "LOC") or not iso or c[0] in countries:
                continue
            for a in row_aliases(c):
                if a and a[0] not in "?=":
                    out.setdefault(_fold(a), []).append((c[0], iso))
        _PLACE_ISO[exclude] = out
    return _PLACE_ISO[exclude]


def place_country_target(name, label, exclude):
    """kb_id of the place an induced «X Y» names when Y is a country and X (after a generic head
    such as «شهر») a place of that country in the lists curated_rows(exclude) reads:
    «استکهلم سوئد», «شهر شانگهای چین» are Stockholm and Shanghai (the corpus's span, the
    country written after the city as in an address); else None."""
    if label not in ("GPE", "LOC"):
        return None
    words = clean(name).split()
    for cut in (1, 2, 3):
        if len(words) <= cut:
            break
        place, country = words[:-cut], _countries().get(_fold(" ".join(words[-cut:])))
        if not country or not country[2]:
            continue
        if len(place) > 1 and place[0] in PLACE_HEADS:
            place = place[1:]
        found = [kb for kb, iso in _places_in(exclude).get(_fold(" ".join(place)), []) if iso == country[2]]
        if found:
            return found[0]
    return None

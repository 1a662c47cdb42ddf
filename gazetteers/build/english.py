#!/usr/bin/env python3
"""Generate the English lists gazetteers/en/*.tsv (issue 21).  Run after the Persian ones.

One entity = one kb_id across languages: an English line whose kb_id a Persian list already
has carries the same label and canonical name, and only adds (English) aliases to that
entry; the tagger's compiler accepts such a line in another file, and a match through one
of its aliases names the English list ("list":"en/...").  New entities get the kb scheme's
ids (docs/kb.md: slug of the English name; a clash gets a qualifier).

  en/countries-en.tsv   every country and nationality of fa/countries.tsv with its English
                        names (country-list `en`, csc, the Latin aliases of the Persian
                        list) and the English demonyms of csc countries.json `nationality`
                        ("Afghan", "Bahraini, Bahrainian") as NORP aliases
  en/places-en.tsv      the places of fa/places.tsv and fa/places-csc.tsv whose canonical
                        name is English (csc capitals, places of Iran/Afghanistan, places of
                        >= 100,000 people), with their Latin aliases; the US states of csc
                        states.csv (wikidata=, iso=US-XX): an entry of the same name and label
                        is extended, else <slug>-state-us, its name ambiguous ('?') when a country
                        or a hand-written place has it (Georgia, Washington: the tagger takes the
                        state after "PLACE, ", tagger/ner.c); AP's abbreviation of each state
                        ("?=Calif", "?=Ga") and the dotted postal code of a state of two words
                        ("N.J.") are aliases
  en/entities-en.tsv    the people and organizations of the hand-written Persian lists and
                        kb-news.tsv with an English canonical name, plus
                        build/english-entities.txt (hand-written facts: Microsoft, Activision
                        Blizzard, Eurostat, the Champions League as EVENT ...) and
                        build/english-orgs.txt (organizations of English news: agencies and
                        their credits "=AP", parties, government bodies, clubs, companies ...;
                        a line whose name or alias an ORG entry has adds to that entry)
  en/entities-conll.tsv names induced from the CoNLL-2003 *train* file (never valid): a gold
                        PER/LOC/ORG span that is that entity in >= 70 % of its occurrences and
                        >= 2 times (one token) or >= 50 % (several tokens), as peyma.py.  A name
                        some list already has is left out; a name whose slug is the kb_id of an
                        entry of a compatible label, or a one-word PER that is the surname of
                        exactly one listed person, becomes an alias of that entry (an extension
                        line), and one that is the surname of exactly one induced full name
                        (and of no listed person) an alias of it ("Arafat" of "Yasser
                        Arafat"), and "S. Korea" the listed "South Korea"; a place's former
                        name ("KIEV", "Bombay", "Zaire": FORMER_NAMES) the entry of its place
                        (not a csc town whose canonical name is Persian: the line would bring
                        that name as an alias of the English list to Persian text); the rest get
                        slug(name) ids (gazlib.assign_ids), CoNLL's split possessive joined
                        ("Lord 's" is "Lord's", id lords).  Every line carries
                        `induced=conll` (the English rules tell the induced entries by it:
                        tg_en_listed_org).

A new single-word alias that CoNLL train writes in lower case at least twice ("reading",
"mobile") is marked ambiguous ('?').  Deterministic.  python3 gazetteers/build/english.py
"""
import collections
import csv
import json
import os
import re
from gazlib import unaccented, REPO, GAZ, src, clean, slug, key, load_lines, write_tsv, assign_ids, gold_span_counts

LATIN = re.compile("[A-Za-z]")
CONLL = os.environ.get("CONLL_TRAIN") or os.path.normpath(
    os.path.join(REPO, "..", "shared", "corpora", "ner", "en", "conll2003", "train.txt"))
CONLL_LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
PLACE = {"GPE", "LOC", "FAC"}
# settings tuning only: write the lists elsewhere (with CONLL_TRAIN, a part of train)
OUT = os.environ.get("ENGLISH_OUT") or os.path.join(GAZ, "en")
# Persian lists whose entries may get English lines; the induced ones (ParsNER, PEYMA) have
# Persian canonical names only.
SOURCES = {"countries.tsv": "countries-en.tsv", "places.tsv": "places-en.tsv",
           "places-csc.tsv": "places-en.tsv", "starter.tsv": "entities-en.tsv",
           "people.tsv": "entities-en.tsv", "organizations.tsv": "entities-en.tsv",
           "kb-news.tsv": "entities-en.tsv"}
# English-only variants news uses that no source gives (hand-written).
EXTRA = {
    "united-states": ["=U.S.", "=US", "=USA", "=U.S.A.", "America", "United States of America"],
    "united-kingdom": ["=UK", "=U.K.", "Britain", "Great Britain"],
    "united-arab-emirates": ["=UAE", "=U.A.E."],
    "russia": ["Russian Federation"],
    "south-korea": ["Republic of Korea"],
    "north-korea": ["=DPRK"],
    "czechia": ["Czech Republic"],
    "united-states-norp": ["American", "Americans"],
    "hong-kong": ["=HK", "H.K."],
    # news calls both Congos "Congo": the Democratic Republic's is ambiguous, taken after a
    # town of its own ("KINSHASA, Congo", tagger/ner_english_region.c)
    "congo-kinshasa": ["?Congo"],
}
# The abbreviations AP style gives the US states in datelines ("ALPHARETTA, Ga. (AP)"),
# without their dot, as CoNLL-2003 and the tokenizer cut it off ("Conn", "."); each is
# ambiguous and in this letter case only ('?=': "Miss", "Wash", "Conn" are words or names,
# "la" and "VA" are no state), taken where the model finds a
# place.  Not "Del" (Delaware): "Del Mar", "Del. Thelma Drake" (a delegate).  States of two
# words also get their postal code with dots ("N.J.", csc iso2).
AP_STATES = {
    "Alabama": "Ala", "Arizona": "Ariz", "Arkansas": "Ark", "California": "Calif",
    "Colorado": "Colo", "Connecticut": "Conn", "Florida": "Fla",
    "Georgia": "Ga", "Illinois": "Ill", "Indiana": "Ind", "Kansas": "Kan", "Kentucky": "Ky",
    "Louisiana": "La", "Maryland": "Md", "Massachusetts": "Mass", "Michigan": "Mich",
    "Minnesota": "Minn", "Mississippi": "Miss", "Missouri": "Mo", "Montana": "Mont",
    "Nebraska": "Neb", "Nevada": "Nev", "Oklahoma": "Okla", "Oregon": "Ore",
    "Pennsylvania": "Pa", "Tennessee": "Tenn", "Vermont": "Vt", "Virginia": "Va",
    "Washington": "Wash", "West Virginia": "W.Va", "Wisconsin": "Wis", "Wyoming": "Wyo",
}
# "S. Africa", "N. Korea": CoNLL's short forms of a compass word
COMPASS = {"S.": "South", "N.": "North", "E.": "East", "W.": "West"}
# Former English names of listed places, as CoNLL-2003's news of 1996 writes them
# (hand-written facts): each induced name is an alias of the entry that place has now
# (issue 19: induced entries merged into the canonical entry they denote).
FORMER_NAMES = {
    "Bombay": "mumbai", "Calcutta": "kolkata", "Kiev": "kyiv-ua", "Rangoon": "yangon-mm",
    "Macedonia": "north-macedonia", "Zaire": "congo-kinshasa",
}


def entries(path):
    """[kb_id, label, name, aliases, extras] of a list."""
    out = []
    for l in load_lines(path):
        if not l or l.startswith("#"):
            continue
        c = l.split("\t")
        out.append([c[0], c[1], c[2], [a for a in (c[3].split("|") if len(c) > 3 else []) if a], c[4:]])
    return out


def latin(a):
    return bool(LATIN.search(a)) and not any("\u0600" <= ch <= "\u06ff" for ch in a)


def conll_sentences():
    sent = []
    with open(CONLL, encoding="utf-8") as f:
        for line in f:
            c = line.split()
            if not c or c[0] == "-DOCSTART-":
                if sent:
                    yield sent
                sent = []
                continue
            sent.append((c[0], c[-1]))
    if sent:
        yield sent


def lowercase_words(sents):
    n = collections.Counter(t for s in sents for t, _ in s if t.isalpha() and t.islower())
    return {w for w, c in n.items() if c >= 2}


def mark(alias, common):
    """'?' on a new single-word alias that is a common lower-case word."""
    bare = alias.lstrip("?=")
    if alias[:1] not in "?=" and " " not in bare and bare.lower() in common:
        return "?" + alias
    return alias


def us_states():
    with open(src("csc", "states.csv"), encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["country_code"] == "US" and r["type"] == "state"]


def city_countries():
    """slug(English name) -> the countries of the csc cities of that name."""
    out = collections.defaultdict(set)
    with open(src("csc", "cities_en_fa.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            out[slug(r["name_en"])].add(r["country_code"])
    return out


def capitals():
    """key(capital) -> (capital, iso2) of csc countries.json, for the capitals one country has."""
    with open(src("csc", "countries.json"), encoding="utf-8") as f:
        data = json.load(f)
    seen = collections.defaultdict(list)
    for c in data:
        cap = clean(c.get("capital") or "")
        if cap and LATIN.search(cap):
            seen[key(cap)].append((cap, c["iso2"]))
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def induced_row(name, lab, caps, towns):
    """The row of an induced name that no list has.  A LOC that is a capital of csc
    countries.json (CoNLL's datelines: "BELGRADE", "JAKARTA"; the csc city list lacks
    some capitals) and no town of another country (not "SAN JOSE") is a city, GPE, under the capital's spelling with the country's iso=;
    place CoNLL writes in capitals only ("FORT LAUDERDALE"; words of 3 letters or more, one
    of 4 or more: not "WA", "MED") gets its words' Title Case as the canonical name (the
    capitals stay an alias: matching ignores case)."""
    if lab == "LOC" and key(name) in caps and towns.get(slug(name), set()) <= {caps[key(name)][1]}:
        cap, iso = caps[key(name)]
        return [slug(cap), "GPE", cap, [name], ["iso=" + iso]]
    name = re.sub(r" '(s)\b", r"'\1", name)    # CoNLL's "Lord 's" is "Lord's" (slug: lords)
    canon = name
    words = re.findall("[A-Z]+", name)
    if (lab == "LOC" and not re.search("[a-z]", name) and all(len(w) >= 3 for w in words)
            and max(map(len, words)) >= 4):
        canon = re.sub("[A-Z]+", lambda m: m.group(0).capitalize(), name)
    return [slug(name) or "conll-" + lab.lower(), lab, canon, [name], []]


def demonyms():
    with open(src("csc", "countries.json"), encoding="utf-8") as f:
        data = json.load(f)
    out = {}
    for c in data:
        nat = [clean(x) for x in re.split(r",| or |/", c.get("nationality") or "") if clean(x)]
        out[c["iso2"]] = nat
    return out


def induce(sents):
    gold, surface, total = gold_span_counts(sents, CONLL_LABELS, begins=("B-", "I-"))
    out = []
    for (k, lab), c in sorted(gold.items(), key=lambda x: (x[0][1], surface[x[0]])):
        name = surface[(k, lab)]
        single = " " not in name
        p = c / max(total[k], c)
        if len(k) < 2 or not LATIN.search(name) or (single and (c < 2 or p < 0.7)) or \
                (not single and p < 0.5):
            continue
        out.append((name, CONLL_LABELS[lab]))
    return out


def english_orgs(fa, out, ids, extend):
    """build/english-orgs.txt: one ORG a line (name|alias|...).  A line whose name or an alias
    (its key) is the name or an alias of an ORG entry already listed adds its names to that
    entry.  A line whose slug is the kb_id of an ORG of the induced Persian lists (ParsNER,
    PEYMA: «آدیداس» is `adidas`) is left out: an English line would repeat the Persian
    canonical name and, compiled first, take the Persian text's matches from the Persian list.
    Otherwise it is a new entry, kb_id = slug(name), "-org" on a clash."""
    skipped = []
    other = {}
    for fn in sorted(os.listdir(os.path.join(GAZ, "fa"))):
        if fn.endswith(".tsv") and fn not in SOURCES:
            for l in load_lines(os.path.join(GAZ, "fa", fn)):
                c = l.split("\t")
                if len(c) > 2 and c[1] == "ORG" and not l.startswith("#"):
                    other.setdefault(c[0], c[2])
    by_alias = {}
    for kb, (e, fn) in sorted(fa.items()):
        if e[1] == "ORG":
            for a in [e[2]] + e[3]:
                by_alias.setdefault(key(a.lstrip("?=")), kb)
    for f in sorted(out):
        for kb, row in sorted(out[f].items()):
            if row[1] == "ORG":
                for a in [row[2]] + row[3]:
                    by_alias.setdefault(key(a.lstrip("?=")), kb)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "english-orgs.txt")
    for l in load_lines(path):
        if not l or l.startswith("#"):
            continue
        names = [clean(x) for x in l.split("|") if clean(x)]
        name, aliases = names[0], names[1:]
        kb = next((by_alias[key(a.lstrip("?="))] for a in names if key(a.lstrip("?=")) in by_alias), None)
        if kb:
            where = None if kb in fa else "entities-en.tsv"
            row = extend(kb, [], where)
            have = {a.lstrip("?=") for a in [row[2]] + row[3]}
            extend(kb, [a for a in names if a.lstrip("?=") not in have], where)
        elif slug(name) in other:     # an induced entry (Persian canonical name): left out
            skipped.append(name)
            continue
        else:
            kb = slug(name)
            if kb in ids:
                kb += "-org"
            if kb in ids:
                raise SystemExit("english-orgs.txt: kb_id %s of %r is already used" % (kb, name))
            extend(kb, aliases, "entities-en.tsv", [kb, "ORG", name, [], []])
        for a in names:
            by_alias.setdefault(key(a.lstrip("?=")), kb)
    if skipped:
        print("  english-orgs.txt: left out (induced Persian entries): " + ", ".join(skipped))


def title_case_acronyms(fa, out, common, sents):
    """British news writes an organization's acronym of four letters or more as a word ("Nato",
    "Fifa", "Opec", "Unicef"; the BBC's style): an ORG of these lists whose case-sensitive alias
    is such an acronym ("=NATO") gets that word as a case-sensitive alias too ("=Nato"), unless
    CoNLL train writes it in lower case or tags it mostly as another label than ORG ("Nasdaq":
    MISC, the index), or another entry has it as a name or alias."""
    tags = collections.defaultdict(collections.Counter)
    for sent in sents:
        for tok, tag in sent:
            tags[tok][tag[2:] or "O"] += 1
    owner = collections.defaultdict(set)
    for e, fn in fa.values():
        for a in [e[2]] + e[3]:
            owner[key(a.lstrip("?="))].add(e[0])
    for f in out.values():
        for row in f.values():
            for a in [row[2]] + row[3]:
                owner[key(a.lstrip("?="))].add(row[0])
    added = []
    for f in sorted(out):
        for kb, row in sorted(out[f].items()):
            if row[1] != "ORG":
                continue
            have = {a.lstrip("?=") for a in [row[2]] + row[3]}
            for a in list(row[3]):
                bare = a.lstrip("?=")
                word = bare[:1] + bare[1:].lower()
                # (a plain alias of the canonical name's key is no alias: "UNICEF" takes it)
                if (a.lstrip("?")[:1] != "=" or not re.fullmatch(r"[A-Z]{4,8}", bare) or
                        "=" + word in row[3] or (word in have and key(word) != key(row[2])) or
                        word.lower() in common or owner.get(key(word), {kb}) != {kb} or
                        sum(tags[word].values()) > 2 * tags[word]["ORG"]):
                    continue
                row[3].append("=" + word)
                have.add(word)
                added.append(word)
    print("  title-case acronyms: " + " ".join(added))


def compatible(a, b):
    return a == b or (a in PLACE and b in PLACE)


def main():
    fa = {}        # kb_id -> entry, with its Persian list
    for fn in sorted(SOURCES):
        for e in entries(os.path.join(GAZ, "fa", fn)):
            fa[e[0]] = (e, fn)
    ids = set()
    for fn in sorted(os.listdir(os.path.join(GAZ, "fa"))):
        if fn.endswith(".tsv"):
            ids |= {l.split("\t", 1)[0] for l in load_lines(os.path.join(GAZ, "fa", fn)) if l and not l.startswith("#")}
    sents = list(conll_sentences())
    common = lowercase_words(sents)
    out = collections.defaultdict(dict)   # file -> kb_id -> [kb, label, name, aliases, extras]

    def extend(kb, aliases, outfile=None, new=None):
        """Adds aliases to the English line of entry kb (created from its Persian line)."""
        if kb in fa:
            e, fn = fa[kb]
            outfile = outfile or SOURCES[fn]
            row = out[outfile].get(kb)
            if row is None:
                keep = [x for x in e[4] if x.split("=", 1)[0] in ("priority", "iso", "wikidata", "name_fa", "link")
                        or (x.startswith("evidence=") and latin(x[9:]))]   # English words (places.py EN_EVIDENCE)
                row = out[outfile][kb] = [kb, e[1], e[2], [a for a in e[3] if latin(a)], keep]
        else:
            row = out[outfile].get(kb)
            if row is None:
                row = out[outfile][kb] = new
                ids.add(kb)
        row[3].extend(mark(a, common) for a in aliases)
        return row

    # countries, nationalities, places, people and organizations with English names
    for kb, (e, fn) in sorted(fa.items()):
        if latin(e[2]) and (any(latin(a) for a in e[3]) or fn in SOURCES):
            extend(kb, [])
    dem = demonyms()
    for kb, (e, fn) in sorted(fa.items()):
        if fn == "countries.tsv" and e[1] == "GPE":
            iso = next((x[4:] for x in e[4] if x.startswith("iso=")), "")
            if kb + "-norp" in fa:
                extend(kb + "-norp", [d for d in dem.get(iso, []) if d != e[2]])
    for kb, al in EXTRA.items():
        extend(kb, al)
    by_name = {}
    for kb, (e, fn) in fa.items():
        by_name.setdefault((key(e[2]), e[1]), kb)
    # names of countries and hand-written places (not of csc's towns: "Virginia" is the state)
    listed = {key(a.lstrip("?=")) for e, fn in fa.values() if fn != "places-csc.tsv" for a in [e[2]] + e[3]}
    for r in us_states():
        name = clean(r["name"])
        extras = ["priority=4", "iso=" + r["iso3166_2"], "wikidata=" + r["wikiDataId"]] if r["wikiDataId"] else ["priority=4", "iso=" + r["iso3166_2"]]
        short = ["?=" + AP_STATES[name]] if name in AP_STATES else []
        if " " in name and r["iso2"] == "".join(w[0] for w in name.split()) and "." not in AP_STATES.get(name, ""):
            short.append(".".join(r["iso2"]) + ".")
        kb = by_name.get((key(name), "GPE"))
        if kb and fa[kb][1] in ("places.tsv", "kb-news.tsv"):   # hand-written states (Maryland)
            row = extend(kb, [name + " State", "State of " + name] + short)
            row[4] = [x for x in row[4] if not x.startswith("iso=")] + extras[1:]
            continue
        kb = slug(name) + "-state-us"
        # a state named like a better-known place (Washington, Georgia) is matched only in context
        plain = name if key(name) not in listed else "?" + name
        extend(kb, [plain, name + " State", name + " state", "State of " + name] + short, "places-en.tsv",
               [kb, "GPE", name, [], extras])
    # hand-written English facts
    for e in entries(os.path.join(os.path.dirname(os.path.abspath(__file__)), "english-entities.txt")):
        kb, label, name, aliases, extras = e
        if kb in fa:
            if fa[kb][0][1] != label or fa[kb][0][2] != name:
                raise SystemExit("english-entities.txt: %s is %s %r in fa/%s" % (kb, fa[kb][0][1], fa[kb][0][2], fa[kb][1]))
            row = extend(kb, aliases, "entities-en.tsv")
            # its English evidence words when the Persian line has Persian ones (Ronaldo Nazário)
            if not any(x.startswith("evidence=") for x in row[4]):
                row[4].extend(x for x in extras if x.startswith("evidence=") and latin(x[9:]))
        else:
            extend(kb, aliases, "entities-en.tsv", [kb, label, name, [], extras])

    english_orgs(fa, out, ids, extend)   # after english-entities.txt, before CoNLL
    title_case_acronyms(fa, out, common, sents)

    # CoNLL-2003 train: induced names merged into the canonical entries
    known = {}
    for f in out.values():
        for row in f.values():
            for a in [row[2]] + row[3]:
                known.setdefault(key(a.lstrip("?=")), row[1])
    for kb, (e, fn) in fa.items():
        for a in [e[2]] + e[3]:
            known.setdefault(key(a.lstrip("?=")), e[1])
    # the English entries by the slug of their names: an induced name that differs from a
    # listed one only by its accents ("Zurich": "Zürich") is that entry,
    # unless csc has towns of that name in several countries ("SAN JOSE": "San José")
    by_slug = collections.defaultdict(set)
    for f in out.values():
        for row in f.values():
            for a in [row[2]] + row[3]:
                by_slug[unaccented(a.lstrip("?="))].add((row[0], row[1]))
    surname = collections.defaultdict(set)
    for f in out.values():
        for row in f.values():
            if row[1] == "PERSON" and " " in row[2]:
                surname[key(row[2].split()[-1])].add(row[0])
    label_of = {kb: e[1] for kb, (e, fn) in fa.items()}
    for f in out.values():
        label_of.update({kb: row[1] for kb, row in f.items()})
    rows, merged = [], 0
    conll = {}
    induced = induce(sents)
    caps = capitals()
    towns = city_countries()
    # surnames of the induced full names too: "Arafat" is "Yasser Arafat" when no listed
    # person and exactly one induced one has that surname
    # (and no person's first name: "Terence" stays apart from "Nsanze Terence")
    induced_surname = collections.defaultdict(set)
    first_names = {key(n.split()[0]) for n, lab in induced if lab == "PERSON" and " " in n}
    for f in out.values():
        first_names.update(key(r[2].split()[0]) for r in f.values() if r[1] == "PERSON" and " " in r[2])
    for name, lab in induced:
        if lab == "PERSON" and " " in name and key(name) not in known:
            induced_surname[key(name.split()[-1])].add(name)
    late = []
    for name, lab in induced:
        k = key(name)
        if k in known:
            continue
        if (lab == "PERSON" and " " not in name and k not in surname and k not in first_names
                and len(induced_surname.get(k, ())) == 1):
            late.append((name, next(iter(induced_surname[k]))))
            continue
        target = slug(name)
        if not (target in label_of and compatible(label_of[target], lab)):
            target = None
        if not target:
            same = {kb for kb, l in by_slug.get(unaccented(name), ()) if compatible(l, lab)}
            target = next(iter(same)) if len(same) == 1 and len(towns.get(slug(name), ())) < 2 else None
        if not target and lab == "LOC" and name.split(" ", 1)[0] in COMPASS and " " in name:
            # "S. Korea" is the place "South Korea" the lists have
            first, rest = name.split(" ", 1)
            same = {kb for kb, l in by_slug.get(unaccented(COMPASS[first] + " " + rest), ()) if l in PLACE}
            target = next(iter(same)) if len(same) == 1 else None
        if not target and lab == "PERSON" and " " not in name and len(surname.get(k, ())) == 1:
            target = next(iter(surname[k]))
        if not target and lab == "LOC":   # "KIEV", CoNLL's dateline in capitals, too
            target = FORMER_NAMES.get(name) or FORMER_NAMES.get(name.title())
        if target:
            src_row = next((f[target] for f in out.values() if target in f), None)
            if src_row is None:
                e, fn = fa[target]
                src_row = [target, e[1], e[2], [], []]
            row = conll.setdefault(target, [target, src_row[1], src_row[2], [], []])
            row[3].append(name)
            known[k] = lab
            merged += 1
            continue
        known[k] = lab
        rows.append(induced_row(name, lab, caps, towns))
    assign_ids(rows, set(ids))
    row_of = {key(r[2]): r for r in rows}
    for name, full in late:
        row = row_of.get(key(full))
        if row is None:       # the full name merged into a listed entry: that entry's alias
            row = next(r for r in conll.values() if key(full) in map(key, r[3]))
        row[3].append(name)
        known[key(name)] = "PERSON"
        merged += 1
    hdr_common = ["Columns: kb_id  LABEL  canonical name  aliases  [key=value ...].",
                  "A kb_id of a Persian list is that entry: these lines add English aliases to it."]
    heads = {
        "countries-en.tsv": ["GENERATED by gazetteers/build/english.py: do not edit, edit the script.",
                             "English names of the countries and nationalities of fa/countries.tsv (country-list, MIT;",
                             "csc countries.json demonyms and wikidata=, ODbL)."] + hdr_common,
        "places-en.tsv": ["GENERATED by gazetteers/build/english.py: do not edit, edit the script.",
                          "English names of fa/places.tsv and fa/places-csc.tsv entries; US states of csc states.csv",
                          "(dr5hn/countries-states-cities-database: ODbL 1.0 database, DbCL 1.0 contents)."] + hdr_common,
        "entities-en.tsv": ["GENERATED by gazetteers/build/english.py: do not edit, edit the script.",
                            "People and organizations with English names: the Persian hand-written lists and",
                            "build/english-entities.txt (hand-written facts, MIT)."] + hdr_common,
    }
    for fn in ("countries-en.tsv", "places-en.tsv", "entities-en.tsv"):
        write_tsv(os.path.join(OUT, fn), heads[fn], [out[fn][k] for k in sorted(out[fn])])
    write_tsv(os.path.join(OUT, "entities-conll.tsv"),
              ["GENERATED by gazetteers/build/english.py from the CoNLL-2003 train file (never valid);",
               "Reuters RCV1 text, annotations of Tjong Kim Sang & De Meulder 2003: research use.",
               "Left out of the English model's training gazetteer (data/models/build-ner.sh).",
               "Lines with the kb_id of another list add aliases to that entry."] + hdr_common[:1],
              [r[:4] + [r[4] + ["induced=conll"]] for r in
               [conll[k] for k in sorted(conll)] + sorted(rows, key=lambda r: r[0])])
    print("  CoNLL train: %d names merged into entries, %d new" % (merged, len(rows)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate gazetteers/fa/places-csc.tsv: cities, districts and Iranian provinces (GPE).

Source: ../shared/gazetteer-sources/csc (dr5hn/countries-states-cities-database,
ODbL 1.0 / DbCL 1.0 — the output is a derived database under ODbL, see SOURCES.md):
  cities_en_fa.tsv  places with English and Persian names, population, Wikidata id;
  states.csv        provinces; only Iran's are used (their `native` name is Persian;
                    other countries' native names are in other languages or wrong).
Rules:
  * kb_id = slug(English name)-<country code>, "-<csc id>" appended on a clash; Iranian
    provinces <slug>-province-ir.  `wikidata=Q...` only when the source gives it.
  * Order of preference when two places share a Persian name: capitals, then places of
    Iran and Afghan cities of 100,000 people or more, then the rest of Afghanistan, then the
    more populous; a name goes to the first place only
    (2026-12-05, reader15: Iran's Taleqan, not Taloqan of Afghanistan, is «طالقان» of
    Iranian news; «هرات» is still Herat).
    Names already used by the hand-written lists (starter.tsv, ...) and by countries.tsv
    are left to them.
  * A Persian name is marked ambiguous ('?') when it is in common-words.txt or
    common-words-peyma.txt (mine_common_words.py: words PEYMA train mostly tags O), is a common Persian
    first name (persian-names; not for capitals and places of 100,000 people or more), or is a single word of at most
    2 letters (SHORT_OK lists exceptions such as قم); outside Iran and Afghanistan,
    every one-word name of a non-capital place of under 100,000 people (or unknown) is
    ambiguous too: csc often translates such names word for word; a name of one letter, or with Latin letters, is dropped.
  * Outside Iran and Afghanistan, a place that is no capital gets no Persian name of one of
    Iran's provinces: «مرکزی» is Markazi, not Central of Hong Kong (2026-12-05, reader15).
  * A Persian name that is a settlement word followed by common words only (PHRASE_HEADS:
    «روستای جدید» "the new village" of Saint Lucia, «شهرک صنعتی» "the industrial park") is no
    name: left out (2026-12-04; the model tags such phrases and the list linked them).
    So is a name that not-names.txt lists: a word-for-word translation that news uses as the
    common word or phrase («ضلع شمالی» "the north side", North Side of the Cayman Islands;
    «دایه» "nanny", Daye in China; 2026-12-05, reader14).
  * A name that reads as a known name followed by «و» (Roseau «روسو» vs «روس و») is
    ambiguous: the tagger's keys ignore spaces.
  * Outside Iran and Afghanistan, a place that is no capital and whose Persian name is a
    given name, as the tagger's keys read it (spaces ignored), is ambiguous and needs
    evidence (`evidence=`): its country's one-word Persian name in the sentence, or «شهر»
    right before it.  A given name: a common Persian first name (persian-names), whatever the
    population, or, for a place of under 100,000 people, a name of persian-gender-by-name
    (26,690 names, foreign ones transliterated too).  «کامران منزوی» is the Esteghlal board
    member, not Cam Ranh «کام ران» of Vietnam; «مایکل و آنجلا» a couple, not Anjala of
    Finland (2026-12-05, reader16).  The names stay in the list (the entity model's list
    features see them as before, but for the ambiguity of 16 larger places: «بیژن», «سینا»,
    «ندا», «خشایار» …); a place span without the evidence is dropped, and `given_name=yes`
    leaves the spans of other labels alone (the model's PERSON «فاطمه», ORG «صبا»).
  * English names are aliases for capitals, places of Iran/Afghanistan and places of at
    least 100,000 people only (other small-place names are often English words).
  * A city with a plain Persian name (capital, Iran/Afghanistan, or >= 100,000 people) also
    has «شهر X» ("the city X"), the generic head the corpus-induced lists had apart.
  * name_fa= the Persian name, when the canonical name is English.
  * wikidata= only for an id that csc gives to one place (one English name), or to one capital
    and other places: csc writes the same id on many different places (Q1264551 on Kashan,
    Lenjan, Maragheh, … 39 Iranian counties; London's Q84 on Londonderry County Borough
    too), so a shared id names none of them but the capital, or else the first row when it is
    the most populous (the leak runs forward: Toronto keeps Q172) (2026-12-05, reader15).
  * priority: capitals 6, Iranian/Afghan places 3, provinces 2, others 0 (countries 10).
Deterministic.  Run after countries.py: python3 gazetteers/build/places.py
"""
import csv
import os
import re
from gazlib import HERE, GAZ, src, clean, slug, key, write_tsv, load_wordset, curated_keys, load_lines, conjunction_clash, english_names_keys, all_ids

LATIN = re.compile("[A-Za-z]")
# short names of well-known places that are not words
SHORT_OK = {"قم", "بم"}


PHRASE_HEADS = ("روستای", "روستا", "دهکده", "شهرک", "آبادی")
# csc names that translate a district's English name word for word into a common noun
# phrase: kept (the entity model was trained with them as features) with link=no, so a match
# is printed without a kb_id (2026-12-04: «نیروی دریایی», "navy", is Admiralty, Hong Kong; the
# model's ORG «نیروی دریایی» of Iran's navy took its id 14 times on Fars News and Asriran)
# (2026-12-05, reader15: «بوکس» "boxing" is Boxing of China, «کانو» "canoe" Kano of Nigeria in
# ISNA's sports news: left out, the model's ORG «هیات بوکس انزلی» and FAC «سالن بوکس» went too)
NO_LINK = {"نیروی دریایی", "بوکس", "کانو"}
# csc names that are also the title of a well-known work, with the words (`evidence=`, one of
# them in the sentence or «<W» right before) without which the name is not emitted
# (2026-12-05: «روما», Ruma in Serbia, is Cuarón's film Roma in all 27 unquoted mentions of
# seven Persian corpora, in lists of nominees: «کتاب سبز، روما، …», «آلفونسو کوارون (روما)»)
EVIDENCE = {"روما": "صربستان|<شهر"}
# English names of places that are English words ("Brits": British people, and the Brit Awards
# of BBC news, 2026-12-06, reader30en): ambiguous, emitted with one of their evidence words
EN_EVIDENCE = {"Brits": "South|Africa|African|<in"}


def first_names():
    out = set()
    for fn in ("female_fa.txt", "male_fa.txt"):
        for l in load_lines(src("persian-names", "data", fn)):
            if l.strip():
                out.add(key(clean(l)))
    return out


def given_names():
    """Keys of persian-gender-by-name's names (Persian script, foreign names transliterated)."""
    with open(src("persian-gender-by-name", "persian-gender-by-name.csv"), encoding="utf-8") as f:
        return {key(clean(r["name"])) for r in csv.DictReader(f) if clean(r["name"])}


def country_words():
    """ISO code -> the one-word Persian names of its country (countries.tsv): evidence words."""
    out = {}
    for l in load_lines(os.path.join(GAZ, "fa", "countries.tsv")):
        f = l.split("\t")
        if l.startswith("#") or len(f) < 5 or f[1] != "GPE":
            continue
        iso = [x[4:] for x in f[4:] if x.startswith("iso=")]
        words = [a for a in f[3].split("|") if a and a[0] not in "?=" and " " not in a and
                 "\u200c" not in a and not LATIN.search(a)]
        if iso and len(iso[0]) == 2 and words:
            out.setdefault(iso[0], words)
    return out


def main():
    common = load_wordset("common-words.txt")
    if os.path.exists(os.path.join(HERE, "common-words-peyma.txt")):
        common |= load_wordset("common-words-peyma.txt")
    names = first_names()
    given = given_names()
    country_of = country_words()
    phrases = load_wordset("not-names.txt")   # common phrases csc translated: «ضلع شمالی»
    taken = curated_keys(exclude=("places-csc.tsv",))
    rows, used_ids = [], all_ids(exclude=("places-csc.tsv",))   # not taken's values: extra-aliases.txt names csc ids
    for k in english_names_keys():   # kb-news.tsv's names (it runs later) are not csc's
        taken.setdefault(k, True)

    def ambiguous(fa, local, pop, capital):
        k = key(fa)
        if k in common or conjunction_clash(k, taken):
            return True
        if k in names and not (capital or pop >= 100000):
            return True
        if " " not in fa and "\u200c" not in fa and k not in SHORT_OK:
            if not (capital or local or pop >= 100000):
                return True
            limit = 2
            if len(k) <= limit:
                return True
        return False

    cities = []
    with open(src("csc", "cities_en_fa.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            cities.append(r)

    def pop(r):
        try:
            return int(r["population"] or 0)
        except ValueError:
            return 0

    def tier(r):
        if r["type"] == "capital":
            return 0
        if r["country_code"] in ("IR", "AF"):
            return 1
        return 2

    # ids csc writes on places of different names (an id leaks to the rows after it: London's
    # Q84 is also Londonderry County Borough's): no place's id, but a capital's among them
    named, capitals = {}, {}
    for r in cities:
        if r["wikidata"].startswith("Q"):
            named.setdefault(r["wikidata"], set()).add(clean(r["name_en"]))
            if r["type"] == "capital":
                capitals.setdefault(r["wikidata"], set()).add(r["id"])
    shared = {q for q, ns in named.items() if len(ns) > 1}
    owner = {next(iter(ids)) for q, ids in capitals.items() if q in shared and len(ids) == 1}
    # the leak runs forward: the first row of an id keeps it when it is the most populous
    # (Toronto's Q172 is also Toronto county's and Tottenham's)
    rows_of = {}
    for r in cities:
        if r["wikidata"] in shared:
            rows_of.setdefault(r["wikidata"], []).append(r)
    for q, rs in rows_of.items():
        rs.sort(key=lambda r: int(r["id"]))
        p0 = pop(rs[0])
        if q not in capitals and p0 > 0 and all(pop(r) < p0 for r in rs[1:]):
            owner.add(rs[0]["id"])
    # Iran's provinces' Persian names: no foreign district takes them («مرکزی», Markazi)
    with open(src("csc", "states.csv"), encoding="utf-8") as f:
        province_names = {key(clean(r["native"])) for r in csv.DictReader(f)
                          if r["country_code"] == "IR" and clean(r["native"])}

    # of Iran and Afghanistan, Iran's first unless the Afghan place is a city of 100,000 people
    # or more («هرات» is Herat, not Harat in Yazd; «طالقان» Iran's Taleqan, not Taloqan)
    cities.sort(key=lambda r: (tier(r), r["country_code"] != "IR" and pop(r) < 100000, -pop(r),
                               int(r["id"])))
    entries = []
    for r in cities:
        cc, en, fa = r["country_code"], clean(r["name_en"]), clean(r["name_fa"])
        p, t = pop(r), tier(r)
        words = fa.split()
        if len(words) > 1 and words[0] in PHRASE_HEADS and all(key(w) in common for w in words[1:]):
            fa = ""   # «روستای جدید»: a phrase, no name
        if key(fa) in phrases:
            fa = ""   # «ضلع شمالی» "the north side": not-names.txt
        local = cc in ("IR", "AF")
        if key(fa) in province_names and not local and t != 0:
            fa = ""   # «مرکزی» is Iran's Markazi province, not Central of Hong Kong
        aliases, needs = [], None
        if fa and not LATIN.search(fa) and len(key(fa)) >= 2 and key(fa) not in taken:
            if not local and t != 0 and (key(fa) in names or key(fa) in given and p < 100000):
                needs = country_of.get(cc, []) + ["<شهر"]   # «کامران» is no Cam Ranh
            aliases.append("?" + fa if needs or ambiguous(fa, local, p, t == 0) else fa)
            taken[key(fa)] = True
        if en and (t < 2 or p >= 100000) and key(en) not in taken:
            aliases.append("?" + en if en in EN_EVIDENCE else en)
            taken[key(en)] = True
        has_fa = any(key(a.lstrip("?")) == key(fa) for a in aliases) if fa else False
        if not aliases or all(a.startswith("?") for a in aliases) and not local and p < 10000:
            continue
        if not has_fa and not (t < 2 or p >= 100000):
            continue   # its Persian name went to another place: an English-only small place
        kb = "%s-%s" % (slug(en) or "place", cc.lower())
        if kb in used_ids:
            kb += "-" + r["id"]
        used_ids.add(kb)
        extra = ["priority=%d" % (6 if t == 0 else 3 if t == 1 else 0), "iso=" + cc]
        if r["wikidata"].startswith("Q") and (r["wikidata"] not in shared or r["id"] in owner):
            extra.append("wikidata=" + r["wikidata"])
        # the canonical name is English: it is an alias too, so keep it out of the
        # matching for small places by giving the entity the Persian name as canonical
        canon = en if (t < 2 or p >= 100000) else (fa if fa and not fa.startswith("?") else en)
        if has_fa and (t < 2 or p >= 100000):
            plain = [a for a in aliases if not a.startswith("?") and key(a) == key(fa)]
            if plain and key("شهر " + fa) not in taken:   # the generic head: «شهر تهران» is Tehran
                aliases.append("شهر " + fa)
                taken[key("شهر " + fa)] = True
        if has_fa and canon != fa:
            extra.append("name_fa=" + fa)
        if fa in NO_LINK:
            extra.append("link=no")
        if fa in EVIDENCE and any(a.startswith("?") for a in aliases):
            extra.append("evidence=" + EVIDENCE[fa])
        elif en in EN_EVIDENCE:
            extra.append("evidence=" + EN_EVIDENCE[en])
        elif needs and any(a.startswith("?") for a in aliases):
            extra += ["evidence=" + "|".join(needs), "given_name=yes"]
        entries.append((kb, "GPE", canon, aliases, extra))

    provinces = []
    with open(src("csc", "states.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["country_code"] != "IR":
                continue
            en, fa = clean(r["name"]), clean(r["native"])
            kb = "%s-province-ir" % slug(en.replace(" Province", ""))
            al = ["استان " + fa, en + " Province" if "Province" not in en else en]
            if key(fa) not in taken:
                al.append("?" + fa if key(fa) in common else fa)
                taken[key(fa)] = True
            extra = ["priority=2", "iso=" + r["iso3166_2"]]
            if r["wikiDataId"].startswith("Q"):
                extra.append("wikidata=" + r["wikiDataId"])
            extra.append("name_fa=استان " + fa)
            provinces.append((kb, "GPE", en if "Province" in en else en + " Province", al, extra))
    header = [
        "GENERATED by gazetteers/build/places.py: do not edit, edit the script.",
        "Cities, districts (csc cities_en_fa.tsv) and Iran's provinces (csc states.csv).",
        "Derived from dr5hn/countries-states-cities-database: ODbL 1.0 (database), DbCL 1.0 (contents).",
        "Columns: kb_id  LABEL  canonical name  aliases  [key=value ...]",
    ]
    write_tsv(os.path.join(GAZ, "fa", "places-csc.tsv"), header, provinces + entries)


if __name__ == "__main__":
    main()

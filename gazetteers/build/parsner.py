#!/usr/bin/env python3
"""Generate the ParsNER-derived lists (no license stated by ParsNER: kept in files named
*-parsner.tsv, which `cmake -DTAGGER_PARSNER_LISTS=OFF` leaves out of the default gazetteer):

  gazetteers/fa/persons-{1,2}-parsner.tsv  PERSON  from parsner-lists/person_names.txt (split in two)
  gazetteers/fa/organizations-parsner.tsv  ORG     from organization_names.txt, facility_org_names.txt
  gazetteers/fa/facilities-parsner.tsv     FAC     from facility_loc_names.txt (names that start
                                                   with a word of facility_prefix.txt or a head of
                                                   gazlib.FACILITY_HEADS; else LOC)

Source: ../shared/gazetteer-sources/parsner-lists (majidasgari/ParsNER).
Rules: names are cleaned (spaces collapsed, Arabic yeh/kaf folded, a leading '*' dropped);
one-word person names are left out (a surname alone is ambiguous), one-word
facility/location names are marked ambiguous (the list holds surnames and words); a name whose key is
a common word (common-words.txt, common-words-peyma.txt) is marked ambiguous; a name whose
key an earlier list already has (hand-written lists, countries.tsv, places-csc.tsv, or an
earlier line) is left out.  A name that is a known name plus a verb or enclitic ending
("اتحادیه اروپاست") is left out; one that reads as a known name plus «و» is ambiguous.
Names with no Persian letter and more than 60 characters are
dropped.  A facility that is its generic head followed only by generic modifiers (GENERIC_MODIFIERS:
size, age, position, material, public or private, the kind of power: «نیروگاه برق», «بازار بزرگ»,
«پل قدیم») is a common noun, not a named facility: left out.  A facility of
facilities-dropped.txt (seen in news, generic or not identifiable: «مسجد جامع», «ورزشگاه تختی»)
is kept with link=no: tagged, printed without kb_id; so is a name of ambiguous-names.txt and a
person that is a surname written apart from its ending («انصاری فرد», gazlib.surname_alone) or a
common first name with a common surname («سعید اسدی», gazlib.common_full_name).  A person name that
is a film's or play's title (work-titles.txt: «پلنگ سیاه») or a common phrase (not-names.txt: «خطوط لوله») is left out.  A name that is a generic head plus an earlier entry's alias («سازمان X», «شهر X»,
gazlib.head_merge) is that entry: left out.  So is a name that is an earlier entry's alias once its
titles and honorific are stripped («پرزیدنت ترامپ», gazlib.title_merge): merge_titles.py makes it an
alias of that entry.  kb_id = the slug of the name's romanization
(gazlib.fa_slug; one name's spellings merged, clashes get -<label>, then a hash of the name:
gazlib.assign_ids), never a
list position; the canonical name is the Persian name itself.
Deterministic.  Run after the other generators: python3 gazetteers/build/parsner.py
"""
import os
import re
from gazlib import junk_form, conjunction_clash, HERE, GAZ, src, clean, key, write_tsv, load_wordset, curated_keys, load_lines, persian_letters, fa_slug, assign_ids, all_ids, head_merge, curated_labels, title_target, curated_targets, record_titles, national_team, team_row, slug, place_country_target, surname_alone, common_full_name, facility_head, outlet_keys, outlet_alias, outlet_entries, institution_keys, conjoined

OWN = ("persons-1-parsner.tsv", "persons-2-parsner.tsv", "organizations-parsner.tsv", "facilities-parsner.tsv")
DIGIT_START = re.compile(r"^[0-9۰-۹]+[.)\-]")
# Words that describe a facility without naming it (hand-written; issue 19: «نیروگاه برق» and
# «بازار بزرگ» were in the 50 most frequent FAC of ISNA).  Colours, «ملی», «شهر», «آبی», «جامع»
# are not here: «کاخ سفید», «کتابخانه ملی», «پارک شهر», «مسجد آبی» name one place, and «مسجد
# جامع» is the name of a town's Friday mosque (PEYMA tags it LOC).
GENERIC_MODIFIERS = ("بزرگ کوچک قدیم قدیمی کهنه نو جدید اصلی مرکزی بالا پایین علیا سفلی عمومی خصوصی "
                     "شهری روستا روستایی محلی دولتی تاریخی برق گازی اتمی هسته‌ای حرارتی بادی "
                     "سنگی آجری چوبی").split()


def generic_facility(name, prefixes, generic):
    """Whether name's key, «آ» read as «ا», is a facility head of `prefixes` followed only by words
    of `generic` (spaces and ZWNJ or none between them: «قلعه‌بزرگ», «مسجدنو», «اسیاب بالا»)."""
    k = key(name).replace("آ", "ا")

    def words_of(rest):
        return rest == "" or any(rest.startswith(w) and words_of(rest[len(w):]) for w in generic)
    return any(k.startswith(p) and len(k) > len(p) and words_of(k[len(p):]) for p in prefixes)


def names(fn):
    out = []
    for l in load_lines(src("parsner-lists", fn)):
        n = clean(l.lstrip("*"))
        if not n or len(n) > 60 or DIGIT_START.match(n) or persian_letters(n) == 0:
            continue
        out.append(n)
    return out


def main():
    common = load_wordset("common-words.txt")
    if os.path.exists(os.path.join(HERE, "common-words-peyma.txt")):
        common |= load_wordset("common-words-peyma.txt")
    taken = curated_keys(exclude=OWN)
    prefixes = sorted({key(clean(p)) for p in load_lines(src("parsner-lists", "facility_prefix.txt")) if p.strip()},
                      key=len, reverse=True)

    labels = curated_labels(exclude=OWN)
    outlets, outlet_rows = outlet_keys(exclude=OWN), outlet_entries(exclude=OWN)   # «روزنامه X» of an outlet X
    institutions = institution_keys(exclude=OWN)   # «روزنامه مجلس» is not the Majlis
    targets = curated_targets(exclude=OWN)
    merged = [0]
    generic = [0]
    modifiers = {key(w).replace("آ", "ا") for w in GENERIC_MODIFIERS}
    titled = []
    known = all_ids(exclude=OWN)

    def build(kind, label_of, items, min_words=1, single_ambiguous=False, is_generic=None):
        rows = []
        for name in sorted(set(items)):
            k = key(name)
            if k in taken or len(k) < 2 or junk_form(k, taken):
                continue
            if is_generic and is_generic(name):
                generic[0] += 1   # «نیروگاه برق»: a common noun
                continue
            if len(name.split()) < min_words:
                continue
            if conjoined(name, label_of(name), labels):
                continue   # «تیم استقلال و پرسپولیس»: two entities
            m = head_merge(name, label_of(name), labels, institutions)
            if m:
                merged[0] += 1   # «سازمان X» of a known ORG X: that entry
                if outlet_alias(name, outlets, outlet_rows):   # «روزنامه واشنگتن پست»: an alias of it
                    titled.append((outlet_alias(name, outlets, outlet_rows), name))
                continue
            t = title_target(name, label_of(name), labels, targets)
            if t:   # «پرزیدنت ترامپ», «امام حسین (ع)»: that entry, the name its alias
                if t[1]:
                    titled.append((t[0], name))
                continue
            place = place_country_target(name, label_of(name), OWN)
            if place:   # «استکهلم سوئد»: Stockholm
                titled.append((place, name))
                continue
            team = national_team(name) if label_of(name) == "ORG" else None
            if team and slug(team[0]) in known:   # «تیم ملی فوتبال عراق»: that entry
                titled.append((slug(team[0]), name))
                continue
            taken[k] = True
            if team:   # «تیم ملی فوتبال برزیل»: Brazil national football team
                rows.append(team_row(name, team))
                continue
            # the canonical name is an alias: write it again only to mark it ambiguous
            amb = k in common or conjunction_clash(k, taken) or (single_ambiguous and len(name.split()) == 1)
            aliases = ["?" + name] if amb else []
            rows.append([fa_slug(name) or "pn-" + kind, label_of(name), name, aliases, []])
        return rows

    hdr = ["GENERATED by gazetteers/build/parsner.py from majidasgari/ParsNER lists (no license stated).",
           "Left out of the default gazetteer by -DTAGGER_PARSNER_LISTS=OFF.  Do not edit: edit the script."]
    per = build("per", lambda n: "PERSON", names("person_names.txt"), min_words=2)
    org = build("org", lambda n: "ORG", names("organization_names.txt") + names("facility_org_names.txt"))

    def fac_prefix(n):
        k = key(n)
        return next((p for p in prefixes if k.startswith(p) and len(k) > len(p)), None)

    def fac_label(n):
        # facility_prefix.txt writes «آرامگاه», «آب انبار» where the names have «ارامگاه»; and
        # gazlib.FACILITY_HEADS has venues it lacks («پردیس سینمایی», «تماشاخانه»)
        return "FAC" if fac_prefix(n) or facility_head(n) else "LOC"

    folded = [p.replace("آ", "ا") for p in prefixes]

    def fac_generic(n):
        return generic_facility(n, folded, modifiers)
    dropped = load_wordset("facilities-dropped.txt")   # generic or not identifiable, seen in news
    fac = build("fac", fac_label, names("facility_loc_names.txt"), single_ambiguous=True,
                is_generic=fac_generic)
    for r in fac:
        if key(r[2]) in dropped:
            r[4].append("link=no")
    works = load_wordset("work-titles.txt")   # films and plays the list holds as people
    per = [r for r in per if key(r[2]) not in works]
    phrases = load_wordset("not-names.txt")   # common phrases: «خطوط لوله» "pipelines"
    per, org, fac = ([r for r in rows if key(r[2]) not in phrases] for rows in (per, org, fac))
    shared = load_wordset("ambiguous-names.txt")   # names several entities bear
    for r in per + org + fac:
        # a surname written apart from its ending («انصاری فرد», gazlib.surname_alone): many bear it
        # and a common first name with a common surname («سعید اسدی», gazlib.common_full_name)
        alone = r[1] == "PERSON" and (surname_alone(r[2]) or common_full_name(r[2]))
        if (key(r[2]) in shared or alone) and "link=no" not in r[4]:
            r[4].append("link=no")
    every = per + org + fac
    assign_ids(every, all_ids(exclude=OWN))   # merges one name's spellings: drops rows
    keep = {id(r) for r in every}
    per, org, fac = ([r for r in rows if id(r) in keep] for rows in (per, org, fac))
    # two files, each well under the repository's 5 MB file limit
    half = len(per) // 2
    write_tsv(os.path.join(GAZ, "fa", "persons-1-parsner.tsv"), hdr, per[:half])
    write_tsv(os.path.join(GAZ, "fa", "persons-2-parsner.tsv"), hdr, per[half:])
    write_tsv(os.path.join(GAZ, "fa", "organizations-parsner.tsv"), hdr, org)
    write_tsv(os.path.join(GAZ, "fa", "facilities-parsner.tsv"), hdr, fac)
    record_titles("parsner", titled)
    print("  merged into an earlier entry through a generic head:", merged[0], "through a title:", len(titled),
          "generic facilities left out:", generic[0])


if __name__ == "__main__":
    main()

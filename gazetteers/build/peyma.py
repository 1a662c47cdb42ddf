#!/usr/bin/env python3
"""Generate gazetteers/fa/entities-peyma.tsv: names mined from the PEYMA *train* split
(data/splits/peyma-train.txt; the dev split is never read).  PEYMA states no license, so
the list lives in a *-peyma.tsv file that `cmake -DTAGGER_PEYMA_LISTS=OFF` leaves out.

A gold PER, LOC or ORG span of the train documents becomes an entry when, over all
occurrences of the same token sequence in train (compared by gazlib.key), it is tagged as
exactly that entity at least MIN_SINGLE (2) times with precision >= P_SINGLE (0.7) for one
token, or MIN_MULTI (1) times with precision >= P_MULTI (0.5) for several tokens, and no other list (hand-written,
countries, csc, ParsNER) already has its key; a generic facility name
(facilities-dropped.txt) gets link=no (tagged, printed without kb_id); a film's or play's title
(work-titles.txt) or a common phrase (not-names.txt: «خطوط لوله») is left out.  Labels: PER -> PERSON, LOC -> LOC (FAC when
it starts with a building's or venue's head, gazlib.FACILITY_HEADS: «کوی دانشگاه تهران»), ORG -> ORG.  A span that is a generic head plus an earlier entry's alias («کشور روسیه»,
gazlib.head_merge) is that entry: left out, and so is one that is an earlier entry's alias once its titles
and honorific are stripped (gazlib.title_merge; merge_titles.py makes it that entry's alias).  A span
with a quotation mark in it («دولت « دونالد ترامپ »», «منطقه سبز » بغداد»: PEYMA's annotators took the
quotes in, often one of the pair only) is left out: printed, it is a junk span.  An ORG «دولت X», X a
person («دولت ترامپ», gazlib.administration), gets link=no, as a person that is a surname written
apart from its ending does («محمود زاده», gazlib.surname_alone).  A one-word person that
surname-words.txt marks `word` («سحابی» "nebula") is ambiguous (`?`) with `evidence=` the one-word
first names ParsNER's people of that surname have and the titles (gazlib.SURNAME_TITLES).  kb_id = the slug of the span's romanization
(gazlib.fa_slug; one name's spellings merged: gazlib.assign_ids), never a list position; the canonical name is the span
with Arabic yeh/kaf folded.  The thresholds were chosen by mining one half of the train
documents and scoring on the other half (PEYMA_SPLIT, PEYMA_OUT and the PEYMA_* threshold
variables exist for that); the dev split played no part.  Deterministic.  Run last: python3 gazetteers/build/peyma.py
"""
import collections
import os
from gazlib import peyma_sentences, load_wordset, REPO, GAZ, clean, write_tsv, curated_keys, curated_labels, head_merge, fa_slug, assign_ids, all_ids, title_target, curated_targets, record_titles, gold_span_counts, national_team, team_row, slug, place_country_target, administration, surname_alone, common_full_name, facility_head, outlet_keys, outlet_alias, outlet_entries, institution_keys, \
    surname_words, surname_first_names, SURNAME_TITLES, conjoined

MIN_SINGLE, P_SINGLE = int(os.environ.get("PEYMA_MIN_SINGLE", 2)), float(os.environ.get("PEYMA_P_SINGLE", 0.7))
MIN_MULTI, P_MULTI = int(os.environ.get("PEYMA_MIN_MULTI", 1)), float(os.environ.get("PEYMA_P_MULTI", 0.5))
# threshold tuning only: mine from another list of train documents, write elsewhere
SPLIT = os.environ.get("PEYMA_SPLIT") or os.path.join(REPO, "data", "splits", "peyma-train.txt")
OUT = os.environ.get("PEYMA_OUT") or os.path.join(GAZ, "fa", "entities-peyma.tsv")
MAX_TOKENS = 8
QUOTES = "«»\"“”"
LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}


def main():
    sents = list(peyma_sentences(SPLIT))
    gold, surface, total = gold_span_counts(sents, LABELS, max_span=MAX_TOKENS, window=MAX_TOKENS,
                                            surface=lambda toks: clean(" ".join(toks)))
    taken = curated_keys(exclude=("entities-peyma.tsv",))
    labels = curated_labels(exclude=("entities-peyma.tsv",))
    outlets, outlet_rows = outlet_keys(exclude=("entities-peyma.tsv",)), outlet_entries(exclude=("entities-peyma.tsv",))   # «روزنامه X» of an outlet X
    institutions = institution_keys(exclude=("entities-peyma.tsv",))   # «روزنامه مجلس» is not the Majlis
    targets = curated_targets(exclude=("entities-peyma.tsv",))
    dropped = load_wordset("facilities-dropped.txt")   # generic facility names (parsner.py)
    dropped |= load_wordset("ambiguous-names.txt")      # names several entities bear
    works = load_wordset("work-titles.txt")             # films and plays held as people: left out
    works |= load_wordset("not-names.txt")              # common phrases: «خطوط لوله» "pipelines"
    word_surnames = surname_words()[1]                 # «سحابی» "nebula": `?` and evidence=
    titled = []
    known = all_ids(exclude=("entities-peyma.tsv",))
    rows, n, merged = [], collections.Counter(), 0
    for (k, lab), c in sorted(gold.items(), key=lambda x: (x[0][1], surface[x[0]])):
        if k in taken or k in works or len(k) < 2 or not any("\u0600" <= ch <= "\u06ff" for ch in k):
            continue
        name = surface[(k, lab)]
        if any(q in name for q in QUOTES):
            continue
        single = len(name.split()) == 1
        p = c / max(total[k], c)
        if (single and (c < MIN_SINGLE or p < P_SINGLE)) or (not single and (c < MIN_MULTI or p < P_MULTI)):
            continue
        if conjoined(name, LABELS[lab], labels):
            continue   # «تیم استقلال و پرسپولیس», «قاره آسیا و اروپا»: two entities
        m = head_merge(name, LABELS[lab], labels, institutions)
        if m:
            merged += 1   # «کشور روسیه», «شهر تهران»: that entry
            if outlet_alias(name, outlets, outlet_rows):   # «روزنامه واشنگتن پست»: an alias of it
                titled.append((outlet_alias(name, outlets, outlet_rows), name))
            continue
        t = title_target(name, LABELS[lab], labels, targets)
        if t:   # «تیم فوتبال پرسپولیس», «امام حسین (ع)»: that entry, the name its alias
            if t[1]:
                titled.append((t[0], name))
            taken[k] = True
            continue
        place = place_country_target(name, LABELS[lab], ("entities-peyma.tsv",))
        if place:   # «استکهلم سوئد»: Stockholm
            titled.append((place, name))
            taken[k] = True
            continue
        team = national_team(name) if LABELS[lab] == "ORG" else None
        if team and slug(team[0]) in known:   # «تیم ملی فوتبال عراق»: that entry
            titled.append((slug(team[0]), name))
            taken[k] = True
            continue
        taken[k] = True
        n[lab] += 1
        if team:   # «تیم ملی فوتبال برزیل»: Brazil national football team
            rows.append(team_row(name, team))
            continue
        # a one-word person («کیهانی», «ایگور») is a surname or first name many people bear:
        # tagged, not linked
        # «دولت ترامپ»: an administration, no kb entry (gazlib.administration)
        # and so is a surname written apart («علی پور», gazlib.surname_alone), and a common
        # first name with a common surname («سعید اسدی», gazlib.common_full_name)
        unlinked = k in dropped or (lab == "PER" and (single or surname_alone(name) or common_full_name(name))) or (lab == "ORG" and administration(name, labels))
        # a place named by a building's or venue's head («مجموعه ورزشی آزادی تهران», «کوی دانشگاه
        # تهران»): PEYMA has no FAC label and tags it LOC
        label = "FAC" if lab == "LOC" and facility_head(name) else LABELS[lab]
        if lab == "PER" and single and k in word_surnames:
            # a surname that is also a word («سحابی» "nebula", «کیهانی» "cosmic"): ambiguous, and
            # a person only with a first name its bearers have or a title (surname-words.txt)
            ev = surname_first_names(name) + SURNAME_TITLES
            rows.append([fa_slug(name), label, name, ["?" + name], ["link=no", "evidence=" + "|".join(ev)]])
            continue
        rows.append([fa_slug(name) or "peyma-" + lab.lower(), label, name, [],
                     ["link=no"] if unlinked else []])
    assign_ids(rows, all_ids(exclude=("entities-peyma.tsv",)))
    hdr = ["GENERATED by gazetteers/build/peyma.py from the PEYMA train split (no license stated).",
           "Left out of the default gazetteer by -DTAGGER_PEYMA_LISTS=OFF.  Do not edit: edit the script."]
    write_tsv(OUT, hdr, rows)
    record_titles("peyma", titled)
    print("  by label:", dict(n), "merged through a generic head:", merged, "through a title:", len(titled))


if __name__ == "__main__":
    main()

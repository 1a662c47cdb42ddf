#!/usr/bin/env python3
"""Generate gazetteers/fa/kb-news.tsv from english-names.txt (this folder): people and
organizations of Persian news with their English names (issue 19).

Each row of english-names.txt (LABEL, English name, Persian names) becomes one entity:
kb_id = slug of the English name, canonical name = the English name, name_fa= the first
Persian name, aliases = the Persian names and the English name.  A PERSON's surname (the
last word of the first Persian name, two words or more, three letters or more) is an
ambiguous alias ('?': the tagger emits it only where the model's span or a longer alias
confirms it) when no other person of the table has that surname, no earlier list has it
as a key, and it is no common word or first name (not_surnames: «خسرو» of «ناصر خسرو»); the
entry also gets `link=surname` (the lone surname keeps its link where the model's span confirms
it and no other full name of the article ends in it) when at most RARE_SURNAME of ParsNER's
person names end in that surname and it is not in surname-words.txt (a word, «شکیبایی»
"patience", or a surname many bear: those are linked after a first name or a title only; a word
(`word` in that file) also gets `evidence=` of the person's first names and titles, so that the lone
word is no entity without them: «صبر و شکیبایی»), or
english-names.txt gives it in a fourth column (the one-word name of a poet, «?سعدی» of Saadi).  Names an earlier list has are left to it; a kb_id an earlier list already uses is
an error (add the aliases to that entry instead).  Runs after places.py and before the
corpus-induced lists (parsner.py, peyma.py), which then leave these names out: their entries
for them are merged into these.  Deterministic.  Run: python3 gazetteers/build/kbnews.py
"""
import collections
import os
from gazlib import HERE, GAZ, clean, slug, key, write_tsv, curated_keys, curated_labels, all_ids, load_lines, load_wordset, src, \
    surname_bearers, surname_words, SURNAME_TITLES

# A surname at most this many of ParsNER's 153,000 person names end in («کیارستمی»: one, «احمد
# کیارستمی») names the famous bearer when written alone: `link=surname` (docs/junk.md, reader9).
RARE_SURNAME = 2


def not_surnames():
    """Keys no surname alias may have: common words (common-words*.txt) and first names (persian-names), not-surnames.txt:
    «خسرو» of «ناصر خسرو», «حسین» of «صدام حسین», «معروف» of «سعید معروف»."""
    out = load_wordset("common-words.txt")
    if os.path.exists(os.path.join(HERE, "common-words-peyma.txt")):
        out |= load_wordset("common-words-peyma.txt")
    for fn in ("female_fa.txt", "male_fa.txt"):
        out |= {key(clean(l)) for l in load_lines(src("persian-names", "data", fn)) if l.strip()}
    out |= load_wordset("not-surnames.txt")   # common surnames, streets, another person's surname
    return out


def word_evidence(name):
    """evidence= words of a person whose surname is a word: the first names of `name`
    anywhere in the sentence («خسرو» … «شکیبایی»), or a title right before the surname."""
    return [w for w in name.split()[:-1] if len(key(w)) >= 2] + SURNAME_TITLES


def main():
    taken = curated_keys(exclude=("kb-news.tsv",))
    labels_of = curated_labels(exclude=("kb-news.tsv",))
    banned = not_surnames()   # first names, common surnames
    used = all_ids(exclude=("kb-news.tsv",))
    table = []
    for l in load_lines(os.path.join(HERE, "english-names.txt")):
        if not l.strip() or l.startswith("#"):
            continue
        label, en, fa = l.split("\t")[:3]
        extra = [x for x in l.split("\t")[3:] if x.strip()]   # a hand-written `link=surname`
        table.append((label, clean(en), [clean(x) for x in fa.split("|") if x.strip()], extra))
    surnames = collections.Counter(key(fa[0].split()[-1]) for lab, _, fa, _ in table
                                   if lab == "PERSON" and len(fa[0].split()) > 1)
    rows, ids, labels_here = [], set(), {}
    words_too, word_forms = surname_words()   # a lone one needs a first name or a title
    for label, en, fa, extra in table:
        kb = slug(en)
        if kb in used or kb in ids:
            raise SystemExit("english-names.txt: kb_id %s of %r is already used: add the names there" % (kb, en))
        ids.add(kb)
        # an ambiguous alias ('?', linked on the model's span of the entry's label only) is kept
        # beside a place of that name: the model's ORG «لیورپول» is the club, its GPE the city;
        # not a first name («صبا» of Saba Qom: the entity model's list features lost «صبا سرور»)
        # (or beside a person of this table: Crouse's «?کروز», Tom Cruise's); of an entry with
        # evidence= words, also beside an entry of its label, which it takes where its words
        # stand (the National Consultative Assembly's «?مجلس سوم»: tagger/ner_candidates.c)
        evidenced = any(x.startswith("evidence=") for x in extra)
        aliases = [a for a in fa if key(a.lstrip("?=")) not in taken or
                   (a.startswith("?") and label != "PERSON" and key(a[1:]) not in banned and
                    (evidenced or
                     label not in (labels_of.get(key(a[1:]), set()) |
                                   labels_here.get(key(a[1:]), set()) or {label})))]
        for a in aliases:
            taken[key(a.lstrip("?="))] = kb
            labels_here.setdefault(key(a.lstrip("?=")), set()).add(label)
        words, attrs = fa[0].split(), list(extra)
        if label == "PERSON" and len(words) > 1:
            k = key(words[-1])
            if len(k) >= 3 and surnames[k] == 1 and k not in taken and k not in banned and k.isalpha():
                aliases.append("?" + words[-1])
                taken[k] = kb
                labels_here.setdefault(k, set()).add(label)
                if surname_bearers(words[-1]) <= RARE_SURNAME and k not in words_too and \
                        "link=surname" not in attrs:
                    attrs.append("link=surname")
                if k in word_forms:   # «صبر و شکیبایی»: the word unless the name stands by it
                    attrs.append("evidence=" + "|".join(word_evidence(fa[0])))
        if not aliases:
            print("  %s: every Persian name is in an earlier list; left out" % en)
            continue
        rows.append((kb, label, en, aliases, ["name_fa=" + fa[0]] + attrs))
    header = ["GENERATED by gazetteers/build/kbnews.py from gazetteers/build/english-names.txt: do not edit.",
              "People and organizations of Persian news with their English names (MIT).",
              "Columns: kb_id  LABEL  canonical name  aliases  [key=value ...]"]
    write_tsv(os.path.join(GAZ, "fa", "kb-news.tsv"), header, rows)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a benchmark alias list for the gazetteer benchmark (bench/gazetteer.sh).

Usage: bench/make_aliases.py OUT.tsv N [--seed S] [--plain OUT.txt]

OUT.tsv is in the project's gazetteer TSV format, one alias a line:
    bench-<i> <TAB> LABEL <TAB> alias
(the canonical name is the alias).  The plain list (default: OUT.tsv with
.txt in place of .tsv) holds exactly the same aliases, one a line, in the same
order, for pyahocorasick.

The "real" aliases come first: every name in the lists under
$SHARED/gazetteer-sources (SHARED defaults to ../shared beside the repo):
ParsNER person/organization/facility name lists, csc cities and countries
(English and Persian columns), country-list fa/en, persian-names and
persian-gender-by-name first names.  Duplicates (same string) are dropped.
If they exceed N, a seeded random subset of N is kept (in source order).
Otherwise synthetic Persian-like aliases fill up to N: 1-3 words of 3-8
letters drawn from the Persian alphabet, some words split by a ZWNJ.
The output depends only on the sources, N and the seed.
"""
import argparse
import csv
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SHARED") or os.path.join(HERE, "..", "..", "shared")
SRC = os.path.join(SHARED, "gazetteer-sources")

# (label, path relative to SRC, reader); readers yield names.
PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
ZWNJ = "\u200c"
MAX_CHARS = 100  # keys must stay under the loader's 256-byte limit


def lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\r\n")


def tsv_columns(*names):
    def read(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                for n in names:
                    yield row.get(n) or ""
    return read


def csv_column(name):
    def read(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                yield row.get(name) or ""
    return read


def json_values(path):
    with open(path, encoding="utf-8") as f:
        yield from json.load(f).values()


SOURCES = [
    ("PERSON", "parsner-lists/person_names.txt", lines),
    ("PERSON", "parsner-lists/persian_names.txt", lines),
    ("PERSON", "parsner-lists/arabic_names.txt", lines),
    ("PERSON", "parsner-lists/foreign_names.txt", lines),
    ("PERSON", "parsner-lists/accurate_names.txt", lines),
    ("PERSON", "persian-names/data/male_fa.txt", lines),
    ("PERSON", "persian-names/data/female_fa.txt", lines),
    ("PERSON", "persian-names/data/male_en.txt", lines),
    ("PERSON", "persian-names/data/female_en.txt", lines),
    ("PERSON", "persian-gender-by-name/persian-gender-by-name.csv", csv_column("name")),
    ("ORG", "parsner-lists/organization_names.txt", lines),
    ("ORG", "parsner-lists/facility_org_names.txt", lines),
    ("GPE", "parsner-lists/facility_loc_names.txt", lines),
    ("GPE", "csc/cities_en_fa.tsv", tsv_columns("name_fa", "name_en")),
    ("GPE", "csc/countries_en_fa.tsv", tsv_columns("name_fa", "name_en")),
    ("GPE", "country-list/data/fa/country.json", json_values),
    ("GPE", "country-list/data/en/country.json", json_values),
    ("GPE", "persian-names/data/region_fa.txt", lines),
    ("GPE", "persian-names/data/region_en.txt", lines),
]


def clean(name):
    """The alias as both matchers get it, or None if the loader would refuse
    it (empty, a marker prefix, a tab or '|', a control character, too long)
    or it has no letter or digit to match on."""
    if "\t" in name or "|" in name or any(ord(ch) < 0x20 for ch in name):
        return None
    name = " ".join(name.split())
    if not name or len(name) > MAX_CHARS or name[0] in "=?#":
        return None
    if not any(ch.isalnum() for ch in name):
        return None
    return name


def real_aliases():
    seen = set()
    out = []
    for label, rel, reader in SOURCES:
        path = os.path.join(SRC, rel)
        if not os.path.exists(path):
            sys.exit(f"make_aliases.py: {path} not found (set SHARED=path/to/shared)")
        for raw in reader(path):
            name = clean(raw)
            if name and name not in seen:
                seen.add(name)
                out.append((label, name))
    return out, seen


def synthetic(rng, seen, count):
    labels = ("PERSON", "ORG", "GPE")
    out = []
    while len(out) < count:
        words = []
        for _ in range(rng.randint(1, 3)):
            w = "".join(rng.choice(PERSIAN_LETTERS) for _ in range(rng.randint(3, 8)))
            if rng.random() < 0.15:  # a ZWNJ-joined compound, as in "بین‌المللی"
                cut = rng.randint(1, len(w) - 1)
                w = w[:cut] + ZWNJ + w[cut:]
            words.append(w)
        name = " ".join(words)
        if name not in seen:
            seen.add(name)
            out.append((labels[len(out) % 3], name))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plain")
    a = ap.parse_args()
    if a.n < 1:
        sys.exit("make_aliases.py: N must be positive")
    plain = a.plain or (a.out[:-4] if a.out.endswith(".tsv") else a.out) + ".txt"
    rng = random.Random(a.seed)
    real, seen = real_aliases()
    nreal = len(real)
    if nreal > a.n:
        keep = sorted(rng.sample(range(nreal), a.n))
        aliases = [real[i] for i in keep]
        nreal = a.n
    else:
        aliases = real + synthetic(rng, seen, a.n - nreal)
    with open(a.out, "w", encoding="utf-8") as tsv, open(plain, "w", encoding="utf-8") as txt:
        tsv.write("# Benchmark aliases written by bench/make_aliases.py "
                  f"(N={a.n}, seed={a.seed}): {nreal} real, {a.n - nreal} synthetic\n")
        for i, (label, name) in enumerate(aliases):
            tsv.write(f"bench-{i}\t{label}\t{name}\n")
            txt.write(name + "\n")
    print(f"{a.out}: {a.n} aliases ({nreal} real, {a.n - nreal} synthetic); {plain}",
          file=sys.stderr)


if __name__ == "__main__":
    main()

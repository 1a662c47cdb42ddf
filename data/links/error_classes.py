#!/usr/bin/env python3
"""Classify the linking errors of `tagger eval --links` (docs/linking.md, 2026-12-03).

Usage: error_classes.py TAGGER LINKS.tsv [--corpus-root DIR] [--list]

Runs `TAGGER eval --links LINKS.tsv --errors 1000 --json` and the default gazetteer's
CSV export, and puts each error (wrong kb_id, NIL mention given a kb_id, non-NIL mention
not linked) in one class:

  missing entry         the expected id is in no list (data/links/kb-missing.txt)
  romanized entry       wrong kb_id: the lists hold the entity only under a romanized id
                        (canonical name in Persian; its English name is missing)
  partial name          not linked: a surname or part of a name whose fuller form is another
                        mention of the same entity in the set (in-document coreference)
  missing alias         not linked: the entry exists, this spelling or form of it is no alias
  disambiguation        wrong kb_id between two real entries (namesake, club vs company,
                        newspaper «ایران» vs the country, a national team vs its country)
  NIL namesake          NIL mention given an English-named entry (a namesake, a branch)
  NIL induced entry     NIL mention given a corpus-induced (romanized) entry
  gold error            decided by hand: the row contradicts data/links/README.md's rules

Groups listed in data/links/error-overrides.tsv (kind, text, expected, class) take the
class written there ("gold error" is never guessed).  --list prints every group.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
PERSIAN = re.compile('[\u0600-\u06ff]')


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    tagger, links = argv[1], argv[2]
    extra = []
    if '--corpus-root' in argv:
        extra = ['--corpus-root', argv[argv.index('--corpus-root') + 1]]
    out = subprocess.run([tagger, 'eval', '--links', links, '--errors', '1000', '--json',
                          '--quiet'] + extra, capture_output=True, text=True, check=True).stdout
    errors = json.loads(out)['errors']
    gaz = os.path.join(os.path.dirname(tagger), 'data', 'gazetteer.bin')
    csvtext = subprocess.run([tagger, 'gazetteer', 'export', gaz, '--format', 'csv'],
                             capture_output=True, text=True, check=True).stdout
    names = {}
    for row in csv.DictReader(io.StringIO(csvtext)):
        names.setdefault(row['kb_id'], row['name'])
    rows = [r.rstrip('\n').split('\t') for r in open(links, encoding='utf-8')
            if r.strip() and not r.startswith('#')]
    texts = {}
    for r in rows:
        if len(r) >= 7:
            texts.setdefault(r[6], set()).add(' '.join(r[4].replace('\u200c', ' ').split()))
    overrides = {}
    path = os.path.join(HERE, 'error-overrides.tsv')
    if os.path.exists(path):
        for line in open(path, encoding='utf-8'):
            f = line.rstrip('\n').split('\t')
            if len(f) >= 4 and not line.startswith('#'):
                overrides[(f[0], f[1], f[2])] = f[3]
    counts, listing = Counter(), []
    for kind in ('wrong', 'nil_linked', 'unlinked'):
        for e in errors.get(kind, []):
            exp, got, text = e['expected'], e.get('got') or '-', e['text']
            key = (kind, text, exp)
            if key in overrides:
                cls = overrides[key]
            elif kind == 'nil_linked':
                cls = 'NIL induced entry' if PERSIAN.search(names.get(got, '')) else 'NIL namesake'
            elif exp not in names and not (kind == 'wrong' and PERSIAN.search(names.get(got, ''))):
                cls = 'missing entry'
            elif kind == 'wrong':
                cls = 'romanized entry' if PERSIAN.search(names.get(got, '')) else 'disambiguation'
            else:
                words = ' '.join(text.replace('\u200c', ' ').split())
                fuller = [t for t in texts.get(exp, ()) if t != words and
                          re.search(r'(^| )' + re.escape(words) + r'( |$)', t)]
                cls = 'partial name' if fuller else 'missing alias'
            counts[cls] += e['count']
            listing.append((cls, kind, e['count'], e['label'], text, exp, got))
    total = sum(counts.values())
    print('class\tmentions')
    for cls, n in counts.most_common():
        print(f'{cls}\t{n}')
    print(f'all\t{total}')
    if '--list' in argv:
        for item in sorted(listing):
            print('\t'.join(map(str, item)))


if __name__ == '__main__':
    main(sys.argv)

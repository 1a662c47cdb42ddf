#!/usr/bin/env python3
"""Add the titled names that parsner.py and peyma.py merged into an earlier entry
(gazetteers/build/merged-titles.txt, gazlib.title_merge: «پرزیدنت ترامپ» → donald-trump,
«امام حسین (ع)» → imam-husayn, «تیم فوتبال پرسپولیس» → persepolis-fc) as aliases of that entry,
in whichever list of gazetteers/fa holds it (issue 19: one entity, one kb_id); and the hand-written
aliases of extra-aliases.txt («دوبی» → dubai-ae, «دولت آمریکا» → united-states); and each news outlet's
name under the heads of its kind (gazlib.outlet_entries, outlet_heads_of: «روزنامه الحیات» for al-hayat's «الحیات», «شبکه
خبری بی‌بی‌سی»), since the tagger strips no outlet head to link («روزنامه مجلس» is not the Majlis),
unless another entry has that key.  An alias whose key
the entry already has is not added again, so a rerun changes nothing.  Run last (regenerate.sh).
"""
import collections
import os
from gazlib import GAZ, MERGED_TITLES, extra_aliases, key, load_lines, outlet_entries, outlet_heads_of


def main():
    add = collections.defaultdict(list)
    for l in load_lines(MERGED_TITLES):
        if l and not l.startswith("#"):
            _, kb, name = l.split("\t")
            add[kb].append(name)
    for kb, name in extra_aliases():          # hand-written aliases of generated entries
        add[kb].append(name)
    d = os.path.join(GAZ, "fa")
    owner = {}   # key -> kb_ids of the Persian lists' aliases
    for fn in sorted(os.listdir(d)):
        if fn.endswith(".tsv"):
            for l in load_lines(os.path.join(d, fn)):
                c = l.split("\t")
                if l and not l.startswith("#") and len(c) >= 3:
                    for a in [c[2]] + (c[3].split("|") if len(c) > 3 else []):
                        if a:
                            owner.setdefault(key(a.lstrip("?=")), set()).add(c[0])
    for kb, (heads, plain) in sorted(outlet_entries().items()):
        # the heads of the kinds its names use (gazlib.outlet_heads_of: «شبکه تلویزیونی سی ان ان»
        # from «شبکه خبری سی ان ان»); every head for an outlet known by its English name
        for h in outlet_heads_of(heads):
            for x in plain:
                n = h + " " + x
                if owner.get(key(n), {kb}) == {kb}:
                    add[kb].append(n)
    done = 0
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".tsv"):
            continue
        path = os.path.join(d, fn)
        lines = load_lines(path)
        changed = False
        for i, l in enumerate(lines):
            if not l or l.startswith("#"):
                continue
            c = l.split("\t")
            if c[0] not in add or len(c) < 3:
                continue
            while len(c) < 4:
                c.append("")
            have = {key(a.lstrip("?=")) for a in [c[2]] + c[3].split("|") if a}
            new = []
            for n in add[c[0]]:
                if key(n.lstrip("?=")) not in have:
                    have.add(key(n.lstrip("?=")))
                    new.append(n)
            if new:
                c[3] = "|".join([a for a in c[3].split("|") if a] + new)
                lines[i] = "\t".join(c)
                changed = True
                done += len(new)
        if changed:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write("\n".join(lines) + "\n")
    print("merge_titles: %d titled names and extra aliases added" % done)
    seen = set()
    for fn in sorted(os.listdir(d)):
        if fn.endswith(".tsv"):
            seen |= {l.split("\t", 1)[0] for l in load_lines(os.path.join(d, fn)) if l and not l.startswith("#")}
    for kb, _ in extra_aliases():
        if kb not in seen:
            print("  extra-aliases.txt: no Persian list holds %s: its aliases were not added" % kb)
            seen.add(kb)


if __name__ == "__main__":
    main()

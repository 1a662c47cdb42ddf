#!/usr/bin/env bash
# Builds the "none" (out-of-domain) documents of the topic models from text
# on this machine and a few Debian packages (docs/topics.md, "Round 3"):
# the Persian and English strings of message catalogs (/usr/share/locale and
# libreoffice-l10n-fa, firefox-esr-l10n-fa, gimp-data, krita-l10n), the
# Persian spelling dictionary (myspell-fa), the recipes of the Persian news
# corpora (Round 6), READMEs and changelogs under
# /usr/share/doc, man pages, Python docstrings, fortune cookies (fortunes)
# and WordNet glosses (wordnet-base); since Round 4 also the dictionaries
# dict-gcide and dict-devil and gourmand's USDA food names (English only).
# The packages are fetched with `apt-get download` and unpacked into a
# scratch folder, never installed.
# Nothing is committed: the documents go to OUTDIR/none-{fa,en}.{train,test}.jsonl
# (tools/topics/none_corpus.py says how they are cut and split).
# Usage: tools/topics/none-corpus.sh OUTDIR
#   SHARED_DIR=DIR  the shared corpora (default ../shared; its Persian recipes, Round 6)
#   NONE_DEBS=DIR  reuse (or keep) the downloaded packages there
# The documents depend on what is installed here (/usr/share/doc, man pages,
# catalogs): the same machine gives the same bytes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: none-corpus.sh OUTDIR}
py=$(command -v /usr/bin/python3 || command -v python3)
debs=${NONE_DEBS:-}
if [ -z "$debs" ]; then
  debs=$(mktemp -d)
  trap 'rm -rf "$debs"' EXIT
fi
mkdir -p "$debs/x" "$out"
pkgs=(libreoffice-l10n-fa firefox-esr-l10n-fa gimp-data krita-l10n myspell-fa fortunes fortunes-min wordnet-base
      dict-gcide dict-devil gourmand)
for p in "${pkgs[@]}"; do
  ls "$debs/${p}"_*.deb >/dev/null 2>&1 ||
    (cd "$debs" && apt-get download "$p" >/dev/null 2>&1) ||
    { echo "none-corpus: cannot download $p (apt-get update first?)" >&2; exit 2; }
done
for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$debs/x"; done
"$py" "$root/tools/topics/none_corpus.py" "$debs/x" "$out" "${SHARED_DIR:-$root/../shared}"

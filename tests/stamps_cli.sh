#!/usr/bin/env bash
# Verification stamps through the CLI (docs/hardening.md, "Verification
# stamps"): a start verifies the data files in full and stamps them in
# $XDG_CACHE_HOME/tagger (0700, stamps 0600); later starts give the same
# output; a data file damaged in place after it was stamped (same size, one
# byte flipped, so a new ctime) is refused with the same message as without
# stamps, both at once and once its change has settled; starts racing to
# stamp all work; a cache that cannot be used (a file in its place, a
# directory others may write to, no $HOME) changes nothing but the time;
# --verify-data and TAGGER_VERIFY_DATA=always write no stamp; a rebuilt
# data file's stamp is pruned when the new one is written, stamps in use
# are touched, a user's file in the cache is kept.
# Usage: stamps_cli.sh TAGGER SRCDIR
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
data=$(dirname "$tagger")/data
settle=6 # seconds: TG_STAMP_SETTLE_SEC (5) and one more

# a copy of the default data (the gazetteer, never verified at a start,
# linked); its files change only as this test says
mkdir "$tmp/data"
cp -r "$data/rules" "$data/rules.bin" "$data/models" "$tmp/data/"
ln -s "$data/gazetteer.bin" "$tmp/data/gazetteer.bin"
export TAGGER_DATA_DIR=$tmp/data XDG_CACHE_HOME=$tmp/cache
unset TAGGER_VERIFY_DATA
doc='Blinken met Lavrov in Geneva on 5 May 2024. وزیر امور خارجه ایران در تهران گفت.'
want=$(printf '%s' "$doc" | TAGGER_VERIFY_DATA=always "$tagger")
[ -e "$tmp/cache" ] && bad "TAGGER_VERIFY_DATA=always made the cache" || ok
printf '%s' "$doc" | "$tagger" --verify-data >/dev/null
[ -e "$tmp/cache" ] && bad "--verify-data made the cache" || ok

# --- files changed in the last seconds are not stamped
# (touched now: the starts above take seconds in a sanitizer build)
touch "$tmp/data/rules.bin" "$tmp/data/models"/*.bin
expect "fresh files: output" "$want" "$(printf '%s' "$doc" | "$tagger")"
expect "fresh files: no stamp" 0 "$(ls "$tmp/cache/tagger" 2>/dev/null | wc -l)"

# --- settled files: stamped (4 models and rules.bin), then trusted
sleep "$settle"
expect "first start: output" "$want" "$(printf '%s' "$doc" | "$tagger")"
expect "stamps" 5 "$(ls "$tmp/cache/tagger" | grep -c '\.stamp$')"
expect "cache directory mode" 700 "$(stat -c %a "$tmp/cache/tagger")"
expect "stamp modes" 600 "$(stat -c %a "$tmp/cache/tagger"/*.stamp | sort -u)"
expect "stamped start: output" "$want" "$(printf '%s' "$doc" | "$tagger")"
expect "stamped start, read whole: output" "$want" "$(printf '%s' "$doc" | "$tagger" --read-data)"
expect "stamped bulk run: output" "$(printf '{"text":"%s"}\n' "$doc" | TAGGER_VERIFY_DATA=always "$tagger" --jsonl -q -j 2)" \
  "$(printf '{"text":"%s"}\n' "$doc" | "$tagger" --jsonl -q -j 2)"

# --- damaged in place after stamping: same size, one byte flipped
flip() { # FILE OFFSET
  python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0] ^ 1]))' "$1" "$2"
}
flip "$tmp/data/models/topics-en.bin" 5000
flip "$tmp/data/rules.bin" 4000
topics_msg="tagger: error: $tmp/data/models/topics-en.bin: checksum mismatch (corrupt file)"
rules_msg="tagger: error: $tmp/data/rules.bin: compiled rules file damaged (checksum mismatch); rebuild it with 'tagger rules compile -o $tmp/data/rules.bin' or delete it"
damaged() { # NAME: both files refused, as without stamps
  printf x | "$tagger" --no-topics >/dev/null 2>"$tmp/err"; expect "$1: rules.bin exit" 3 $?
  expect "$1: rules.bin message" "$rules_msg" "$(cat "$tmp/err")"
  printf x | "$tagger" --no-default-rules >/dev/null 2>"$tmp/err"; expect "$1: topic model exit" 3 $?
  expect "$1: topic model message" "$topics_msg" "$(cat "$tmp/err")"
  printf x | TAGGER_VERIFY_DATA=always "$tagger" --no-default-rules >/dev/null 2>"$tmp/err"
  expect "$1: the same message without stamps" "$topics_msg" "$(cat "$tmp/err")"
}
damaged "damaged just now"
sleep "$settle"
damaged "damaged, settled"
# the good bytes back (another version of the file): verified, stamped again
flip "$tmp/data/models/topics-en.bin" 5000
flip "$tmp/data/rules.bin" 4000
sleep "$settle"
expect "repaired: output" "$want" "$(printf '%s' "$doc" | "$tagger")"
expect "repaired: stamped output" "$want" "$(printf '%s' "$doc" | "$tagger")"

# --- pruning: a data file rebuilt (a new file renamed over it) leaves no
# stamp behind once a start stamps the new one; stamps in use are touched
# (once a day), so that age does not prune them; other files are kept
cache=$tmp/cache/tagger
cp "$tmp/data/models/ner-en.bin" "$tmp/new.bin" && mv "$tmp/new.bin" "$tmp/data/models/ner-en.bin"
touch -d '2 days ago' "$cache"/*.stamp
printf 'a note\n' > "$cache/notes.txt" && touch -d '400 days ago' "$cache/notes.txt"
sleep "$settle"
expect "rebuilt: output" "$want" "$(printf '%s' "$doc" | "$tagger")"
expect "rebuilt: the old stamp removed" 5 "$(ls "$cache" | grep -c '\.stamp$')"
expect "stamps in use touched" 5 "$(find "$cache" -name '*.stamp' -mmin -10 | wc -l)"
expect "a user's file in the cache kept" "a note" "$(cat "$cache/notes.txt")"
rm "$cache/notes.txt"

# --- starts racing to stamp: every one works, valid stamps are left
rm -rf "$tmp/cache"
for i in 1 2 3 4; do
  (printf '%s' "$doc" | "$tagger" > "$tmp/race$i.out" 2>&1; echo $? > "$tmp/race$i.rc") &
done
wait
for i in 1 2 3 4; do
  expect "race $i: exit" 0 "$(cat "$tmp/race$i.rc")"
  expect "race $i: output" "$want" "$(cat "$tmp/race$i.out")"
done
expect "race: stamps, no temporary file" 5 "$(ls "$tmp/cache/tagger" | wc -l)"
expect "after the race: output" "$want" "$(printf '%s' "$doc" | "$tagger")"

# --- caches that cannot be used: the same output, quietly
: > "$tmp/file"
out=$(printf '%s' "$doc" | XDG_CACHE_HOME=$tmp/file "$tagger" 2>"$tmp/err")
expect "cache under a file: output" "$want" "$out"
expect "cache under a file: stderr" "" "$(cat "$tmp/err")"
mkdir -p "$tmp/open/tagger" && chmod 777 "$tmp/open/tagger"
expect "cache others may write to: output" "$want" \
  "$(printf '%s' "$doc" | XDG_CACHE_HOME=$tmp/open "$tagger" 2>&1)"
expect "cache others may write to: no stamp" 0 "$(ls "$tmp/open/tagger" | wc -l)"
if [ "$(id -u)" = 0 ]; then # root ignores permissions; another owner it does not
  mkdir -p "$tmp/theirs/tagger" && chown nobody "$tmp/theirs/tagger" && chmod 700 "$tmp/theirs/tagger"
  expect "another user's cache: output" "$want" \
    "$(printf '%s' "$doc" | XDG_CACHE_HOME=$tmp/theirs "$tagger" 2>&1)"
  expect "another user's cache: no stamp" 0 "$(ls "$tmp/theirs/tagger" | wc -l)"
else
  mkdir -p "$tmp/ro/tagger" && chmod 500 "$tmp/ro/tagger"
  expect "read-only cache: output" "$want" \
    "$(printf '%s' "$doc" | XDG_CACHE_HOME=$tmp/ro "$tagger" 2>&1)"
fi
expect "no HOME, no XDG_CACHE_HOME: output" "$want" \
  "$(printf '%s' "$doc" | env -u HOME -u XDG_CACHE_HOME "$tagger" 2>&1)"
expect "a relative XDG_CACHE_HOME: output" "$want" \
  "$(cd "$tmp" && printf '%s' "$doc" | HOME=$tmp/home XDG_CACHE_HOME=rel "$tagger" 2>&1)"
[ -e "$tmp/rel" ] && bad "a relative XDG_CACHE_HOME made a cache" || ok
expect "a relative XDG_CACHE_HOME: \$HOME/.cache/tagger instead" 5 \
  "$(ls "$tmp/home/.cache/tagger" | wc -l)"
finish

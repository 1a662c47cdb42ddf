#!/usr/bin/env bash
# readme.sh — runs every command README.md shows and compares what it prints
# with what the README says it prints, so that no example can go stale.
# Usage: readme.sh TAGGER SRCDIR [--no-library]
#
# What README.md must look like (this test enforces it):
# - At most 400 lines.
# - Shell commands stand only in ```console blocks.  A line "$ CMD" is a
#   command; lines right after it that start with "> " continue it (a
#   here-document), and so does the line after one that ends with "\".
#   The lines after it, up to the next "$ " or the end of the block, are
#   what it prints: standard output and standard error together, as a
#   terminal shows them.  They are compared line for line, exactly, except
#   that a line "..." matches any number of lines.
# - Every fence has an info string; a block that is not `console` has no
#   line starting with "$ ", "tagger ", "build/tagger " or "make ", and none
#   is `sh`, `bash` or `shell`: a shell command shown is a command run.
# - A fenced block right after the line "<!-- file: NAME -->" is written to
#   NAME in the working directory when the test reaches it (a C program the
#   next commands compile, say).
# - A command's first word is one of: tagger printf cat head cut wc cmp truncate
#   parallel cc ./PROGRAM PYTHONPATH=python (the Python package, run with
#   the build's library: TAGGER_BUILD_DIR).  The only commands shown but not run are
#   `make run`, `make test` and `make install ...`: they install packages,
#   build and test everything (`make test` runs this test) or install
#   system-wide, minutes each; they must show no output.
#
# How the commands run: each in its own `bash -c` (standard input from
# /dev/null), in a scratch directory that holds copies of data/samples,
# data/splits, data/links, examples/ and python/ (so the README's paths work as from the top of
# the repository) and a link ../shared to the shared corpora when they exist
# beside SRCDIR; the directory of TAGGER is first on PATH; LC_ALL=C.UTF-8.
# Commands that mention ../shared are skipped, with a message, when it is
# absent (a parallel command when GNU parallel is not installed).  cc and
# ./PROGRAM commands use a staged install (cmake --install into a scratch
# prefix, which is what `make install` runs) through PKG_CONFIG_PATH and
# LD_LIBRARY_PATH; --no-library skips them (the sanitizer build: its
# library needs the sanitizer runtime at link time).
set -eu
tagger=$1 src=$2 library=1
[ "${3:-}" = --no-library ] && library=0
. "$(dirname "$0")/lib.sh"
readme=$src/README.md
bin=$(cd "$(dirname "$tagger")" && pwd)

# --- the matcher: want[] against got[], "..." matching any lines
want=() got=()
# match I J: want[I..] matches got[J..]
match() {
  local i=$1 j=$2 k
  while [ "$i" -lt "${#want[@]}" ]; do
    if [ "${want[i]}" = "..." ]; then
      for ((k = j; k <= ${#got[@]}; k++)); do
        match $((i + 1)) "$k" && return 0
      done
      return 1
    fi
    [ "$j" -lt "${#got[@]}" ] && [ "${want[i]}" = "${got[j]}" ] || return 1
    i=$((i + 1)) j=$((j + 1))
  done
  [ "$j" -ge "${#got[@]}" ]
}
# trim: drops the empty lines at the end of want[] and got[]
trim() {
  while [ "${#want[@]}" -gt 0 ] && [ -z "${want[-1]}" ]; do unset 'want[-1]'; done
  while [ "${#got[@]}" -gt 0 ] && [ -z "${got[-1]}" ]; do unset 'got[-1]'; done
}
selftest() { # NAME WANT-RESULT "want lines" "got lines"
  mapfile -t want <<<"$3"; mapfile -t got <<<"$4"; trim
  if match 0 0; then r=yes; else r=no; fi
  expect "matcher: $1" "$2" "$r"
}
selftest "exact" yes $'a\nb' $'a\nb'
selftest "one line differs" no $'a\nb' $'a\nc'
selftest "a line more" no $'a' $'a\nb'
selftest "... matches lines" yes $'a\n...\nd' $'a\nb\nc\nd'
selftest "... matches none" yes $'a\n...\nd' $'a\nd'
selftest "... and a wrong end" no $'a\n...\nd' $'a\nb\nc'
selftest "two ..." yes $'...\nb\n...' $'a\nb\nc'

# --- the length
lines=$(wc -l < "$readme")
[ "$lines" -le 400 ] && ok || bad "README.md has $lines lines (at most 400)"

# --- the scratch repository
work=$tmp/repo
mkdir -p "$work/data"
cp -R "$src/data/samples" "$src/data/splits" "$src/data/links" "$work/data/"
cp -R "$src/examples" "$src/python" "$work/"
shared=0
if [ -d "$src/../shared/corpora" ]; then
  ln -s "$(cd "$src/../shared" && pwd)" "$tmp/shared"
  shared=1
fi
if [ "$library" = 1 ]; then
  cmake --install "$bin" --prefix "$tmp/prefix" >/dev/null
  libdir=$(ls -d "$tmp/prefix"/lib*/ | head -1)
  export PKG_CONFIG_PATH=$libdir/pkgconfig LD_LIBRARY_PATH=$libdir
fi
export PATH=$bin:$PATH LC_ALL=C.UTF-8 TAGGER_BUILD_DIR=$bin
unset TAGGER_DATA_DIR

ran=0 skipped=0
# run LINE CMD EXPECTED: runs one command and compares its output
run() {
  local at=$1 cmd=$2 expected=$3 first
  first=${cmd%%[[:space:]]*}
  case $first in
    make)
      if [[ $cmd =~ ^make\ (run|test|install)([[:space:]]|$) ]]; then
        [ -z "$expected" ] && ok || bad "README.md:$at: '$cmd' is not run, so it may show no output"
      else
        bad "README.md:$at: '$cmd': of make, only run, test and install may be shown"
      fi
      return ;;
    tagger|printf|cat|head|cut|wc|cmp|truncate|parallel|cc|./*|PYTHONPATH=python) ;;
    *) bad "README.md:$at: '$first' is not a command this test runs ($cmd)"; return ;;
  esac
  if [[ $cmd == *../shared* ]] && [ "$shared" = 0 ]; then
    echo "skipped (../shared is absent): README.md:$at: $cmd"; skipped=$((skipped + 1)); return
  fi
  if [ "$first" = parallel ] && ! command -v parallel >/dev/null; then
    echo "skipped (GNU parallel is not installed; make run installs it): README.md:$at: $cmd"
    skipped=$((skipped + 1)); return
  fi
  if [[ $first == cc || $first == ./* || $first == PYTHONPATH=* ]] && [ "$library" = 0 ]; then
    echo "skipped (--no-library): README.md:$at: $cmd"; skipped=$((skipped + 1)); return
  fi
  (cd "$work" && timeout 60 bash -c "$cmd") < /dev/null > "$tmp/out" 2>&1 || true
  mapfile -t got < "$tmp/out"
  mapfile -t want < <(printf '%s' "$expected")
  trim
  ran=$((ran + 1))
  if match 0 0; then
    ok
  else
    bad "README.md:$at: \$ $cmd"
    diff <(printf '%s\n' "${want[@]}") "$tmp/out" | head -n 40 || true
  fi
}

# --- walk README.md
fence="" file="" pending="" body="" cmd="" cmd_at=0 expected="" n=0
flush() { # runs the command collected so far, if any
  if [ -n "$cmd" ]; then run "$cmd_at" "$cmd" "$expected"; fi
  cmd="" expected=""
}
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  if [ -z "$fence" ]; then
    if [[ $line =~ ^\<!--\ file:\ ([^ ]+)\ --\>$ ]]; then
      pending=${BASH_REMATCH[1]}
    elif [[ $line == '```'* ]]; then
      fence=${line#'```'} file=$pending pending="" body=""
      case $fence in
        "") bad "README.md:$n: a fence without an info string (console, c, json, text...)"; fence=text ;;
        sh|bash|shell) bad "README.md:$n: a '$fence' block: shell commands go in console blocks" ;;
      esac
    elif [ -n "$line" ]; then
      pending=""
    fi
    continue
  fi
  if [[ $line == '```' ]]; then # the end of a block
    if [ "$fence" = console ]; then
      flush
    elif [ -n "$file" ]; then
      printf '%s' "$body" > "$work/$file"
    fi
    fence="" file=""
    continue
  fi
  if [ "$fence" != console ]; then
    case $line in
      '$ '*|'tagger '*|'build/tagger '*|'make '*)
        bad "README.md:$n: a command in a '$fence' block (commands go in console blocks): $line" ;;
    esac
    body+=$line$'\n'
    continue
  fi
  if [[ $line == '$ '* ]]; then
    flush
    cmd=${line#'$ '} cmd_at=$n
  elif [ -n "$cmd" ] && [ -z "$expected" ] && [[ $line == '>' || $line == '> '* || $cmd == *\\ ]]; then
    if [[ $cmd == *\\ ]]; then rest=$line; else rest=${line#>}; rest=${rest# }; fi
    cmd+=$'\n'$rest
  elif [ -n "$cmd" ]; then
    expected+=$line$'\n'
  elif [ -n "$line" ]; then
    bad "README.md:$n: output before any command in a console block: $line"
  fi
done < "$readme"
[ -z "$fence" ] || bad "README.md: a block is not closed"

[ "$ran" -ge 10 ] && ok || bad "only $ran commands ran"
echo "$ran commands run, $skipped skipped"
finish

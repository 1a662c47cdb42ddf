#!/usr/bin/env bash
# Every command path answers --help and -h: exit 0, its usage on stdout
# (first line checked exactly), nothing on stderr, and this wherever the
# flag stands (after options, even ones naming files that do not exist).
# `tagger gazetteer ... --help` is tested by gazetteer_export.sh.  Usage: help_cli.sh TAGGER
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"

tag='Usage: tagger [OPTIONS] [FILE]'
bulk='Usage: tagger --jsonl [OPTIONS] [FILE]'
topics='Usage: tagger topics train --train FILE.jsonl... -o MODEL [OPTIONS]'
ner='Usage: tagger ner train (--train FILE... | --train-list LIST) [--dev FILE... |'
rules='Usage: tagger rules test [FILE.rules...]'
eval='Usage: tagger eval [OPTIONS] --gold FILE...'
# ARGS (before the flag) | the usage's first line
cases=(
  "|$tag"
  "--pretty --date 2024-12-06|$tag"
  "/nonexistent.txt|$tag"
  "--jsonl|$bulk"
  "-r /nonexistent|$bulk"
  "-j 2 --text-field body|$bulk"
  "normalize|Usage: tagger normalize [OPTIONS] [FILE]"
  "normalize --key|Usage: tagger normalize [OPTIONS] [FILE]"
  "tokenize|Usage: tagger tokenize [OPTIONS] [FILE]"
  "eval|$eval"
  "eval --gold /nonexistent|$eval"
  "eval --format conll --gold-list /nonexistent|$eval"
  "topics|$topics"
  "topics train|$topics"
  "topics train --train /nonexistent -o /nonexistent/m.bin|$topics"
  "topics eval|$topics"
  "topics eval --model /nonexistent /nonexistent.jsonl|$topics"
  "ner|$ner"
  "ner train|$ner"
  "ner train --train /nonexistent --dev /nonexistent|$ner"
  "ner eval|$ner"
  "ner eval --model /nonexistent --gold /nonexistent|$ner"
  "rules|$rules"
  "rules test|$rules"
  "rules test /nonexistent.rules|$rules"
  "rules compile|$rules"
  "rules compile -o /nonexistent/rules.bin|$rules"
)
for c in "${cases[@]}"; do
  args=${c%%|*} want=${c#*|}
  for h in --help -h; do
    # shellcheck disable=SC2086
    out=$("$tagger" $args $h </dev/null 2>"$tmp/err"); rc=$?
    expect "tagger $args $h: exit" 0 $rc
    expect "tagger $args $h: first line" "$want" "$(printf '%s\n' "$out" | head -1)"
    expect "tagger $args $h: stderr" "" "$(cat "$tmp/err")"
  done
done

# every command `tagger --help` lists is among the cases above
cmds=$("$tagger" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && $1 != "Commands:" && $1 != "(none)" {print $1}')
expect "commands listed" "normalize tokenize gazetteer rules eval topics ner" "$(echo $cmds)"
for cmd in $cmds; do
  [ "$cmd" = gazetteer ] && continue
  case " ${cases[*]} " in *" $cmd|"*) ok ;; *) bad "no --help case for '$cmd'" ;; esac
done

# --date is an option of the document, not a limit: listed before "Limits"
help=$("$tagger" --help)
before=${help%%Limits (README*}
case $before in *"--date YYYY-MM-DD"*) ok ;; *) bad "--date not among the options" ;; esac
case ${help#*Limits (README} in *"--date"*) bad "--date still under Limits" ;; *) ok ;; esac

# a command without arguments still asks for them: usage on stderr, exit 2
for cmd in topics ner rules; do
  "$tagger" $cmd </dev/null >"$tmp/out" 2>"$tmp/err"; expect "tagger $cmd: exit" 2 $?
  expect "tagger $cmd: stdout" "" "$(cat "$tmp/out")"
done
finish

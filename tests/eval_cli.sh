#!/usr/bin/env bash
# `tagger eval` on the small gold fixtures of tests/eval/: gold reading
# (document, sentence, token and entity counts), malformed lines, options,
# error texts and exit codes, the JSON structure.  Usage: eval_cli.sh TAGGER SRCDIR
#
# The scores of the live tagger change as its lists grow, so exact tables
# are asserted with --map PERSON=UNSCORED, which maps every prediction to a
# label that is not scored: the gold side and the layout are then fixed.
# The scorer itself is tested with hand-made predictions in test_eval.c.
set -u
tagger=$1 src=$2
fx=$src/tests/eval
. "$(dirname "$0")/lib.sh"

# run ARGS...: stdout in $tmp/out, stderr in $tmp/err, exit status in $rc
run() { "$tagger" eval "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
line() { sed -n "${1}p" "$tmp/out"; }
# the table rows as LABEL:GOLD, space-separated
rows() { awk 'NR > 8 { if (NF == 0) exit; print $1 ":" $2 }' "$tmp/out" | paste -sd' '; }
fixed=(--map PERSON=UNSCORED)

# --- help
run --help; expect "--help exit" 0 $rc
for want in "Usage: tagger eval" "--gold-list LIST" "--corpus-root DIR" "--labels" \
            "--map T=G" "--errors N" "--json" "trimmed" "overlap"; do
  grep -qF -- "$want" "$tmp/out" && ok || bad "--help lacks '$want'"
done

# --- a directory of PEYMA files (CRLF, B_ORG, I- without B-, a token with
# a space, Arabic letters, ZWNJ, an empty file), the whole output
run --gold "$fx/peyma" "${fixed[@]}" --errors 10; expect "peyma exit" 0 $rc
grep -v '^predicted:' "$tmp/out" > "$tmp/out.fixed"
if diff -u "$fx/peyma.expected" "$tmp/out.fixed" > "$tmp/diff"; then ok; else bad "peyma output:"; cat "$tmp/diff"; fi
expect "peyma stderr" "" "$(cat "$tmp/err")"
grep -q '^predicted: entities [0-9]*, unmapped [0-9]*$' "$tmp/out" && ok || bad "predicted line"

# --- ParsNER (BOM, three columns), CoNLL (-DOCSTART-), JSONL
run --gold "$fx/parsner.pos" "${fixed[@]}"; expect "parsner exit" 0 $rc
expect "parsner format" "format: parsner" "$(line 1)"
expect "parsner gold" "gold: files 1, empty files 0, documents 1, sentences 2, tokens 14, malformed lines 0" "$(line 2)"
expect "parsner entities" "gold entities: LOC 1, MISC 1, ORG 1, PERS 2" "$(line 3)"
expect "parsner rows" "PERS:2 LOC:1 ORG:1 MISC:1 micro:5" "$(rows)"

run --gold "$fx/conll.txt" "${fixed[@]}"; expect "conll exit" 0 $rc
expect "conll format" "format: conll" "$(line 1)"
expect "conll gold" "gold: files 1, empty files 0, documents 2, sentences 3, tokens 9, malformed lines 0" "$(line 2)"
expect "conll entities" "gold entities: LOC 1, MISC 1, ORG 1, PER 1" "$(line 3)"

run --gold "$fx/gold.jsonl" "${fixed[@]}" --errors 5; expect "jsonl exit" 0 $rc
expect "jsonl format" "format: jsonl" "$(line 1)"
expect "jsonl gold" "gold: files 1, empty files 0, documents 2, malformed lines 0" "$(line 2)"
expect "jsonl entities" "gold entities: GPE 2, ORG 1, PERSON 1" "$(line 3)"
expect "jsonl rows" "GPE:2 ORG:1 PERSON:1 micro:4" "$(rows)"
# code point offsets: the Persian entities come out whole
grep -qF '      1  ORG  سازمان ملل  | [[سازمان ملل]] در نیویورک' "$tmp/out" && ok || bad "jsonl code point offsets"

# --- malformed lines: reported with file:line, skipped, counted
run --gold "$fx/malformed.txt" "${fixed[@]}"; expect "malformed exit" 0 $rc
expect "malformed reports" "tagger: warning: $fx/malformed.txt:2: no tag (expected TOKEN<TAB>TAG); line skipped
tagger: warning: $fx/malformed.txt:3: unknown tag 'Q-LOC' (expected O, B-X or I-X); line skipped
tagger: warning: $fx/malformed.txt:4: invalid UTF-8; line skipped
tagger: warning: $fx/malformed.txt:5: empty token; line skipped" "$(cat "$tmp/err")"
expect "malformed gold" "gold: files 1, empty files 0, documents 1, sentences 1, tokens 2, malformed lines 4" "$(line 2)"
run --gold "$fx/malformed.txt" --quiet; expect "--quiet exit" 0 $rc
expect "--quiet stderr" "" "$(cat "$tmp/err")"
expect "--quiet still counts" "gold: files 1, empty files 0, documents 1, sentences 1, tokens 2, malformed lines 4" "$(line 2)"

# --- a list of files relative to a corpus root; several --gold files
run --gold-list "$fx/list.txt" --corpus-root "$fx" "${fixed[@]}"; expect "--gold-list exit" 0 $rc
expect "--gold-list gold" "gold: files 2, empty files 0, documents 2, sentences 3, tokens 20, malformed lines 0" "$(line 2)"
run --gold "$fx/peyma/c-empty.txt" "$fx/conll.txt"; expect "two files exit" 0 $rc
expect "format from the first file with content" "format: conll" "$(line 1)"
expect "empty file counted" "gold: files 2, empty files 1, documents 2, sentences 3, tokens 9, malformed lines 0" "$(line 2)"
run --gold "$fx/peyma/c-empty.txt"; expect "only an empty file exit" 0 $rc
expect "only an empty file" "format: auto
gold: files 1, empty files 1, documents 0, sentences 0, tokens 0, malformed lines 0
gold entities: none" "$(sed -n 1,3p "$tmp/out")"

# --- --labels, --format
run --gold "$fx/peyma" "${fixed[@]}" --labels LOC,PER; expect "--labels exit" 0 $rc
expect "--labels rows" "LOC:3 PER:1 micro:4" "$(rows)"
run --gold "$fx/conll.txt" --format peyma; expect "--format exit" 0 $rc
expect "--format forced" "format: peyma" "$(line 1)"
expect "--format default map" "map: PERSON=PER GPE=LOC LOC=LOC FAC=LOC ORG=ORG DATE=DAT TIME=TIM MONEY=MON PERCENT=PCT" "$(line 4)"

# --- JSON: the documented structure, with the live tagger's predictions
run --gold "$fx/parsner.pos" --json --errors 3; expect "--json exit" 0 $rc
python3 - "$tmp/out" <<'PY' && ok || bad "--json structure"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, "one line"
d = json.loads(lines[0])
assert list(d) == ["format", "gold", "map", "predicted", "documents_not_scored", "labels", "micro", "errors"], list(d)
assert d["format"] == "parsner"
assert d["gold"] == {"files": 1, "empty_files": 0, "documents": 1, "sentences": 2, "tokens": 14,
                     "malformed_lines": 0, "entities": {"LOC": 1, "MISC": 1, "ORG": 1, "PERS": 2}}, d["gold"]
assert d["map"] == {"PERSON": "PERS", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG",
                    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC"}, d["map"]
assert set(d["predicted"]) == {"entities", "unmapped"}
assert list(d["labels"]) == ["PERS", "LOC", "ORG", "MISC"]
for s in list(d["labels"].values()) + [d["micro"]]:
    assert list(s) == ["gold", "pred", "exact", "overlap"], s
    assert list(s["exact"]) == ["match", "precision", "recall", "f1"]
    assert list(s["overlap"]) == ["pred_hit", "gold_hit", "precision", "recall", "f1"]
    for k in ("precision", "recall", "f1"):
        assert 0 <= s["exact"][k] <= 1 and 0 <= s["overlap"][k] <= 1
    assert s["exact"]["match"] <= min(s["gold"], s["pred"])
assert d["micro"]["gold"] == 5
assert sum(v["pred"] for v in d["labels"].values()) == d["micro"]["pred"]
assert set(d["errors"]) == {"false_positives", "false_negatives"}
for e in d["errors"]["false_negatives"] + d["errors"]["false_positives"]:
    assert {"text", "label", "count", "context"} <= set(e) and "[[" in e["context"], e
assert len(d["errors"]["false_negatives"]) <= 3
PY

# --- usage and I/O errors: exit 2 and the exact message
err_case() { # NAME WANT_MESSAGE ARGS...
  local name=$1 want=$2; shift 2
  run "$@"; expect "$name exit" 2 $rc; expect "$name message" "$want" "$(cat "$tmp/err")"
}
err_case "missing file" "tagger: error: cannot open '$tmp/nope.txt': No such file or directory" --gold "$tmp/nope.txt"
err_case "missing list" "tagger: error: cannot open '$tmp/nope.txt': No such file or directory" --gold-list "$tmp/nope.txt"
printf 'peyma/a.txt\npeyma/zz.txt\n' > "$tmp/list.txt"
err_case "missing listed file" "tagger: error: cannot open '$fx/peyma/zz.txt': No such file or directory" \
  --gold-list "$tmp/list.txt" --corpus-root "$fx"
err_case "no gold" "tagger: error: no gold data: give --gold FILE... or --gold-list LIST (see --help)"
err_case "--gold without files" "tagger: error: no gold data: give --gold FILE... or --gold-list LIST (see --help)" --gold --json
err_case "stray argument" "tagger: error: unexpected argument 'x.txt' (gold files follow --gold)" x.txt
err_case "unknown option" "tagger: error: unknown option '--bogus' (see --help)" --gold "$fx/conll.txt" --bogus
err_case "bad --format" "tagger: error: --format: expected conll, peyma, parsner or jsonl, got 'xml'" --format xml --gold "$fx/conll.txt"
err_case "bad --map" "tagger: error: --map: expected TAGGER_LABEL=GOLD_LABEL, got 'PERSON'" --map PERSON --gold "$fx/conll.txt"
err_case "--map twice" "tagger: error: --map: 'GPE' is mapped twice" --map GPE=LOC,GPE=ORG --gold "$fx/conll.txt"
err_case "bad --labels" "tagger: error: --labels: expected LABEL,LABEL,..., got 'PER,,LOC'" --labels PER,,LOC --gold "$fx/conll.txt"
err_case "bad --errors" "tagger: error: --errors: expected a count from 0 to 1000000, got 'ten'" --errors ten --gold "$fx/conll.txt"
err_case "missing value" "tagger: error: --labels needs a value (see --help)" --gold "$fx/conll.txt" --labels
err_case "--corpus-root alone" "tagger: error: --corpus-root applies to --gold-list only" --gold "$fx/conll.txt" --corpus-root "$fx"

# --- a document the tagger rejects: reported, not scored, exit 1
run --gold "$fx/peyma" --max-doc-bytes 100; expect "unscored exit" 1 $rc
expect "unscored message" "tagger: error: $fx/peyma/a.txt:1: document not scored: document of 124 bytes exceeds the limit of 100 bytes" "$(cat "$tmp/err")"
expect "unscored count" "documents not scored: 1" "$(line 6)"

# --- a gazetteer that fails to load: exit 3
run --gazetteer "$fx/conll.txt" --gold "$fx/conll.txt"; expect "load error exit" 3 $rc
case $(cat "$tmp/err") in "tagger: error: "*) ok ;; *) bad "load error text: $(cat "$tmp/err")" ;; esac
# --- closed stdout: exit 2, never a crash
"$tagger" eval --gold "$fx/conll.txt" >&- 2>"$tmp/err"; expect "closed stdout exit" 2 $?

finish

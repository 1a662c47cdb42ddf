#!/usr/bin/env bash
# `tagger ner train|eval` and the entity model options of `tagger`, on the
# fixtures in tests/ner/: training twice gives the same bytes (and another
# seed other bytes), a tiny model tags a new sentence as checked by hand,
# gazetteer entries give model spans their kb_id and a priority=100 entry
# wins over the model, --no-model, word clusters (--clusters: TSV or a
# model's table), prediction history (a name's label follows what the
# model said of it earlier in the document, and each document starts
# afresh), feature and word dropout, averaged runs, --doc-sentences,
# corrupt and older-version models and models of other normalization
# tables (their fingerprint) are rejected (exit 3), usage errors
# (exit 2), and ner eval.  Usage: ner_cli.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
fx=$src/tests/ner
. "$(dirname "$0")/lib.sh"
ents() { python3 -c 'import json,sys
for e in json.load(sys.stdin)["entities"]:
    print("%s|%s|%s|%s" % (e["text"], e["label"], e["source"], e.get("kb_id", "")))'; }
bare=(--no-default-gazetteer --no-default-rules --no-topics)

# --- train: deterministic, progress per epoch
train() { "$tagger" ner train --train "$fx/train.txt" --bits 12 --epochs 8 \
            --no-default-gazetteer --no-default-rules "$@"; }
train -o "$tmp/a.bin" 2> "$tmp/train.err"; expect "train exit" 0 $?
train -q -o "$tmp/b.bin"; expect "train -q exit" 0 $?
cmp -s "$tmp/a.bin" "$tmp/b.bin"; expect "same bytes twice" 0 $?
train -q --seed 7 -o "$tmp/c.bin"
cmp -s "$tmp/a.bin" "$tmp/c.bin"; expect "another seed, other bytes" 1 $?
case $(cat "$tmp/train.err") in
  *"read 1 training documents (22 entities)"*"labels PERSON GPE ORG"*"epoch 8/8"*"wrote"*) ok ;;
  *) bad "train progress: $(cat "$tmp/train.err")" ;;
esac
train -q --bio -o "$tmp/bio.bin"; expect "--bio exit" 0 $?
train -q --dev "$fx/train.txt" -o "$tmp/d.bin" 2>/dev/null
cmp -s "$tmp/a.bin" "$tmp/d.bin"; expect "dev documents do not change the model" 0 $?
train --dev "$fx/train.txt" -o "$tmp/d.bin" 2>&1 | grep -q 'epoch 8/8: .*dev P 100.00 R 100.00 F1 100.00'
expect "dev scores per epoch" 0 $?

# --- word clusters (--clusters): stored in the model, deterministic, used,
#     reusable from a model file
train -q --clusters "$fx/clusters.tsv" -o "$tmp/cl.bin"; expect "--clusters exit" 0 $?
train -q --clusters "$fx/clusters.tsv" -o "$tmp/cl2.bin"
cmp -s "$tmp/cl.bin" "$tmp/cl2.bin"; expect "clusters: same bytes twice" 0 $?
cmp -s "$tmp/a.bin" "$tmp/cl.bin"; expect "clusters change the model" 1 $?
train -q --clusters "$tmp/cl.bin" -o "$tmp/cl4.bin"
cmp -s "$tmp/cl.bin" "$tmp/cl4.bin"; expect "clusters reused from a model: same bytes" 0 $?
train -q --clusters "$tmp/a.bin" -o "$tmp/x.bin" 2>"$tmp/err"; expect "model without clusters exit" 2 $?
case $(cat "$tmp/err") in *"a.bin: the model has no word clusters"*) ok ;; *) bad "no clusters: $(cat "$tmp/err")" ;; esac
train --clusters "$fx/clusters.tsv" --cluster-window 2 -o "$tmp/cl3.bin" 2>&1 |
  grep -q 'features per training token, 16 words in the cluster table'
expect "clusters: words reported" 0 $?
printf 'alice\t1\nbob\t1\t2\n' > "$tmp/bad.tsv"
train -q --clusters "$tmp/bad.tsv" -o "$tmp/x.bin" 2>"$tmp/err"; expect "ragged cluster file exit" 2 $?
case $(cat "$tmp/err") in *"bad.tsv:2: expected 1 to 4 cluster ids"*) ok ;; *) bad "ragged clusters: $(cat "$tmp/err")" ;; esac
train -q --clusters "$tmp/missing.tsv" -o "$tmp/x.bin" 2>/dev/null; expect "missing cluster file exit" 2 $?
train -q --clusters "$fx/clusters.tsv" --cluster-window 3 -o "$tmp/x.bin" 2>/dev/null; expect "bad --cluster-window" 2 $?

# --- prediction history and feature dropout: deterministic, in the model
train -q --history --dropout 0.2 -o "$tmp/hd.bin"; expect "--history --dropout exit" 0 $?
train -q --history --dropout 0.2 -o "$tmp/hd2.bin"
cmp -s "$tmp/hd.bin" "$tmp/hd2.bin"; expect "history, dropout: same bytes twice" 0 $?
cmp -s "$tmp/a.bin" "$tmp/hd.bin"; expect "history and dropout change the model" 1 $?
train -q --dropout 0.95 -o "$tmp/x.bin" 2>"$tmp/err"; expect "bad --dropout exit" 2 $?
case $(cat "$tmp/err") in *"--dropout: expected a number from 0 to 0.9, got '0.95'"*) ok ;; *) bad "bad --dropout: $(cat "$tmp/err")" ;; esac
train -q --word-dropout 1 -o "$tmp/x.bin" 2>"$tmp/err"; expect "bad --word-dropout exit" 2 $?
case $(cat "$tmp/err") in *"--word-dropout: expected a number from 0 to 0.9, got '1'"*) ok ;; *) bad "bad --word-dropout: $(cat "$tmp/err")" ;; esac
train -q --word-dropout 0.3 -o "$tmp/wd.bin"
cmp -s "$tmp/hd.bin" "$tmp/wd.bin"; expect "word dropout changes the model" 1 $?
# --runs: the mean of models of seeds 1..3, deterministic, progress per run
train --runs 3 --dev "$fx/train.txt" -o "$tmp/r3.bin" 2>"$tmp/train.err"; expect "--runs exit" 0 $?
train -q --runs 3 -o "$tmp/r3b.bin"
cmp -s "$tmp/r3.bin" "$tmp/r3b.bin"; expect "runs: same bytes twice" 0 $?
cmp -s "$tmp/a.bin" "$tmp/r3.bin"; expect "runs change the model" 1 $?
case $(cat "$tmp/train.err") in
  *"run 1/3, epoch 8/8"*"run 3/3, epoch 8/8"*"mean of 3 runs: dev P 100.00 R 100.00 F1 100.00"*) ok ;;
  *) bad "runs progress: $(cat "$tmp/train.err")" ;;
esac
train -q --runs 0 -o "$tmp/x.bin" 2>"$tmp/err"; expect "--runs 0 exit" 2 $?
case $(cat "$tmp/err") in *"--runs: expected a number from 1 to 16, got '0'"*) ok ;; *) bad "--runs 0: $(cat "$tmp/err")" ;; esac
# --doc-sentences: the fixture's one document of 10 sentences read as 4
train --doc-sentences 3 -o "$tmp/x.bin" 2>&1 | grep -q 'read 4 training documents (22 entities)'
expect "--doc-sentences cuts documents" 0 $?
# history.conll: Jordan, Georgia, Chad and Victoria are persons in some
# documents and countries in others; the second sentence ("X spoke .") says
# nothing, so only what the model said of X in the first sentence can tell.
# The same holds for a name it never saw, and a new document starts afresh.
hist() { "$tagger" ner train --train "$fx/history.conll" --bits 12 --epochs 10 \
           --no-default-gazetteer --no-default-rules --dropout 0.2 -q "$@"; }
hist --history -o "$tmp/hist.bin"; expect "train history fixture" 0 $?
hist -o "$tmp/nohist.bin"
jsonl_ents() { "$tagger" --jsonl "${bare[@]}" --ner-model "$tmp/$1.bin" 2>/dev/null |
                python3 -c 'import json,sys
for l in sys.stdin:
    print(" ".join("%s@%d:%s" % (e["text"], e["start"], e["label"])
                   for e in json.loads(l)["entities"]) or "-")'; }
spoke() { printf '{"text":"%s\\nFlorence spoke ."}\n{"text":"Florence spoke ."}\n' "$1" |
            jsonl_ents "$2"; }
alone=$(printf '{"text":"Florence spoke ."}\n' | jsonl_ents hist)
expect "history: a person's name again" "Lena Florence@0:PERSON Florence@24:PERSON
$alone" "$(spoke 'Lena Florence arrived .' hist)"
expect "history: a country's name again" "Florence@11:GPE Florence@22:GPE
$alone" "$(spoke 'We flew to Florence .' hist)"
a=$(spoke 'Lena Florence arrived .' nohist | sed -n '1s/.*Florence@24:/X:/p')
b=$(spoke 'We flew to Florence .' nohist | sed -n '1s/.*Florence@22:/X:/p')
expect "without history the second sentence gets one answer" "$a" "$b"

# --- decoding a sentence the model never saw, checked by hand
text='Alice Smith visited London . Carol Jones works for Acme Corp in Rome .'
want='Alice Smith|PERSON|model|
London|GPE|model|
Carol Jones|PERSON|model|
Acme Corp|ORG|model|
Rome|GPE|model|'
for m in a bio cl cl3 hd r3; do
  out=$(printf '%s' "$text" | "$tagger" "${bare[@]}" --ner-model "$tmp/$m.bin" | ents)
  expect "decode ($m)" "$want" "$out"
done

# --- integration: a list entry on the span links it; priority=100 wins
out=$(printf '%s' "$text" | "$tagger" "${bare[@]}" -g "$fx/gazetteer.tsv" --ner-model "$tmp/a.bin" | ents)
expect "linked and forced" 'Alice Smith|PERSON|model|
London|GPE|model|
Carol Jones|PERSON|model|
Acme Corp|ORG|model|acme
Rome|GPE|gazetteer|rome-it' "$out"
out=$(printf '%s' "$text" | "$tagger" "${bare[@]}" -g "$fx/gazetteer.tsv" --ner-model "$tmp/a.bin" --no-model | ents)
expect "--no-model" 'Acme Corp|ORG|gazetteer|acme
Rome|GPE|gazetteer|rome-it' "$out"
out=$(printf 'Bob met Alice on 5 May 2024 .' | "$tagger" --no-default-gazetteer --no-topics --ner-model "$tmp/a.bin" | ents)
expect "rule values stay" 'Bob|PERSON|model|
Alice|PERSON|model|
5 May 2024|DATE|rule|' "$out"

# --- corrupt and foreign models: exit 3 and a message naming the file
head -c 100 "$tmp/a.bin" > "$tmp/short.bin"
cp "$tmp/a.bin" "$tmp/flip.bin"
printf '\x55' | dd of="$tmp/flip.bin" bs=1 seek=5000 conv=notrunc 2>/dev/null
for c in short:"size does not match" flip:"checksum mismatch"; do
  name=${c%%:*} msg=${c#*:}
  printf 'x' | "$tagger" --ner-model "$tmp/$name.bin" >/dev/null 2>"$tmp/err"
  expect "$name model exit" 3 $?
  case $(cat "$tmp/err") in *"$name.bin: $msg"*) ok ;; *) bad "$name message: $(cat "$tmp/err")" ;; esac
done
cp "$tmp/a.bin" "$tmp/v1.bin" # a model of format version 1 (before word clusters)
printf '\x01' | dd of="$tmp/v1.bin" bs=1 seek=8 conv=notrunc 2>/dev/null
printf 'x' | "$tagger" --ner-model "$tmp/v1.bin" >/dev/null 2>"$tmp/err"
expect "version 1 model exit" 3 $?
case $(cat "$tmp/err") in *"v1.bin: entity model of an older format version"*"rebuild"*) ok ;; *) bad "v1 message: $(cat "$tmp/err")" ;; esac
# the normalization fingerprint (the header word at byte 76, checked before
# the checksum): a model of other normalization tables, or of none recorded
# (0: built before they were), is refused, and so is its cluster table
# (--clusters; one of a model without fingerprint is taken: tests/test_ner.c)
fp=$(od -An -tu4 -j76 -N4 "$tmp/a.bin" | tr -d ' ')
set_fp() { # FILE VALUE: the fingerprint word, little-endian
  local v=$2
  printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((v & 255)) $((v >> 8 & 255)) \
            $((v >> 16 & 255)) $((v >> 24 & 255)))" |
    dd of="$1" bs=1 seek=76 conv=notrunc 2>/dev/null
}
[ "${fp:-0}" -ne 0 ]; expect "trained model records a fingerprint" 0 $?
cp "$tmp/a.bin" "$tmp/fp.bin"; set_fp "$tmp/fp.bin" $((fp ^ 16))
printf 'x' | "$tagger" --ner-model "$tmp/fp.bin" >/dev/null 2>"$tmp/err"
expect "other fingerprint exit" 3 $?
want=$(printf 'fp.bin: entity model built with other normalization tables (fingerprint %08x, this tagger has %08x); rebuild it' $((fp ^ 16)) "$fp")
case $(cat "$tmp/err") in *"$want"*) ok ;; *) bad "other fingerprint message: $(cat "$tmp/err")" ;; esac
cp "$tmp/a.bin" "$tmp/fp0.bin"; set_fp "$tmp/fp0.bin" 0
printf 'x' | "$tagger" --ner-model "$tmp/fp0.bin" >/dev/null 2>"$tmp/err"
expect "no fingerprint exit" 3 $?
case $(cat "$tmp/err") in *"fp0.bin: entity model built before normalization fingerprints were recorded"*) ok ;; *) bad "no fingerprint message: $(cat "$tmp/err")" ;; esac
cp "$tmp/cl.bin" "$tmp/clfp.bin"; set_fp "$tmp/clfp.bin" $((fp ^ 16))
train -q --clusters "$tmp/clfp.bin" -o "$tmp/x.bin" 2>"$tmp/err"; expect "clusters of other tables exit (a trainer setup error)" 2 $?
case $(cat "$tmp/err") in *"clfp.bin: entity model built with other normalization tables"*) ok ;; *) bad "clusters of other tables: $(cat "$tmp/err")" ;; esac
printf 'x' | "$tagger" --ner-model "$src/data/models/topics-fa.bin" >/dev/null 2>"$tmp/err"
expect "topic model as entity model exit" 3 $?
case $(cat "$tmp/err") in *"bad magic"*) ok ;; *) bad "bad magic message: $(cat "$tmp/err")" ;; esac
printf 'x' | "$tagger" --ner-model "$tmp/missing.bin" >/dev/null 2>"$tmp/err"
expect "missing model exit" 3 $?
case $(cat "$tmp/err") in *"cannot open entity model"*) ok ;; *) bad "missing model message: $(cat "$tmp/err")" ;; esac

# --- usage
"$tagger" ner --help | grep -q 'Usage: tagger ner train'; expect "ner --help" 0 $?
"$tagger" ner train --train "$fx/train.txt" 2>/dev/null; expect "no -o" 2 $?
"$tagger" ner train -o "$tmp/x.bin" 2>/dev/null; expect "no training files" 2 $?
"$tagger" ner train --train "$fx/train.txt" --bits 30 -o "$tmp/x.bin" 2>/dev/null; expect "bad --bits" 2 $?
"$tagger" ner bogus 2>/dev/null; expect "unknown subcommand" 2 $?
"$tagger" ner train --train "$fx/train.txt" --map 'PER=MISC' -o "$tmp/x.bin" 2>"$tmp/err"
expect "unknown entity label exit" 2 $?

# --- ner eval is tagger eval with the model
out=$("$tagger" ner eval --model "$tmp/a.bin" "${bare[@]}" --labels PER,LOC,ORG --gold "$fx/train.txt" | tail -1)
case $out in "micro"*"22      22      22  100.00 100.00 100.00"*) ok ;; *) bad "ner eval: $out" ;; esac
"$tagger" ner eval --gold "$fx/train.txt" 2>/dev/null; expect "ner eval without --model" 2 $?

# --- tagger eval --predictions scores another system's output (bench/bench_ner.sh)
sed 's/^Globex\tB-ORG$/Globex\tO/' "$fx/train.txt" > "$tmp/pred.txt"
out=$("$tagger" eval --gold "$fx/train.txt" --predictions "$tmp/pred.txt" --labels PER,LOC,ORG | tail -1)
case $out in "micro"*"22      20      20  100.00  90.91  95.24"*) ok ;; *) bad "--predictions: $out" ;; esac
printf 'Other\tO\n' > "$tmp/other.txt"
"$tagger" eval --gold "$fx/train.txt" --predictions "$tmp/other.txt" >/dev/null 2>"$tmp/err"
expect "--predictions of other documents exit" 1 $?
case $(cat "$tmp/err") in *"has other tokens"*) ok ;; *) bad "--predictions mismatch: $(cat "$tmp/err")" ;; esac

finish

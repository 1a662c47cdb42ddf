#!/usr/bin/env bash
# The topic classifier against fastText on the same files, in one run:
# train on ISNA + Fars News (the five core topics), test on two sources the
# models never saw: Hamshahri (hamshahri_hamtest) and Asriran/Tabnak
# (ir_news_shessam).  Reports training time, prediction documents/s and
# MB/s (wall clock of the whole predict command, model load included, one
# thread) and accuracy.  fastText runs with 2^18 hash buckets (as tagger),
# 50 dimensions, word bigrams, 25 epochs.  Installs Debian's fasttext when missing.
# Usage: bench/bench_topics.sh [BUILD_DIR [SHARED_DIR]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
shared=${2:-$here/../../shared}
tagger=$build/tagger
topics=$shared/corpora/topics
[ -x "$tagger" ] || { echo "bench_topics: no $tagger (run make first)" >&2; exit 2; }
[ -d "$topics/fa" ] || { echo "bench_topics: no corpora under $topics" >&2; exit 2; }
if ! command -v fasttext >/dev/null; then
  echo "bench_topics: installing fasttext"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fasttext
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/topics_data.py" "$topics" "$tmp"
now() { date +%s.%N; }
secs() { python3 -c "print('%.2f' % ($2 - $1))"; }

echo "train: $(wc -l < "$tmp/train.jsonl") articles (ISNA + Fars News, core topics)"
t0=$(now)
"$tagger" topics train -q --train "$tmp/train.jsonl" --lang fa -o "$tmp/tagger.bin" >/dev/null 2>&1
t1=$(now)
fasttext supervised -input "$tmp/train.ft" -output "$tmp/ft" -epoch 25 -lr 1.0 -wordNgrams 2 \
  -bucket 262144 -dim 50 -thread 1 -verbose 0
t2=$(now)
tagger_train=$(secs "$t0" "$t1") ft_train=$(secs "$t1" "$t2")
printf '\n%-16s %-9s %9s %8s %7s %8s %8s %8s %8s\n' test tool "train s" "model MB" "load s" "docs/s" "MB/s" "MB/s net" "acc %"
for test in hamshahri asriran_tabnak; do
  docs=$(wc -l < "$tmp/$test.jsonl")
  bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1], encoding='utf-8')))" "$tmp/$test.jsonl")
  # start-up (model load) measured on a one-article input, then subtracted
  head -1 "$tmp/$test.jsonl" > "$tmp/one.jsonl"; head -1 "$tmp/$test.ft" > "$tmp/one.ft"
  l0=$(now); "$tagger" topics eval -q --json --model "$tmp/tagger.bin" "$tmp/one.jsonl" >/dev/null
  l1=$(now); fasttext predict "$tmp/ft.bin" "$tmp/one.ft" >/dev/null
  l2=$(now)
  t0=$(now)
  "$tagger" topics eval -q --json --model "$tmp/tagger.bin" "$tmp/$test.jsonl" > "$tmp/eval.json"
  t1=$(now)
  fasttext predict "$tmp/ft.bin" "$tmp/$test.ft" > "$tmp/pred.txt"
  t2=$(now)
  acc_t=$(python3 -c "import json; print('%.2f' % (100 * json.load(open('$tmp/eval.json'))['accuracy']))")
  acc_f=$(python3 - "$tmp/$test.ft" "$tmp/pred.txt" <<'PY'
import sys
gold = [l.split(" ", 1)[0] for l in open(sys.argv[1], encoding="utf-8")]
pred = [l.strip() for l in open(sys.argv[2], encoding="utf-8")]
print("%.2f" % (100 * sum(g == p for g, p in zip(gold, pred)) / len(gold)))
PY
)
  for tool in tagger fasttext; do
    if [ $tool = tagger ]; then s=$(secs "$t0" "$t1"); ld=$(secs "$l0" "$l1"); tr=$tagger_train; acc=$acc_t; mb=$(du -m "$tmp/tagger.bin" | cut -f1)
    else s=$(secs "$t1" "$t2"); ld=$(secs "$l1" "$l2"); tr=$ft_train; acc=$acc_f; mb=$(du -m "$tmp/ft.bin" | cut -f1); fi
    python3 -c "
s, ld = $s, $ld; net = max(s - ld, 1e-3)
print('%-16s %-9s %9s %8s %7.2f %8.0f %8.2f %8.2f %8s' % ('$test', '$tool', '$tr', '$mb', ld, $docs / s, $bytes / 1e6 / s, $bytes / 1e6 / net, '$acc'))"
  done
done
echo
echo "(docs/s, MB/s: wall clock of the whole command, start-up included; MB/s net: without the"
echo " start-up time of a one-article run.  tagger: JSONL read, normalize, ICU tokenize, classify;"
echo " fastText: its whitespace tokenizer.  One thread each.  $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"

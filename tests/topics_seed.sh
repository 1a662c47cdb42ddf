#!/usr/bin/env bash
# The seed article of the project (../shared/samples/osce-lavrov-blinken.fa.txt,
# Lavrov and Blinken at the OSCE meeting) gets "politics" first from the
# default Persian topic model.  Skipped (exit 77) without ../shared.
# Usage: topics_seed.sh TAGGER SRCDIR
set -u
tagger=$1 src=$2
sample=$src/../shared/samples/osce-lavrov-blinken.fa.txt
if [ ! -f "$sample" ]; then echo "skipped: ../shared not found"; exit 77; fi
out=$("$tagger" --no-default-gazetteer --no-default-rules "$sample" | python3 -c '
import json,sys
t = json.load(sys.stdin)["topics"]
print(t[0]["label"], t[0]["iptc"], t[0]["score"] > 0.5)' 2>&1)
if [ "$out" = "politics medtop:11000000 True" ]; then echo "1 passed, 0 failed"; exit 0; fi
echo "FAIL: seed sample topics: got [$out], want [politics medtop:11000000 True]"
echo "0 passed, 1 failed"
exit 1

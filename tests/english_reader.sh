#!/usr/bin/env bash
# What a reader of English output sees (issue 21 and 19, docs/english.md "Markup, a firm in
# headlines, bands, genres", 2026-12-05, english16): no entity inside AG News' escaped HTML
# markup, ... Exact spans, labels and kb_ids.
# Usage: english_reader.sh TAGGER SRCDIR
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
# entities of the named labels as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics --lang en | entity_fields span text label kb_id |
        grep -E '\|(PERSON|ORG|GPE|LOC|FAC|NORP|PRODUCT|EVENT|WORK_OF_ART)\|'; }

# escaped markup: no span starts inside a tag or an escape, one that runs into it ends before
# it (was "lt;B" and "The Washington Post&lt;/B&gt" ORG)
expect "escaped bold tag" "72-91|The Washington Post|ORG|washington-post" \
  "$(run 'Trial runs show robust results. size="-2"  color="#666666"&gt;&lt;B&gt;-The Washington Post&lt;/B&gt;&lt;/FONT&gt;')"
# a URL inside an escaped link and a colour code inside an escaped font tag (were GPE, ORG)
expect "escaped link and font" "0-5|Nokia|ORG|nokia
110-115|Nokia|ORG|nokia
208-221|CNET News.com|ORG|cnet-newscom" \
  "$(run 'Nokia To Expand On-Device Storage Options

&lt;a href="http://news.com.com/Nokia/2100-1039_3-5365922.html"&gt;Nokia joins Secure Digital industry group&lt;/a&gt; &lt;font size=-1 color=#6f6f6f&gt;&lt;nobr&gt;CNET News.com&lt;/nobr&gt;')"
# a ticker in an escaped tag after its firm, and a line break tag before a verb
expect "escaped ticker, break" "25-45|Lockheed Martin Corp|ORG|lockheed-martin" \
  "$(run 'No. 1 defense contractor Lockheed Martin Corp. &lt;LMT.N&gt; reported a 41 percent rise.&lt;br/&gt;Find out how.')"
# an escaped ampersand is the text's "&", no markup
finish

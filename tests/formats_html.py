#!/usr/bin/env python3
"""--format html in headless Chromium (docs/formats.md).

Usage: formats_html.py TAGGER SOURCE_DIR

For data/samples/osce-malta.en.txt and ../shared/samples/osce-lavrov-
blinken.fa.txt (when present): renders the page to a screenshot (a PNG of
the window's size whose pixels are not all one colour), then loads a copy
with a small script added at the end (the page itself has none) that
writes, for every <mark>, its text, label, box and whether the browser
finds that mark at the box's centre, and the direction of the section and
paragraphs.  The marks must be the JSON's entities (the first of each
overlapping run), in order, with non-empty boxes inside the page, found at
their centre; the Persian section is laid out right to left, and a
paragraph that starts with an entity has it at its right edge (left edge in
English).  Also: a bulk page has one section per document.  Exits 77
(skipped) when chromium is not installed.
"""
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import formats_lib as lib

tagger, src = sys.argv[1], sys.argv[2]
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    print("skipped: chromium is not installed (apt-get install chromium; make deps)")
    sys.exit(77)
samples = [p for p in lib.samples(src, "the Persian page is not checked") if "malta.fa" not in p]
check, kept = lib.check, lib.kept
WIDTH, HEIGHT = 1000, 1400


PROBE = """<script>
(function () {
  var out = {marks: [], sections: [], paragraphs: [],
             page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight]};
  document.querySelectorAll('section').forEach(function (s) {
    out.sections.push([s.lang, getComputedStyle(s).direction]);
  });
  document.querySelectorAll('section p:not(.topics)').forEach(function (p) {
    var first = p.firstChild, r = p.getBoundingClientRect(), m = null;
    if (first && first.nodeName === 'MARK') {
      var b = first.getClientRects()[0];
      m = [b.left, b.right];
    }
    var t = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode(), range = document.createRange();
    range.setStart(t, 0);
    range.setEnd(t, t.data.codePointAt(0) > 0xFFFF ? 2 : 1);
    var c = range.getClientRects()[0];
    out.paragraphs.push([getComputedStyle(p).direction, r.left, r.right, m, [c.left, c.right]]);
  });
  document.querySelectorAll('mark').forEach(function (m) {
    m.scrollIntoView({block: 'center'});
    var b = m.getClientRects()[0];
    var at = document.elementFromPoint((b.left + b.right) / 2, (b.top + b.bottom) / 2);
    var r = m.getBoundingClientRect(), p = m.closest('p');
    out.marks.push({text: m.textContent, label: m.dataset.label, title: m.title,
                    box: [r.left + scrollX, r.top + scrollY, r.width, r.height],
                    first: [b.left + scrollX, b.right + scrollX, b.top + scrollY],
                    para: Array.prototype.indexOf.call(p.parentNode.children, p),
                    hit: at === m || m.contains(at)});
  });
  window.scrollTo(0, 0);
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def browse(tmp, page, *args):
    return subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-first-run", "--hide-scrollbars",
                           "--user-data-dir=" + os.path.join(tmp, "profile"),
                           "--window-size=%d,%d" % (WIDTH, HEIGHT)] + list(args) +
                          ["file://" + page], capture_output=True, timeout=60)


def png_check(name, path):
    data = open(path, "rb").read() if os.path.exists(path) else b""
    check("%s screenshot is a PNG" % name, data[:8] == b"\x89PNG\r\n\x1a\n", data[:16])
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return
    w, h = struct.unpack(">II", data[16:24])
    check("%s screenshot size" % name, (w, h) == (WIDTH, HEIGHT), (w, h))
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    pixels = zlib.decompress(idat)
    check("%s screenshot not blank" % name, len(set(pixels)) > 50, len(set(pixels)))


with tempfile.TemporaryDirectory() as tmp:
    for path in samples:
        name = os.path.basename(path)
        page = subprocess.run([tagger, "--format", "html", path], capture_output=True,
                              check=True).stdout.decode()
        doc = json.loads(subprocess.run([tagger, path], capture_output=True,
                                        check=True).stdout)
        check("%s no script, no link" % name,
              not re.search(r"<script|<link|https?://|src=", page), "")
        check("%s charset" % name, '<meta charset="utf-8">' in page)
        out = os.path.join(tmp, "page.html")
        open(out, "w", encoding="utf-8").write(page)
        shot = os.path.join(tmp, "shot.png")
        browse(tmp, out, "--screenshot=" + shot)
        png_check(name, shot)

        probe = os.path.join(tmp, "probe.html")
        open(probe, "w", encoding="utf-8").write(page.replace("</body>", PROBE + "</body>"))
        dom = browse(tmp, probe, "--dump-dom").stdout.decode()
        m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
        check("%s probe ran" % name, m is not None, dom[-300:])
        if not m:
            continue
        got = json.loads(html.unescape(m.group(1)))
        want = [e for e in kept(doc["entities"])]
        pieces = [(t, e["label"]) for e in want
                  for t in re.split(r"[\r\n]+", e["text"]) if t]
        check("%s marks are the entities" % name,
              [(x["text"], x["label"]) for x in got["marks"]] == pieces,
              "%d marks, %d entities" % (len(got["marks"]), len(pieces)))
        kb = [e for e in want if "kb_id" in e]
        titles = [x["title"] for x in got["marks"] if "\nkb: " in x["title"]]
        check("%s kb name and id on hover" % name,
              titles == ["%s\n%s\nkb: %s" % (e["label"], e["name"], e["kb_id"])
                         + ("\nvalue: " + e["value"] if "value" in e else "") for e in kb],
              titles[:3])
        pw, ph = got["page"]
        bad = [x for x in got["marks"]
               if not (x["box"][2] > 0 and x["box"][3] > 0 and x["box"][0] >= 0 and
                       x["box"][1] >= 0 and x["box"][0] + x["box"][2] <= pw + 0.5 and
                       x["box"][1] + x["box"][3] <= ph + 0.5)]
        check("%s boxes inside the page" % name, not bad and got["marks"], bad[:3])
        missed = [x["text"] for x in got["marks"] if not x["hit"]]
        check("%s marks found at their boxes" % name, not missed, missed[:5])
        rtl = doc["lang"] == "fa"
        check("%s section direction" % name,
              got["sections"] == [[doc["lang"], "rtl" if rtl else "ltr"]], got["sections"])
        starts = [p for p in got["paragraphs"] if p[3]]
        check("%s paragraphs starting with an entity" % name, len(starts) >= (0 if rtl else 2),
              len(starts))
        # marks next to each other on one line come in the text's direction
        # (in Persian, of marks without Latin letters: an English run is LTR)
        pairs = 0
        for a, b in zip(got["marks"], got["marks"][1:]):
            if a["para"] != b["para"] or abs(a["first"][2] - b["first"][2]) > 2:
                continue
            if rtl and re.search("[A-Za-z]", a["text"] + b["text"]):
                continue
            pairs += 1
            ok = b["first"][1] <= a["first"][0] + 1 if rtl else a["first"][1] <= b["first"][0] + 1
            check("%s marks in %s order" % (name, "rtl" if rtl else "ltr"), ok,
                  (a["text"], a["first"], b["text"], b["first"]))
        check("%s marks side by side" % name, pairs >= 5, pairs)
        for d, left, right, _, (cleft, cright) in got["paragraphs"]:
            edge = abs(cright - right) if d == "rtl" else abs(cleft - left)
            if edge > 12 or d != ("rtl" if rtl else "ltr"):
                check("%s text starts at the %s edge" % (name, "right" if rtl else "left"),
                      False, (d, left, right, cleft, cright))
                break
        else:
            check("%s text starts at its edge" % name, len(got["paragraphs"]) > 3)
        for d, left, right, (mleft, mright), _ in starts:
            if rtl:
                check("%s first entity at the right edge" % name,
                      d == "rtl" and abs(mright - right) < 8, (d, right, mright))
            else:
                check("%s first entity at the left edge" % name,
                      d == "ltr" and abs(mleft - left) < 8, (d, left, mleft))

    # bulk: one page, one section per document
    lines = "".join(json.dumps({"id": "d%d" % i, "text": t}) + "\n"
                    for i, t in enumerate(["Lavrov met Blinken in Malta.", "<b>&</b>",
                                           "لاوروف در مالت بود."]))
    bulk = subprocess.run([tagger, "--jsonl", "-q", "--format", "html"], input=lines.encode(),
                          capture_output=True).stdout.decode()
    check("bulk html: one page", bulk.count("<!DOCTYPE html>") == 1 and
          bulk.endswith("</body>\n</html>\n"), bulk[-40:])
    check("bulk html: sections", re.findall(r'<section class="doc" lang="(\w+)" dir="(\w+)">\n'
                                            r'<h2 dir="auto">(\w+)</h2>', bulk) ==
          [("en", "ltr", "d0"), ("en", "ltr", "d1"), ("fa", "rtl", "d2")],
          re.findall(r"<section.*", bulk))
    check("bulk html: escaped", "<p dir=\"ltr\">&lt;b&gt;&amp;&lt;/b&gt;</p>" in bulk)

lib.finish()

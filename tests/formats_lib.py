"""What the format tests (formats.py, formats_html.py) share: the samples,
the pass/fail counts, and the entities a format without overlaps shows."""
import os
import sys

passed = failed = 0


def samples(src, what):
    """The English and Persian samples, and ../shared's when present."""
    out = [os.path.join(src, "data/samples/osce-malta.en.txt"),
           os.path.join(src, "data/samples/osce-malta.fa.txt")]
    shared = os.path.join(src, "../shared/samples/osce-lavrov-blinken.fa.txt")
    if os.path.exists(shared):
        out.append(shared)
    else:
        print("note: %s absent, %s" % (shared, what))
    return out


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s %s" % (name, detail))


def kept(entities):
    """The first (longest) entity of each overlapping run, as CoNLL and HTML
    show them."""
    out, last_end = [], 0
    for e in entities:
        if e["start"] >= last_end and e["end"] > e["start"]:
            out.append(e)
            last_end = e["end"]
    return out


def finish():
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)

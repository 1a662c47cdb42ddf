#!/usr/bin/env python3
"""The output formats conll and brat (docs/formats.md), against the JSON.

Usage: formats.py TAGGER SOURCE_DIR

conll: the output is read back by the project's own reader (`tagger eval
--format conll --gold OUT`) and scored against the JSON entities projected
onto the same tokens (as --predictions): F1 must be exactly 1, and the
entities read must be the JSON's; bulk documents come as -DOCSTART- (ID).
brat: every line matches brat's grammar (brat's own parser, annotation.py:
ID TAB TYPE START END[;START END] TAB TEXT, N: TAB Reference TARGET DB:ID
TAB NAME), the text at the offsets (code points) is the entity's text, and
every kb_id is there; bulk blocks open with "#doc ID".
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import formats_lib as lib

tagger, src = sys.argv[1], sys.argv[2]
samples = lib.samples(src, "not used")
check, kept = lib.check, lib.kept
LABELS = "PERSON,GPE,LOC,ORG,FAC,NORP,EVENT,PRODUCT,DATE,TIME,MONEY,PERCENT"


def run(args, stdin=None, rc=0):
    p = subprocess.run([tagger] + args, input=stdin, capture_output=True)
    check("exit %s" % " ".join(args), p.returncode == rc,
          "got %d, want %d: %s" % (p.returncode, rc, p.stderr.decode()[:300]))
    return p.stdout.decode()


def conll_case(path, tmp):
    text = open(path, encoding="utf-8").read()
    doc = json.loads(run([path]))
    tokens = json.loads(run(["tokenize", path]))["tokens"]
    out = run(["--format", "conll", path])
    lines = out.split("\n")
    check("conll docstart", lines[0] == "-DOCSTART-\t-X-\t-X-\tO" and lines[1] == "", lines[:2])
    check("conll ends with a blank line", out.endswith("\n\n"))
    body = [l for l in lines[2:] if l]
    check("conll one line a token", len(body) == len(tokens), "%d %d" % (len(body), len(tokens)))
    for l, t in zip(body, tokens):
        cols = l.split("\t")
        if len(cols) != 4 or cols[0] != t["text"] or cols[1:3] != ["_", "_"] or \
                not re.fullmatch(r"O|[BI]-[A-Z]+", cols[3]):
            check("conll line", False, repr(l))
            break
    # the JSON entities on the tokens, in the text the reader rebuilds
    # (tokens joined by a space, sentences by a newline)
    rebuilt, starts, ends = "", [], []
    for i, t in enumerate(tokens):
        if i:
            rebuilt += "\n" if t["sentence"] != tokens[i - 1]["sentence"] else " "
        starts.append(len(rebuilt))
        rebuilt += t["text"]
        ends.append(len(rebuilt))
    pred, aligned = [], 0
    for e in kept(doc["entities"]):
        over = [i for i, t in enumerate(tokens) if t["start"] < e["end"] and t["end"] > e["start"]]
        if not over:
            continue
        # one entity a sentence piece, as IOB2 restarts at a sentence
        piece = [over[0]]
        for i in over[1:] + [None]:
            if i is None or tokens[i]["sentence"] != tokens[piece[-1]]["sentence"]:
                pred.append({"start": starts[piece[0]], "end": ends[piece[-1]],
                             "label": e["label"]})
                piece = [i]
            else:
                piece.append(i)
        aligned += tokens[over[0]]["start"] == e["start"] and tokens[over[-1]]["end"] == e["end"]
    check("entities on token boundaries", aligned >= len(kept(doc["entities"])) * 0.8,
          "%d of %d" % (aligned, len(doc["entities"])))
    gold = os.path.join(tmp, "out.conll")
    open(gold, "w", encoding="utf-8").write(out)
    preds = os.path.join(tmp, "pred.jsonl")
    open(preds, "w", encoding="utf-8").write(
        json.dumps({"text": rebuilt, "entities": pred}, ensure_ascii=False) + "\n")
    ident = ",".join("%s=%s" % (l, l) for l in LABELS.split(","))
    score = json.loads(run(["eval", "--quiet", "--json", "--format", "conll", "--gold", gold,
                            "--predictions", preds, "--labels", LABELS, "--map", ident]))
    micro = score["micro"]
    check("conll read back: F1 1", micro["exact"]["f1"] == 1 and micro["pred"] == len(pred),
          json.dumps(micro))
    check("conll read back: all entities", micro["gold"] == len(pred),
          "%s %d" % (micro, len(pred)))
    return text


def brat_check(text, ann, entities, name):
    """Every line of `ann` by brat's grammar; the text at the offsets."""
    tids, nseen, ok = {}, 0, True
    kb = {}
    for line in ann.split("\n")[:-1]:
        m = re.fullmatch(r"(T[0-9]+)\t(\S+) ([0-9]+ [0-9]+(?:;[0-9]+ [0-9]+)*)\t(.*)", line)
        n = re.fullmatch(r"(N[0-9]+)\t(\S+) (\S+) (\S+?):(\S+)\t(.*)", line)
        if m:
            tid, label, spans, t = m.groups()
            spans = [tuple(map(int, s.split())) for s in spans.split(";")]
            ref = " ".join(text[s:e] for s, e in spans)
            if t != ref or any(s >= e for s, e in spans) or tid in tids:
                check("%s brat text" % name, False, "%r: %r" % (line, ref))
                ok = False
            tids[tid] = (label, spans[0][0], spans[-1][1])
        elif n:
            nid, typ, target, db, kid, nm = n.groups()
            nseen += 1
            if typ != "Reference" or target not in tids or db != "kb" or nid != "N%d" % nseen:
                check("%s brat normalization" % name, False, line)
                ok = False
            kb[target] = (kid, nm)
        else:
            check("%s brat line" % name, False, repr(line))
            ok = False
    check("%s brat lines" % name, ok)
    want = [(e["label"], e["start"], e["end"]) for e in entities]
    check("%s brat entities" % name, sorted(tids.values()) == sorted(want),
          "%d %d" % (len(tids), len(want)))
    want_kb = sorted((e["kb_id"], e.get("name", e["kb_id"])) for e in entities if "kb_id" in e)
    check("%s brat kb_ids" % name, sorted(kb.values()) == want_kb)


with tempfile.TemporaryDirectory() as tmp:
    texts = {}
    for path in samples:
        texts[path] = conll_case(path, tmp)
        doc = json.loads(run([path]))
        brat_check(texts[path], run(["--format", "brat", path]), doc["entities"],
                   os.path.basename(path))

    # bulk: JSONL with ids, one without, and a failed line
    lines = [json.dumps({"id": "a\tb", "text": "Lavrov met Blinken in Malta."}),
             json.dumps({"text": "Sergey Lavrov"}),
             "{bad json",
             json.dumps({"id": 7, "text": "OSCE"})]
    jsonl = ("\n".join(lines) + "\n").encode()
    conll = run(["--jsonl", "-q", "-j", "2", "--format", "conll"], jsonl, rc=1)
    heads = [l for l in conll.split("\n") if l.startswith("-DOCSTART-")]
    check("bulk conll docstarts", heads == ["-DOCSTART- (a\ufffdb)\t-X-\t-X-\tO",
                                            "-DOCSTART-\t-X-\t-X-\tO",
                                            "-DOCSTART-\t-X-\t-X-\tO",
                                            "-DOCSTART- (7)\t-X-\t-X-\tO"], heads)
    check("bulk conll token", "\nMalta\t_\t_\tB-GPE\n" in conll, conll[:300])
    brat = run(["--jsonl", "-q", "--format", "brat"], jsonl, rc=1)
    blocks = re.split(r"^#doc.*\n", brat, flags=re.M)
    check("bulk brat headers", re.findall(r"^#doc.*", brat, flags=re.M) ==
          ["#doc a\ufffdb", "#doc", "#doc", "#doc 7"], brat)
    check("bulk brat error", "\n#error invalid_json: " in brat, brat)
    for i, (line, block) in enumerate(zip(lines, blocks[1:])):
        if i == 2:
            continue
        t = json.loads(line)["text"]
        doc = json.loads(run([], t.encode()))
        brat_check(t, block, doc["entities"], "bulk %d" % i)
    # a write that fails partway (file size limit) is cut back to the last
    # whole record (many lines each), and --skip N resumes it exactly
    import resource
    import signal
    docs = "".join(json.dumps({"id": "n%d" % i, "text": "Lavrov met Blinken in Malta. " * (i % 7 + 1)})
                   + "\n" for i in range(400)).encode()
    full = run(["--jsonl", "-q", "-j", "2", "--format", "conll"], docs)
    part = os.path.join(tmp, "part.conll")

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40 << 10, 40 << 10))

    with open(part, "wb") as f:
        p = subprocess.run([tagger, "--jsonl", "-q", "-j", "2", "--format", "conll"], input=docs,
                           stdout=f, stderr=subprocess.PIPE, preexec_fn=limit)
    m = re.search(rb"\((\d+) whole records written; resume with --skip (\d+)\)", p.stderr)
    kept_out = open(part, encoding="utf-8").read()
    n = int(m.group(1)) if m else -1
    records = re.split(r"(?=^-DOCSTART-)", full, flags=re.M)[1:]
    check("limit: exit and message", p.returncode == 2 and m and 0 < n < 400, p.stderr)
    check("limit: whole records", kept_out == "".join(records[:n]), "%d %d" % (len(kept_out), n))
    rest = run(["--jsonl", "-q", "-j", "2", "--format", "conll", "--skip", str(n)], docs)
    check("limit: resumed", kept_out + rest == full)
    # -r: the id is the path
    for path in samples[:1]:
        out = run(["-r", "-q", "--format", "conll", path])
        check("bulk -r conll", out == run(["--format", "conll", "--id", path, path]))
    # JSON output unchanged by the default
    check("json default", run(["--format", "json", samples[0]]) == run([samples[0]]))
    # usage errors
    p = subprocess.run([tagger, "tokenize", "--format", "brat", samples[0]], capture_output=True)
    check("tokens view in brat", p.returncode == 2 and
          b"the brat format has no tokens view" in p.stderr, p.stderr)
    p = subprocess.run([tagger, "--format", "conll", "--pretty"], input=b"x",
                       capture_output=True)
    check("--pretty conll", p.returncode == 2 and
          p.stderr == b"tagger: error: --pretty is for --format json\n", p.stderr)
    # a document tagged in windows has no tokens: conll says so
    big = ("Lavrov met Blinken in Malta. " * 20000).encode()
    p = subprocess.run([tagger, "--format", "conll", "--no-topics"], input=big,
                       capture_output=True)
    check("conll of a windowed document", p.returncode == 2 and b"needs the tokens" in p.stderr,
          p.stderr[:200])

lib.finish()

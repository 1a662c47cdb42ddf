"""The Python package: exact entities, to_dict() against the CLI, pipe
order, errors, the GIL released, an installed library."""
import json
import os
import subprocess
import sys
import threading
import time

import pytest

import tagger
from conftest import BUILD, CLI, EN, FA, SOURCE, run_cli


def spans(doc):
    return [(e.start, e.end, e.text, e.label, e.kb_id, e.value, e.source) for e in doc.ents]


def test_persian_entities(nlp):
    doc = nlp.tag(FA)
    assert doc.lang == "fa"
    assert spans(doc) == [
        (16, 21, "روسیه", "GPE", "russia", None, "model"),  # not the title «وزیر امور خارجه»
        (22, 34, "سرگئی لاوروف", "PERSON", "sergey-lavrov", None, "model"),
        (35, 50, "روز ۱۵ آذر ۱۴۰۳", "DATE", None, "2024-12-05", "rule"),
        (54, 59, "تهران", "GPE", "tehran-ir", None, "model"),
    ]
    for e in doc.ents:  # code point offsets: Python slices
        assert FA[e.start:e.end] == e.text
    assert doc.ents[1].name == "Sergey Lavrov"
    assert doc.ents[1].list == "fa/starter.tsv"
    assert doc.ents[2].rule == "fa.date.jalali"
    assert [(t.label, t.iptc) for t in doc.topics] == [("politics", "medtop:11000000")]
    assert 0.5 < doc.topics[0].score <= 1


def test_places(nlp):
    doc = nlp.tag("پلیس ژاپن اعلام کرد")
    (police,) = doc.ents
    assert (police.text, police.label, police.kb_id) == ("پلیس ژاپن", "ORG", None)
    assert police.places == [{"start": 5, "end": 9, "text": "ژاپن", "kb_id": "japan",
                              "name": "Japan"}]
    assert len({police, doc.ents[0]}) == 1  # hashable with a list member


def test_english_entities(nlp):
    doc = nlp.tag(EN, id="a1")
    assert doc.lang == "en" and doc.id == "a1"
    assert spans(doc) == [
        (0, 13, "Sergey Lavrov", "PERSON", "sergey-lavrov", None, "model"),
        (18, 32, "Antony Blinken", "PERSON", "antony-blinken", None, "model"),
        (36, 41, "Malta", "GPE", "malta", None, "model"),
        (45, 53, "Thursday", "DATE", None, None, "rule"),
    ]
    assert doc.ents[3].rule == "en.date.weekday"
    assert list(doc.to_dict())[:2] == ["id", "lang"]
    assert doc.to_dict()["id"] == "a1"


OPTION_SETS = [
    ({}, []),
    ({"offsets": "utf16", "model": False}, ["--offsets", "utf16", "--no-model"]),
    ({"topics": 1, "all_matches": True}, ["--topics", "1", "--all-matches"]),
    ({"topics": 0, "date": "2024-12-01", "offsets": "utf8"},
     ["--no-topics", "--date", "2024-12-01", "--offsets", "utf8"]),
    ({"default_gazetteer": False, "topic_threshold": 0.05, "topics": None},
     ["--no-default-gazetteer", "--topic-threshold", "0.05", "--topics", "1000"]),
    ({"map_data": True, "topics": 2}, ["--read-data", "--topics", "2"]),  # mapped = read
]


@pytest.mark.parametrize("sample", ["osce-malta.fa.txt", "osce-malta.en.txt"])
@pytest.mark.parametrize("options,args", OPTION_SETS)
def test_to_dict_is_the_cli_json(sample, options, args):
    with open(os.path.join(SOURCE, "data", "samples", sample), encoding="utf-8") as f:
        text = f.read()
    doc = tagger.Tagger(**options).tag(text, id=sample)
    cli = run_cli(args + ["--id", sample], text)
    assert cli.returncode == 0, cli.stderr
    assert (doc.to_json() + "\n").encode() == cli.stdout  # byte for byte
    assert doc.to_dict() == json.loads(cli.stdout)
    assert len(doc.ents) > 5


def test_relative_date_and_rules_files(tmp_path):
    nlp = tagger.Tagger(date="2024-12-05")
    assert [e.value for e in nlp.tag("He left yesterday.").ents if e.label == "DATE"] == \
        ["2024-12-04"]
    assert [e.value for e in nlp.tag("He left yesterday.", date="2024-01-01").ents
            if e.label == "DATE"] == ["2023-12-31"]
    gaz = tmp_path / "extra.tsv"
    gaz.write_text("zork-corp\tORG\tZork Corporation\tZorkco\n", encoding="utf-8")
    ents = tagger.Tagger(gazetteers=[str(gaz)], model=False).tag("Zorkco sued.").ents
    assert [(e.text, e.label, e.kb_id, e.name) for e in ents] == \
        [("Zorkco", "ORG", "zork-corp", "Zork Corporation")]


def test_defaults_without_the_library_call(monkeypatch):
    """With a libtagger that has no tagger_config_add_defaults_ex (older
    than issue 22), the package finds and adds the same files itself."""
    lib = tagger._lib.load()
    assert hasattr(lib, "tagger_config_add_defaults_ex")
    option_sets = ({}, {"model": False, "default_rules": False}, {"default_gazetteer": False},
                   {"topics": 0, "all_matches": True})
    want = [tagger.Tagger(**o).tag(FA + " " + EN).to_json() for o in option_sets]

    class OlderLibrary:
        def __getattr__(self, name):
            if name.startswith("tagger_config_add_defaults"):
                raise AttributeError(name)
            return getattr(lib, name)

    real = tagger._defaults.add_defaults
    monkeypatch.setattr(tagger._defaults, "add_defaults",
                        lambda _lib, *args: real(OlderLibrary(), *args))
    assert [tagger.Tagger(**o).tag(FA + " " + EN).to_json() for o in option_sets] == want
    assert len(set(want)) == 4


def texts50():
    # lengths from 1 to ~60 sentences so that threads finish out of order
    out = []
    for i in range(50):
        n = 1 + (i * 37) % 60
        out.append(("Document %d. " % i) + "Lavrov met Blinken in Malta. " * n)
    return out


def test_pipe_keeps_order(nlp):
    texts = texts50()
    serial = [nlp.tag(t).to_json() for t in texts]
    docs = list(nlp.pipe(iter(texts), threads=4, batch_size=3))
    assert [d.text for d in docs] == texts
    assert [d.to_json() for d in docs] == serial
    assert [d.ents[0].text for d in docs] == ["Lavrov"] * 50
    assert [d.to_json() for d in nlp.pipe(texts, threads=1)] == serial


def test_pipe_errors(nlp):
    texts = ["Malta.", b"bad \xff byte", "Malta again."]
    out = list(nlp.pipe(texts, threads=2, batch_size=1, errors="return"))
    assert [type(x).__name__ for x in out] == ["Doc", "TaggerError", "Doc"]
    assert (out[1].status, out[1].offset) == ("invalid_utf8", 4)
    for threads, batch_size in ((2, 1), (2, 64), (1, 64)):
        got = []
        with pytest.raises(tagger.TaggerError) as e:
            for doc in nlp.pipe(texts, threads=threads, batch_size=batch_size):
                got.append(doc.text)
        # the Docs before the failing text come first, in one batch or not
        assert got == ["Malta."] and e.value.status == "invalid_utf8"
    out = list(nlp.pipe(["a\ud800b", "x" * 3, b""], batch_size=2, errors="return"))
    assert (out[0].status, out[0].offset) == ("invalid_utf8", 1)
    assert [d.text for d in out[1:]] == ["xxx", ""]
    with pytest.raises(ValueError):
        list(nlp.pipe(texts, batch_size=0))
    with pytest.raises(TypeError):
        list(nlp.pipe([5]))


def pipe_cases():
    texts = texts50()[:20] + [FA, EN, FA + " " + EN, "", "۱۵ آذر", b"Malta, yesterday."]
    return texts, [(t if isinstance(t, str) else t.decode()) for t in texts]


@pytest.mark.parametrize("options", [{}, {"offsets": "utf16", "topics": None},
                                     {"model": False, "date": "2024-12-05"}])
def test_pipe_is_tag(options):
    """pipe (a batch a call into libtagger, tagger_process_batch) gives each
    text the Doc tag gives it, byte for byte, whatever the batch size."""
    t = tagger.Tagger(**options)
    texts, as_str = pipe_cases()
    want = [t.tag(x).to_json() for x in texts]
    for threads, batch_size in ((1, 1), (3, 7), (2, 64)):
        docs = list(t.pipe(texts, threads=threads, batch_size=batch_size))
        assert [d.to_json() for d in docs] == want
        assert [d.text for d in docs] == as_str
        assert all(d.id is None for d in docs)
    docs = list(t.pipe(texts, date="2024-12-04", batch_size=5))
    assert [d.to_json() for d in docs] == [t.tag(x, date="2024-12-04").to_json() for x in texts]


def test_pipe_without_the_batch_call(nlp, monkeypatch):
    """With a libtagger that has no tagger_process_batch (older than this
    package), pipe tags a text a call, with the same Docs and errors."""
    texts, _ = pipe_cases()
    texts = texts + [b"bad \xff byte"]
    want = [x.to_json() if isinstance(x, tagger.Doc) else (x.status, x.offset)
            for x in nlp.pipe(texts, errors="return")]

    class OlderLibrary:
        def __getattr__(self, name):
            if name == "tagger_process_batch":
                raise AttributeError(name)
            return getattr(real, name)

    real = nlp._lib
    monkeypatch.setattr(nlp, "_lib", OlderLibrary())
    got = [x.to_json() if isinstance(x, tagger.Doc) else (x.status, x.offset)
           for x in nlp.pipe(texts, threads=2, batch_size=4, errors="return")]
    assert got == want and want[-1] == ("invalid_utf8", 4)


def test_errors(nlp, tmp_path):
    with pytest.raises(tagger.TaggerError) as e:
        nlp.tag(b"ab\xffc")
    assert (e.value.code, e.value.status, e.value.offset) == (2, "invalid_utf8", 2)
    assert str(e.value) == "invalid_utf8: invalid UTF-8 at byte 2"
    with pytest.raises(tagger.TaggerError) as e:
        nlp.tag("a\ud800b")  # a lone surrogate: its UTF-8 offset
    assert (e.value.status, e.value.offset) == ("invalid_utf8", 1)
    with pytest.raises(tagger.TaggerError) as e:
        tagger.Tagger(max_doc_bytes=10, model=False).tag("x" * 11)
    assert e.value.status == "too_large" and e.value.code == 3
    assert e.value.message == "document of 11 bytes exceeds the limit of 10 bytes"
    bad = tmp_path / "bad.tsv"
    bad.write_text("x\tNOTALABEL\tX\tx\n", encoding="utf-8")
    with pytest.raises(tagger.TaggerError) as e:
        tagger.Tagger(gazetteers=[str(bad)])
    assert e.value.status == "load_error" and str(bad) + ":1:" in e.value.message
    with pytest.raises(tagger.TaggerError) as e:
        tagger.Tagger(rules=[str(tmp_path / "missing.rules")])
    assert e.value.status == "io_error" and "missing.rules" in e.value.message
    with pytest.raises(tagger.TaggerError) as e:
        tagger.Tagger(date="2024-13-45")
    assert e.value.status == "usage"
    with pytest.raises(ValueError):
        tagger.Tagger(offsets="bytes")
    with pytest.raises(TypeError):
        tagger.Tagger(no_such_option=1)
    with pytest.raises(TypeError):
        nlp.tag(5)


@pytest.mark.parametrize("call", ["tag", "pipe"])
def test_gil_released_while_tagging(nlp, call):
    """A thread in libtagger must not stop the others: the main thread keeps
    running while a long foreign call is on, tagger_process_ex (tag) or
    tagger_process_batch (a batch of pipe).  (Loaded with ctypes.PyDLL,
    which keeps the GIL, this fails: the main loop stops for the whole
    call.)"""
    text = ("سرگئی لاوروف در مالت با آنتونی بلینکن دیدار کرد. " * 100000).encode()
    state = {"go": False, "done": False, "took": 0.0}

    def work():
        while not state["go"]:  # enter the call while the main loop runs
            pass
        t0 = time.perf_counter()
        try:
            if call == "tag":
                nlp._run(text, None, None)
            else:  # two halves, cut between sentences
                state["docs"] = len(list(nlp.pipe([text[:len(text) // 2],
                                                   text[len(text) // 2:]], threads=1)))
            state["took"] = time.perf_counter() - t0
        finally:
            state["done"] = True

    th = threading.Thread(target=work)
    th.start()
    last, gap, ticks = time.perf_counter(), 0.0, 0
    state["go"] = True
    while not state["done"]:
        now = time.perf_counter()
        gap, last, ticks = max(gap, now - last), now, ticks + 1
    th.join()
    assert state.get("docs", 2) == 2
    assert state["took"] > 0.1  # long enough for the gap to mean something
    # with the GIL held the main loop would stop for the whole call
    assert gap < state["took"] / 2, (gap, state["took"])
    assert ticks > 1000


def test_jsonl_records_are_the_cli_lines(nlp):
    """Tagger.jsonl_records: a block of JSONL lines in one call, the CLI's
    --jsonl bytes for them, error records numbered from first_line and
    their indices given; without the GIL (the call is one ctypes call)."""
    lines = [json.dumps({"id": i, "text": t, "src": "s"}, ensure_ascii=False)
             for i, t in enumerate([FA, EN, FA + " " + EN])]
    lines[1:1] = ["", '{"id":"x","text":1}', "{bad", '{"id":"y","text":"a\\ud800"}']
    block = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")  # a byte order mark, too
    block += b'{"id":"z","text":"a\xffb"}\n'  # not UTF-8
    cli = run_cli(["--jsonl", "-q", "--date", "2024-12-05"], block)
    assert cli.returncode == 1
    res = nlp.jsonl_records(block, date="2024-12-05")
    assert res.data == cli.stdout
    assert res.lines == 8 and res.failed == [1, 2, 3, 4, 7]
    assert b'"error":{"code":"invalid_utf8"' in res.data.split(b"\n")[7]
    # numbered from another first line (no byte order mark skipped there)
    res = nlp.jsonl_records(block[3:], first_line=41, date="2024-12-05")
    assert res.data.split(b"\n")[1] == (b'{"line":42,"error":{"code":"empty_line","message":'
                                        b'"empty line (every line must be a JSON object)"}}')
    assert nlp.jsonl_records(b"").data == b""
    # another text field, and the last line without its newline
    res = nlp.jsonl_records(b'{"body":"Lavrov in Malta"}', text_field="body")
    assert res.lines == 1 and res.failed == [] and b'"kb_id":"malta"' in res.data


def test_installed_library(tmp_path):
    """The package with an installed libtagger: found through the loader
    (no build tree beside the package), the data from PREFIX/share/tagger."""
    stage = tmp_path / "stage"
    subprocess.run(["cmake", "--install", BUILD, "--prefix", str(stage)], check=True,
                   capture_output=True)
    libdir = next(p for p in stage.iterdir() if p.name.startswith("lib"))
    pkg = tmp_path / "site"
    subprocess.run(["cp", "-r", os.path.join(SOURCE, "python", "tagger"), str(pkg / "tagger")],
                   check=False) if pkg.mkdir() is None else None
    env = {k: v for k, v in os.environ.items()
           if k not in ("TAGGER_LIBRARY", "TAGGER_DATA_DIR", "TAGGER_BUILD_DIR")}
    env.update(PYTHONPATH=str(pkg), LD_LIBRARY_PATH=str(libdir))
    code = ("import tagger; d = tagger.Tagger().tag(%r);"
            "print(tagger.library_path()); print(tagger.data_dir()); print(d.to_json())" % EN)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lib, data, js = out.stdout.splitlines()
    assert lib.startswith(str(libdir) + "/libtagger.so")
    assert os.path.realpath(data) == os.path.realpath(str(stage / "share" / "tagger"))
    assert js == tagger.Tagger().tag(EN).to_json()
    # TAGGER_LIBRARY names the library; a wrong one is an error naming it
    env["TAGGER_LIBRARY"] = str(tmp_path / "nope.so")
    out = subprocess.run([sys.executable, "-c", "import tagger; tagger.version()"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "libtagger not found; tried:\n  %s (no such file)" % (tmp_path / "nope.so") \
        in out.stderr

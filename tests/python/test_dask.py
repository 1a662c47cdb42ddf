"""tagger.dask on a LocalCluster of 2 worker processes against the CLI's
--jsonl on the same input: the same records, in the same order, with the
same member order; one tagger load per worker."""
import json
import os

import pytest

from conftest import SOURCE, run_cli

distributed = pytest.importorskip(
    "distributed", reason="dask.distributed missing (Debian: apt-get install python3-distributed)")
db = pytest.importorskip("dask.bag")

import tagger.dask  # noqa: E402


def corpus():
    lines = []
    for name in ("osce-malta.fa.txt", "osce-malta.en.txt"):
        with open(os.path.join(SOURCE, "data", "samples", name), encoding="utf-8") as f:
            paras = [p for p in f.read().split("\n") if p.strip()]
        for i, p in enumerate(paras):
            lines.append(tagger.dask.dumps({"id": "%s/%d" % (name, i), "source": name,
                                            "text": p, "n": [i, 1.5], "lang": "xx"}))
    # bad documents, as the CLI sees them
    lines[3:3] = ['{"id":"no-text","title":"t"}',
                  '{"text":["a"],"id":7}',
                  '{"id":"sur","text":"ab\\ud800c"}',
                  '[1,2]',
                  '{"id":"empty","text":""}']
    return lines


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.mark.parametrize("options,args", [({}, []),
                                          ({"offsets": "utf16", "topics": 1},
                                           ["--offsets", "utf16", "--topics", "1"])])
def test_tag_bag_equals_cli(client, options, args):
    lines = corpus()
    cli = run_cli(["--jsonl", "-q", "-j", "2"] + args, "\n".join(lines) + "\n")
    assert cli.returncode == 1  # some documents failed
    want = [json.loads(l) for l in cli.stdout.decode().splitlines()]
    bag = db.from_sequence([json.loads(l) for l in lines], npartitions=5)
    got = tagger.dask.tag_bag(bag, **options).compute()
    assert len(got) == len(lines) == 20
    assert got == want
    assert [list(r) for r in got] == [list(r) for r in want]  # member order too
    # and dumps() writes the CLI's lines, byte for byte (input written compactly)
    assert [tagger.dask.dumps(r) for r in got] == cli.stdout.decode().splitlines()
    assert [r["error"]["code"] for r in got if "error" in r] == \
        ["missing_text", "text_not_string", "invalid_utf8", "invalid_json"]
    assert [r["line"] for r in got if "error" in r] == [4, 5, 6, 7]
    # one tagger per worker process and options, kept between computations
    loads = client.run(tagger.dask.loads_count)
    assert len(loads) == 2 and all(1 <= n <= 2 for n in loads.values())


def test_tag_bag_rejects_unknown_options():
    with pytest.raises(TypeError):
        tagger.dask.tag_bag(db.from_sequence([{"text": "x"}]), no_such=1)


def test_tag_bag_numbers_lines_across_blocks(client, monkeypatch):
    # the record tasks learn their first line from per-block sums of the
    # partition lengths (_BLOCK partitions a sum): 20 partitions, blocks of 3
    monkeypatch.setattr(tagger.dask, "_BLOCK", 3)
    lines = corpus() * 3
    cli = run_cli(["--jsonl", "-q"], "\n".join(lines) + "\n")
    bag = db.from_sequence([json.loads(l) for l in lines], npartitions=20)
    got = tagger.dask.tag_bag(bag, first_line=1).compute()
    assert [tagger.dask.dumps(r) for r in got] == cli.stdout.decode().splitlines()
    assert [r["line"] for r in got if "error" in r] == [4, 5, 6, 7, 24, 25, 26, 27, 44, 45, 46, 47]


@pytest.mark.parametrize("pattern,options,args", [
    ("*.jsonl", {}, []),
    ("part-*.jsonl.gz", {"offsets": "utf16", "topics": 1}, ["--offsets", "utf16", "--topics", "1"])])
def test_to_jsonl_writes_the_cli_lines(client, tmp_path, pattern, options, args):
    import gzip
    lines = corpus()
    # a lone surrogate in a member other than the text: the CLI writes it escaped
    lines.insert(9, '{"id":"a\\ud800b","text":"Lavrov in Malta"}')
    cli = run_cli(["--jsonl", "-q", "-j", "2"] + args, "\n".join(lines) + "\n")
    assert cli.returncode == 1
    bag = db.from_sequence([json.loads(l) for l in lines], npartitions=5)
    paths = tagger.dask.to_jsonl(bag, str(tmp_path / pattern), **options)
    assert len(paths) == 5 and all(os.path.exists(p) for p in paths)
    opener = gzip.open if pattern.endswith(".gz") else open
    out = b""
    for p in paths:
        with opener(p, "rb") as f:
            out += f.read()
    assert out == cli.stdout  # byte for byte, error records' lines numbered
    assert b'"id":"a\\ud800b"' in out
    # lazily, with the tagger's date: the same as tag_bag's records
    d = tagger.dask.to_jsonl(bag, str(tmp_path / "lazy" / "*.jsonl"), compute=False, date="2024-12-05")
    (paths,) = client.compute([d], sync=True)
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            out.extend(f.read().splitlines())
    want = tagger.dask.tag_bag(bag, date="2024-12-05").compute()
    got = [json.loads(l) for l in out]
    assert got == want and [list(r) for r in got] == [list(r) for r in want]


def raw_corpus():
    """corpus() as a file's bytes, with lines only raw JSONL can have: a
    byte order mark, an empty line, a syntax error, bytes that are not
    UTF-8, a CR before a newline, and the last line without its newline."""
    lines = [l.encode("utf-8") for l in corpus()]
    lines[0] = b"\xef\xbb\xbf" + lines[0]
    lines[8:8] = [b"", b'{"id":"cut","text":"a"', b'{"id":"bytes","text":"a\xffb"}',
                  b'{"id":"cr","text":"Lavrov in Malta"}\r']
    return b"\n".join(lines * 3)


def test_lines_equal_cli(client, tmp_path):
    # JSONL lines as db.read_text gives them (str), in partitions of a few
    # lines: to_jsonl and tag_bag(jsonl=True) give the CLI's bytes, tag_bag
    # its records as dicts; error records numbered across partitions
    data = raw_corpus()
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    cli = run_cli(["--jsonl", "-q", "-j", "2"], data)
    assert cli.returncode == 1
    want = cli.stdout
    bag = db.read_text(str(path), blocksize=1000, linedelimiter="\n", errors="surrogateescape")
    assert bag.npartitions > 6
    paths = tagger.dask.to_jsonl(bag, str(tmp_path / "out" / "*.jsonl"))
    assert b"".join(open(p, "rb").read() for p in paths) == want
    lines = tagger.dask.tag_bag(bag, jsonl=True).compute()
    assert "\n".join(lines) + "\n" == want.decode("utf-8")
    recs = tagger.dask.tag_bag(bag).compute()
    assert recs == [json.loads(l) for l in want.splitlines()]
    errors = [(r["line"], r["error"]["code"]) for r in recs if "error" in r]
    assert errors[:8] == [(4, "missing_text"), (5, "text_not_string"), (6, "invalid_utf8"),
                          (7, "invalid_json"), (9, "empty_line"), (10, "invalid_json"),
                          (11, "invalid_utf8"), (25, "invalid_json")]
    # a byte order mark past line 1 is not JSON, as for the CLI
    assert len(errors) == 23 and errors[-1] == (59, "invalid_utf8")


def test_lines_and_objects_mixed(client):
    # lines without their newline (from_sequence) and dicts in one bag: a
    # dict is tagged as its line written with dumps
    lines = corpus()
    items = [l if i % 2 else json.loads(l) for i, l in enumerate(lines)]
    items[5] = lines[5].encode("utf-8")
    cli = run_cli(["--jsonl", "-q"], "\n".join(lines) + "\n")
    got = tagger.dask.tag_bag(db.from_sequence(items, npartitions=3), jsonl=True).compute()
    assert got == cli.stdout.decode().splitlines()
    two = db.from_sequence(['{"text":"a"}\n{"text":"b"}'], npartitions=1)
    with pytest.raises(ValueError, match="more than one line"):
        tagger.dask.tag_bag(two).compute()


def test_to_jsonl_rejects_unknown_options(tmp_path):
    with pytest.raises(TypeError):
        tagger.dask.to_jsonl(db.from_sequence([{"text": "x"}]), str(tmp_path / "*.jsonl"), no_such=1)


def test_readme_example(client, tmp_path, monkeypatch):
    # README.md's Dask example, run as it stands in a directory holding a
    # corpus-1.jsonl, on this cluster (the default client): tagged/*.jsonl
    # together are the CLI's output
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    start = readme.index("```python\nimport dask.bag as db, tagger.dask\n")
    code = readme[start + len("```python\n"):readme.index("```", start + 3)]
    lines = corpus()
    with open(tmp_path / "corpus-1.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    monkeypatch.chdir(tmp_path)
    names = {}
    exec(compile(code, "README.md", "exec"), names)
    parts = sorted(os.listdir(tmp_path / "tagged"), key=lambda p: int(p.split(".")[0]))
    out = b"".join((tmp_path / "tagged" / p).read_bytes() for p in parts)
    assert out == run_cli(["--jsonl", "-q"], "\n".join(lines) + "\n").stdout
    # and its DataFrame: a row an entity of the CLI's records, in order
    want = [(e["start"], e["end"], e["label"], e["text"], e.get("kb_id"))
            for r in out.splitlines() for e in json.loads(r).get("entities", [])]
    df = names["ents"].compute()
    assert list(df.columns) == ["start", "end", "label", "text", "kb_id"] and len(want) > 40
    assert [(int(s), int(e), lab, t, None if k != k else k)
            for s, e, lab, t, k in df.itertuples(index=False)] == want

"""tagger.dask — tagging a Dask Bag of JSONL lines or JSON objects, on one
machine or many.

    import dask.bag as db, tagger.dask
    bag = db.read_text("corpus-*.jsonl", blocksize="1MiB")  # the lines
    tagger.dask.to_jsonl(bag, "out/*.jsonl", topics=2)   # the CLI's lines
    tagged = tagger.dask.tag_bag(bag, topics=2)          # the same, as dicts

A bag's items are JSONL lines (str or bytes, one line each, as
``db.read_text`` gives them) or JSON objects (dicts, e.g. after
``.map(json.loads)``); anything else is an object that is not one.
``tag_bag(bag, **options)`` maps every item to the record the CLI's
``tagger --jsonl`` writes for it: the object's other members first, in
their order, then "lang", "topics", "entities" (and "warnings" when a limit
cut matches); members named like those four are replaced, the text left
out.  An item that cannot be tagged gets the CLI's error record instead,
``{"id": ..., "line": N, "error": {"code", "message", "offset"}}``, where
``line`` is the item's 1-based position in the bag (the line of a JSONL
file read in order) and ``offset``, where the CLI gives one, the byte
offset in the line (for a dict: in the object written as compact JSON with
non-ASCII as it is, ``dumps``).  Order and partitions are kept.
``to_jsonl(bag, path, **options)`` writes the same records as JSON lines,
a file a partition, byte for byte the CLI's.  ``tag_bag(bag, jsonl=True)``
gives the lines (str, without the newline) instead of dicts.

The work of a partition is one call into libtagger
(``Tagger.jsonl_records``: tagger_jsonl_records, the code behind the CLI's
--jsonl), which parses every line, tags it and writes its record without
the GIL; a dict is first written as its line (``dumps``).  So a worker
spends about the CLI's CPU a document, not Python's json.loads, dicts and
json.dumps of every record.

Each worker process loads the tagger once, on its first partition, and
keeps it for the later ones and later computations with the same options
(``_TAGGERS``): a worker's threads share it, which is safe (a loaded
tagger is immutable).  Options are Tagger's (``tagger.Tagger``), plus
``text_field`` (the CLI's --text-field).

The graphs.  Only the line numbers of error records depend on other
partitions (on how many items come before), so the work of a partition
never waits for another's: in ``to_jsonl`` one task a partition reads (the
input's own tasks, fused), tags and writes its file, and one last task
counts the lines and rewrites the few files that hold error records, with
their line numbers; in ``tag_bag`` a partition is tagged in one task fused
with its reading, its length taken, and a second task makes its records
once the lengths before it are known (it may run on the other worker, so
the tagged partition travels as the records' bytes, parsed there).
Measurements: docs/python.md.
"""
import inspect
import json
import re
import threading

from . import Tagger

__all__ = ["tag_bag", "to_jsonl", "tag_partition", "tag_record", "dumps", "loads_count"]

RESERVED = ("lang", "topics", "entities", "warnings")

_TAGGERS = {}
_LOCK = threading.Lock()
_LOADS = 0


def _options_key(options):
    return json.dumps(options, sort_keys=True, default=str)


def get_tagger(options):
    """This process's tagger for `options`, loaded on first use."""
    global _LOADS
    key = _options_key(options)
    t = _TAGGERS.get(key)
    if t is None:
        with _LOCK:
            t = _TAGGERS.get(key)
            if t is None:
                t = _TAGGERS[key] = Tagger(**options)
                _LOADS += 1
    return t


def loads_count():
    """How many taggers this process has loaded (for tests: run it on the
    workers with Client.run)."""
    return _LOADS


def dumps(record):
    """A record as the CLI writes a JSONL line (without the newline):
    compact, non-ASCII as it is."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(line):
    """A line as UTF-8; a lone surrogate (from a \\ud800 escape in the input)
    written as the CLI writes it, \\ud800."""
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), line).encode("utf-8")


def _line(item):
    """An item of the bag as its JSONL line (bytes, without the newline): a
    line as it is, anything else written as compact JSON (``dumps``)."""
    if isinstance(item, (bytes, bytearray)):
        return bytes(item).rstrip(b"\n")
    if isinstance(item, str):
        line = item[:-1] if item.endswith("\n") else item
        try:
            return line.encode("utf-8")
        except UnicodeEncodeError:
            pass
        try:  # db.read_text(errors="surrogateescape"): the bytes read
            return line.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # not UTF-8: the line's invalid_utf8 record
            return line.encode("utf-8", "surrogatepass")
    return _utf8(dumps(item))


def _block(items):
    """A partition's items as one block of JSONL lines (bytes) and their
    count."""
    lines = [_line(x) for x in items]
    return b"\n".join(lines) + b"\n" if lines else b"", len(lines)


def _tag_block(items, first, options, text_field):
    """A partition tagged by libtagger in one call: the JsonlRecords of its
    lines, error records numbered from `first` (0 for a partition whose
    first line is not yet known)."""
    data, n = _block(items)
    res = get_tagger(options).jsonl_records(data, first, text_field)
    if res.lines != n:
        raise ValueError("tagger.dask: an item holds more than one line (%d items, %d lines)"
                         % (n, res.lines))
    return res


_DECODER = json.JSONDecoder()


def _set_line(rec, line):
    """An error record (a JSONL line, bytes) with its "line" set to
    `line`; the record is {"id": RAW, "line": N, ...} or {"line": N, ...}."""
    s = rec.decode("utf-8")
    i = 1
    if s.startswith('{"id":'):
        i = _DECODER.raw_decode(s, 6)[1] + 1  # past the id's raw value and the comma
    j = i + len('"line":')
    k = j
    while s[k].isdigit():
        k += 1
    return (s[:j] + str(line) + s[k:]).encode("utf-8")


def tag_record(tagger, obj, line, text_field="text", date=None):
    """The CLI's --jsonl record (a dict) for one item (a dict or a JSONL
    line) at `line`."""
    res = tagger.jsonl_records(_line(obj) + b"\n", line, text_field, date)
    return json.loads(res.data)


def tag_partition(objs, first_line, options, text_field="text"):
    """Tags a list of items (the worker side of tag_bag): their records as
    dicts."""
    res = _tag_block(objs, first_line, options, text_field)
    return [json.loads(r) for r in res.data.split(b"\n")[:-1]]


def _tag_local(items, first, options, text_field):
    """A partition's items tagged: (the records' bytes, how many, the
    indices of error records).  Bytes are cheap to move between workers,
    a list of dicts is not."""
    res = _tag_block(items, first, options, text_field)
    return res.data, res.lines, res.failed


def _length(tagged):
    return tagged[1]


def _renumber(tagged, first, counts, first_known, jsonl):
    """The records of a partition from _tag_local's result, as dicts (or
    with `jsonl`, as lines without the newline); its first line is `first`
    plus the lengths of the partitions between (`counts`)."""
    data, _, failed = tagged
    lines = data.split(b"\n")[:-1]  # a record may hold a raw CR (white space)
    if not first_known:
        first += sum(counts)
        for i in failed:
            lines[i] = _set_line(lines[i], first + i)
    if jsonl:
        return [r.decode("utf-8") for r in lines]
    return [json.loads(r) for r in lines]


def _add(first, counts):
    return first + sum(counts)


# tag_bag: a record task waits for the lengths of the partitions before it
# through one sum a _BLOCK partitions and the lengths in its own block, so
# that no chain of small tasks (each a round trip to the scheduler) runs
# through the graph and no task has more than _BLOCK + 2 dependencies.
_BLOCK = 32


def _check_options(options):
    # a bad option name fails here, not on a worker
    unknown = set(options) - set(inspect.signature(Tagger).parameters)
    if unknown:
        raise TypeError("unknown tagger option(s): %s" % ", ".join(sorted(unknown)))


def _fused(bag, prefix, task):
    """The graph of task(i) (a task with `bag`'s partition i, the key
    (bag.name, i), among its arguments) for every partition i, optimized
    like a Bag's: each partition's chain of tasks fused into one.  The
    fused tasks keep their keys (prefix-token, i): a key renamed to its
    chain's name leaves an alias task behind, a scheduler round trip a
    partition for nothing.  Returns (graph as a dict, keys)."""
    from dask.bag.core import optimize
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    tasks = [task(i) for i in range(bag.npartitions)]
    name = prefix + "-" + tokenize(bag.name, tasks)
    dsk = {(name, i): t for i, t in enumerate(tasks)}
    keys = list(dsk)
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=[bag])
    return optimize(graph, keys, rename_fused_keys=False), keys


def tag_bag(bag, text_field="text", first_line=1, jsonl=False, **options):
    """A Bag of the CLI's --jsonl records for `bag`'s items (lazy, same
    partitions and order): dicts, or with `jsonl` the JSON lines (str,
    without the newline).  `options` are tagger.Tagger's.

    Each partition is tagged in one task fused with whatever made its
    items (reading): a separate task per step cost a fifth of the speed-up
    on two workers.  Only the records, which carry the line numbers of
    error records, wait for the lengths of the partitions before them (see
    _BLOCK)."""
    from dask.bag.core import Bag
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    _check_options(options)
    n = bag.npartitions
    dsk, tagged = _fused(bag, "tag-local",
                         lambda i: (_tag_local, (bag.name, i), first_line if i == 0 else 0,
                                    options, text_field))
    tok = tokenize(bag.name, options, text_field, first_line, jsonl)
    lens, sums, name = "tag-len-" + tok, "tag-first-" + tok, "tag-records-" + tok
    for i, k in enumerate(tagged):
        dsk[(lens, i)] = (_length, k)
    first = first_line
    for b in range(0, n, _BLOCK):
        if b:
            dsk[(sums, b)] = (_add, first, [(lens, j) for j in range(b - _BLOCK, b)])
            first = (sums, b)
        for i in range(b, min(n, b + _BLOCK)):
            dsk[(name, i)] = (_renumber, tagged[i], first, [(lens, j) for j in range(b, i)],
                              i == 0, jsonl)
    return Bag(HighLevelGraph.from_collections(name, dsk, dependencies=()), name, n)


def _write_partition(items, first, f, options, text_field):
    """Tags a partition and writes its JSON lines to the OpenFile `f`.
    Returns (how many lines, indices of error records): the partition's
    error records are numbered from `first` (0 until _fix_lines numbers
    them, but in the first partition)."""
    res = _tag_block(items, first, options, text_field)
    with f as fh:
        fh.write(res.data)
    return res.lines, res.failed


def _fix_lines(first_line, written, files):
    """Numbers the error records: rewrites the files after the first that
    hold any, each error record given its line in the whole input.
    Returns the paths written."""
    from fsspec.core import OpenFile

    first = first_line
    for k, ((count, failed), f) in enumerate(zip(written, files)):
        if failed and k:
            src = OpenFile(f.fs, f.path, mode="rb", compression=f.compression)
            with src as fh:
                lines = fh.read().split(b"\n")
            for i in failed:
                lines[i] = _set_line(lines[i], first + i)
            with f as fh:
                fh.write(b"\n".join(lines))
        first += count
    return [f.path for f in files]


def to_jsonl(bag, path, text_field="text", first_line=1, name_function=None,
             compression="infer", storage_options=None, compute=True, **options):
    """Tags `bag`'s items (JSONL lines or dicts) and writes the CLI's
    --jsonl lines, one file a partition (`path` as Bag.to_textfiles takes
    it: "out/*.jsonl", a list of paths, a URL; compression by extension),
    newline-terminated, UTF-8, byte for byte what `tagger --jsonl` writes
    for the same lines.  Returns the paths, or with compute=False a Delayed
    that writes the files and returns them.

    The same output as tag_bag(bag, jsonl=True).to_textfiles(path) without
    its second task a partition: a partition is read, tagged (one call into
    libtagger) and written by one task that waits for no other, and the
    error records' line numbers are put in at the end (_fix_lines)."""
    from dask.base import tokenize
    from dask.delayed import Delayed
    from fsspec.core import open_files

    _check_options(options)
    files = open_files(path, mode="wb", compression=compression, name_function=name_function,
                       num=bag.npartitions, **(storage_options or {}))
    dsk, keys = _fused(bag, "tag-write",
                       lambda i: (_write_partition, (bag.name, i), first_line if i == 0 else 0,
                                  files[i], options, text_field))
    name = "tag-files-" + tokenize(keys, first_line)
    dsk[name] = (_fix_lines, first_line, keys, files)
    out = Delayed(name, dsk)
    return out.compute() if compute else out

"""tagger.dask — tagging a Dask Bag of JSON objects, on one machine or many.

    import dask.bag as db, json, tagger.dask
    bag = db.read_text("corpus-*.jsonl").map(json.loads)
    tagger.dask.to_jsonl(bag, "out/*.jsonl", topics=2)   # the CLI's lines
    tagged = tagger.dask.tag_bag(bag, topics=2)          # the same, as dicts

``tag_bag(bag, **options)`` maps every object with a "text" to the record
the CLI's ``tagger --jsonl`` writes for it: the object's other members
first, in their order, then "lang", "topics", "entities" (and "warnings"
when a limit cut matches); members named like those four are replaced, the
text left out.  An object that cannot be tagged gets the CLI's error record
instead, ``{"id": ..., "line": N, "error": {"code", "message", "offset"}}``,
where ``line`` is the object's 1-based position in the bag (the line of a
JSONL file read in order) and ``offset``, where the CLI gives one, the byte
offset in the object written as compact JSON with non-ASCII as it is
(``dumps``).  Order and partitions are kept.  ``to_jsonl(bag, path,
**options)`` writes the same records as JSON lines, a file a partition,
byte for byte ``dumps`` of each (a lone surrogate escaped, as the CLI
writes it).

Each worker process loads the tagger once, on its first partition, and
keeps it for the later ones and later computations with the same options
(``_TAGGERS``): a worker's threads share it, which is safe (a loaded
tagger is immutable).  Options are Tagger's (``tagger.Tagger``), plus
``text_field`` (the CLI's --text-field).

The graphs.  Only the line numbers of error records depend on other
partitions (on how many objects come before), so the work of a partition
never waits for another's: in ``to_jsonl`` one task a partition reads (the
input's own tasks, fused), tags and writes its file, and one last task
counts the lines and rewrites the few files that hold error records, with
their line numbers; in ``tag_bag`` a partition is tagged in one task fused
with its reading, its length taken, and a second task makes its records
once the lengths before it are known (it may run on the other worker, so
the tagged partition travels as the tagger's JSON bytes, parsed there).
Measurements: docs/python.md.
"""
import inspect
import json
import re
import threading

from . import Tagger, TaggerError

__all__ = ["tag_bag", "to_jsonl", "tag_partition", "tag_record", "dumps", "loads_count"]

RESERVED = ("lang", "topics", "entities", "warnings")

_TAGGERS = {}
_LOCK = threading.Lock()
_LOADS = 0

# bulk_record.c's codes for the library's statuses
_CODES = {2: "invalid_utf8", 3: "too_large", 1: "out_of_memory", 4: "io_error"}


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


def _compact(value):
    return dumps(value).encode("utf-8", "surrogatepass")


def _value_offset(obj, key):
    """Byte offset of obj[key]'s value in dumps(obj)."""
    n = 1  # "{"
    for k, v in obj.items():
        n += len(_compact(k)) + 1
        if k == key:
            return n
        n += len(_compact(v)) + 1
    return n


def _error(obj, line, code, message, offset=None):
    rec = {}
    if isinstance(obj, dict) and "id" in obj:
        rec["id"] = obj["id"]
    rec["line"] = line
    err = {"code": code, "message": message}
    if offset is not None:
        err["offset"] = offset
    rec["error"] = err
    return rec


def _lone_surrogate(text):
    for i, ch in enumerate(text):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return i
    return -1


def tag_record(tagger, obj, line, text_field="text", date=None):
    """The CLI's --jsonl record for one object (a dict) at `line`."""
    rec = _document(tagger, obj, line, text_field, date)
    return rec if isinstance(rec, dict) else _record(rec)


def _record(raw):
    """The record of a tagged object from _document's (members, JSON) pair."""
    members, out = raw
    rec = dict(members)
    rec.update(json.loads(out))
    return rec


def _document(tagger, obj, line, text_field, date):
    """An error record (a dict), or for a tagged object the pair (its other
    members as a dict, the tagger's JSON bytes), parsed by _record."""
    if not isinstance(obj, dict):
        return _error(None, line, "invalid_json",
                      "not a JSON object (a line must start with '{')", 0)
    if text_field not in obj:
        return _error(obj, line, "missing_text", 'no "%s" member' % text_field[:256])
    text = obj[text_field]
    if not isinstance(text, str):
        return _error(obj, line, "text_not_string", '"%s" is not a string' % text_field[:256],
                      _value_offset(obj, text_field))
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a \\ud800 escape in the JSON)
        bad = _lone_surrogate(text)
        at = _value_offset(obj, text_field) + 1 + len(_compact(text[:bad])) - 2
        return _error(obj, line, "invalid_utf8",
                      '\\u escape of a lone surrogate in "%s" (not representable in UTF-8)'
                      % text_field[:256], at)
    try:
        out = tagger._run(data, None, date.encode() if date else tagger._date)
    except TaggerError as e:
        return _error(obj, line, _CODES.get(e.code, "internal_error"), e.message)
    return {k: v for k, v in obj.items() if k != text_field and k not in RESERVED}, out


def tag_partition(objs, first_line, options, text_field="text"):
    """Tags a list of objects (the worker side of tag_bag)."""
    t = get_tagger(options)
    return [tag_record(t, obj, first_line + i, text_field) for i, obj in enumerate(objs)]


def _tag_local(objs, options, text_field):
    """A partition's objects tagged, as _document gives them: the tagger's
    JSON stays unparsed (bytes are cheap to move between workers, a list of
    dicts is not), and an error record's line is its 0-based index in the
    partition until _renumber adds the partition's first line."""
    t = get_tagger(options)
    return [_document(t, obj, i, text_field, None) for i, obj in enumerate(objs)]


def _renumber(raws, first, counts):
    """The records of a partition from _tag_local's items; its first line
    is `first` plus the lengths of the partitions between (`counts`)."""
    first += sum(counts)
    recs = []
    for r in raws:
        if isinstance(r, dict):  # an error record
            r = dict(r, line=r["line"] + first)
            recs.append(r)
        else:
            recs.append(_record(r))
    return recs


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


def tag_bag(bag, text_field="text", first_line=1, **options):
    """A Bag of the CLI's --jsonl records for `bag`'s objects (lazy, same
    partitions and order).  `options` are tagger.Tagger's.

    Each partition is tagged in one task fused with whatever made its
    objects (reading, json.loads): a separate task per step cost a fifth of
    the speed-up on two workers.  Only the records, which carry the line
    numbers of error records, wait for the lengths of the partitions before
    them (see _BLOCK)."""
    from dask.bag.core import Bag
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    _check_options(options)
    n = bag.npartitions
    dsk, tagged = _fused(bag, "tag-local",
                         lambda i: (_tag_local, (bag.name, i), options, text_field))
    tok = tokenize(bag.name, options, text_field, first_line)
    lens, sums, name = "tag-len-" + tok, "tag-first-" + tok, "tag-records-" + tok
    for i, k in enumerate(tagged):
        dsk[(lens, i)] = (len, k)
    first = first_line
    for b in range(0, n, _BLOCK):
        if b:
            dsk[(sums, b)] = (_add, first, [(lens, j) for j in range(b - _BLOCK, b)])
            first = (sums, b)
        for i in range(b, min(n, b + _BLOCK)):
            dsk[(name, i)] = (_renumber, tagged[i], first, [(lens, j) for j in range(b, i)])
    return Bag(HighLevelGraph.from_collections(name, dsk, dependencies=()), name, n)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(line):
    """A line as UTF-8; a lone surrogate (from a \\ud800 escape in the input)
    written as the CLI writes it, \\ud800."""
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), line).encode("utf-8")


def _write_partition(objs, f, options, text_field):
    """Tags a partition and writes its JSON lines to the OpenFile `f`.
    Returns (how many lines, [(index, error record)]): an error record's
    line is its 0-based index until _fix_lines numbers it."""
    t = get_tagger(options)
    lines = []
    errors = []
    for i, obj in enumerate(objs):  # objs may be an iterator (Bag graphs are lazy)
        r = _document(t, obj, i, text_field, None)
        if isinstance(r, dict):
            errors.append((i, r))
            lines.append(_utf8(dumps(r)))
        else:
            members, out = r
            # the record is the members, then the tagger's {"lang", ...}
            lines.append(_utf8(dumps(members))[:-1] + b"," + out[1:] if members else out)
    with f as fh:
        if lines:
            fh.write(b"\n".join(lines) + b"\n")
    return len(lines), errors


def _fix_lines(first_line, written, files):
    """Numbers the error records: rewrites the files that hold any, each
    error line replaced by its record with the line in the whole input.
    Returns the paths written."""
    from fsspec.core import OpenFile

    first = first_line
    for (count, errors), f in zip(written, files):
        if errors:
            src = OpenFile(f.fs, f.path, mode="rb", compression=f.compression)
            with src as fh:
                lines = fh.read().split(b"\n")
            for i, rec in errors:
                lines[i] = _utf8(dumps(dict(rec, line=rec["line"] + first)))
            with f as fh:
                fh.write(b"\n".join(lines))
        first += count
    return [f.path for f in files]


def to_jsonl(bag, path, text_field="text", first_line=1, name_function=None,
             compression="infer", storage_options=None, compute=True, **options):
    """Tags `bag`'s objects and writes the CLI's --jsonl lines, one file a
    partition (`path` as Bag.to_textfiles takes it: "out/*.jsonl", a list
    of paths, a URL; compression by extension), each line ``dumps`` of
    tag_bag's record, newline-terminated, UTF-8.  Returns the paths, or with
    compute=False a Delayed that writes the files and returns them.

    The same output as tag_bag(bag).map(dumps).to_textfiles(path) with a
    final newline, without its second task a partition: a partition is
    read, tagged and written by one task that waits for no other, and the
    error records' line numbers are put in at the end (_fix_lines)."""
    from dask.base import tokenize
    from dask.delayed import Delayed
    from fsspec.core import open_files

    _check_options(options)
    files = open_files(path, mode="wb", compression=compression, name_function=name_function,
                       num=bag.npartitions, **(storage_options or {}))
    dsk, keys = _fused(bag, "tag-write",
                       lambda i: (_write_partition, (bag.name, i), files[i], options, text_field))
    name = "tag-files-" + tokenize(keys, first_line)
    dsk[name] = (_fix_lines, first_line, keys, files)
    out = Delayed(name, dsk)
    return out.compute() if compute else out

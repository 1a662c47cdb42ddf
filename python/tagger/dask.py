"""tagger.dask — tagging a Dask Bag of JSON objects, on one machine or many.

    import dask.bag as db, json, tagger.dask
    bag = db.read_text("corpus-*.jsonl").map(json.loads)
    tagged = tagger.dask.tag_bag(bag, topics=2)
    tagged.map(tagger.dask.dumps).to_textfiles("out/*.jsonl")

``tag_bag(bag, **options)`` maps every object with a "text" to the record
the CLI's ``tagger --jsonl`` writes for it: the object's other members
first, in their order, then "lang", "topics", "entities" (and "warnings"
when a limit cut matches); members named like those four are replaced, the
text left out.  An object that cannot be tagged gets the CLI's error record
instead, ``{"id": ..., "line": N, "error": {"code", "message", "offset"}}``,
where ``line`` is the object's 1-based position in the bag (the line of a
JSONL file read in order) and ``offset``, where the CLI gives one, the byte
offset in the object written as compact JSON with non-ASCII as it is
(``dumps``).  Order and partitions are kept.

Each worker process loads the tagger once, on its first partition, and
keeps it for the later ones and later computations with the same options
(``_TAGGERS``): a worker's threads share it, which is safe (a loaded
tagger is immutable).  Options are Tagger's (``tagger.Tagger``), plus
``text_field`` (the CLI's --text-field).  The line numbers come from the
partition lengths: a partition's error records get theirs once the
partitions before it have been read (their tagging does not wait).
"""
import inspect
import json
import threading

from . import Tagger, TaggerError

__all__ = ["tag_bag", "tag_partition", "tag_record", "dumps", "loads_count"]

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
    rec, out = raw
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


def _renumber(raws, first_line):
    """The records of a partition from _tag_local's items."""
    recs = []
    for r in raws:
        if isinstance(r, dict):  # an error record
            r["line"] += first_line
            recs.append(r)
        else:
            recs.append(_record(r))
    return recs


def _next_first(first, count):
    return first + count


def tag_bag(bag, text_field="text", first_line=1, **options):
    """A Bag of the CLI's --jsonl records for `bag`'s objects (lazy, same
    partitions and order).  `options` are tagger.Tagger's.

    Each partition is tagged in one task, fused with whatever made its
    objects (reading, json.loads): a separate task per step cost a fifth of
    the speed-up on two workers.  Only the line numbers of error records
    wait for the lengths of the partitions before them: the task that adds
    them (_renumber) may run on another worker than the tagging, so the
    tagged partition travels as the tagger's JSON bytes, parsed there
    (moving the parsed records cost a tenth more CPU on two workers)."""
    import dask
    import dask.bag as db

    # a bad option name fails here, not on a worker
    unknown = set(options) - set(inspect.signature(Tagger).parameters)
    if unknown:
        raise TypeError("unknown tagger option(s): %s" % ", ".join(sorted(unknown)))
    parts = bag.map_partitions(_tag_local, options, text_field).to_delayed(optimize_graph=True)
    out = []
    first = first_line
    for p in parts:
        out.append(dask.delayed(_renumber, pure=True)(p, first))
        first = dask.delayed(_next_first, pure=True)(first, dask.delayed(len, pure=True)(p))
    return db.from_delayed(out)

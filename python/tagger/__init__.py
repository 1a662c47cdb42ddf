"""tagger — named entities and topics in Persian and English news, from
Python: a ctypes binding of libtagger (no compiler, no network).

    >>> import tagger
    >>> nlp = tagger.Tagger()
    >>> doc = nlp.tag("Sergey Lavrov met Antony Blinken in Malta.")
    >>> [(e.text, e.label, e.kb_id) for e in doc.ents]
    [('Sergey Lavrov', 'PERSON', 'sergey-lavrov'), ...]

``Tagger(**options)`` loads the CLI's default pipeline (gazetteer, rules,
topic and entity models, from the data directory: see ``_defaults.py``)
plus the files given; ``tag`` returns a ``Doc`` whose ``to_dict()`` is the
CLI's JSON for the same text and options (the library's own renderer,
parsed); ``pipe`` tags many texts on threads, a batch of texts a call into
libtagger (ctypes releases the GIL in every foreign call), and yields them
in input order.  Failures raise
``TaggerError`` with the library's status.  docs/python.md has the rest.
"""
import ctypes
import itertools
import json
import os
from concurrent.futures import ThreadPoolExecutor
from collections import deque, namedtuple

from . import _lib, _defaults

__all__ = ["Tagger", "Doc", "Entity", "Topic", "TaggerError", "JsonlRecords", "version",
           "library_path", "data_dir"]

# Tagger.jsonl_records: the records (bytes, a line each), how many lines, and
# the 0-based indices of the lines whose record is an error record.
JsonlRecords = namedtuple("JsonlRecords", "data lines failed")

OFFSETS = {"codepoint": 0, "utf16": 1, "utf8": 2}
SIZE_MAX = ctypes.c_size_t(-1).value

# tagger_status
STATUS_NAMES = ("ok", "out_of_memory", "invalid_utf8", "too_large", "io_error",
                "load_error", "usage", "internal_error")


class TaggerError(Exception):
    """A failure reported by libtagger.

    ``code`` is the tagger_status number, ``status`` its name
    (tagger_status_name: "invalid_utf8", "too_large", "load_error", ...),
    ``message`` the library's message and ``offset`` the byte offset into
    the input where it applies (invalid UTF-8), else None."""

    def __init__(self, code, message, offset=None, status=None):
        self.code = code
        self.status = status or _status_name(code)
        self.message = message
        self.offset = offset
        super().__init__("%s: %s" % (self.status, message))


def _status_name(code):
    try:
        return _lib.load().tagger_status_name(code).decode()
    except Exception:  # pragma: no cover - only without the library
        return STATUS_NAMES[code] if 0 <= code < len(STATUS_NAMES) else str(code)


def _error(err, what=None):
    """The TaggerError of a struct tagger_error."""
    code = err.code
    msg = err.message.decode("utf-8", "replace") or (what or "failed")
    offset = err.offset if code == 2 else None  # TAGGER_ERR_INVALID_UTF8
    return TaggerError(code, msg, offset)


def _raise(err, what=None):
    raise _error(err, what)


def _raising(e):
    """An iterator that raises `e` when it is reached."""
    raise e
    yield


def version():
    """The version of the loaded libtagger, e.g. "0.1.0"."""
    return _lib.load().tagger_version().decode()


def library_path():
    """The path of the loaded libtagger."""
    return _lib.library_path()


def data_dir(explicit=None):
    """The data directory the default pipeline comes from (or None)."""
    _lib.load()
    return _defaults.data_dir(explicit)


class _Record:
    """An entity or topic: a member of the JSON with attribute access; a
    member the JSON leaves out reads as None."""
    __slots__ = ("_d",)
    _keys = ()

    def __init__(self, d):
        self._d = d

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._d.get(name)

    def __getitem__(self, key):
        return self._d[key]

    def get(self, key, default=None):
        return self._d.get(key, default)

    def to_dict(self):
        """The JSON object, members in the CLI's order."""
        return dict(self._d)

    def __eq__(self, other):
        return type(other) is type(self) and other._d == self._d

    def __hash__(self):  # members may be lists (an entity's "places")
        return hash(json.dumps(self._d, sort_keys=True))

    def __repr__(self):
        shown = ", ".join("%s=%r" % (k, self._d[k]) for k in self._keys if k in self._d)
        return "%s(%s)" % (type(self).__name__, shown)


class Entity(_Record):
    """One entity: ``start``, ``end`` (code points by default: the tagger's
    ``offsets``), ``text``, ``label``, ``kb_id``, ``name``, ``value``,
    ``source``, ``rule``, ``list``, ``places`` (the countries named inside:
    dicts with ``start``, ``end``, ``text``, ``kb_id``, ``name``)... (None
    when absent)."""
    __slots__ = ()
    _keys = ("start", "end", "text", "label", "kb_id", "value", "source")


class Topic(_Record):
    """One topic: ``label``, ``iptc``, ``score``."""
    __slots__ = ()
    _keys = ("label", "iptc", "score")


class Doc:
    """A tagged text.  ``to_json()`` is the library's JSON (the CLI's
    output, byte for byte); ``to_dict()`` and the attributes parse it on
    first use."""
    __slots__ = ("text", "id", "_json", "_dict")

    def __init__(self, text, id, json_bytes):
        self.text = text
        self.id = id
        self._json = json_bytes
        self._dict = None

    def _parsed(self):
        if self._dict is None:
            self._dict = json.loads(self._json)
        return self._dict

    def to_json(self):
        """The JSON text (str) as the CLI writes it, without the newline."""
        return self._json.decode("utf-8")

    def to_dict(self):
        """The JSON as a dict (a new one each call)."""
        return json.loads(self._json)

    @property
    def lang(self):
        return self._parsed().get("lang")

    @property
    def ents(self):
        return [Entity(e) for e in self._parsed().get("entities", [])]

    @property
    def topics(self):
        return [Topic(t) for t in self._parsed().get("topics", [])]

    @property
    def warnings(self):
        return list(self._parsed().get("warnings", []))

    def __len__(self):
        return len(self.text)

    def __repr__(self):
        head = self.text[:40] + ("..." if len(self.text) > 40 else "")
        return "Doc(%r, lang=%r, ents=%d)" % (head, self.lang, len(self._parsed().get("entities", [])))


def _encode(text):
    """UTF-8 bytes of str (lone surrogates are passed on encoded, so the
    library rejects them with their offset) or bytes as they are."""
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError("text must be str or bytes, not %s" % type(text).__name__)


class Tagger:
    """A loaded tagger (immutable; share it between threads).

    Options (the CLI's names in brackets):

    - ``gazetteers``: extra gazetteer files, TSV or compiled [-g]
    - ``default_gazetteer``: load the default gazetteer [--no-default-gazetteer]
    - ``rules``: extra rule files, after the default ones [--rules]
    - ``default_rules``: load the default rules [--no-default-rules]
    - ``model``: True the default entity models, False none [--no-model],
      or a model file for every language [--ner-model]
    - ``topics``: at most K topics, 0 none [--topics K, --no-topics]; None
      keeps every label that passes the threshold
    - ``topic_threshold``: least probability of a topic [--topic-threshold]
    - ``topic_model``: a topic model file for every language [--topic-model]
    - ``all_matches``: every candidate, overlaps too [--all-matches]
    - ``date``: "YYYY-MM-DD", the documents' date [--date]
    - ``offsets``: "codepoint" (default), "utf16" or "utf8" [--offsets]
    - ``max_doc_bytes``, ``max_alias_bytes``, ``rule_match_limit``,
      ``rule_depth_limit``, ``jit`` [--max-doc-bytes, ..., --no-jit]
    - ``data_dir``: where the defaults come from (else $TAGGER_DATA_DIR,
      else beside the library)
    - ``map_data``: map the data files instead of reading them whole
      [the CLI's default; --read-data]: faster to load, and processes on
      one machine share the pages (docs/hardening.md says what it risks)
    """

    def __init__(self, gazetteers=(), default_gazetteer=True, rules=(), default_rules=True,
                 model=True, topics=3, topic_threshold=0.25, topic_model=None,
                 all_matches=False, date=None, offsets="codepoint", max_doc_bytes=None,
                 max_alias_bytes=None, rule_match_limit=None, rule_depth_limit=None,
                 jit=True, data_dir=None, map_data=False):
        lib = self._lib = _lib.load()
        self._t = None
        if offsets not in OFFSETS:
            raise ValueError("offsets: expected codepoint, utf16 or utf8, got %r" % (offsets,))
        if isinstance(gazetteers, (str, os.PathLike)):
            gazetteers = [gazetteers]
        if isinstance(rules, (str, os.PathLike)):
            rules = [rules]
        k = SIZE_MAX if topics is None else int(topics)
        if k < 0:
            raise ValueError("topics: expected a count (0 for none), got %r" % (topics,))
        if not 0 <= float(topic_threshold) <= 1:
            raise ValueError("topic_threshold: expected a probability from 0 to 1")
        self.offsets = offsets
        self.date = date
        self.data_dir = _defaults.data_dir(data_dir)
        enc = lambda p: os.fsencode(p)
        cfg = lib.tagger_config_new()
        if not cfg:
            raise MemoryError("tagger_config_new")
        err = _lib.Error()
        try:
            def check(st, what):
                if st != 0:
                    raise TaggerError(st, "%s: invalid value" % what)

            check(lib.tagger_config_set_all_matches(cfg, 1 if all_matches else 0), "all_matches")
            if map_data:
                if not hasattr(lib, "tagger_config_set_map_data"):
                    raise TaggerError(6, "map_data: this libtagger cannot map its data files")
                check(lib.tagger_config_set_map_data(cfg, 1), "map_data")
            if max_doc_bytes is not None:
                check(lib.tagger_config_set_max_doc_bytes(cfg, int(max_doc_bytes)), "max_doc_bytes")
            if max_alias_bytes is not None:
                check(lib.tagger_config_set_max_alias_bytes(cfg, int(max_alias_bytes)),
                      "max_alias_bytes")
            check(lib.tagger_config_set_rule_limits(
                cfg, int(rule_match_limit or 200000), int(rule_depth_limit or 5000),
                1 if jit else 0), "rule limits")
            use_topics = k != 0 and topic_model is None
            use_model = model is True
            failed = _defaults.add_defaults(lib, cfg, self.data_dir, data_dir,
                                            default_gazetteer, default_rules, use_topics,
                                            use_model, err)
            if failed and failed[0][0] == "tagger_config_add_defaults_ex":
                _raise(err)
            for name, st in failed:
                check(st, name)
            for path in gazetteers:
                check(lib.tagger_config_add_gazetteer(cfg, enc(path)), "gazetteer")
            for path in rules:
                check(lib.tagger_config_add_rules(cfg, enc(path)), "rules")
            if k != 0 and topic_model is not None:
                check(lib.tagger_config_set_topic_model(cfg, None, enc(topic_model)), "topic_model")
            check(lib.tagger_config_set_topics(cfg, k, float(topic_threshold)), "topics")
            if model not in (True, False, None):
                check(lib.tagger_config_set_ner_model(cfg, None, enc(model)), "model")
            t = lib.tagger_new(cfg, ctypes.byref(err))
        finally:
            lib.tagger_config_free(cfg)
        if not t:
            _raise(err, "tagger_new failed")
        self._t = t
        self._offsets = OFFSETS[offsets]
        self._date = date.encode() if date else None
        if date:
            self._run(b"", None, self._date)  # a malformed date fails here

    # ------------------------------------------------------------ tagging

    def _run(self, data, id, date):
        """Tags `data` (bytes); returns the JSON bytes.  Both foreign calls
        run without the GIL."""
        lib = self._lib
        if self._t is None:
            raise ValueError("the tagger is closed")
        err = _lib.Error()
        popt = _lib.ProcessOptions()
        lib.tagger_process_options_init_size(ctypes.byref(popt), ctypes.sizeof(popt))
        popt.date = date
        doc = lib.tagger_process_ex(self._t, data, len(data), ctypes.byref(popt),
                                    ctypes.byref(err))
        if not doc:
            _raise(err)
        try:
            jopt = _lib.JsonOptions()
            lib.tagger_json_options_init_size(ctypes.byref(jopt), ctypes.sizeof(jopt))
            jopt.offsets = self._offsets
            jopt.id = id
            n = ctypes.c_size_t()
            p = lib.tagger_doc_to_json(doc, ctypes.byref(jopt), ctypes.byref(n))
            if not p:
                raise MemoryError("tagger_doc_to_json")
            try:
                return ctypes.string_at(p, n.value)
            finally:
                lib.free_(p)
        finally:
            lib.tagger_doc_free(doc)

    def _date_arg(self, date):
        return date.encode() if date else self._date

    def tag(self, text, id=None, date=None):
        """Tags one text (str, or UTF-8 bytes); returns a Doc.  `id` (a
        string) becomes the JSON's first member, as the CLI's --id;
        `date` overrides the tagger's.  Raises TaggerError (invalid UTF-8,
        too large, a bad date)."""
        idb = None if id is None else str(id).encode("utf-8")
        return self._doc(text, id, idb, self._date_arg(date))

    def _doc(self, text, id, idb, dateb):
        data = _encode(text)
        out = self._run(data, idb, dateb)
        if not isinstance(text, str):
            text = data.decode("utf-8")
        return Doc(text, id, out)

    __call__ = tag

    def jsonl_records(self, lines, first_line=1, text_field="text", date=None):
        """The records `tagger --jsonl` writes for a block of JSONL lines.

        `lines` is UTF-8 bytes holding whole lines, each ending in a newline
        (the last may lack it).  Returns ``JsonlRecords(data, lines,
        failed)``: `data` the records as bytes, one line each, newline
        included, byte for byte the CLI's for the same lines and options;
        `lines` how many were read (= records); `failed` the 0-based
        indices of the lines whose record is an error record.  Error
        records number the lines from `first_line` (a byte order mark is
        skipped when it is 1).  One call into libtagger
        (tagger_jsonl_records), which parses, tags and writes every line
        without the GIL."""
        lib = self._lib
        if self._t is None:
            raise ValueError("the tagger is closed")
        if not hasattr(lib, "tagger_jsonl_records"):
            raise TaggerError(6, "jsonl_records: this libtagger has no tagger_jsonl_records")
        data = bytes(lines) if not isinstance(lines, bytes) else lines
        ro = _lib.RecordOptions()
        lib.tagger_record_options_init_size(ctypes.byref(ro), ctypes.sizeof(ro))
        field = text_field.encode("utf-8")
        ro.text_field = field
        ro.offsets = self._offsets
        ro.date = self._date_arg(date)
        res = _lib.JsonlResult()
        err = _lib.Error()
        st = lib.tagger_jsonl_records(self._t, ctypes.byref(ro), data, len(data),
                                      int(first_line), ctypes.byref(res), ctypes.byref(err))
        if st != 0:
            _raise(err)
        try:
            out = ctypes.string_at(res.out, res.out_len)
            failed = res.failed[:res.nfailed] if res.nfailed else []
            return JsonlRecords(out, res.lines, failed)
        finally:
            lib.tagger_jsonl_result_free(ctypes.byref(res))

    def _batch(self, texts, opts):
        """Tags a list of texts in one call into libtagger
        (tagger_process_batch: each text tagged and its JSON written, the
        GIL released for the whole batch); returns their Docs, a
        TaggerError in the place of a text that failed.  `opts` are
        _batch_options'."""
        lib = self._lib
        if self._t is None:
            raise ValueError("the tagger is closed")
        datas = [t.encode("utf-8", "surrogatepass") if type(t) is str else _encode(t)
                 for t in texts]
        n = len(datas)
        res = _lib.BatchResult()
        err = _lib.Error()
        st = lib.tagger_process_batch(self._t, (ctypes.c_char_p * n)(*datas),
                                      (ctypes.c_size_t * n)(*map(len, datas)), n, opts[0],
                                      opts[1], ctypes.byref(res), ctypes.byref(err))
        if st != 0:
            _raise(err)
        try:
            out = ctypes.string_at(res.out, res.out_len)
            ends = res.ends[:n]
            failed = {f.index: _error(f.error) for f in res.failed[:res.nfailed]}
        finally:
            lib.tagger_batch_result_free(ctypes.byref(res))
        docs = []
        start = 0
        for i, end in enumerate(ends):
            text = texts[i]
            if failed and i in failed:
                docs.append(failed[i])
            else:
                if type(text) is not str:
                    text = datas[i].decode("utf-8")
                docs.append(Doc(text, None, out[start:end]))
            start = end
        return docs

    def _batch_options(self, dateb):
        """The options structs of _batch (read only: the threads share
        them), passed by reference."""
        popt = _lib.ProcessOptions()
        self._lib.tagger_process_options_init_size(ctypes.byref(popt), ctypes.sizeof(popt))
        popt.date = dateb
        ropt = _lib.RenderOptions()
        self._lib.tagger_render_options_init_size(ctypes.byref(ropt), ctypes.sizeof(ropt))
        ropt.offsets = self._offsets
        return (ctypes.byref(popt), ctypes.byref(ropt), popt, ropt)

    def _each(self, texts, dateb):
        """_batch for a libtagger without tagger_process_batch: a call a
        text."""
        out = []
        for text in texts:
            try:
                out.append(self._doc(text, None, None, dateb))
            except TaggerError as e:
                out.append(e)
        return out

    def pipe(self, texts, threads=None, date=None, batch_size=32, errors="raise"):
        """Tags an iterable of texts on `threads` threads (default: the
        cores) and yields their Docs in input order, reading the input as
        it goes (at most 4 batches a thread in flight).  A batch of
        `batch_size` texts is one call into libtagger, without the GIL.  A
        text that fails raises its TaggerError when its turn comes (the
        Docs before it are yielded); with errors="return" the TaggerError
        is yielded in its place."""
        if errors not in ("raise", "return"):
            raise ValueError("errors: expected 'raise' or 'return'")
        threads = int(threads or os.cpu_count() or 1)
        if threads < 1:
            raise ValueError("threads: expected at least 1")
        batch_size = int(batch_size)
        if batch_size < 1:
            raise ValueError("batch_size: expected at least 1")
        dateb = self._date_arg(date)
        if hasattr(self._lib, "tagger_process_batch"):
            opts = self._batch_options(dateb)
            work = lambda batch: self._batch(batch, opts)
        else:
            work = lambda batch: self._each(batch, dateb)
        raise_ = errors == "raise"

        def batches():
            it = iter(texts)
            while True:
                batch = list(itertools.islice(it, batch_size))
                if not batch:
                    return
                yield batch

        def results(docs):
            if not raise_:
                return docs
            for i, d in enumerate(docs):
                if type(d) is TaggerError:
                    return itertools.chain(docs[:i], _raising(d))
            return docs

        if threads == 1:
            for batch in batches():
                yield from results(work(batch))
            return
        with ThreadPoolExecutor(max_workers=threads) as pool:
            window = deque()
            try:
                for batch in batches():
                    window.append(pool.submit(work, batch))
                    if len(window) >= 4 * threads:
                        yield from results(window.popleft().result())
                while window:
                    yield from results(window.popleft().result())
            finally:
                for f in window:
                    f.cancel()

    # ------------------------------------------------------------- handle

    @property
    def rule_count(self):
        """The number of rules loaded."""
        return self._lib.tagger_rule_count(self._t)

    def close(self):
        """Frees the tagger now (not while another thread uses it)."""
        if self._t:
            self._lib.tagger_free(self._t)
            self._t = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

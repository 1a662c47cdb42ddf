"""_lib.py — finding libtagger and declaring its functions for ctypes.

The library is looked for, first match wins:

1. ``$TAGGER_LIBRARY``: the path of a ``libtagger.so`` (an error if it does
   not load; nothing else is tried);
2. the build tree this package sits in: ``<repo>/build/libtagger.so``
   (``python/tagger/`` is two levels below the repository), and
   ``$TAGGER_BUILD_DIR/libtagger.so`` when that is set;
3. an installed one: ``libtagger.so.0`` through the dynamic loader
   (``LD_LIBRARY_PATH``, ``ld.so.cache``), then ``<prefix>/lib`` and
   ``<prefix>/lib/<multiarch>`` for the prefixes ``sys.prefix``,
   ``/usr/local`` and ``/usr``.

Every function is called through ``ctypes.CDLL``, which releases the GIL for
the length of each foreign call: threads tag documents in parallel.
"""
import ctypes
import os
import sys
import sysconfig

__all__ = ["load", "library_path", "Error", "RenderOptions", "ProcessOptions", "JsonOptions",
           "RecordOptions", "JsonlResult", "BatchResult"]

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(_HERE))

_lib = None
_path = None


class Error(ctypes.Structure):
    """struct tagger_error."""
    _fields_ = [("code", ctypes.c_int), ("offset", ctypes.c_size_t),
                ("message", ctypes.c_char * 512)]


class ProcessOptions(ctypes.Structure):
    """struct tagger_process_options."""
    _fields_ = [("size", ctypes.c_size_t), ("stage", ctypes.c_int),
                ("date", ctypes.c_char_p)]


class JsonOptions(ctypes.Structure):
    """struct tagger_json_options."""
    _fields_ = [("size", ctypes.c_size_t), ("offsets", ctypes.c_int),
                ("pretty", ctypes.c_int), ("id", ctypes.c_char_p),
                ("lang", ctypes.c_char_p)]


class RenderOptions(ctypes.Structure):
    """struct tagger_render_options."""
    _fields_ = [("size", ctypes.c_size_t), ("format", ctypes.c_int), ("view", ctypes.c_int),
                ("offsets", ctypes.c_int), ("pretty", ctypes.c_int),
                ("id", ctypes.c_char_p), ("lang", ctypes.c_char_p),
                ("members", ctypes.c_void_p), ("nmembers", ctypes.c_size_t),
                ("part", ctypes.c_int)]


class RecordOptions(ctypes.Structure):
    """struct tagger_record_options."""
    _fields_ = [("size", ctypes.c_size_t), ("text_field", ctypes.c_char_p),
                ("offsets", ctypes.c_int), ("format", ctypes.c_int),
                ("date", ctypes.c_char_p), ("no_dateline", ctypes.c_int),
                ("lang", ctypes.c_char_p)]


class JsonlResult(ctypes.Structure):
    """struct tagger_jsonl_result."""
    _fields_ = [("out", ctypes.c_void_p), ("out_len", ctypes.c_size_t),
                ("lines", ctypes.c_uint64), ("failed", ctypes.POINTER(ctypes.c_uint64)),
                ("nfailed", ctypes.c_size_t)]


class BatchFailure(ctypes.Structure):
    """struct tagger_batch_failure."""
    _fields_ = [("index", ctypes.c_size_t), ("error", Error)]


class BatchResult(ctypes.Structure):
    """struct tagger_batch_result."""
    _fields_ = [("out", ctypes.c_void_p), ("out_len", ctypes.c_size_t),
                ("ends", ctypes.POINTER(ctypes.c_size_t)), ("n", ctypes.c_size_t),
                ("failed", ctypes.POINTER(BatchFailure)), ("nfailed", ctypes.c_size_t)]


def _candidates():
    env = os.environ.get("TAGGER_LIBRARY")
    if env:
        return [env], True
    paths = []
    build = os.environ.get("TAGGER_BUILD_DIR")
    if build:
        paths.append(os.path.join(build, "libtagger.so"))
    paths.append(os.path.join(_REPO, "build", "libtagger.so"))
    paths.append("libtagger.so.0")
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        paths.append(os.path.join(prefix, "lib", "libtagger.so.0"))
        if multiarch:
            paths.append(os.path.join(prefix, "lib", multiarch, "libtagger.so.0"))
    return paths, False


def _loaded_path(lib, name):
    """The file the loader took for `name` (for a bare soname, from
    /proc/self/maps)."""
    if os.sep in name:
        return os.path.realpath(name)
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split(None, 5)[-1].strip() if line.count(" ") >= 5 else ""
                if os.path.basename(path).startswith("libtagger.so"):
                    return path
    except OSError:
        pass
    return name


def _declare(lib):
    c = ctypes
    vp, sz, cp = c.c_void_p, c.c_size_t, c.c_char_p
    perr = c.POINTER(Error)
    sigs = {
        "tagger_version": (cp, []),
        "tagger_status_name": (cp, [c.c_int]),
        "tagger_config_new": (vp, []),
        "tagger_config_free": (None, [vp]),
        "tagger_config_set_max_doc_bytes": (c.c_int, [vp, sz]),
        "tagger_config_add_gazetteer": (c.c_int, [vp, cp]),
        "tagger_config_add_rules": (c.c_int, [vp, cp]),
        "tagger_config_set_all_matches": (c.c_int, [vp, c.c_int]),
        "tagger_config_set_max_alias_bytes": (c.c_int, [vp, sz]),
        "tagger_config_set_rule_limits": (c.c_int, [vp, c.c_uint32, c.c_uint32, c.c_int]),
        "tagger_config_set_topic_model": (c.c_int, [vp, cp, cp]),
        "tagger_config_set_topics": (c.c_int, [vp, sz, c.c_double]),
        "tagger_config_set_ner_model": (c.c_int, [vp, cp, cp]),
        "tagger_new": (vp, [vp, perr]),
        "tagger_free": (None, [vp]),
        "tagger_process_options_init_size": (None, [c.POINTER(ProcessOptions), sz]),
        "tagger_process_ex": (vp, [vp, cp, sz, c.POINTER(ProcessOptions), perr]),
        "tagger_doc_free": (None, [vp]),
        "tagger_doc_lang": (cp, [vp]),
        "tagger_json_options_init_size": (None, [c.POINTER(JsonOptions), sz]),
        "tagger_doc_to_json": (vp, [vp, c.POINTER(JsonOptions), c.POINTER(sz)]),
        "tagger_rule_count": (sz, [vp]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    if hasattr(lib, "tagger_config_set_map_data"):
        lib.tagger_config_set_map_data.restype = c.c_int
        lib.tagger_config_set_map_data.argtypes = [vp, c.c_int]
    # A block of JSONL lines to the CLI's records (tagger/record.c), when
    # this library has it.
    if hasattr(lib, "tagger_jsonl_records"):
        lib.tagger_record_options_init_size.restype = None
        lib.tagger_record_options_init_size.argtypes = [c.POINTER(RecordOptions), sz]
        lib.tagger_jsonl_records.restype = c.c_int
        lib.tagger_jsonl_records.argtypes = [vp, c.POINTER(RecordOptions), cp, sz, c.c_uint64,
                                             c.POINTER(JsonlResult), perr]
        lib.tagger_jsonl_result_free.restype = None
        lib.tagger_jsonl_result_free.argtypes = [c.POINTER(JsonlResult)]
    # Texts tagged a batch a call (tagger/batch.c), when this library has it.
    if hasattr(lib, "tagger_process_batch"):
        lib.tagger_render_options_init_size.restype = None
        lib.tagger_render_options_init_size.argtypes = [c.POINTER(RenderOptions), sz]
        lib.tagger_process_batch.restype = c.c_int
        lib.tagger_process_batch.argtypes = [vp, c.POINTER(cp), c.POINTER(sz), sz,
                                             c.POINTER(ProcessOptions),
                                             c.POINTER(RenderOptions),
                                             c.POINTER(BatchResult), perr]
        lib.tagger_batch_result_free.restype = None
        lib.tagger_batch_result_free.argtypes = [c.POINTER(BatchResult)]
    # The library's defaults (tagger/defaults.c), when this library has them.
    if hasattr(lib, "tagger_config_add_defaults_ex"):
        lib.tagger_config_add_defaults_ex.restype = c.c_int
        lib.tagger_config_add_defaults_ex.argtypes = [vp, cp, c.c_uint, perr]
    libc = ctypes.CDLL(None)
    lib.free_ = libc.free
    lib.free_.restype = None
    lib.free_.argtypes = [vp]
    return lib


def load():
    """The loaded library (once per process); OSError when none is found."""
    global _lib, _path
    if _lib is not None:
        return _lib
    paths, only = _candidates()
    tried = []
    for name in paths:
        if os.sep in name and not os.path.exists(name):
            tried.append(name + " (no such file)")
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError as e:
            tried.append("%s (%s)" % (name, e))
            if only:
                break
            continue
        _path = _loaded_path(lib, name)
        _lib = _declare(lib)
        return _lib
    raise OSError("libtagger not found; tried:\n  " + "\n  ".join(tried) +
                  "\nbuild it (make) or set TAGGER_LIBRARY to its path")


def library_path():
    """The path of the loaded libtagger (loading it first)."""
    load()
    return _path

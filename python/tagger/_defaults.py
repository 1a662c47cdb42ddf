"""_defaults.py — the default pipeline (what `tagger FILE` loads), and
where its data is.

The data directory (what ``Tagger.data_dir`` and ``tagger.data_dir()``
say, and where an older library's defaults are read from), first match wins: the ``data_dir`` argument; else
``$TAGGER_DATA_DIR``; else ``data/`` beside the library (the build tree:
``build/data``); else ``../share/tagger`` from the library's directory (an
install: ``PREFIX/lib`` -> ``PREFIX/share/tagger``), or ``../../share/tagger``
(``PREFIX/lib/<multiarch>``).  From it: ``gazetteer.bin``; every
``rules/<lang>/*.rules`` in order of path; ``models/topics-{fa,en}.bin`` and
``models/ner-{fa,en}.bin``, each for its language.  A file that is not
there is left out, as the CLI does.

When the library has ``tagger_config_add_defaults_ex`` (the library's
own defaults, tagger/defaults.c), ``add_defaults`` lets it load the parts
wanted (TAGGER_DEFAULT_* flags, TAGGER_DEFAULT_IF_PRESENT as the CLI), with
``data_dir`` only when the caller gave one (else the library's own search,
the same as above); with an older library it adds the files itself.
"""
import glob
import os

from . import _lib

LANGS = ("fa", "en")

# tagger.h: parts of tagger_config_add_defaults_ex
GAZETTEER, RULES, TOPIC_MODELS, NER_MODELS, IF_PRESENT = 1, 2, 4, 8, 16


def data_dir(explicit=None):
    """The data directory the defaults come from, or None when none has the
    data.  As in the CLI, a set $TAGGER_DATA_DIR is taken as it is."""
    if explicit:
        return explicit
    env = os.environ.get("TAGGER_DATA_DIR")
    if env:
        return env
    libdir = os.path.dirname(_lib.library_path())
    for cand in (os.path.join(libdir, "data"),
                 os.path.join(libdir, os.pardir, "share", "tagger"),
                 os.path.join(libdir, os.pardir, os.pardir, "share", "tagger")):
        if os.path.isdir(cand) and (os.path.exists(os.path.join(cand, "gazetteer.bin")) or
                                    os.path.isdir(os.path.join(cand, "rules"))):
            return os.path.normpath(cand)
    return None


def _file(root, name):
    path = os.path.join(root, name) if root else None
    return path if path and os.access(path, os.R_OK) else None


def default_gazetteer(root):
    return _file(root, "gazetteer.bin")


def default_rules(root):
    """Every rules/<lang>/*.rules, sorted by path (the CLI's order)."""
    if not root or not os.path.isdir(os.path.join(root, "rules")):
        return []
    paths = glob.glob(os.path.join(root, "rules", "*", "*.rules"))
    return sorted(p for p in paths if not os.path.basename(os.path.dirname(p)).startswith("."))


def default_model(root, kind, lang):
    return _file(root, "models/%s-%s.bin" % (kind, "en" if lang == "en" else "fa"))


def add_defaults(lib, cfg, root, explicit, gazetteer, rules, topics, model, err):
    """Adds the default data that the caller wants to `cfg`, before the
    caller's own files: from `explicit` (the data_dir option, or None),
    else found as data_dir() finds it (`root`).  Returns a list of
    (function name, status) for the calls that failed (err filled for
    tagger_config_add_defaults_ex)."""
    failed = []

    def call(name, *args):
        st = getattr(lib, name)(cfg, *args)
        if st != 0:
            failed.append((name, st))

    enc = lambda s: os.fsencode(s) if s is not None else None
    if hasattr(lib, "tagger_config_add_defaults_ex"):
        parts = ((GAZETTEER if gazetteer else 0) | (RULES if rules else 0) |
                 (TOPIC_MODELS if topics else 0) | (NER_MODELS if model else 0))
        if parts and lib.tagger_config_add_defaults_ex(cfg, enc(explicit), parts | IF_PRESENT,
                                                      err) != 0:
            failed.append(("tagger_config_add_defaults_ex", err.code))
        return failed
    if gazetteer:
        path = default_gazetteer(root)
        if path:
            call("tagger_config_add_gazetteer", enc(path))
    if rules:
        for path in default_rules(root):
            call("tagger_config_add_rules", enc(path))
    for lang in LANGS:
        path = default_model(root, "topics", lang) if topics else None
        if path:
            call("tagger_config_set_topic_model", enc(lang), enc(path))
        path = default_model(root, "ner", lang) if model else None
        if path:
            call("tagger_config_set_ner_model", enc(lang), enc(path))
    return failed

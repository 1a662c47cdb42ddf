"""_defaults.py — the default pipeline: where the data is and what of it
is loaded, the same as the CLI (tagger/cli/cli.c: find_data,
cli_default_gazetteer, cli_default_rules, cli_default_*_model).

The data directory, first match wins: the ``data_dir`` argument; else
``$TAGGER_DATA_DIR``; else ``data/`` beside the library (the build tree:
``build/data``); else ``../share/tagger`` from the library's directory (an
install: ``PREFIX/lib`` -> ``PREFIX/share/tagger``), or ``../../share/tagger``
(``PREFIX/lib/<multiarch>``).  From it: ``gazetteer.bin``; every
``rules/<lang>/*.rules`` in order of path; ``models/topics-{fa,en}.bin`` and
``models/ner-{fa,en}.bin``, each for its language.  A file that is not
there is left out, as the CLI does.

When the library has ``tagger_config_add_defaults`` (the library's own
one-call defaults, issue 22) and both the default gazetteer and the default
rules are wanted, ``add_defaults`` lets the library load them; the models
the caller turned off or replaced are then removed by language.
"""
import glob
import os

from . import _lib

LANGS = ("fa", "en")


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


def add_defaults(lib, cfg, root, gazetteer, rules, topics, model, err):
    """Adds the default data that the caller wants to `cfg`, before the
    caller's own files.  Returns a list of (function name, status) for the
    calls that failed."""
    failed = []

    def call(name, *args):
        st = getattr(lib, name)(cfg, *args)
        if st != 0:
            failed.append((name, st))

    enc = lambda s: s.encode() if s is not None else None
    if gazetteer and rules and hasattr(lib, "tagger_config_add_defaults"):
        # The library's own defaults (issue 22); it adds the models too.
        st = lib.tagger_config_add_defaults(cfg, enc(root), err)
        if st != 0:
            failed.append(("tagger_config_add_defaults", st))
        for lang in LANGS:
            if not topics:
                call("tagger_config_set_topic_model", enc(lang), None)
            if not model:
                call("tagger_config_set_ner_model", enc(lang), None)
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

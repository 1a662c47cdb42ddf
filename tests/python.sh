#!/usr/bin/env bash
# The Python package (python/tagger) and tagger.dask, through pytest:
# tests/python/*.py.  Needs Debian's python3 with python3-pytest (the
# Dask tests also python3-distributed); exits 77 (skipped) with a message
# when python3 or pytest is missing.  Usage: python.sh BUILD SOURCE
set -u
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
py=${TAGGER_PYTHON:-}
if [ -z "$py" ]; then
  # Debian's python3 first: the Debian packages (pytest, dask) are its
  for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1; then py=$p; break; fi
  done
fi
if [ -z "$py" ]; then
  echo "SKIP: python3 not found (apt-get install python3 python3-pytest)"; exit 77
fi
if ! "$py" -c "import pytest" 2>/dev/null; then
  echo "SKIP: pytest not found for $py (apt-get install python3-pytest)"; exit 77
fi
"$py" -c "import distributed" 2>/dev/null ||
  echo "note: dask.distributed missing for $py: the Dask tests are skipped" \
       "(apt-get install python3-distributed)"
export TAGGER_BUILD=$build TAGGER_SOURCE=$src
export PYTHONPATH=$src/python:$src/tests/python${PYTHONPATH:+:$PYTHONPATH}
unset TAGGER_LIBRARY TAGGER_DATA_DIR TAGGER_BUILD_DIR
export TAGGER_BUILD_DIR=$build   # this build's library, wherever the tree is
cd "$build" && exec "$py" -m pytest -q -p no:cacheprovider -rs -W ignore::DeprecationWarning "$src/tests/python"

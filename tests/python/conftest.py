"""Shared fixtures: the build tree (TAGGER_BUILD), its CLI and one loaded
default tagger for the module."""
import os
import subprocess

import pytest

BUILD = os.environ["TAGGER_BUILD"]
SOURCE = os.environ["TAGGER_SOURCE"]
CLI = os.path.join(BUILD, "tagger")

FA = "وزیر امور خارجه روسیه سرگئی لاوروف روز ۱۵ آذر ۱۴۰۳ در تهران گفت."
EN = "Sergey Lavrov met Antony Blinken in Malta on Thursday."


def run_cli(args, data):
    if isinstance(data, str):
        data = data.encode()
    return subprocess.run([CLI] + list(args), input=data, capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def nlp():
    import tagger
    return tagger.Tagger()

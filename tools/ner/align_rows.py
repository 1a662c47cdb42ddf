#!/usr/bin/env python3
"""Pads an entity model's string table so that its weight rows start on a
64-byte line (as `tagger ner train` writes them since 2026-12-07): read in
place from a file mapped on 2 MiB pages, a 16-byte row then never spans two
cache lines (docs/performance.md, pagecache74).  The model is the same:
the added bytes are NULs at the end of the string table, whose size, the
file size and the checksum (datafile.h) are updated; a model already
aligned is left as it is.  Usage: tools/ner/align_rows.py MODEL.bin..."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from datafile_sum import datafile_sum  # noqa: E402  (datafile.c's checksum)

SEED = 0x51ED27A1C0FFEE  # ner_model.c NER_CHECKSUM_SEED
HEADER = 80  # sizeof(tg_ner_header); the checksum field at 24, string_bytes at 48


def align8(n):
    return (n + 7) & ~7


def checksum(image):
    """The model's checksum: the whole file with the field as 0."""
    data = bytearray(image)
    data[24:32] = bytes(8)
    return datafile_sum(SEED ^ len(image), data)


def align(path):
    image = open(path, 'rb').read()
    (magic, _version, _endian, size, stored, _bits, nlabels, ntags, _scheme,
     sbytes) = struct.unpack_from('<8sIIQQIIIII', image, 0)
    if magic != b'TGNER\0\0\n' or size != len(image) or checksum(image) != stored:
        sys.exit('%s: not an intact entity model' % path)
    strings = HEADER + align8(nlabels * 4) + align8(ntags * 4) + \
        align8((ntags + 1) * ntags * 4) + align8(ntags * 4)
    weights = strings + align8(sbytes)
    pad = -weights % 64
    if pad == 0:
        return
    out = bytearray(image[:weights] + bytes(pad) + image[weights:])
    struct.pack_into('<Q', out, 16, len(out))
    struct.pack_into('<I', out, 48, sbytes + pad)
    struct.pack_into('<Q', out, 24, checksum(out))
    with open(path + '.tmp', 'wb') as f:
        f.write(out)  # one write: the page cache keeps it in large folios
    os.replace(path + '.tmp', path)


for p in sys.argv[1:]:
    align(p)

"""The data files' checksum (tagger/datafile.c), for the tests that edit a
compiled file and seal it again: four 64-bit multiply-xor chains, word i of
the stream into chain i % 4, a last partial word zero-padded, each chain
seeded with seed + i * 0x9E3779B97F4A7C15, then folded into one starting
from the number of words.  `seed` is the format's seed xor the file size."""
import struct

M = (1 << 64) - 1


def step(h, w):
    h = ((h ^ w) * 0xFF51AFD7ED558CCD) & M
    return h ^ (h >> 32)


def datafile_sum(seed, data):
    lanes = [(seed + i * 0x9E3779B97F4A7C15) & M for i in range(4)]
    data = bytes(data) + bytes(-len(data) % 8)
    for i, (w,) in enumerate(struct.iter_unpack("<Q", data)):
        lanes[i & 3] = step(lanes[i & 3], w)
    h = len(data) // 8
    for lane in lanes:
        h = step(h, lane)
    return h

"""Where a phrase's words stand in a document: Whoosh's Positions values decoded.

Whoosh's Phrase (slop 1) matches a document where its words stand at
consecutive positions; these functions decide that for many candidate
documents at once, the positions of every value decoded by NumPy.
"""
from __future__ import annotations

from itertools import accumulate
from pickle import loads

import numpy as np


def _positions(value: bytes):
    """The positions of one posting of Whoosh's Positions format (whoosh.formats.Positions.
    decode_positions): a 4-byte count, then the pickled gaps between positions."""
    return accumulate(loads(value[4:] if value.endswith(b".") else value[4:] + b"."))


def _adjacent(values: list[bytes]) -> bool:
    """Whether the words (their postings' values) occur one right after another somewhere:
    Whoosh's Phrase with slop 1."""
    starts = set(_positions(values[0]))
    for k, value in enumerate(values[1:], 1):
        # The starts whose k-th word is k places on.
        starts = set(map((-k).__add__, set(_positions(value)).intersection(map(k.__add__, starts))))
        if not starts:
            return False
    return True


#: How pickle (protocol 2) writes a list of gaps: this header, a MARK when
#: there are several, then one opcode per gap: K a byte, M two, J four.
_HEADER = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)
_WIDTH = np.zeros(256, dtype=np.int64)
_WIDTH[[ord("K"), ord("M"), ord("J")]] = [1, 2, 4]
_BATCH = 1000   # pickle breaks longer lists into batches: left to pickle itself


def _positions_together(values: list[bytes]) -> tuple[np.ndarray, np.ndarray] | None:
    """(index of the value, position) of every position in the values, decoded by NumPy
    one gap of every value at a time; None when a value is not written as expected
    (then `_adjacent` reads them with pickle)."""
    count = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=count)
    buf = np.frombuffer(b"".join(values), dtype=np.uint8)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    if (lengths < 11).any():
        return None
    counts = (buf[starts].astype(np.int64) << 24) | (buf[starts + 1].astype(np.int64) << 16) \
        | (buf[starts + 2].astype(np.int64) << 8) | buf[starts + 3]
    if counts.min() < 1 or counts.max() > _BATCH \
            or not (buf[starts[:, None] + 4 + np.arange(len(_HEADER))] == _HEADER).all():
        return None
    several = counts > 1
    if not (buf[starts[several] + 9] == ord("(")).all():
        return None
    at = starts + 9 + several
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    gaps = np.empty(int(counts.sum()), dtype=np.int64)
    last = len(buf) - 1
    active = np.arange(count)
    j = 0
    while active.size:
        here = at[active]
        width = _WIDTH[buf[here]]
        if not width.all():
            return None
        gap = np.zeros(len(here), dtype=np.int64)
        for byte in range(4):        # little-endian payload of 1, 2 or 4 bytes
            has = width > byte
            gap[has] |= buf[np.minimum(here[has] + 1 + byte, last)].astype(np.int64) << (8 * byte)
        gaps[offsets[active] + j] = gap
        at[active] = here + 1 + width
        j += 1
        active = active[counts[active] > j]
    end = np.where(several, ord("e"), ord("a"))
    if not (buf[np.minimum(at, last)] == end).all():
        return None
    owner = np.repeat(np.arange(count), counts)
    total = np.cumsum(gaps)
    before = total[offsets] - gaps[offsets]       # what the cumulative sum carries in from earlier values
    return owner, total - before[owner]


def phrase_found(per_word_values: list[list[bytes]]) -> np.ndarray:
    """For each candidate (the n-th value of every word), whether the words are adjacent there."""
    n = len(per_word_values[0])
    decoded = [_positions_together(values) for values in per_word_values] if n else []
    if any(d is None for d in decoded):
        return np.fromiter((_adjacent(list(v)) for v in zip(*per_word_values)), dtype=bool, count=n)
    keys = [(owner << 32) | positions for owner, positions in decoded]
    starts = keys[0] if n else np.empty(0, dtype=np.int64)
    for k, key in enumerate(keys[1:], 1):
        # Keys are sorted (values in order, positions rising within each): a binary search.
        wanted = starts + k
        at = np.minimum(np.searchsorted(key, wanted), len(key) - 1)
        starts = starts[key[at] == wanted]
    found = np.zeros(n, dtype=bool)
    found[starts >> 32] = True
    return found



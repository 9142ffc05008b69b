"""One term's postings in one segment read a block (up to 128 documents) at a time.

Whoosh reads postings one at a time through its matchers; the archive reads
each block's ids, weights and (when asked) values at once, the same data
Whoosh reads, and hands them on as NumPy arrays (indexer.search.scoring,
indexer.search.phrases). A read may name the documents it wants: blocks
holding none of them are skipped from their headers, which is what keeps a
phrase's candidates cheap to score and verify however common its words.
"""
from __future__ import annotations

import zlib
from pickle import loads

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher

#: Where a block's pickled values begin: protocol 2 writes each value (bytes) as a call
#: of this function, which is what makes unpickling a whole block slow.
_VALUES_BEGIN = b"c_codecs\nencode\n"


def _ids_and_weights(matcher) -> tuple | None:
    """A block's (ids, weights, None) without its values: a block is one pickled tuple
    (ids, weights, values), so the pickle is cut where the values begin and closed
    there. None when the cut does not give a block's ids and weights (Whoosh then
    reads the block as it does)."""
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    if matcher._compression:
        raw = zlib.decompress(raw)
    cut = raw.find(_VALUES_BEGIN)
    if cut < 1 or raw[cut - 1:cut] != b"(":
        return None
    try:
        ids, weights = loads(raw[:cut - 1] + b"\x86.")    # TUPLE2 of what is on the stack, STOP
    except Exception:
        return None
    count = matcher._blocklength
    if len(ids) != count or not (weights is None or isinstance(weights, float) or len(weights) == count):
        return None
    return ids, weights, None


def _unwrapped(matcher):
    while isinstance(matcher, FilterMatcher):   # Whoosh's filter of deleted documents
        matcher = matcher.child
    return matcher


def _one_by_one(matcher, values: bool) -> tuple[np.ndarray, np.ndarray, list | None]:
    """(ids, weights, values) of a matcher that is not a block reader of Whoosh's codec."""
    if isinstance(matcher, ListMatcher):         # short lists live inline in the term index
        ids = np.asarray(matcher._ids, dtype=np.int64)
        weights = [matcher._all_weights] * len(ids) if matcher._all_weights else matcher._weights
        weights = np.asarray(weights if weights else [1.0] * len(ids), dtype=np.float64)
        return ids, weights, (list(matcher._values) if values else None)
    ids, weights, vals = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            vals.append(matcher.value())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64), (vals if values else None)


def _blocks(matcher, values: bool, wanted: np.ndarray | None = None):
    """(ids, weights, values or None) of each block of a W3LeafMatcher; with `wanted`
    (sorted document numbers) only the blocks whose id range holds one of them."""
    below = -1                                   # every id of a block is above the last block's
    while True:
        if wanted is not None:
            first = np.searchsorted(wanted, below, side="right")     # the first wanted past `below`
        if wanted is None or (first < len(wanted) and wanted[first] <= matcher._maxid):
            if matcher._data is None:
                matcher._data = None if values else _ids_and_weights(matcher)
                if matcher._data is None:
                    matcher._read_data()
            ids = np.asarray(matcher._data[0], dtype=np.int64)
            matcher._read_weights()              # Whoosh's own reading of the weights
            if values:
                matcher._read_values()
            # Block ids are stored as gaps unless the term index says they are bytes.
            yield (ids if matcher._byteids else np.cumsum(ids),
                   np.asarray(matcher._weights, dtype=np.float64), matcher._values if values else None)
        if matcher._lastblock or (wanted is not None and len(wanted) and wanted[-1] <= matcher._maxid):
            break
        below = matcher._maxid
        matcher._goto(matcher._nextoffset)


def postings(matcher, values: bool = False) -> tuple[np.ndarray, np.ndarray, list | None]:
    """(document numbers, weights, encoded values if asked) of one term's postings in one
    segment, deleted ones included."""
    matcher = _unwrapped(matcher)
    if not isinstance(matcher, W3LeafMatcher):
        return _one_by_one(matcher, values)
    id_blocks, weight_blocks, vals = [], [], []
    for ids, weights, block_values in _blocks(matcher, values):
        id_blocks.append(ids)
        weight_blocks.append(weights)
        if values:
            vals.extend(block_values)
    return np.concatenate(id_blocks), np.concatenate(weight_blocks), (vals if values else None)


def postings_at(matcher, wanted: np.ndarray, values: bool = False) -> tuple[np.ndarray, list | None]:
    """(weights, encoded values if asked) of the postings of `wanted`, sorted document
    numbers that all hold the term, reading only the blocks that hold them."""
    matcher = _unwrapped(matcher)
    if not isinstance(matcher, W3LeafMatcher):
        ids, weights, vals = _one_by_one(matcher, values)
        at = np.searchsorted(ids, wanted)
        return weights[at], ([vals[i] for i in at.tolist()] if values else None)
    out_weights = np.empty(len(wanted), dtype=np.float64)
    out_values: list = []
    done = 0
    for ids, weights, block_values in _blocks(matcher, values, wanted):
        end = int(np.searchsorted(wanted, ids[-1], side="right"))
        at = np.searchsorted(ids, wanted[done:end])
        out_weights[done:end] = weights[at]
        if values:
            out_values.extend(block_values[i] for i in at.tolist())
        done = end
    if done != len(wanted):
        raise ValueError("postings_at: a wanted document does not hold the term")
    return out_weights, (out_values if values else None)

"""Every facet's count of each of its values over a set of documents, in one array.

A facet of few values (places, years, subjects, type, language) is held as one
bit row per value over the document numbers: counting a mask is then an AND and
a population count per row, a few megabytes at 100,000 documents whatever the
number of documents found, where reading each (document, value) entry of the
documents found costs tens of entries a document (a testimony has some thirty
subjects). A facet of many values (people) keeps its entries grouped by
document, and a mask reads only the runs of the documents it holds. A search
that finds few documents reads their entries in every facet: fewer than the rows.
"""
from __future__ import annotations

import numpy as np

#: A facet of at most this many values is counted from bit rows.
BIT_ROWS_MAX = 4096
#: Values whose rows are made at once when a snapshot opens (a boolean matrix of this
#: many rows over every document: 64 MB at a million).
_ROWS_AT_ONCE = 64


def _words(size: int) -> int:
    return (size + 63) // 64


def pack(mask: np.ndarray) -> np.ndarray:
    """A document mask as 64-bit words (document n is bit n % 64 of word n // 64)."""
    packed = np.packbits(mask, bitorder="little")
    padded = np.zeros(_words(len(mask)) * 8, dtype=np.uint8)
    padded[:len(packed)] = packed
    return padded.view(np.uint64)


def _bit_rows(col, size: int) -> np.ndarray:
    rows = np.zeros((len(col.values), _words(size)), dtype=np.uint64)
    for lo in range(0, len(col.values), _ROWS_AT_ONCE):
        hi = min(lo + _ROWS_AT_ONCE, len(col.values))
        chunk = np.zeros((hi - lo, size), dtype=bool)
        keep = (col.entry_val >= lo) & (col.entry_val < hi)
        chunk[col.entry_val[keep] - lo, col.entry_doc[keep]] = True
        for i in range(hi - lo):
            rows[lo + i] = pack(chunk[i])
    return rows


class Counter:
    """Counts of the columns of a FacetTable (facet → _Column, entries in document order)."""

    def __init__(self, columns: dict, size: int):
        self.size = size
        self.columns = columns
        offsets = np.cumsum([0] + [len(c.values) for c in columns.values()])
        self.offsets = {f: (int(lo), int(hi)) for f, lo, hi in zip(columns, offsets, offsets[1:])}
        self.values = int(offsets[-1])
        self.rows = {f: _bit_rows(c, size) for f, c in columns.items() if len(c.values) <= BIT_ROWS_MAX}
        # Where each document's entries begin in a column's (document-ordered) entries.
        self.starts = {f: np.searchsorted(c.entry_doc, np.arange(size + 1)).astype(
            np.int32 if len(c.entry_doc) < 2**31 else np.int64) for f, c in columns.items()}

    def tally(self, mask: np.ndarray) -> np.ndarray:
        """Each value's count over the documents of `mask`, facet after facet (`offsets`)."""
        found = np.flatnonzero(mask)
        out = np.empty(self.values, dtype=np.int64)
        packed = None
        for facet, col in self.columns.items():
            lo, hi = self.offsets[facet]
            starts = self.starts[facet]
            rows = self.rows.get(facet)
            per_document = len(col.entry_val) / max(self.size, 1)
            if rows is not None and len(found) * per_document >= rows.size:
                if packed is None:
                    packed = pack(mask)
                out[lo:hi] = np.bitwise_count(rows & packed).sum(axis=1, dtype=np.int64)
                continue
            if rows is not None or len(found) * 4 < self.size:
                # The runs of the documents found.
                begin = starts[found].astype(np.int64)
                lengths = starts[found + 1] - begin
                total = int(lengths.sum())
                runs = np.repeat(begin - (np.cumsum(lengths) - lengths), lengths)
                values = col.entry_val[runs + np.arange(total)]
            else:
                values = col.entry_val[np.repeat(mask, np.diff(starts))]
            out[lo:hi] = np.bincount(values, minlength=hi - lo)
        return out

    def mask_of(self, facet: str, ok: np.ndarray) -> np.ndarray | None:
        """The documents having a value of `facet` that `ok` (a mask over its values) takes,
        from the bit rows (None for a facet without them)."""
        rows = self.rows.get(facet)
        if rows is None:
            return None
        chosen = np.flatnonzero(ok)
        if not len(chosen):
            return np.zeros(self.size, dtype=bool)
        words = np.bitwise_or.reduce(rows[chosen], axis=0)
        return np.unpackbits(words.view(np.uint8), bitorder="little", count=self.size).astype(bool)

"""Facet counts from per-document values held in memory, one copy per index generation.

Whoosh's `groupedby` re-reads every hit's values on every query. Here the
values are read once from the `facets` column when a snapshot opens, into
flat NumPy arrays (one entry per document-value pair); counting a query's
facets is then a mask and a `bincount` over those arrays, whatever the
number of hits.
"""
from __future__ import annotations

import json

import numpy as np

FACETS = ("people", "places", "years", "type", "language", "subjects")
_KEYS = {"people": "p", "places": "pl", "years": "y", "type": "t", "language": "l", "subjects": "s"}


class _Column:
    """One facet: its distinct values and the (document, value) pairs."""

    def __init__(self):
        self.ids: dict = {}
        self.docs: list[int] = []
        self.vals: list[int] = []

    def add(self, docnum: int, values) -> None:
        for value in dict.fromkeys(values):
            vid = self.ids.setdefault(value, len(self.ids))
            self.docs.append(docnum)
            self.vals.append(vid)

    def freeze(self) -> None:
        self.values = list(self.ids)
        self.entry_doc = np.asarray(self.docs, dtype=np.int32)
        self.entry_val = np.asarray(self.vals, dtype=np.int32)
        # Ties in a count are broken by the value itself, so results are stable.
        order = sorted(range(len(self.values)), key=lambda i: str(self.values[i]))
        self.rank = np.empty(len(self.values), dtype=np.int64)
        self.rank[order] = np.arange(len(self.values))
        del self.ids, self.docs, self.vals

    def count(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.entry_val[mask[self.entry_doc]], minlength=len(self.values))


class FacetTable:
    """Facet values and name-matching data for every document number of one reader."""

    def __init__(self, reader):
        column = reader.column_reader("facets")
        self.size = reader.doc_count_all()
        self.columns = {f: _Column() for f in FACETS}
        # The places a document's places lie within: a place filter takes them, the counts do not.
        self._within = _Column()
        self._persons: list = [()] * self.size
        for docnum in range(self.size):
            raw = column[docnum]
            if not raw:
                continue
            row = json.loads(raw)
            for facet in ("people", "places", "years"):
                self.columns[facet].add(docnum, row[_KEYS[facet]])
            self._within.add(docnum, row.get("pw", ()))
            self.columns["type"].add(docnum, [row["t"]])
            self.columns["language"].add(docnum, [row["l"]])
            self.columns["subjects"].add(docnum, row.get("s", ()))
            self._persons[docnum] = tuple(tuple(p) for p in row["n"])
        for col in [*self.columns.values(), self._within]:
            col.freeze()

    def persons(self, docnum: int):
        """(role, name, *variants) for each named person of a document."""
        return self._persons[docnum]

    def docs_where(self, facet: str, accept) -> np.ndarray:
        """A mask of the documents having a value of `facet` that `accept(value)` takes
        (for places, also a place one of theirs lies within: place=Xinjiang takes Urumqi's)."""
        mask = np.zeros(self.size, dtype=bool)
        for col in [self.columns[facet], *([self._within] if facet == "places" else [])]:
            ok = np.fromiter((bool(accept(v)) for v in col.values), dtype=bool, count=len(col.values))
            mask[col.entry_doc[ok[col.entry_val]]] = True
        return mask

    def _mask(self, docs) -> np.ndarray:
        if isinstance(docs, np.ndarray) and docs.dtype == bool:
            return docs
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
        return mask

    def places_within(self, docs) -> dict[str, int]:
        """Per place, the documents (numbers, or a mask) that list or name it or a place within
        it, each once: what the place tree counts. A document's own places and the places they
        lie within are kept apart (facet_payload), so a sum counts no document twice."""
        mask = self._mask(docs)
        out: dict[str, int] = {}
        for col in (self.columns["places"], self._within):
            counts = col.count(mask)
            for i in np.flatnonzero(counts):
                out[col.values[i]] = out.get(col.values[i], 0) + int(counts[i])
        return out

    def count(self, docs, limit: int = 20) -> dict[str, list[dict]]:
        """Counts per facet over the given documents (numbers, or a mask), largest
        first, then by value; years in calendar order, since a timeline reads that way."""
        mask = self._mask(docs)
        out = {}
        for facet, col in self.columns.items():
            counts = col.count(mask)
            present = np.flatnonzero(counts)
            if facet == "years":
                chosen = sorted(present, key=lambda i: col.values[i])
            else:
                chosen = present[np.lexsort((col.rank[present], -counts[present]))][:limit]
            out[facet] = [{"value": col.values[i], "count": int(counts[i])} for i in chosen]
        return out

"""Facet counts from per-document values held in memory, one copy per index generation.

Whoosh's `groupedby` re-reads every hit's values on every query. Here the
values are loaded once when a snapshot opens, from the arrays saved beside
each segment (indexer.index.facet_arrays; a segment without them is read from
its `facets` column), into flat NumPy arrays (one entry per document-value
pair); counting a query's facets is then a mask and a `bincount` over those
arrays, whatever the number of hits.
"""
from __future__ import annotations

import functools
import json

import numpy as np

from ..index import facet_arrays
from ..index.facet_arrays import FACETS
from .tally import Counter

#: Facet → the search parameter that selects its values (person=, place=, …).
FACET_PARAMS = {"people": "person", "places": "place", "years": "year", "type": "type", "language": "lang",
                "subjects": "subject"}


class _Column:
    """One facet: its distinct values and the (document, value) pairs."""

    def __init__(self):
        self.ids: dict = {}
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []

    def join(self, base: int, values: list, docs: np.ndarray, vals: np.ndarray) -> None:
        """Add one segment's pairs: its documents from `base`, its value ids made this column's."""
        ids = self.ids
        ours = np.fromiter((ids.setdefault(v, len(ids)) for v in values), dtype=np.int32, count=len(values))
        self.parts.append((docs.astype(np.int32) + base, ours[vals] if len(vals) else vals.astype(np.int32)))

    def freeze(self) -> None:
        self.values = list(self.ids)
        self.entry_doc = np.concatenate([d for d, _ in self.parts]) if self.parts else np.empty(0, np.int32)
        self.entry_val = np.concatenate([v for _, v in self.parts]) if self.parts else np.empty(0, np.int32)
        # Ties in a count are broken by the value itself, so results are stable.
        order = sorted(range(len(self.values)), key=lambda i: str(self.values[i]))
        self.rank = np.empty(len(self.values), dtype=np.int64)
        self.rank[order] = np.arange(len(self.values))
        del self.ids, self.parts

    @functools.cached_property
    def _grouped(self) -> tuple[np.ndarray, np.ndarray]:
        """The entries grouped by value (the documents of one value are one slice) and where each
        value's slice starts: sorted on the first filter by one of this facet's values rather
        than at every open, since most facets are only ever counted."""
        by_value = np.argsort(self.entry_val, kind="stable")
        return by_value, np.searchsorted(self.entry_val[by_value], np.arange(len(self.values) + 1))

    def docs_of(self, vids) -> np.ndarray:
        """The document numbers having any of these value ids."""
        by_value, starts = self._grouped
        parts = [by_value[starts[v]:starts[v + 1]] for v in vids]
        return self.entry_doc[np.concatenate(parts)] if parts else np.empty(0, dtype=np.int32)

    def count(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.entry_val[mask[self.entry_doc]], minlength=len(self.values))


class FacetTable:
    """Facet values and name-matching data for every document number of one reader."""

    def __init__(self, reader, folders=()):
        """`folders`: where the reader's segments are, whose saved arrays are loaded."""
        self.size = reader.doc_count_all()
        self.columns = {f: _Column() for f in FACETS}
        self._folded: dict[str, dict] = {}
        blobs, ends, titles = [], [], []
        for leaf, base in reader.leaf_readers():
            arrays = _saved(leaf, folders) or facet_arrays.segment_arrays(facet_arrays.column_rows(leaf))
            for facet, col in self.columns.items():
                col.join(base, facet_arrays.decoded(arrays[f"{facet}.values"]), arrays[f"{facet}.doc"],
                         arrays[f"{facet}.val"])
            ends.append(arrays["persons.ends"] + sum(len(b) for b in blobs))
            blobs.append(arrays["persons.blob"].tobytes())
            titles.append(arrays["titles"])
        for col in self.columns.values():
            col.freeze()
        #: Every document's named people, JSON one after another, and where each one's start.
        self._persons = b"".join(blobs)
        self._person_starts = np.concatenate([np.zeros(1, np.int64), *ends])
        self._titles: list | None = None
        self._segment_titles = titles
        self._counter = Counter(self.columns, self.size)
        self._whole: tuple | None = None

    def persons(self, docnum: int) -> list:
        """[role, name, *variants] for each named person of a document."""
        return json.loads(self._persons[self._person_starts[docnum]:self._person_starts[docnum + 1]])

    def every_persons(self):
        """`persons` of each document in turn."""
        return (self.persons(docnum) for docnum in range(self.size))

    def titles(self, reader) -> list[str]:
        """Every document's title, by document number, decoded on first use (from stored fields
        for an index whose column predates titles)."""
        if self._titles is None:
            titles = [t for part in self._segment_titles for t in facet_arrays.decoded(part)]
            if None in titles:
                from .ordering import stored_titles
                titles = stored_titles(reader)
            self._titles = titles
        return self._titles

    def docs_where(self, facet: str, accept) -> np.ndarray:
        """A mask of the documents having a value of `facet` that `accept(value)` takes
        (for places, also a place one of theirs lies within: place=Xinjiang takes Urumqi's)."""
        col = self.columns[facet]
        ok = np.fromiter((bool(accept(v)) for v in col.values), dtype=bool, count=len(col.values))
        mask = self._counter.mask_of(facet, ok)
        if mask is None:
            mask = np.zeros(self.size, dtype=bool)
            mask[col.entry_doc[ok[col.entry_val]]] = True
        return mask

    def _mask(self, docs) -> np.ndarray:
        if isinstance(docs, np.ndarray) and docs.dtype == bool:
            return docs
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
        return mask

    def remember_whole(self, mask: np.ndarray) -> None:
        """Count `mask` (every document the scope shows) once: a filtered page counts the
        facet it filters over the whole archive, and a browsing page counts everything."""
        self._whole = (mask.copy(), self._tally(mask))

    def tally(self, docs) -> np.ndarray:
        """Every facet's count of each of its values over the documents (numbers or a mask),
        one array (`count` and `places_within` read their facets' parts of it)."""
        mask = self._mask(docs)
        whole = self._whole
        if whole is not None and np.array_equal(whole[0], mask):
            return whole[1]
        return self._tally(mask)

    def _tally(self, mask: np.ndarray) -> np.ndarray:
        return self._counter.tally(mask)

    def _counts(self, facet: str, tally: np.ndarray) -> np.ndarray:
        lo, hi = self._counter.offsets[facet]
        return tally[lo:hi]

    def places_within(self, docs, tally: np.ndarray | None = None) -> dict[str, int]:
        """Per place, the documents (numbers, or a mask) that list or name it or a place within
        it, each once: what the place tree counts. The places column holds each document's own
        places and those they lie within apart from them (facet_payload), so none is counted twice.
        `tally`, when given, is `tally(docs)`."""
        col = self.columns["places"]
        counts = self._counts("places", self.tally(docs) if tally is None else tally)
        return {col.values[i]: int(counts[i]) for i in np.flatnonzero(counts)}

    def docs_with(self, facet: str, keys, key) -> np.ndarray:
        """A mask of the documents having a value of `facet` whose `key(value)` is one of
        `keys`; the values' keys are worked out once per snapshot, so a facet of many
        values (people) costs a dictionary look-up per key, not a pass over its values."""
        col = self.columns[facet]
        if facet not in self._folded:
            folded: dict = {}
            for vid, value in enumerate(col.values):
                folded.setdefault(key(value), []).append(vid)
            self._folded[facet] = folded
        vids = [v for k in keys for v in self._folded[facet].get(k, ())]
        mask = np.zeros(self.size, dtype=bool)
        mask[col.docs_of(vids)] = True
        return mask

    def count(self, docs, limit: int = 20, only=FACETS, tally: np.ndarray | None = None) -> dict[str, list[dict]]:
        """Counts per facet (of `only`) over the given documents (numbers, or a mask),
        largest first, then by value; years in calendar order, since a timeline reads that way.
        `tally`, when given, is `tally(docs)`."""
        tally = self.tally(docs) if tally is None else tally
        out = {}
        for facet, col in self.columns.items():
            if facet not in only:
                continue
            counts = self._counts(facet, tally)
            present = np.flatnonzero(counts)
            if facet == "years":
                chosen = sorted(present, key=lambda i: col.values[i])
            else:
                chosen = _largest(present, counts, col.rank, limit)
            out[facet] = [{"value": col.values[i], "count": int(counts[i])} for i in chosen]
        return out


def _largest(present: np.ndarray, counts: np.ndarray, rank: np.ndarray, limit: int) -> np.ndarray:
    """The `limit` values of `present` with the largest counts, ties by `rank`, in that order:
    chosen in one pass, not by sorting every value (a facet of people has hundreds of thousands)."""
    if len(present) > 4 * limit > 0:
        # One key per value: a larger count first, then the lower rank (ranks are distinct).
        key = counts[present].astype(np.int64) * len(rank) + (len(rank) - 1 - rank[present])
        present = present[np.argpartition(-key, limit - 1)[:limit]]
    return present[np.lexsort((rank[present], -counts[present]))][:limit]


def _saved(leaf, folders) -> dict | None:
    """The arrays saved beside a segment reader's segment, if any folder has them."""
    segment_id = facet_arrays.segment_id_of(leaf)
    if segment_id is None:
        return None
    for folder in folders:
        arrays = facet_arrays.load(folder, segment_id)
        if arrays is not None:
            return arrays
    return None

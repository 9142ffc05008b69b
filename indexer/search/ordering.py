"""Orders of results other than relevance: by year, by publication date, by title.

A page in one of these orders must not read every hit's stored fields: at
100,000 documents that alone would take seconds. Each order is instead a
permutation of all the document numbers of a snapshot, made once, the first
time it is asked for, from values already in memory or in columns: the
earliest year from the facet arrays, the `published` sortable column, the
title from the `facets` column. A page is then that permutation filtered by
the query's mask (restricted scope and deleted documents are already out of
the mask), a gather over the permutation whatever the number of hits.

A document without the value (no year, no publication date) comes last in
both directions, and documents that tie keep index order, so pages are stable.
"""
from __future__ import annotations

import json
import threading
import unicodedata

import numpy as np

from .request import SORTS


def collation_key(title: str) -> tuple[str, str]:
    """Titles compared without case and accents first (Ç with C, Ё with Е), then as typed.

    Without a collation library this is the plain part of a locale's
    collation: scripts follow one another in Unicode order (Latin, Cyrillic,
    Arabic, Han), and within a script case and accents only break ties.
    """
    plain = unicodedata.normalize("NFKD", title)
    if not plain.isascii():   # most titles are: they skip the walk over their letters
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split()), title


class Orders:
    """The permutations of one snapshot's document numbers, one per sort, made on first use."""

    def __init__(self, facets):
        self._facets = facets
        self._orders: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def page(self, sort: str, mask: np.ndarray, start: int, count: int, reader) -> list[int]:
        """Document numbers `start` to `start + count` of the masked documents in `sort` order."""
        order = self.order(sort, reader)
        return order[mask[order]][start:start + count].tolist()

    def order(self, sort: str, reader) -> np.ndarray:
        if sort not in SORTS or sort == "relevance":
            raise ValueError(f"no such order: {sort!r}")
        with self._lock:
            if sort not in self._orders:
                key, missing = self._key(sort.lstrip("-"), reader)
                self._orders[sort] = _permutation(key, missing, descending=sort.startswith("-"))
            return self._orders[sort]

    def _key(self, field: str, reader) -> tuple[np.ndarray, np.ndarray]:
        """(an integer key per document, a mask of documents without a value)."""
        size = self._facets.size
        if field == "year":
            col = self._facets.columns["years"]
            years = np.asarray(col.values, dtype=np.int64)
            key = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(key, col.entry_doc, years[col.entry_val])
            return key, key == np.iinfo(np.int64).max
        if field == "published":
            key = np.zeros(size, dtype=np.int64)
            for leaf, offset in reader.leaf_readers():
                values = list(leaf.column_reader("published", translate=False))
                key[offset:offset + len(values)] = values
            # A document without a date holds the column's default, 0 (no date is that old).
            return key, key <= 0
        titles = self._facets.titles(reader)
        ranked = sorted(range(size), key=lambda d: collation_key(titles[d]))
        key = np.empty(size, dtype=np.int64)
        key[np.asarray(ranked, dtype=np.int64)] = np.arange(size)
        return key, np.zeros(size, dtype=bool)


def _permutation(key: np.ndarray, missing: np.ndarray, descending: bool) -> np.ndarray:
    """Document numbers by key (reversed when descending), those without a value last,
    ties in index order."""
    docs = np.arange(len(key))
    return np.lexsort((docs, -key if descending else key, missing))


def stored_titles(reader) -> list[str]:
    """Every document's title from its stored fields: for indexes whose facet
    column predates titles, read once per snapshot, not per search."""
    return [json.loads(reader.stored_fields(d).get("meta") or "{}").get("title", "")
            if not reader.is_deleted(d) else "" for d in range(reader.doc_count_all())]

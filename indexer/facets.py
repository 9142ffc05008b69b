"""Facet counts from per-document values held in memory, one copy per index generation.

Whoosh's `groupedby` re-reads every hit's values on every query; here the
values are read once from the `facets` column when a snapshot opens, and a
query only counts over the document numbers it matched.
"""
from __future__ import annotations

import json
from collections import Counter

FACETS = ("people", "places", "years", "type", "language")
_KEYS = {"people": "p", "places": "pl", "years": "y", "type": "t", "language": "l"}


class FacetTable:
    """Facet values and name-matching data for every document number of one reader."""

    def __init__(self, reader):
        column = reader.column_reader("facets")
        self.rows: list[dict | None] = []
        for docnum in range(reader.doc_count_all()):
            raw = column[docnum]
            self.rows.append(json.loads(raw) if raw else None)

    def persons(self, docnum: int) -> list[list[str]]:
        """[role, name, *variants] for each named person of a document."""
        row = self.rows[docnum]
        return row["n"] if row else []

    def count(self, docnums, limit: int = 20) -> dict[str, list[dict]]:
        """Counts per facet over the given documents, largest first, then by value."""
        counters = {f: Counter() for f in FACETS}
        for docnum in docnums:
            row = self.rows[docnum]
            if not row:
                continue
            for facet in ("people", "places", "years"):
                counters[facet].update(set(row[_KEYS[facet]]))
            counters["type"][row["t"]] += 1
            counters["language"][row["l"]] += 1
        out = {}
        for facet, counter in counters.items():
            items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
            if facet == "years":
                items = sorted(counter.items())  # a timeline reads in order
            else:
                items = items[:limit]
            out[facet] = [{"value": v, "count": c} for v, c in items]
        return out

"""Corrections to Whoosh internals that cost the archive real time.

Each one keeps Whoosh's behaviour and only removes repeated work; importing
this module applies them once (the indexer's modules that write or read an
index import it).
"""
from __future__ import annotations

from whoosh.codec import whoosh3

_ABSENT = object()


def _cached_reader(self, fieldname, column):
    """Whoosh's per-document reader, remembering fields that have no column too.

    The original caches only columns that exist. Unscored fields (ids,
    keywords, numbers) have no length column, so while a segment is written
    every one of their postings asked the file system again whether the
    column file exists: half the time of a build went to `stat()`. A segment
    being read or flushed never gains a column, so "absent" can be cached.
    """
    reader = self._readers.get(fieldname, _ABSENT)
    if reader is _ABSENT:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader


apply()

"""Corrections to Whoosh internals that cost the archive real time.

Each one keeps Whoosh's behaviour and only removes repeated work; importing
this module applies them once (the indexer's modules that write or read an
index import it).
"""
from __future__ import annotations

from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

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


def _doc_field_length(self, docnum, fieldname, default=0):
    """Whoosh's field length of one document, from the segment's whole length column read once.

    The original reads one byte from the file per call. Writing a segment
    asks once per posting and BM25 once per scored document; the column is a
    byte per document, so holding it costs 100 KB per field at 100,000
    documents.
    """
    if docnum > self._doccount:
        raise IndexError("Asked for docnum %r of %d" % (docnum, self._doccount))
    columns = self.__dict__.setdefault("_length_bytes", {})
    lengths = columns.get(fieldname, _ABSENT)
    if lengths is _ABSENT:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = None if reader is None else reader._dbfile.get(reader._basepos, reader._count)
        columns[fieldname] = lengths
    if lengths is None:
        return default
    lbyte = lengths[docnum] if docnum < len(lengths) else 0
    # As in Whoosh: a zero byte (no length recorded) gives None.
    return byte_to_length(lbyte) if lbyte else None


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length


apply()

"""The documents a build's worker read and has yet to index.

A worker reads its whole share before anything is written, because the
checks across files (duplicate ids, namesakes, restricted parents) must pass
first; the documents wait here meanwhile. Each is pickled and compressed, a
tenth of its size as objects (about 4 KB against 40 KB of a testimony). Given
a directory they wait in an unnamed temporary file there rather than in
memory: half a million of them would be 2 GB a worker, most of what a
million-document build would hold. The file has no name, so a killed build
leaves nothing behind, and it lives beside the index rather than in a /tmp
that may be memory.
"""
from __future__ import annotations

import pickle
import tempfile
import zlib
from pathlib import Path

from ..corpus.model import Document


class KeptDocuments:
    """Documents by number, each taken out once, in memory or in a temporary file in `directory`."""

    def __init__(self, directory: Path | None = None):
        self._file = tempfile.TemporaryFile(dir=directory) if directory is not None else None
        self._where: dict[int, bytes | tuple[int, int]] = {}

    def put(self, number: int, doc: Document) -> None:
        data = zlib.compress(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL), 1)
        if self._file is None:
            self._where[number] = data
            return
        offset = self._file.seek(0, 2)
        self._file.write(data)
        self._where[number] = (offset, len(data))

    def take(self, number: int) -> Document:
        """The document numbered `number`, forgotten here."""
        where = self._where.pop(number)
        if self._file is not None:
            offset, size = where
            self._file.seek(offset)
            where = self._file.read(size)
        return pickle.loads(zlib.decompress(where))

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        self._where = {}
        if self._file is not None:
            self._file.close()

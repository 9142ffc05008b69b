"""One Whoosh index written by several processes: each writes its own segments, one commit lists them.

This is what Whoosh's own multiprocessing writer does inside, without its
parent process that analyses nothing but pickles every document to the
workers through temporary files: here each worker builds its documents'
fields itself. Segments are written with Whoosh's SegmentWriter (pinned
whoosh-reloaded 2.7.5), not locking the index, whose lock the committing
writer holds.
"""
from __future__ import annotations

from ..memos import clear_bounded_memos
from . import facet_arrays
from .pairs import with_pairs
from .termpool import GroupedSegmentWriter

#: Memory a segment's postings take at most before the next segment is started
#: (indexer.index.termpool measures it). Whoosh would instead spill sorted runs
#: to disk and merge them back through pickle, which doubled the cost of every
#: posting; a few large segments cost queries far less than that costs a build.
#: 512 MB is about 14,000 testimonies a segment, and keeps a two-worker build
#: of 100,000 within 3 GB in all (docs/performance.md).
SEGMENT_MB = 512


#: Documents a writer indexes between emptyings of the package's bounded memos
#: (indexer.memos): what they remember of one stretch of the corpus is of
#: little use to the next, and filled they held about a gigabyte a worker.
MEMOS_EVERY = 5000


def segment_mb(writers: int) -> int:
    """The postings each of `writers` processes may buffer: SEGMENT_MB, or less
    where the memory available now is short (a quarter of it per writer)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            available_kb = next(int(line.split()[1]) for line in f if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError):
        return SEGMENT_MB
    return max(64, min(SEGMENT_MB, available_kb // 1024 // (4 * max(1, writers))))


class NewSegments:
    """Segments this process writes into `ix`: not part of the index until committed."""

    def __init__(self, ix, limit_mb: int = SEGMENT_MB):
        self.ix = ix
        self.limit_mb = limit_mb
        self.finished: list = []
        self.added = 0
        self.writer = self._writer()
        #: The `facets` column entries of the segment being written, for its facet arrays.
        self._rows: list = []

    def _writer(self) -> GroupedSegmentWriter:
        return GroupedSegmentWriter(self.ix, _lk=False)

    def add(self, fields: dict) -> None:
        self.writer.add_document(**with_pairs(fields, self.writer.schema))
        self._rows.append(fields.get("facets"))
        if self.writer.pool.currentsize >= self.limit_mb * 1024 * 1024:
            self._finish_segment()
            self.writer = self._writer()
        self.added += 1
        if self.added % MEMOS_EVERY == 0:
            clear_bounded_memos()

    def finish(self) -> list:
        """The segments written, in order."""
        if self.writer._added:
            self._finish_segment()
        else:
            self.writer._close_segment()
        return self.finished

    def _finish_segment(self) -> None:
        """Finish the segment being written, and save its facet arrays from the rows in hand,
        in this process, rather than have the indexer read them back from its column."""
        segment = self.writer._finalize_segment()
        facet_arrays.save(self.ix.storage.folder, segment.segment_id(), self._rows)
        self._rows = []
        self.finished.append(segment)

    def abandon(self) -> None:
        # Not writer.cancel(): that would also remove the temporary folder
        # the other processes' writers are sorting in.
        self.writer._close_segment()


def commit_segments(ix, segments: list) -> None:
    """Make the index consist of its segments plus these, in this order, in one commit."""
    writer = ix.writer()
    try:
        writer._close_segment()
        writer._commit_toc(list(writer.segments) + list(segments))
        writer._finish()
    except BaseException:
        writer.cancel()
        raise

"""The public records of a snapshot as harvesters read them: in datestamp order, by window.

OAI-PMH harvesters ask for every record, or for those changed between two
dates, a page at a time. The list is made from the snapshot's manifest (each
public document says when its public version last `changed`), once per
snapshot and only when first asked for, so a worker that never serves a
harvester never pays for it. Only the public scope's documents are listed:
a harvest is a public response whoever asks. A document that was public and
is no longer (the manifest's `deleted`) is a deleted record: its id and when
it left, nothing of what it holds.
"""
from __future__ import annotations

import bisect
import json
import threading

from ..index import store

#: The datestamp of a document whose manifest predates datestamps, and the
#: earliest one of an empty archive.
EPOCH = "1970-01-01T00:00:00Z"
_LOCK = threading.Lock()


class Harvest:
    """(datestamp, id) of every public document of one snapshot, and of every deleted record, sorted."""

    def __init__(self, snap):
        if snap.scope != "public":
            raise ValueError("a harvest lists the public scope only")
        manifest = store.read_manifest(snap.path)
        entries = [(entry.get("changed") or EPOCH, doc_id)
                   for doc_id, entry in manifest["documents"].items() if entry.get("public")]
        #: Documents that were public and left the public scope (withdrawn, restricted, renamed):
        #: deleted records, listed with the moment they left and nothing else.
        self.deleted = {doc_id: stamp for doc_id, stamp in (manifest.get("deleted") or {}).items()
                        if doc_id not in manifest["documents"] or not manifest["documents"][doc_id].get("public")}
        entries = sorted(entries + [(stamp, doc_id) for doc_id, stamp in self.deleted.items()])
        self.stamps = [stamp for stamp, _ in entries]
        self.ids = [doc_id for _, doc_id in entries]
        self._stamp_of = {doc_id: stamp for stamp, doc_id in entries}
        #: What a resumption token is tied to: the public generation, which says nothing of restricted material.
        self.generation = snap.shown_generation
        self._snap = snap

    @property
    def earliest(self) -> str:
        return self.stamps[0] if self.stamps else EPOCH

    def window(self, since: str | None, until: str | None) -> tuple[int, int]:
        """The positions [start, stop) of the documents changed from `since` to `until` (both
        'YYYY-MM-DDThh:mm:ssZ', inclusive, either open when None)."""
        start = bisect.bisect_left(self.stamps, since) if since else 0
        stop = bisect.bisect_right(self.stamps, until) if until else len(self.stamps)
        return start, max(start, stop)

    def datestamp(self, doc_id: str) -> str | None:
        """When the public document last changed, or None if the public has no such document."""
        return self._stamp_of.get(doc_id)

    def is_deleted(self, doc_id: str) -> bool:
        return doc_id in self.deleted

    def record(self, doc_id: str) -> dict | None:
        """The public document's stored metadata and text, or None if the public scope does not show it;
        for a deleted record its id and datestamp only."""
        if doc_id not in self._stamp_of:
            return None
        if doc_id in self.deleted:
            return {"id": doc_id, "datestamp": self.deleted[doc_id], "deleted": True}
        snap = self._snap
        searcher = snap.searcher()
        docnum = snap.document_number(searcher, doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        return {"id": doc_id, **json.loads(stored["meta"]), "body": stored["body"],
                "datestamp": self._stamp_of[doc_id]}


def harvest_of(archive) -> Harvest:
    """The harvest list of the archive's live public snapshot (made once per snapshot)."""
    snap = archive.snapshot()
    found = getattr(snap, "harvest", None)
    if found is None:
        with _LOCK:
            found = getattr(snap, "harvest", None)
            if found is None:
                found = snap.harvest = Harvest(snap)
    return found

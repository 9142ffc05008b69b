"""Withdrawing documents: out of both scopes in one publish, their files kept in `withdrawn/`.

The files are moved first, under the writer lock, and the snapshot without
the documents is published next; if the publish fails, the files are moved
back and nothing has changed. Killed in between, the files are already out of
the corpus (no later build can bring the documents back), and `remove` run
again takes the ids out of the index: the order errs on the side of hiding.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .build import live_manifest_locked, update_locked
from ..corpus.files import put_back, withdraw_file
from ..corpus.reader import _id_of, corpus_files


class UnknownDocuments(LookupError):
    """Ids neither the index nor the corpus knows: nothing was changed."""

    def __init__(self, ids: list[str], index_dir: Path, corpus_dir: Path):
        self.ids = ids
        super().__init__(f"no document with the id {', '.join(map(repr, ids))} in the index {index_dir} "
                         f"or the corpus {corpus_dir}; nothing was changed")


@dataclass
class RemoveReport:
    generation: str | None                 # None when no indexed document was removed
    removed: list[str]                     # ids taken out of the index
    moved: dict[str, str] = field(default_factory=dict)     # id → where its file now is
    missing: list[str] = field(default_factory=list)        # ids whose file was gone already
    seconds: float = 0.0


def _files_by_id(corpus_dir: Path, ids: set[str]) -> dict[str, Path]:
    """The corpus files that carry these ids (drafts never indexed, say): a scan, done only for
    ids the manifest does not know."""
    found = {}
    if ids and corpus_dir.is_dir():
        for path in corpus_files(corpus_dir):
            got = _id_of(path)
            if got is not None and got[0] in ids:
                found.setdefault(got[0], path)
    return found


def remove_documents(ids: list[str], corpus_dir: Path, index_dir: Path, wait: float = 0.0) -> RemoveReport:
    """Take the documents out of the index (public and restricted, one new snapshot) and move
    their files into the corpus's `withdrawn/` folder. Unknown ids: `UnknownDocuments`, nothing changed."""
    started = time.monotonic()
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    ids = list(dict.fromkeys(ids))
    store.snapshot_path(index_dir)   # NoIndex before anything is created
    with store.writer_lock(index_dir, wait=wait):
        _live, manifest = live_manifest_locked(index_dir)
        indexed = [i for i in ids if i in manifest["documents"]]
        paths = {i: Path(manifest["documents"][i]["path"]) for i in indexed if manifest["documents"][i].get("path")}
        paths |= _files_by_id(corpus_dir, set(ids) - set(indexed))
        unknown = [i for i in ids if i not in indexed and i not in paths]
        if unknown:
            raise UnknownDocuments(unknown, index_dir, corpus_dir)
        moved: dict[str, tuple[Path, Path]] = {}
        missing = []
        try:
            for doc_id in ids:
                path = paths.get(doc_id)
                if path is not None and path.is_file():
                    moved[doc_id] = (withdraw_file(path, corpus_dir), path)
                else:
                    missing.append(doc_id)       # withdrawn before, by a remove that was killed
            generation = update_locked([], corpus_dir, index_dir, remove=indexed).generation if indexed else None
        except BaseException:
            for target, original in moved.values():
                put_back(target, original)
            raise
    return RemoveReport(generation, indexed, {i: str(t) for i, (t, _o) in moved.items()}, missing,
                        time.monotonic() - started)

"""A serving process keeps a snapshot out of the cyclic collector's walks, and lets it go
when the next snapshot replaces it."""
from __future__ import annotations

import gc
import weakref

from indexer.index.build import add_documents, build_index
from indexer.search.archive import Archive
from indexer.search.request import SearchRequest

from conftest import make_doc, write_corpus


def _tracked(obj) -> bool:
    """Whether a full collection would walk `obj` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


def test_an_open_snapshot_is_not_walked_by_full_collections_and_a_replaced_one_is_freed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {
        "a": make_doc("doc-a", "My brother was detained in the camp.", places=["Urumqi"]),
    })
    index = tmp_path / "index"
    build_index(corpus, index)
    archive = Archive(index, "public")
    req = SearchRequest.from_args({"q": "camp"})
    assert archive.search(req)["total"] == 1
    first = archive.snapshot()
    assert not _tracked(first)

    (corpus / "documents" / "b.md").write_text(make_doc("doc-b", "The camp in Ghulja.", places=["Urumqi"]),
                                               "utf-8")
    add_documents([corpus / "documents" / "b.md"], corpus, index)
    gone = weakref.ref(first)
    del first
    assert archive.search(req)["total"] == 2          # the next snapshot answers
    gc.collect()
    assert gone() is None                              # the replaced one, cycles and all, is freed
    assert not _tracked(archive.snapshot())

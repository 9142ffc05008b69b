"""The archivists' scope: the public index with the restricted overlay laid over it."""
from whoosh import index as whoosh_index

from indexer.index import store
from indexer.index.build import build_index
from indexer.search.request import SearchRequest
from indexer.search.archive import Archive

from conftest import make_doc, write_corpus


def test_overlay_replaces_redacted_versions_without_counting_twice(tmp_path):
    corpus = write_corpus(tmp_path / "c", {
        "open": make_doc("open-doc", "A singer in Urumqi.", places=["Urumqi"], notes="check the spelling",
                         people=[{"name": "Aigerim Sapar", "role": "narrator"}]),
        "mixed": make_doc("mixed-doc", "My cousin Zhanargul Tleukhanova is a singer.", places=["Urumqi"],
                          people=[{"name": "Dana Omar", "role": "narrator"},
                                  {"name": "Zhanargul Tleukhanova", "role": "mentioned", "access": "restricted"}]),
        "closed": make_doc("closed-doc", "A singer, restricted.", access="restricted",
                           people=[{"name": "Bolat Nurlan", "role": "narrator"}]),
    })
    build_index(corpus, tmp_path / "ix")
    public, full = Archive(tmp_path / "ix", "public"), Archive(tmp_path / "ix", "full")
    assert public.count() == 2 and full.count() == 3
    # Only what the public sees differently is indexed twice; notes are indexed for nobody.
    overlay = whoosh_index.open_dir(str(store.snapshot_path(tmp_path / "ix") / store.OVERLAY))
    with overlay.searcher() as searcher:
        assert sorted(d["id"] for d in searcher.all_stored_fields()) == ["closed-doc", "mixed-doc"]
    assert "check the spelling" not in str(full.document("open-doc"))

    everything = full.search(SearchRequest.from_args({"q": "singer"}))
    assert everything["total"] == 3
    assert sorted(r["id"] for r in everything["results"]) == ["closed-doc", "mixed-doc", "open-doc"]
    places = {f["value"]: f["count"] for f in everything["facets"]["places"]}
    # Urumqi and the places it lies within, each counted once per document
    assert places["Urumqi"] == 2 and set(places.values()) == {2}

    assert "Tleukhanova" in full.document("mixed-doc")["body"]
    assert "Tleukhanova" not in public.document("mixed-doc")["body"]
    by_name = full.search(SearchRequest.from_args({"name": "Тлеуханова"}))
    assert [r["id"] for r in by_name["results"]] == ["mixed-doc"]
    assert public.search(SearchRequest.from_args({"name": "Тлеуханова"}))["total"] == 0

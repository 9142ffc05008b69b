"""A place word in free text meets the documents naming that place in any of its spellings.

A gazetteer place's search terms live once per place in the index's
`place_keys` vocabulary, not as postings of every document naming it; these
tests check that search still meets every spelling, that `add` keeps the
vocabulary exact, and that the public scope never learns of a place only a
restricted document names.
"""
from __future__ import annotations

from conftest import gazetteer_client, make_doc
from indexer.index.build import add_documents
from indexer.search.archive import Archive

NARRATOR = [{"name": "Aigerim Serikkyzy", "role": "narrator"}]


def _ids(client, q: str) -> list[str]:
    answer = client.get("/api/search", query_string={"q": q, "per_page": 100}).get_json()
    return sorted(r["id"] for r in answer["results"])


def _places_known(index, scope: str) -> set[str]:
    snap = Archive(index, scope).snapshot()
    return {name for names in snap.places_by_term.values() for name in names}


def test_any_spelling_of_a_place_finds_the_testimonies_that_name_it(tmp_path):
    client = gazetteer_client(tmp_path, {
        "a": make_doc("said-in-kazakh", "Ағам Шәуешекте ұсталды.", language="kk", people=NARRATOR),
        "b": make_doc("said-in-chinese", "我的丈夫在塔城被带走。", language="zh", people=NARRATOR),
        "c": make_doc("elsewhere", "My brother was taken in Almaty.", people=NARRATOR),
    })
    for spelling in ("Chuguchak", "Tacheng", "Чугучак", "塔城", "Şäueşek"):
        assert _ids(client, spelling) == ["said-in-chinese", "said-in-kazakh"], spelling


def test_add_keeps_the_places_of_the_vocabulary_exact(tmp_path):
    gazetteer_client(tmp_path, {
        "a": make_doc("moved", "He was held in Tacheng.", people=NARRATOR),
        "b": make_doc("stays", "He was held in Hotan.", people=NARRATOR),
    })
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    assert {"Tacheng", "Hotan"} <= _places_known(index, "public")
    (corpus / "documents" / "a.md").write_text(
        make_doc("moved", "He was held in Kashgar.", people=NARRATOR), "utf-8")
    add_documents([corpus / "documents" / "a.md"], corpus, index)
    known = _places_known(index, "public")
    assert "Tacheng" not in known and {"Kashgar", "Hotan"} <= known


def test_a_place_only_a_restricted_testimony_names_stays_out_of_the_public_scope(tmp_path):
    gazetteer_client(tmp_path, {
        "a": make_doc("closed", "He was held in Ghulja.", access="restricted", people=NARRATOR),
        "b": make_doc("open", "He was held in Hotan.", people=NARRATOR),
    })
    index = tmp_path / "index"
    assert "Hotan" in _places_known(index, "public")
    assert "Ghulja" not in _places_known(index, "public")
    assert "Ghulja" in _places_known(index, "full")


def test_an_index_written_before_a_field_existed_asks_to_be_rebuilt(tmp_path):
    """Searching it would silently miss what the new field holds, so it is refused by name."""
    import pytest
    from whoosh import index as whoosh_index
    from whoosh.fields import Schema

    from indexer.index import store
    from indexer.index.schema import build_schema

    old = build_schema()
    fields = {name: old[name] for name in old.names() if name != "place_named"}
    whoosh_index.create_in(tmp_path, Schema(**fields))
    with pytest.raises(store.NoIndex, match="place_named.*archive index"):
        store.open_index(tmp_path)


def test_a_restricted_testimony_added_later_teaches_the_public_scope_no_place(tmp_path):
    gazetteer_client(tmp_path, {"b": make_doc("open", "He was held in Hotan.", people=NARRATOR)})
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "documents" / "c.md").write_text(
        make_doc("closed", "He was held in Ghulja.", access="restricted", people=NARRATOR), "utf-8")
    (corpus / "documents" / "b.md").write_text(
        make_doc("open", "He was held in Hotan, then in Kashgar.", access="restricted", people=NARRATOR), "utf-8")
    add_documents([corpus / "documents" / "c.md", corpus / "documents" / "b.md"], corpus, index)
    public = _places_known(index, "public")
    assert not {"Ghulja", "Hotan", "Kashgar"} & public
    assert {"Ghulja", "Hotan", "Kashgar"} <= _places_known(index, "full")

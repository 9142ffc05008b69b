"""Documents get the subjects their text tells of, in any language: a `subjects` field, a
Subjects facet in the reader's language, and a filter by subject."""
from __future__ import annotations

import pytest

from conftest import app_for, make_doc, write_corpus
from indexer.index.build import build_index

DOCS = {
    "kk": make_doc("kk", "Күйеуім полицияға шақырылды, содан зауытта жұмыс істеді.", language="kk"),
    "zh": make_doc("zh", "他被判刑七年，后来在監獄里生病了。", language="zh-Hant"),
    "en": make_doc("en", "The police took his passport at the border."),
    "bread": make_doc("bread", "She baked bread every morning."),
}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    root = tmp_path_factory.mktemp("subjects")
    build_index(write_corpus(root / "corpus", DOCS), root / "index")
    return app_for(root / "index").test_client()


def _search(web, **params):
    return web.get("/api/search", query_string={**params, "per_page": 100}).get_json()


def test_each_document_gets_the_subjects_its_text_tells_of(web):
    subjects = {r["id"]: set(r["subjects"]) for r in _search(web)["results"]}
    assert {"police", "factory", "work"} <= subjects["kk"]
    assert {"sentence", "prison", "illness"} <= subjects["zh"]          # traditional 監獄, inside a run
    assert {"police", "passport", "border"} <= subjects["en"]
    assert subjects["bread"] == set()


def test_the_subjects_facet_counts_and_filters_across_languages(web):
    facet = {f["value"]: f for f in _search(web)["facets"]["subjects"]}
    assert facet["police"]["count"] == 2
    narrowed = web.get(facet["police"]["toggle_url"]).get_json()
    assert {r["id"] for r in narrowed["results"]} == {"kk", "en"}
    assert {r["id"] for r in _search(web, subject="prison")["results"]} == {"zh"}


def test_the_facet_names_a_subject_in_the_readers_language(web):
    page = web.get("/?lang=ru").get_data(as_text=True)
    section = page[page.index("facet-subjects"):]
    section = section[:section.index("</section>")]
    assert "Темы" in section and "полиция" in section and "тюрьма" in section
    zh = web.get("/?lang=zh_Hans").get_data(as_text=True)
    assert "警察" in zh[zh.index("facet-subjects"):]


def test_an_archivist_sets_subjects_in_the_front_matter_and_an_unknown_one_is_named(tmp_path):
    from indexer.corpus.reader import load_corpus
    from indexer.index.records import document_subjects
    corpus = write_corpus(tmp_path / "c", {"a": make_doc("a", "She baked bread.", subjects=["camp"]),
                                           "b": make_doc("b", "Text.", subjects=["camps"])})
    load = load_corpus(corpus)
    [problem] = load.problems
    assert "b.md" in str(problem.path) and "unknown subject 'camps'" in problem.message and "camp" in problem.message
    [doc] = load.documents
    assert document_subjects(doc) == ["camp"]

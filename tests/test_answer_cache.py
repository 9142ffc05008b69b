"""Answers are kept per snapshot: asked again they are the same, and a new snapshot starts afresh."""
from __future__ import annotations

from indexer.index.build import add_documents, build_index
from indexer.search.request import SearchRequest
from indexer.search.archive import Archive, AnswerCache

from conftest import make_doc, write_corpus


def test_a_repeated_question_is_answered_from_the_snapshot_and_copied(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {
        "a": make_doc("doc-a", "My brother was detained in the camp.", places=["Urumqi"]),
    })
    index = tmp_path / "index"
    build_index(corpus, index)
    archive = Archive(index, "public")
    req = SearchRequest.from_args({"q": "camp"})
    first = archive.search(req)
    first["results"].clear()          # what a caller does to its copy stays there
    again = archive.search(req)
    assert again["total"] == 1 and [r["id"] for r in again["results"]] == ["doc-a"]
    assert archive.snapshot().answers.hits == 1

    (corpus / "documents" / "b.md").write_text(
        make_doc("doc-b", "The camp in Ghulja.", places=["Urumqi"]), "utf-8")
    add_documents([corpus / "documents" / "b.md"], corpus, index)
    assert archive.search(req)["total"] == 2          # the new snapshot computes afresh


def test_the_least_recently_asked_answer_goes_first():
    cache = AnswerCache(2)
    made = []

    def make(key):
        return lambda: made.append(key) or {"key": key}

    for key in ("a", "b", "a", "c", "a", "b"):
        assert cache.get_or_make(key, make(key)) == {"key": key}
    assert made == ["a", "b", "c", "b"]


def test_a_caller_changing_its_answer_changes_no_one_elses():
    cache = AnswerCache(4)
    first = cache.get_or_make("q", lambda: {"results": [{"id": "a", "people": ["X"]}], "total": 1, "pair": (1, [2])})
    first["results"][0]["people"].append("leaked")
    first["pair"][1].append(3)
    first["total"] = 99
    again = cache.get_or_make("q", lambda: {})
    assert again == {"results": [{"id": "a", "people": ["X"]}], "total": 1, "pair": (1, [2])}

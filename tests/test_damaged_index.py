"""A damaged live index: readers fall back to the newest complete snapshot, writers refuse.

A garbled or deleted CURRENT, or a segment cut short, must not take the
archive down when complete snapshots are there, must not bring back what
was restricted since, and must never show a user a traceback.
"""
from __future__ import annotations

import logging

import pytest

from indexer.index import store
from indexer.index.build import add_documents, build_index

from archive_helpers import run_archive
from conftest import app_for, make_doc, write_corpus


@pytest.fixture()
def damaged(tmp_path):
    """gen-1: a and b public; gen-2: b restricted and a new public c, in a segment of its own."""
    corpus = write_corpus(tmp_path / "corpus", {
        "a": make_doc("doc-a", "The camp near the border.\n"),
        "b": make_doc("doc-b", "The camp and the quillframe letter.\n", title="Quillframe letter"),
    })
    index = tmp_path / "index"
    build_index(corpus, index, workers=1)
    b, c = corpus / "documents" / "b.md", corpus / "documents" / "c.md"
    b.write_text(make_doc("doc-b", "The camp and the quillframe letter.\n", title="Quillframe letter",
                          access="restricted"), "utf-8")
    c.write_text(make_doc("doc-c", "A camp, written down later.\n"), "utf-8")
    add_documents([b, c], corpus, index)
    live = store.snapshot_path(index)
    old = {p.name for p in (index / "gen-00000001" / "public").glob("*.seg")}
    new = [p for p in (live / "public").glob("*.seg") if p.name not in old]
    assert new, "the add wrote no segment of its own"
    return corpus, index, new[0]


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _search(index, q="camp"):
    client = app_for(index).test_client()
    return client.get("/api/search", query_string={"q": q})


@pytest.mark.parametrize("damage", ["garbled", "deleted"])
def test_a_damaged_current_serves_the_newest_complete_snapshot(damaged, damage, caplog):
    _corpus, index, _segment = damaged
    if damage == "garbled":
        (index / store.CURRENT).write_bytes(b"\xff\x00gen-0000")
    else:
        (index / store.CURRENT).unlink()
    with caplog.at_level(logging.WARNING):
        answer = _search(index)
    assert answer.status_code == 200
    assert sorted(r["id"] for r in answer.get_json()["results"]) == ["doc-a", "doc-c"]
    assert any("newest complete snapshot" in r.getMessage() for r in caplog.records)


def test_a_truncated_segment_falls_back_without_what_was_restricted_since(damaged, caplog):
    _corpus, index, segment = damaged
    _truncate(segment)
    with caplog.at_level(logging.WARNING):
        answer = _search(index)
        again = _search(index, "quillframe")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    ids = [r["id"] for r in answer.get_json()["results"]]
    # gen-1 still holds doc-b as public; gen-2's manifest says it is restricted now.
    assert ids == ["doc-a"]
    assert again.get_json()["total"] == 0 and "Quillframe" not in again.get_data(as_text=True)
    assert any("gen-00000002" in r.getMessage() and "gen-00000001" in r.getMessage() for r in caplog.records)


def test_a_fallback_suggests_no_word_of_what_it_withholds(damaged):
    """gen-1's vocabulary still holds doc-b's words; doc-b is withheld, so a misspelling
    of its word is neither suggested nor corrected to it."""
    _corpus, index, segment = damaged
    _truncate(segment)
    for q in ("quillfrane", "quilframe"):
        answer = _search(index, q).get_json()
        assert answer["total"] == 0 and answer["corrected_from"] is None, answer
        assert not any("quillframe" in s for s in answer["suggestions"]), answer["suggestions"]
    # The same misspelling of a word the fallback still shows is corrected.
    shown = _search(index, "bordr").get_json()
    assert shown["corrected_to"] == "border" and [r["id"] for r in shown["results"]] == ["doc-a"]


def test_nothing_complete_answers_503_without_a_traceback(damaged):
    _corpus, index, segment = damaged
    _truncate(segment)
    for gen in index.glob("gen-*"):
        (gen / "manifest.json").unlink()
    answer = _search(index)
    assert answer.status_code == 503 and answer.get_json()["ok"] is False
    page = app_for(index).test_client().get("/?q=camp")
    assert page.status_code == 503 and "Traceback" not in page.get_data(as_text=True)


def test_archive_check_index_names_the_damage_and_what_to_do(damaged):
    _corpus, index, segment = damaged
    ok = run_archive("check", "--index", index)
    assert ok.returncode == 0, ok.stderr
    _truncate(segment)
    bad = run_archive("check", "--index", index)
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr and str(index) in bad.stderr and "archive index" in bad.stderr
    older = run_archive("check", "--index", index / "gen-00000001")
    assert older.returncode == 0, older.stderr


def test_archive_check_index_finds_counts_that_differ_from_the_manifest(damaged):
    _corpus, index, _segment = damaged
    live = store.snapshot_path(index)
    manifest = (live / "manifest.json").read_text("utf-8")
    (live / "manifest.json").write_text(manifest.replace('"doc-a"', '"doc-z"'), "utf-8")
    bad = run_archive("check", "--index", index)
    assert bad.returncode != 0 and "manifest" in bad.stderr and "Traceback" not in bad.stderr


def test_add_refuses_a_damaged_live_snapshot_and_search_still_answers(damaged):
    corpus, index, segment = damaged
    _truncate(segment)
    live = store.current_generation(index)
    added = run_archive("add", corpus / "documents" / "a.md", "--corpus", corpus, "--index", index)
    assert added.returncode != 0
    assert "Traceback" not in added.stderr and "damaged" in added.stderr and "archive index" in added.stderr
    assert store.current_generation(index) == live and len(list(index.glob("gen-*"))) == 2
    searched = run_archive("search", "camp", "--index", index)
    assert searched.returncode == 0 and "Traceback" not in searched.stderr
    assert "doc-a" in searched.stdout and "doc-b" not in searched.stdout
    rebuilt = run_archive("index", "--corpus", corpus, "--index", index)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run_archive("check", "--index", index).returncode == 0

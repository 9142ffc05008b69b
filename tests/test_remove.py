"""`archive remove`: a document leaves both scopes in one publish, its file kept in withdrawn/."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import make_doc, write_corpus
from indexer.cli import main
from indexer.index import store
from indexer.index.build import build_index
from indexer.index.withdraw import UnknownDocuments, remove_documents
from indexer.search.archive import Archive
from indexer.search.request import SearchRequest

NARRATOR = "Baurzhan Tokayev"
CYRILLIC = "Бауыржан Токаев"


def _docs() -> dict[str, str]:
    return {
        "baurzhan": make_doc("baurzhan-tokayev", "Her brother was detained in Urumqi in 2017.",
                             title=NARRATOR, places=["Urumqi"],
                             people=[{"name": NARRATOR, "role": "narrator", "variants": [CYRILLIC]}]),
        "secret": make_doc("closed-file", "Kept for archivists: a village near Urumqi in 2018.",
                           title="Closed file", access="restricted",
                           people=[{"name": "Saule Omarova", "role": "narrator"}]),
        "photos": make_doc("baurzhan-photos", "Photographs of the house, 2019.", title="Photographs",
                           type="article", part_of="baurzhan-tokayev"),
        "other": make_doc("gulnar-esenova", "Her husband was detained in Almaty in 2017.",
                          title="Gulnar Esenova", people=[{"name": "Gulnar Esenova", "role": "narrator"}]),
    }


@pytest.fixture()
def archive(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", _docs())
    index = tmp_path / "index"
    build_index(corpus, index, workers=1)
    return corpus, index


def _ids(index, scope: str, **params) -> set[str]:
    req = SearchRequest.from_args({"per_page": "100", **params})
    return {r["id"] for r in Archive(index, scope).search(req)["results"]}


def _every_query(index, scope):
    return {q: _ids(index, scope, **params) for q, params in {
        "all": {}, "not": {"q": "NOT Esenova"}, "cyrillic": {"q": CYRILLIC}, "name": {"name": CYRILLIC},
        "year": {"year": "2017"}, "place": {"place": "Urumqi"}, "word": {"q": "village OR photographs"}}.items()}


def test_remove_takes_a_document_out_of_both_scopes_in_one_publish(archive, tmp_path):
    corpus, index = archive
    before = store.current_generation(index)
    assert "baurzhan-tokayev" in _ids(index, "public", q=CYRILLIC)
    result = CliRunner().invoke(main, ["remove", "baurzhan-tokayev", "closed-file",
                                       "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 0, result.output
    after = store.current_generation(index)
    assert int(after[4:]) == int(before[4:]) + 1          # one new snapshot for both documents
    for scope in ("public", "full"):
        for q, found in _every_query(index, scope).items():
            assert not {"baurzhan-tokayev", "closed-file"} & found, (scope, q)
    assert (corpus / "withdrawn" / "documents" / "baurzhan.md").is_file()
    assert (corpus / "withdrawn" / "documents" / "secret.md").is_file()
    assert not (corpus / "documents" / "baurzhan.md").exists()
    # A fresh full build of the corpus as it now is gives the same answers.
    fresh = tmp_path / "fresh"
    build_index(corpus, fresh, workers=1)
    for scope in ("public", "full"):
        assert _every_query(index, scope) == _every_query(fresh, scope)
    manifest = store.read_manifest(store.snapshot_path(index))["documents"]
    assert set(manifest) == set(store.read_manifest(store.snapshot_path(fresh))["documents"])
    # The child no longer names its withdrawn parent, as in the fresh build.
    child = Archive(index, "public").document("baurzhan-photos")
    assert child["part_of"] is None
    assert child == Archive(fresh, "public").document("baurzhan-photos")
    assert store.verify_snapshot(store.snapshot_path(index)) == []


def test_an_unknown_id_changes_nothing(archive):
    corpus, index = archive
    before = store.current_generation(index)
    files = sorted(p.name for p in (corpus / "documents").iterdir())
    result = CliRunner().invoke(main, ["remove", "gulnar-esenova", "no-such-document",
                                       "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 1
    assert "no-such-document" in result.output and "nothing was changed" in result.output
    assert store.current_generation(index) == before
    assert sorted(p.name for p in (corpus / "documents").iterdir()) == files
    assert not (corpus / "withdrawn").exists()
    assert "gulnar-esenova" in _ids(index, "public")


def test_a_failed_publish_puts_the_files_back(archive, monkeypatch):
    corpus, index = archive
    before = store.current_generation(index)

    def broken(*_args, **_kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(store, "publish", broken)
    with pytest.raises(OSError):
        remove_documents(["gulnar-esenova"], corpus, index)
    assert (corpus / "documents" / "other.md").is_file()
    assert not list((corpus / "withdrawn").rglob("*.md"))
    assert store.current_generation(index) == before
    assert "gulnar-esenova" in _ids(index, "public")


def test_a_draft_never_indexed_is_withdrawn_by_its_file(archive):
    corpus, index = archive
    (corpus / "documents" / "draft.md").write_text(make_doc("new-draft", "Text.", access="restricted",
                                                            status="draft"), "utf-8")
    before = store.current_generation(index)
    report = remove_documents(["new-draft"], corpus, index)
    assert report.generation is None and store.current_generation(index) == before
    assert (corpus / "withdrawn" / "documents" / "draft.md").is_file()
    with pytest.raises(UnknownDocuments):
        remove_documents(["new-draft"], corpus, index)


def test_a_withdrawn_file_is_neither_checked_indexed_nor_added(archive):
    corpus, index = archive
    remove_documents(["gulnar-esenova"], corpus, index)
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--corpus", str(corpus)])
    assert checked.exit_code == 0 and "3 documents" in checked.output
    added = runner.invoke(main, ["add", str(corpus / "withdrawn" / "documents" / "other.md"),
                                 "--corpus", str(corpus), "--index", str(index)])
    assert added.exit_code == 1 and "withdrawn" in added.output
    assert "gulnar-esenova" not in _ids(index, "full")


def test_remove_and_add_are_in_the_audit_log(archive, monkeypatch):
    corpus, index = archive
    monkeypatch.setenv("ARCHIVE_USER", "aigerim")
    runner = CliRunner()
    assert runner.invoke(main, ["add", str(corpus / "documents" / "other.md"), "--corpus", str(corpus),
                                "--index", str(index)]).exit_code == 0
    assert runner.invoke(main, ["remove", "gulnar-esenova", "--corpus", str(corpus),
                                "--index", str(index)]).exit_code == 0
    logged = runner.invoke(main, ["log", "--index", str(index), "--doc", "gulnar-esenova"])
    assert logged.exit_code == 0
    lines = logged.output.strip().splitlines()
    assert [line.split()[1:4] for line in lines] == [["aigerim", "added", "gulnar-esenova"],
                                                     ["aigerim", "withdrawn", "gulnar-esenova"]]
    assert store.current_generation(index) in lines[1]
    assert runner.invoke(main, ["log", "--index", str(index), "--user", "someone-else"]).output == ""
    bad = runner.invoke(main, ["log", "--index", str(index), "--since", "yesterday"])
    assert bad.exit_code == 2 and "--since" in bad.output


def test_a_parent_and_its_child_withdrawn_together(archive, tmp_path):
    corpus, index = archive
    report = remove_documents(["baurzhan-tokayev", "baurzhan-photos"], corpus, index)
    assert report.removed == ["baurzhan-tokayev", "baurzhan-photos"]
    assert not {"baurzhan-tokayev", "baurzhan-photos"} & _ids(index, "full")
    fresh = tmp_path / "fresh"
    build_index(corpus, fresh, workers=1)
    assert _every_query(index, "full") == _every_query(fresh, "full")

"""The facet arrays saved beside each segment give a snapshot the table its columns would."""
from __future__ import annotations

import shutil

import pytest
import yaml

from archive_helpers import write_canary_corpus
from conftest import make_doc, write_corpus
from indexer.index import build, facet_arrays, parallel, segments, store
from indexer.search.archive import Archive
from indexer.search.facets import FACETS, FacetTable
from indexer.search.request import SearchRequest
from indexer.tools import synth


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """A synthetic corpus with the canary's restricted material, built by two processes in
    segments of at most 1 MB of postings, so each index has several segments."""
    root = tmp_path_factory.mktemp("facet-arrays")
    corpus = root / "corpus"
    synth.synthesize(150, 5, corpus)
    canary = write_canary_corpus(root / "canary")
    for path in (canary / "documents").glob("*.md"):
        shutil.copy(path, corpus / "documents" / path.name)
    gazetteer = yaml.safe_load((corpus / "places.yaml").read_text("utf-8"))
    known = {p["id"] for p in gazetteer["places"]}
    gazetteer["places"] += [p for p in yaml.safe_load((canary / "places.yaml").read_text("utf-8"))["places"]
                            if p["id"] not in known]
    (corpus / "places.yaml").write_text(yaml.safe_dump(gazetteer, allow_unicode=True), "utf-8")
    threshold, segment_mb = parallel.MIN_SHARE, segments.segment_mb
    parallel.MIN_SHARE, segments.segment_mb = 20, (lambda writers: 1)
    try:
        build.build_index(corpus, root / "index", workers=2)
    finally:
        parallel.MIN_SHARE, segments.segment_mb = threshold, segment_mb
    return root / "index"


def _segment_ids(folder):
    return {p.name.removesuffix(".seg") for p in folder.glob("*.seg")}


def _saved_ids(folder):
    return {p.name.removesuffix(facet_arrays.SUFFIX) for p in folder.glob(f"*{facet_arrays.SUFFIX}")}


def _table(table: FacetTable) -> dict:
    """What a facet table holds, comparable between two tables of one reader."""
    out = {"persons": list(table.every_persons()), "titles": table.titles(None)}
    for facet in FACETS:
        col = table.columns[facet]
        out[facet] = sorted((int(d), str(col.values[v])) for d, v in zip(col.entry_doc, col.entry_val))
    return out


def test_every_segment_of_both_indexes_has_its_arrays(index):
    snapshot = store.snapshot_path(index)
    for name in store.INDEX_DIRS:
        ids = _segment_ids(snapshot / name)
        assert ids and _saved_ids(snapshot / name) == ids
    assert len(_segment_ids(snapshot / "public")) > 2


def test_a_build_saves_the_arrays_from_what_it_writes_not_from_the_columns(tmp_path, monkeypatch):
    monkeypatch.setattr(facet_arrays, "column_rows", lambda leaf: pytest.fail("a column was read back"))
    index = tmp_path / "index"
    build.build_index(write_canary_corpus(tmp_path / "canary"), index)
    for name in store.INDEX_DIRS:
        folder = store.snapshot_path(index) / name
        assert _saved_ids(folder) == _segment_ids(folder) != set()


@pytest.mark.parametrize("scope", store.SCOPES)
def test_the_saved_arrays_give_the_table_the_columns_give(index, scope, monkeypatch):
    from_columns = FacetTable(Archive(index, scope).snapshot().searcher().reader())      # no folders: columns
    assert len(list(from_columns.every_persons())) == from_columns.size
    # A fresh open that may not read a column at all: every segment comes from its file.
    monkeypatch.setattr(facet_arrays, "column_rows", lambda leaf: pytest.fail("a column was read"))
    snap = Archive(index, scope).snapshot()
    assert _table(snap.facets) == _table(from_columns)
    assert snap.facets.count(snap.live_mask) == from_columns.count(snap.live_mask)


def test_the_public_table_names_no_restricted_person(tmp_path, monkeypatch):
    from archive_helpers import SECRETS

    index = tmp_path / "index"
    build.build_index(write_canary_corpus(tmp_path / "canary"), index)
    monkeypatch.setattr(facet_arrays, "column_rows", lambda leaf: pytest.fail("a column was read"))
    public = repr(_table(Archive(index, "public").snapshot().facets)).casefold()
    full = repr(_table(Archive(index, "full").snapshot().facets)).casefold()
    assert not [secret for secret in SECRETS if secret.casefold() in public]
    assert any(secret.casefold() in full for secret in SECRETS)     # the check can fail


def test_missing_or_damaged_arrays_are_read_from_the_segments_column(index, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index, copy, symlinks=True)
    public = store.snapshot_path(copy) / "public"
    files = sorted(public.glob(f"*{facet_arrays.SUFFIX}"))
    files[0].chmod(0o644)
    files[0].write_bytes(files[0].read_bytes()[:100])        # cut short
    files[1].unlink()
    for scope in store.SCOPES:
        assert _table(Archive(copy, scope).snapshot().facets) == _table(Archive(index, scope).snapshot().facets)
        request = SearchRequest.from_args({"q": "camp"})
        assert Archive(copy, scope).search(request)["facets"] == Archive(index, scope).search(request)["facets"]


def test_add_saves_the_arrays_of_its_segment_and_of_a_merge(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "MAX_SEGMENTS", 3)
    docs = {f"doc-{n}": make_doc(f"doc-{n}", "He was taken to a camp.",
                                 people=[{"name": f"Serik Nurlan{n}", "role": "narrator"}]) for n in range(3)}
    corpus = write_corpus(tmp_path / "corpus", docs)
    index = tmp_path / "index"
    build.build_index(corpus, index)
    path = corpus / "documents" / "doc-0.md"
    for round_ in range(5):
        path.write_text(make_doc("doc-0", "He was taken to a camp.",
                                 people=[{"name": f"Aigerim Round{round_}", "role": "narrator"}]), "utf-8")
        build.add_documents([path], corpus, index)
        public = store.snapshot_path(index) / "public"
        assert _saved_ids(public) == _segment_ids(public)      # the new segment's, a merge's, none left over
        people = Archive(index, "public").search(SearchRequest.from_args({"q": "camp"}))["facets"]["people"]
        names = {p["value"] for p in people}
        assert f"Aigerim Round{round_}" in names and not {f"Aigerim Round{r}" for r in range(round_)} & names
    assert len(_segment_ids(public)) <= 3


def test_check_index_names_a_damaged_or_wrong_facet_file(index, tmp_path):
    from archive_helpers import run_archive

    copy = tmp_path / "index"
    shutil.copytree(index, copy, symlinks=True)
    assert store.verify_snapshot(store.snapshot_path(copy)) == []
    public = store.snapshot_path(copy) / "public"
    first, second, *_ = sorted(public.glob(f"*{facet_arrays.SUFFIX}"))
    first.chmod(0o644)
    second.chmod(0o644)
    first.write_bytes(first.read_bytes()[:100])          # cut short
    other = next((store.snapshot_path(copy) / "restricted").glob(f"*{facet_arrays.SUFFIX}"))
    second.write_bytes(other.read_bytes())               # another segment's arrays
    problems = store.verify_snapshot(store.snapshot_path(copy))
    assert [p for p in problems if first.name in p and "damaged" in p]
    assert [p for p in problems if second.name in p and "other than its segment's column" in p]
    result = run_archive("check", "--index", copy)
    assert result.returncode != 0 and first.name in result.stderr + result.stdout

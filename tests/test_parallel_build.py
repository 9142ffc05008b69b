"""A build spread over several processes gives the same archive as one process does."""
from __future__ import annotations

import json

import pytest
import yaml

from archive_helpers import write_canary_corpus
from conftest import make_doc, write_corpus
from indexer.index import build, parallel, segments, store
from indexer.tools import synth
from indexer.search.request import SearchRequest
from indexer.search.archive import Archive
from indexer.index.vocabulary import FILES as VOCABULARIES

QUERIES = [
    {}, {"page": 2}, {"q": "camp"}, {"q": "лагерь"}, {"q": "year:2017"}, {"year": "2015-2019"},
    {"q": "detained OR arrested"}, {"q": '"was detained"'}, {"type": "testimony"},
]


def _corpus(root):
    corpus = root / "corpus"
    synth.synthesize(120, 11, corpus)
    # The canary documents bring a restricted testimony and a redacted one.
    canary = write_canary_corpus(root / "canary")
    for path in (canary / "documents").glob("*.md"):
        (corpus / "documents" / path.name).write_text(path.read_text("utf-8"), "utf-8")
    gazetteer = yaml.safe_load((corpus / "places.yaml").read_text("utf-8"))
    known = {place["id"] for place in gazetteer["places"]}
    more = yaml.safe_load((canary / "places.yaml").read_text("utf-8"))["places"]
    gazetteer["places"] += [place for place in more if place["id"] not in known]
    (corpus / "places.yaml").write_text(yaml.safe_dump(gazetteer, allow_unicode=True), "utf-8")
    return corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel")
    corpus = _corpus(root)
    serial = build.build_index(corpus, root / "serial", workers=1)
    threshold, segment_mb = parallel.MIN_SHARE, segments.segment_mb
    parallel.MIN_SHARE = 20   # small shares, so that this corpus is split
    try:
        shared = build.build_index(corpus, root / "parallel", workers=2)
        # Segments of at most 1 MB of postings: every process writes several.
        segments.segment_mb = lambda writers: 1
        small = build.build_index(corpus, root / "small-segments", workers=2)
    finally:
        parallel.MIN_SHARE, segments.segment_mb = threshold, segment_mb
    assert (serial.indexed, serial.public) == (shared.indexed, shared.public) == (small.indexed, small.public)
    return root / "serial", root / "parallel", root / "small-segments"


def _answers(index, scope):
    archive = Archive(index, scope)
    out = []
    for params in QUERIES:
        found = archive.search(SearchRequest.from_args(params))
        out.append((found["total"], [r["id"] for r in found["results"]], found["facets"]))
    return out


@pytest.mark.parametrize("scope", store.SCOPES)
def test_the_same_answers_in_the_same_order(built, scope):
    serial, *others = built
    for other in others:
        assert _answers(other, scope) == _answers(serial, scope)
        assert Archive(other, scope).count() == Archive(serial, scope).count()


def test_each_process_wrote_its_own_segments(built):
    _, parallel, small = built
    assert len(list((store.snapshot_path(parallel) / "public").glob("*.seg"))) == 2
    assert len(list((store.snapshot_path(small) / "public").glob("*.seg"))) > 4


def test_the_same_vocabularies_and_manifest(built):
    serial, *others = built
    a = store.snapshot_path(serial)
    for other in others:
        b = store.snapshot_path(other)
        for name in store.INDEX_DIRS:
            for file in VOCABULARIES.values():
                assert (a / name / file).read_text("utf-8") == (b / name / file).read_text("utf-8")
        manifest = [json.loads((s / "manifest.json").read_text("utf-8"))["documents"] for s in (a, b)]
        # When each public version last changed is the time of each index's own first build.
        for documents in manifest:
            for entry in documents.values():
                assert bool(entry.pop("changed", None)) == entry["public"]
        assert manifest[0] == manifest[1]


def test_reading_in_parallel_finds_the_same_problems_in_the_same_order(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    synth.synthesize(60, 3, corpus)
    files = sorted((corpus / "documents").rglob("*.md"))
    # A second file with the id of the first, and a file whose front matter is broken.
    (files[-1].parent / "zz-duplicate.md").write_text(files[0].read_text("utf-8"), "utf-8")
    (files[-1].parent / "zz-broken.md").write_text("---\nid: [unclosed\n---\nText.\n", "utf-8")
    one = build.check_corpus(corpus, workers=1)
    monkeypatch.setattr(parallel, "MIN_SHARE", 10)
    two = build.check_corpus(corpus, workers=2)
    assert [str(p) for p in two.problems] == [str(p) for p in one.problems]
    assert len(one.problems) >= 2 and "duplicate id" in " ".join(map(str, one.problems))
    assert [d.id for d in two.documents] == [d.id for d in one.documents]


def test_reading_in_parallel_warns_of_the_same_namesakes_in_the_same_order(tmp_path, monkeypatch):
    """Each worker checks the public people of the files it read against every restricted
    person of the corpus: the warnings are those one process gives, a duplicate file's left out."""
    def person(name, access="public"):
        return {"name": name, "role": "mentioned", "access": access}

    docs = {f"{n:02d}-filler": make_doc(f"filler-{n:02d}", "A plain paragraph.") for n in range(40)}
    # The same people public at the start of the corpus and restricted at its end (another share).
    docs["00-first"] = make_doc("first", "Text.", people=[person("Nurlybek Ospanov"), person("Gulnar Tursyn")])
    docs["99-last"] = make_doc("last", "Text.", people=[person("Нурлыбек Оспанов", "restricted"),
                                                        person("Гульнар Турсын", "restricted")])
    docs["50-middle"] = make_doc("middle", "Text.", people=[person("Nurlybek Ospanuly")])
    docs["51-copy"] = make_doc("middle", "Text.", people=[person("Nurlybek Ospanuly")])   # a duplicate id
    corpus = write_corpus(tmp_path / "corpus", docs)
    one = build.check_corpus(corpus, workers=1)
    monkeypatch.setattr(parallel, "MIN_SHARE", 10)
    two = build.check_corpus(corpus, workers=2)
    assert [str(w) for w in two.warnings] == [str(w) for w in one.warnings]
    warned = [str(w) for w in two.warnings]
    assert len(warned) == 2, warned      # one per restricted person, in the order of the corpus
    assert "'Нурлыбек Оспанов'" in warned[0] and "'Гульнар Турсын'" in warned[1]
    assert "public 2 time(s)" in warned[0] and warned[0].index("00-first.md") < warned[0].index("50-middle.md")
    assert "public 1 time(s)" in warned[1] and "00-first.md" in warned[1]
    assert not any("51-copy" in w for w in warned)


def test_the_documents_read_wait_for_indexing_in_an_unnamed_file_beside_the_index(tmp_path):
    from indexer.corpus.reader import corpus_files, read_file
    from indexer.index.kept import KeptDocuments

    corpus = _corpus(tmp_path)
    docs = [read_file(p, None, corpus).document for p in corpus_files(corpus)[:20]]
    assert len(docs) == 20 and all(docs)
    kept = KeptDocuments(tmp_path)
    for number, doc in enumerate(docs):
        kept.put(number, doc)
    assert {p.name for p in tmp_path.iterdir()} == {"corpus", "canary"}    # nothing a killed build leaves
    assert len(kept) == len(docs)
    assert [kept.take(n) for n in (7, 0, 19)] == [docs[7], docs[0], docs[19]]
    with pytest.raises(KeyError):
        kept.take(7)
    kept.close()


def test_a_build_keeps_what_it_read_on_the_disk_of_the_index(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    where = []
    made = build.KeptDocuments

    def recorded(directory=None):
        where.append(directory)
        return made(directory)
    monkeypatch.setattr(build, "KeptDocuments", recorded)
    build.build_index(corpus, tmp_path / "not-yet" / "index", workers=1)
    assert where == [tmp_path]          # the nearest directory there is: none is made for a refused corpus
    build.build_index(corpus, tmp_path / "not-yet" / "index", workers=1)
    assert where[-1] == tmp_path / "not-yet" / "index"
    assert Archive(tmp_path / "not-yet" / "index").count() > 100

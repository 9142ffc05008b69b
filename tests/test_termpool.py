"""A build's segments hold exactly what Whoosh's own SegmentWriter would have written."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from indexer.index import segments, store
from indexer.index.build import build_index
from indexer.tools.synth import synthesize


class _WhooshWriter(SegmentWriter):
    """Whoosh's writer with its own pool, large enough never to spill."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, limitmb=4096, **kwargs)


def _snapshot(index_dir: Path) -> Path:
    return index_dir / store.current_generation(index_dir)


def _contents(path: Path) -> dict:
    """Every term's postings and statistics, every document's field lengths and stored fields."""
    ix = store.open_index(path)
    out = {}
    with ix.reader() as reader:
        for fieldname in reader.indexed_field_names():
            terms = {}
            for tbytes in reader.lexicon(fieldname):
                info = reader.term_info(fieldname, tbytes)
                matcher = reader.postings(fieldname, tbytes)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                terms[tbytes] = (info.doc_frequency(), info.weight(), info.min_length(), info.max_length(),
                                 info.max_weight(), info.min_id(), info.max_id(), postings)
            out[fieldname] = terms
        for docnum in range(reader.doc_count_all()):
            out[("doc", docnum)] = (reader.stored_fields(docnum),
                                    {f: reader.doc_field_length(docnum, f) for f in reader.indexed_field_names()})
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Enough testimonies that common words fill several of the codec's 128-posting blocks."""
    out = tmp_path_factory.mktemp("corpus")
    synthesize(400, 3, out, workers=1)
    return out


def test_the_grouped_writer_writes_what_whoosh_writes(corpus, tmp_path, monkeypatch):
    build_index(corpus, tmp_path / "grouped", workers=1, show_progress=False)
    monkeypatch.setattr(segments, "GroupedSegmentWriter", _WhooshWriter)
    build_index(corpus, tmp_path / "whoosh", workers=1, show_progress=False)
    for name in store.INDEX_DIRS:
        grouped = _contents(_snapshot(tmp_path / "grouped") / name)
        whoosh = _contents(_snapshot(tmp_path / "whoosh") / name)
        assert grouped.keys() == whoosh.keys()
        for key in whoosh:
            assert grouped[key] == whoosh[key], (name, key)
    public = _contents(_snapshot(tmp_path / "grouped") / "public")
    several_blocks = [t for f in ("text_en", "pairs_text_en", "place_named") for t, v in public[f].items()
                      if v[0] > 128]
    assert several_blocks, "no term spans several blocks: the corpus is too small to test them"


def test_segments_split_by_size_keep_every_document(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "segment_mb", lambda writers: 1)
    report = build_index(corpus, tmp_path / "ix", workers=1, show_progress=False)
    ix = store.open_index(_snapshot(tmp_path / "ix") / "public")
    assert len(ix._segments()) > 1
    with ix.searcher() as searcher:
        assert searcher.doc_count() == report.public


def test_emptying_the_memos_while_building_changes_nothing_written(corpus, tmp_path, monkeypatch):
    build_index(corpus, tmp_path / "kept", workers=1, show_progress=False)
    monkeypatch.setattr(segments, "MEMOS_EVERY", 7)
    build_index(corpus, tmp_path / "emptied", workers=1, show_progress=False)
    for name in store.INDEX_DIRS:
        assert _contents(_snapshot(tmp_path / "emptied") / name) == _contents(_snapshot(tmp_path / "kept") / name)


def test_the_bounded_memos_are_emptied_and_the_tables_kept():
    import importlib

    from indexer import names
    from indexer.memos import bounded_memos, clear_bounded_memos
    transliterate = importlib.import_module("indexer.names.transliterate")

    language = importlib.import_module("indexer.text.language")
    names.index_terms("Гүлнұр Нияз")
    language.guess_tag("Meniñ küieuim 2017 jyly Şäueşekte polisiiağa şaqyryldy, sodan beri üige oralmady.")
    assert transliterate.readings.cache_info().currsize > 0
    assert language._latin_languages.cache_info().currsize == 1
    assert clear_bounded_memos() == len(bounded_memos()) > 10
    assert transliterate.readings.cache_info().currsize == 0
    assert language._latin_languages.cache_info().currsize == 1       # a table read once stays
    assert names.index_terms("Гүлнұр Нияз") == names.index_terms("Гүлнұр Нияз")

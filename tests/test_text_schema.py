"""An index whose text was analysed another way is not searched with this analysis: it asks for a rebuild."""
from __future__ import annotations

import pytest

from conftest import make_doc, write_corpus
from indexer.index import analyzers, store
from indexer.index.build import build_index
from indexer.index.schema import build_schema


def test_every_language_with_its_own_analysis_has_its_own_field():
    names = build_schema().names()
    for field in ("text_en", "text_ru", "text_kk", "text_ug", "text_zh", "text_xx"):
        assert field in names


def test_an_index_analysed_by_an_older_version_asks_for_a_rebuild(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", {"a": make_doc("doc-a", "Мектепте оқыды.", language="kk")})
    monkeypatch.setattr(analyzers, "ANALYSIS_VERSION", 1)
    build_index(corpus, tmp_path / "index", show_progress=False, workers=1)
    monkeypatch.undo()
    with pytest.raises(store.NoIndex, match="rebuild it with `archive index`"):
        store.open_index(store.snapshot_path(tmp_path / "index", "public"))
    build_index(corpus, tmp_path / "index", show_progress=False, workers=1)
    store.open_index(store.snapshot_path(tmp_path / "index", "public")).close()

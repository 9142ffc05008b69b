"""Matches read as masks a posting block at a time are exactly the documents Whoosh matches."""
from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as wq

from conftest import synthetic_index_with_deletions
from indexer.search.compiler import Compiler
from indexer.search import querylang
from indexer.search.request import SearchRequest
from indexer.search.archive import Archive

TYPED = ["camp", "лагерь", "detained OR school", "camp -detained", '"was taken"', "year:2015..2019",
         "name:Nurlan", "Almaty", "place:Urumqi", "lang:ru camp", "type:testimony", "2017",
         "qarağandy", "Қарағанды", "*", "zzzzunknown"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return synthetic_index_with_deletions(tmp_path_factory.mktemp("docsets"), seed=5, readded=3)


@pytest.mark.parametrize("scope", ["public", "full"])
def test_masks_are_whooshs_matches(index, scope):
    snap = Archive(index, scope).snapshot()
    searcher = snap.searcher()
    assert len(searcher.reader().leaf_readers()) >= 2
    long_lists = 0
    for typed in TYPED:
        q = Compiler(snap.gazetteer, snap.vocabulary).compile(querylang.parse(typed)) or wq.NullQuery
        expected = {d for d in searcher.docs_for_query(q) if snap.live_mask[d]}
        assert set(snap.matching(searcher, q)) == expected, typed
        long_lists += len(expected) > 128
    assert long_lists >= 2   # postings spanning several blocks were read


def test_every_term_of_a_field_reads_as_its_postings(index):
    snap = Archive(index, "public").snapshot()
    searcher = snap.searcher()
    reader = searcher.reader()
    for field in ("text_en", "name_keys", "place"):
        for text in list(reader.field_terms(field))[:300]:
            q = wq.Term(field, text)
            mask = snap.matching_mask(searcher, q)
            expected = sorted(d for d in searcher.docs_for_query(q) if snap.live_mask[d])
            assert np.flatnonzero(mask).tolist() == expected, (field, text)


@pytest.mark.parametrize("typed", ['"was taken"', 'camp "was taken"', '"was taken" -detained'])
def test_a_phrase_page_and_total_are_whooshs(index, typed):
    archive = Archive(index, "full")
    snap = archive.snapshot()
    searcher = snap.searcher()
    q = Compiler(snap.gazetteer, snap.vocabulary).compile(querylang.parse(typed))
    found_phrases = [p for p in q.leaves() if isinstance(p, wq.Phrase)]
    # Each phrase is answered from the word pairs, not walked by Whoosh's matchers.
    assert found_phrases and not any(snap.docsets(searcher).needs_whoosh(p) for p in found_phrases)
    expected = [hit.docnum for hit in searcher.search(q, limit=None, mask=snap.hidden or None)]
    found = archive.search(SearchRequest.from_args({"q": typed, "per_page": 5}))
    assert found["total"] == len(expected) > 0
    ids = [searcher.stored_fields(d)["id"] for d in expected[:5]]
    assert [r["id"] for r in found["results"]] == ids

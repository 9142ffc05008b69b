"""Scores computed with NumPy are Whoosh's own: the same documents in the same order, scores within 1e-6."""
from __future__ import annotations

import pytest
from whoosh import query as wq

from indexer.search import querylang
from indexer.search.compiler import Compiler
from indexer.search.request import SearchRequest
from indexer.search.scoring import top
from indexer.search.archive import Archive
from conftest import synthetic_index_with_deletions

TYPED = ["camp", "detained OR school", "camp -detained", "camp detained school", '"was taken"',
         '"was taken" OR camp', "2017", "year:2015-2019 camp", "name:Nurlan", "Almaty OR Urumqi",
         "place:Urumqi camp", "лагерь OR камп", "lang:ru лагерь", "type:testimony camp", "-camp",
         "(camp OR school) -(detained OR 2017)", "brother sister mother OR father"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return synthetic_index_with_deletions(tmp_path_factory.mktemp("scoring"), seed=7, readded=4)


def _whoosh_ranking(snap, searcher, q):
    return [(h.docnum, h.score) for h in searcher.search(q, limit=None, mask=snap.dead or None)
            if snap.live_mask[h.docnum]]


def _assert_same_ranking(got, expected, typed):
    assert len(got) == len(expected), typed
    for rank, ((doc, score), (want_doc, want_score)) in enumerate(zip(got, expected)):
        assert score == pytest.approx(want_score, abs=1e-6), (typed, rank)
        # Documents may trade places only where Whoosh's own scores tie.
        if doc != want_doc:
            assert abs(dict(expected)[doc] - want_score) < 1e-9, (typed, rank)


@pytest.mark.parametrize("scope", ["public", "full"])
def test_every_score_and_rank_is_whooshs(index, scope):
    snap = Archive(index, scope).snapshot()
    searcher = snap.searcher()
    assert len(searcher.reader().leaf_readers()) >= 2
    many = 0
    for typed in TYPED:
        q = Compiler(snap.gazetteer, snap.vocabulary).compile(querylang.parse(typed)) or wq.NullQuery
        expected = _whoosh_ranking(snap, searcher, q)
        hit, scores = snap.scorer(searcher).scores(q)
        got = top(scores, hit & snap.live_mask, len(expected) + 10)
        _assert_same_ranking(got, expected, typed)
        many += len(expected) > 128
    assert many >= 3   # postings over several blocks were scored


@pytest.mark.parametrize("typed", ["camp OR school", "camp detained", '"was taken" -detained', "лагерь"])
def test_a_page_of_results_is_whooshs_top(index, typed):
    archive = Archive(index, "public")
    snap = archive.snapshot()
    searcher = snap.searcher()
    q = Compiler(snap.gazetteer, snap.vocabulary).compile(querylang.parse(typed))
    expected = _whoosh_ranking(snap, searcher, q)
    for page in (1, 2):
        found = archive.search(SearchRequest.from_args({"q": typed, "per_page": 7, "page": str(page)}))
        assert found["total"] == len(expected) > 14
        want = expected[(page - 1) * 7:page * 7]
        assert [r["score"] for r in found["results"]] == [round(s, 4) for _d, s in want]
        assert [r["id"] for r in found["results"]] == [searcher.stored_fields(d)["id"] for d, _s in want]


def test_words_and_names_are_scored_without_walking_whooshs_matchers(index, monkeypatch):
    from whoosh.searching import Searcher

    archive = Archive(index, "public")
    archive.snapshot()
    walks = []
    original = Searcher.search_with_collector
    monkeypatch.setattr(Searcher, "search_with_collector",
                        lambda self, q, *a, **k: walks.append(q) or original(self, q, *a, **k))
    for typed in ["camp OR school OR detained", "camp -detained", "name:Nurlan OR camp"]:
        assert archive.search(SearchRequest.from_args({"q": typed}))["total"] > 0
    assert walks == []

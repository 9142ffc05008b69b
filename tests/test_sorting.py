"""Results in another order than relevance: `sort=` on the API and the page, `archive search --sort`.

The orders read per-document arrays made once per snapshot, never a hit's
stored fields; deleted versions and restricted documents stay out of them.
"""
from __future__ import annotations

import html
import json
import re

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.index.build import build_index
from indexer.search.archive import Archive
from indexer.search.request import SORTS, SearchRequest

from archive_helpers import CANARY_ID, leaks, write_canary_corpus
from conftest import app_for, make_doc, synthetic_index_with_deletions, write_corpus


def _event(year: str) -> list[dict]:
    return [{"role": "mentioned", "relation": "brother", "events": [{"event": "detained", "when": year}]}]


def _source(published: str) -> dict:
    return {"title": "Fixture source", "publisher": "Fixture", "published": published}


#: id → (title, earliest event year or None, published date), in index order.
DOCS = {
    "d-banana": ("banana", "2019", "2021-03-01"),
    "d-apple": ("Apple", None, "2020-01-05"),
    "d-eclair": ("Éclair", "2005", "2018-02-02"),
    "d-cherry": ("cherry", "2011", "2022-07-30"),
    "d-apple-two": ("apple", "2011", "2019-11-11"),
    "d-cyrillic": ("Алма", "1998", "2020-06-01"),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("sorting")
    docs = {}
    for doc_id, (title, year, published) in DOCS.items():
        extra = {"people": _event(year)} if year else {}
        docs[doc_id] = make_doc(doc_id, f"The letter of {title} tells of the border.\n",
                                title=title, source=_source(published), **extra)
    build_index(write_corpus(root / "corpus", docs), root / "index", show_progress=False, workers=1)
    return app_for(root / "index").test_client()


def _ids(client, **params) -> list[str]:
    answer = client.get("/api/search", query_string={"per_page": 100, **params})
    assert answer.status_code == 200, answer.get_json()
    return [r["id"] for r in answer.get_json()["results"]]


def test_year_ascending_and_descending_leave_undated_documents_last(client):
    years = {d: int(y) for d, (_t, y, _p) in DOCS.items() if y}
    up = _ids(client, sort="year")
    down = _ids(client, sort="-year")
    assert up[-1] == down[-1] == "d-apple"            # the document without a year
    assert [years[d] for d in up[:-1]] == sorted(years.values())
    assert [years[d] for d in down[:-1]] == sorted(years.values(), reverse=True)
    # the two documents of 2011 keep index order (browsing's order) in both directions
    tied = [d for d in _ids(client) if years.get(d) == 2011]
    assert len(tied) == 2
    assert [d for d in up if years.get(d) == 2011] == [d for d in down if years.get(d) == 2011] == tied


def test_published_orders_by_publication_date(client):
    dates = {d: p for d, (_t, _y, p) in DOCS.items()}
    assert _ids(client, sort="published") == sorted(dates, key=dates.get)
    assert _ids(client, sort="-published") == sorted(dates, key=dates.get, reverse=True)


def test_title_ignores_case_and_accents_and_is_stable(client):
    titles = [r["title"] for r in client.get("/api/search?sort=title").get_json()["results"]]
    assert titles == ["Apple", "apple", "banana", "cherry", "Éclair", "Алма"]
    assert _ids(client, sort="-title") == _ids(client, sort="title")[::-1]


def test_sort_applies_to_a_query_and_pages_through_every_match_once(client):
    relevance = _ids(client, q="letter")
    pages = [_ids(client, q="letter", sort="-year", per_page=2, page=n) for n in (1, 2, 3)]
    assert sorted(sum(pages, [])) == sorted(relevance) and len(sum(pages, [])) == len(DOCS)
    assert sum(pages, []) == _ids(client, q="letter", sort="-year")
    assert client.get("/api/search?q=letter&sort=year").get_json()["sort"] == "year"


@pytest.mark.parametrize("bad", ["foo", "YEAR", "-relevance", "year,title"])
def test_unknown_sort_is_a_400_naming_sort_and_the_allowed_values(client, bad):
    answer = client.get("/api/search", query_string={"sort": bad})
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error.startswith("sort ")
    assert all(value in error for value in SORTS)
    page = client.get("/", query_string={"sort": bad})
    assert page.status_code == 400 and "sort" in page.get_data(as_text=True)


def test_the_page_has_a_sort_select_that_keeps_every_other_parameter(client):
    page = client.get("/?q=letter&year=2011&year=2019&per_page=2&sort=-year").get_data(as_text=True)
    form = re.search(r'<form class="sort".*?</form>', page, re.S).group()
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    assert sorted(hidden) == [("per_page", "2"), ("q", "letter"), ("year", "2011"), ("year", "2019")]
    assert re.search(r'<option value="-year" selected>', form)
    assert re.search(r'<button type="submit"', form)            # works without a script
    shown = [html.unescape(t) for t in re.findall(r'<li class="hit">\s*<h2><a [^>]*>([^<]+)</a>', page)]
    assert shown[0] == "banana" and shown[1] in ("apple", "cherry") and len(shown) == 2
    # the links of the page keep the order: a facet toggle, a page link
    assert re.search(r'href="/\?[^"]*sort=-year[^"]*" rel="next"', page)


def test_archive_search_sort(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {
        d: make_doc(d, "A letter.\n", title=t, people=_event(y) if y else [], source=_source(p))
        for d, (t, y, p) in DOCS.items()})
    index = tmp_path / "index"
    build_index(corpus, index, show_progress=False, workers=1)
    out = CliRunner().invoke(main, ["search", "--sort", "-year", "--json", "--index", str(index)])
    assert out.exit_code == 0, out.output
    assert [r["id"] for r in json.loads(out.output)["results"]][0] == "d-banana"
    assert [r["id"] for r in json.loads(out.output)["results"]][-1] == "d-apple"
    bad = CliRunner().invoke(main, ["search", "--sort", "oldest", "--index", str(index)])
    assert bad.exit_code != 0 and "sort" in bad.stderr and "-published" in bad.stderr


@pytest.fixture(scope="module")
def with_deletions(tmp_path_factory):
    """300 synthetic documents, 60 of them added again (their old versions deleted)."""
    return synthetic_index_with_deletions(tmp_path_factory.mktemp("deleted"), seed=3, readded=60)


def test_sorting_reads_stored_fields_of_the_page_only(with_deletions, monkeypatch):
    """At 100,000 documents a stored-field read per hit would cost seconds: a sorted
    page reads exactly the documents it shows."""
    archive = Archive(with_deletions, "public")
    searcher = archive.snapshot().searcher()
    reads = []
    real = searcher.stored_fields
    monkeypatch.setattr(searcher, "stored_fields", lambda n: reads.append(n) or real(n))
    everything = archive.search(SearchRequest())["total"]
    for sort in SORTS:
        reads.clear()
        answer = archive.search(SearchRequest(sort=sort, per_page=7, page=2))
        assert answer["total"] == everything > 250
        assert len(reads) == 7, sort


def test_sorted_pages_skip_deleted_versions(with_deletions):
    archive = Archive(with_deletions, "public")
    everything = archive.search(SearchRequest())["total"]
    for sort in ("title", "-year", "published"):
        ids = [r["id"] for n in range(1, 4)
               for r in archive.search(SearchRequest(sort=sort, per_page=100, page=n))["results"]]
        assert len(ids) == len(set(ids)) == everything > 250, sort


def test_sorting_keeps_restricted_documents_to_archivists(tmp_path):
    corpus = write_canary_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build_index(corpus, index, show_progress=False, workers=1)
    public = [r["id"] for r in Archive(index, "public").search(SearchRequest(sort="title", per_page=100))["results"]]
    full = [r["id"] for r in Archive(index, "full").search(SearchRequest(sort="title", per_page=100))["results"]]
    assert CANARY_ID not in public and CANARY_ID in full
    assert sorted(full) == sorted([*public, CANARY_ID]) and len(full) == len(set(full))
    client = app_for(index).test_client()
    for sort in SORTS:
        for url in (f"/api/search?sort={sort}&per_page=100", f"/?sort={sort}&per_page=100"):
            response = client.get(url)
            assert response.status_code == 200 and not leaks(response, url), (url, leaks(response, url))

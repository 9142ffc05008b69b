"""Result exports: /api/search.csv and /api/search.jsonl hold every result /api/search
pages through, with its parameters and its scope, and nothing restricted for the public."""
from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from archive_helpers import (CANARY_CYRILLIC, CANARY_ID, CANARY_LATIN, CANARY_WORDS, MENTIONS_ID, PUBLIC_IDS,
                             leaks, sign_in, write_canary_corpus)
from conftest import app_for, make_doc, write_corpus
from indexer.index.build import build_index
from indexer.search.archive import Archive
from indexer.search.request import SearchRequest
from webapp.exports import CSV_COLUMNS, csv_cell
from webapp.users import add_user

ARCHIVIST, PASSWORD = "archivist", "correct horse battery"
#: Searches the exports are compared with /api/search on: browsing, words, names, filters.
SEARCHES = [{}, {"q": "*"}, {"q": "brother"}, {"q": "detained", "lang": "en"}, {"name": "Kazybek"},
            {"place": "Urumqi"}, {"year": "2017-2019"}, {"q": CANARY_LATIN}, {"name": CANARY_CYRILLIC},
            {"q": CANARY_WORDS[0]}, {"type": "article"}]


@pytest.fixture(scope="module")
def canary_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    index = root / "index"
    build_index(write_canary_corpus(root / "corpus"), index, workers=1)
    add_user(root / "users.sqlite3", ARCHIVIST, PASSWORD)
    return app_for(index)


@pytest.fixture()
def archivist(canary_app):
    client = canary_app.test_client()
    assert sign_in(client, ARCHIVIST, PASSWORD).status_code == 302
    return client


def api_results(client, params: dict) -> list[dict]:
    """Every result of /api/search, page after page."""
    out, page = [], 1
    while True:
        answer = client.get("/api/search", query_string={**params, "per_page": 100, "page": page}).get_json()
        out += answer["results"]
        if not answer.get("next_url"):
            return out
        page += 1


def jsonl(client, params: dict) -> list[dict]:
    response = client.get("/api/search.jsonl", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def csv_rows(client, params: dict) -> list[dict]:
    response = client.get("/api/search.csv", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    return list(reader)


@pytest.mark.parametrize("params", SEARCHES)
def test_json_lines_hold_what_the_api_pages_through(canary_app, params):
    client = canary_app.test_client()
    assert jsonl(client, params) == api_results(client, params)


@pytest.mark.parametrize("params", SEARCHES)
def test_csv_rows_hold_the_api_results(canary_app, params):
    client = canary_app.test_client()
    expected = [{"id": r["id"], "title": r["title"], "type": r["type"], "language": r["language"],
                 "published": r["published"] or "", "people": "; ".join(r["people"]),
                 "places": "; ".join(r["places"]), "years": "; ".join(str(y) for y in r["years"]),
                 "url": r["url"]} for r in api_results(client, params)]
    assert csv_rows(client, params) == expected


@pytest.mark.parametrize("path", ["/api/search.csv", "/api/search.jsonl"])
@pytest.mark.parametrize("params", SEARCHES)
def test_public_exports_show_nothing_restricted(canary_app, path, params):
    client = canary_app.test_client()
    response = client.get(path, query_string=params)
    assert response.status_code == 200
    url = path + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    assert not leaks(response, url), response.get_data(as_text=True)
    assert response.headers["X-Archive-Scope"] == "public"


def test_public_export_of_everything_is_every_public_document(canary_app):
    client = canary_app.test_client()
    assert sorted(r["id"] for r in csv_rows(client, {"q": "*"})) == PUBLIC_IDS


def test_signed_in_archivists_export_the_full_scope(archivist):
    ids = [r["id"] for r in jsonl(archivist, {"q": "*"})]
    assert sorted(ids) == sorted(PUBLIC_IDS + [CANARY_ID])
    assert [r["id"] for r in csv_rows(archivist, {"name": CANARY_CYRILLIC})][:1] == [CANARY_ID]
    mentions = next(r for r in jsonl(archivist, {"q": "*"}) if r["id"] == MENTIONS_ID)
    assert CANARY_LATIN in mentions["people"]
    assert jsonl(archivist, {"q": "*"}) == api_results(archivist, {"q": "*"})


def test_page_and_per_page_do_not_cut_the_export(canary_app):
    client = canary_app.test_client()
    everything = jsonl(client, {"q": "*"})
    assert len(everything) == len(PUBLIC_IDS)
    assert jsonl(client, {"q": "*", "page": 2, "per_page": 1}) == everything
    assert client.get("/api/search.csv", query_string={"q": "*"}).headers["X-Total-Count"] == str(len(PUBLIC_IDS))


def test_an_export_stops_at_its_limit_and_keeps_the_total(canary_app):
    archive = Archive(canary_app.config["INDEX_DIR"], "public")
    total, results = archive.results(SearchRequest.from_args({"q": "*"}), limit=2)
    assert total == len(PUBLIC_IDS)
    assert [r["id"] for r in results] == [r["id"] for r in archive.search(SearchRequest.from_args(
        {"q": "*", "per_page": 2}))["results"]]


@pytest.mark.parametrize("path", ["/api/search.csv", "/api/search.jsonl"])
def test_bad_parameters_are_refused_as_the_api_refuses_them(canary_app, path):
    client = canary_app.test_client()
    response = client.get(path, query_string={"year": "last spring"})
    assert response.status_code == 400
    assert response.get_json()["error"] == client.get("/api/search", query_string={"year": "last spring"}
                                                     ).get_json()["error"]
    assert "year" in response.get_json()["error"]


def test_cells_that_a_spreadsheet_would_run_are_plain_text(tmp_path):
    titles = {"formula-eq": "=HYPERLINK(\"http://x\",\"y\")", "formula-plus": "+1+2",
              "formula-minus": "-3+4", "formula-at": "@SUM(A1)", "plain-title": "A plain = title"}
    docs = {i: make_doc(i, "Her brother was detained in 2017.", title=t,
                        people=[{"name": "=Evil Name" if i == "formula-eq" else "Aigerim Serikkyzy",
                                 "role": "narrator"}]) for i, t in titles.items()}
    build_index(write_corpus(tmp_path / "corpus", docs), tmp_path / "index", workers=1)
    client = app_for(tmp_path / "index").test_client()
    rows = {r["id"]: r for r in csv_rows(client, {"q": "*"})}
    for doc_id, title in titles.items():
        shown = rows[doc_id]["title"]
        assert shown == (title if doc_id == "plain-title" else "'" + title)
    assert rows["formula-eq"]["people"] == "'=Evil Name"
    # The JSON lines keep the values as they are: a program reads them, no spreadsheet.
    assert {r["id"]: r["title"] for r in jsonl(client, {"q": "*"})} == titles


def test_csv_cell():
    assert csv_cell(["Urumqi", "Almaty"]) == "Urumqi; Almaty"
    assert csv_cell(None) == "" and csv_cell(2017) == "2017"
    assert [csv_cell(v) for v in ("=1", "+1", "-1", "@a", "\tx", "a=1")] == ["'=1", "'+1", "'-1", "'@a", "'\tx", "a=1"]


def test_search_page_links_to_both_exports_with_its_parameters(canary_app):
    client = canary_app.test_client()
    page = client.get("/", query_string={"q": "detained", "language": "en", "year": "2017-2019"}
                      ).get_data(as_text=True)
    links = {urlsplit(unescape(h)).path: dict(parse_qsl(urlsplit(unescape(h)).query))
             for h in re.findall(r'href="(/api/search\.(?:csv|jsonl)[^"]*)"', page)}
    assert set(links) == {"/api/search.csv", "/api/search.jsonl"}
    for path, params in links.items():
        assert params == {"q": "detained", "lang": "en", "year": "2017-2019"}
    assert jsonl(client, links["/api/search.jsonl"]) == api_results(client, links["/api/search.jsonl"])
    assert "Download these results" in page
    russian = client.get("/", query_string={"q": "detained", "lang": "ru"}).get_data(as_text=True)
    assert "Скачать эти результаты" in russian


def test_the_compared_searches_find_documents(canary_app):
    """The comparisons above compare something: most of the searches find documents."""
    client = canary_app.test_client()
    found = [params for params in SEARCHES if api_results(client, params)]
    assert len(found) >= len(SEARCHES) - 4, found

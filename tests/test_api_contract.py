"""What the API, the pages and `archive search` promise alike, on the bundled corpus:
facet counts equal their clicks, credits apart from people, pages past the end,
plausible suggestions and corrected queries, parameter errors that name the
parameter, one JSON shape, one match vocabulary, the JSON twin of each page."""
import json
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner
from rapidfuzz.distance import Levenshtein

from indexer.cli import main
from indexer.names.script import detect_script
from indexer.text.analysis import fold

ARTICLE = "kazakh-families-xinjiang-2021"
CREDITED = ("Ofeliya Zhakayeva", "Kirill Kargapolov")


def api(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def follow(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# -- people facet and credits ---------------------------------------------------------------

def test_every_people_facet_count_is_what_its_click_returns(client):
    people = api(client)["facets"]["people"]
    assert people
    for item in people:
        clicked = follow(client, item["toggle_url"]).get_json()
        assert clicked["total"] == item["count"], item["value"]
        assert api(client, person=item["value"])["total"] == item["count"], item["value"]


def test_credited_authors_are_credits_not_people_and_nobody_is_listed_twice(client):
    article = next(r for r in api(client, per_page=100)["results"] if r["id"] == ARTICLE)
    assert "Kirill Kargapolov" not in article["people"]
    assert len(article["people"]) == len(set(article["people"]))
    assert {c["name"] for c in article["credits"]} >= set(CREDITED)
    assert [c["name"] for c in article["credits"]].count("Ofeliya Zhakayeva") == 1
    doc = follow(client, f"/api/doc/{ARTICLE}").get_json()
    assert len(doc["people_names"]) == len(set(doc["people_names"])) and "Kirill Kargapolov" not in doc["people_names"]

    page = follow(client, "/?q=Amnesty").get_data(as_text=True)
    people_line = unescape(re.search(r'<p class="people">(.*?)</p>', page, re.S).group(1))
    credits_line = unescape(re.search(r'<p class="credits">(.*?)</p>', page, re.S).group(1))
    assert "Kirill Kargapolov" not in people_line and people_line.count("Ofeliya Zhakayeva") == 1
    assert "Credits" in credits_line and all(name in credits_line for name in CREDITED)
    doc_page = follow(client, f"/doc/{ARTICLE}").get_data(as_text=True)
    credits = unescape(re.search(r'<ul class="credits">(.*?)</ul>', doc_page, re.S).group(1))
    assert all(credits.count(name) == 1 for name in CREDITED)


# -- past the last page -----------------------------------------------------------------------

def test_every_page_says_how_many_pages_and_links_its_neighbours(client):
    total = api(client)["total"]
    pages = -(-total // 3)
    assert pages >= 3
    for page in range(1, pages + 2):
        data = api(client, q="*", per_page=3, page=page)
        assert data["pages"] == pages
        assert (data["prev_url"] is None) == (page == 1)
        assert (data["next_url"] is None) == (page >= pages)
        if data["next_url"]:
            assert follow(client, data["next_url"]).get_json()["page"] == page + 1
    past = api(client, q="*", per_page=3, page=pages + 5)
    assert past["total"] == total and past["results"] == []      # an honest empty page, 200
    last = follow(client, past["prev_url"]).get_json()
    assert last["page"] == pages and last["results"]


def test_the_page_past_the_end_links_back_to_the_last_page(client):
    page = follow(client, "/?page=9").get_data(as_text=True)
    assert "No document matches this search" not in page
    link = re.search(r'<div class="empty past-end">.*?<a href="([^"]+)"', page, re.S).group(1)
    last = follow(client, unescape(link)).get_data(as_text=True)
    assert '<ol class="hits"' in last


# -- no results and suggestions ---------------------------------------------------------------

def test_a_page_without_results_has_no_empty_facet_box(client):
    page = follow(client, "/?q=zzxqvj&correct=0").get_data(as_text=True)
    assert "No document matches this search" in page
    assert 'class="facets"' not in page


@pytest.mark.parametrize("q", ["Smith", "-", "teh", "wiht", "singr", "detaind", "Казахстн", "Urumchy"])
def test_suggestions_are_plausible_corrections(client, q):
    from indexer.text.analysis import is_stop_word

    suggestions = api(client, q=q, correct="0")["suggestions"]
    typed = fold(q)
    for s in suggestions:
        word = fold(s)
        assert detect_script(word) == detect_script(typed), (q, s)
        assert len(word) >= 3 and not is_stop_word(word), (q, s)
        assert Levenshtein.distance(word, typed) <= (1 if len(typed) < 6 else 2), (q, s)


def test_smith_and_a_dash_get_no_nonsense(client):
    assert not {"with", "sit"} & set(api(client, q="Smith", correct="0")["suggestions"])
    assert api(client, q="-", correct="0")["suggestions"] == []
    assert "singer" in api(client, q="singr", correct="0")["suggestions"]


# -- a typo in full text ------------------------------------------------------------------------

def test_a_typo_shows_the_results_of_its_correction(client):
    typed = api(client, q="detaind")
    right = api(client, q="detained")
    assert typed["total"] == right["total"] > 0
    assert [r["id"] for r in typed["results"]] == [r["id"] for r in right["results"]]
    assert typed["corrected_from"] == "detaind" and typed["corrected_to"] == "detained"
    assert right["corrected_from"] is None
    assert api(client, q="detaind", correct="0")["total"] == 0

    page = follow(client, "/?q=detaind").get_data(as_text=True)
    banner = re.search(r'<p class="corrected"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", banner).split() == "Showing results for detained — search instead for detaind".split()
    instead = unescape(re.search(r'href="([^"]+)"', banner).group(1))
    assert dict(parse_qsl(urlsplit(instead).query)) == {"q": "detaind", "correct": "0"}
    assert "No document matches this search" in follow(client, instead).get_data(as_text=True)


# -- parameters validated alike -------------------------------------------------------------------

def error_of(client, path, params=None, status=400):
    response = client.get(path, query_string=params)
    assert response.status_code == status, (path, params, response.status_code)
    return response


def test_unknown_values_of_closed_lists_are_refused_with_the_allowed_values(client):
    message = error_of(client, "/api/search", {"type": "foo"}).get_json()["error"]
    assert "type" in message and "article" in message and "testimony" in message
    message = error_of(client, "/api/search", {"lang": "xx"}).get_json()["error"]
    assert message.startswith("lang") and "en" in message
    message = error_of(client, "/api/search", {"language": "xx"}).get_json()["error"]
    assert message.startswith("language") and "en" in message
    page = error_of(client, "/", {"language": "xx"}).get_data(as_text=True)
    assert "language must be one of: en" in unescape(page)
    assert api(client, type="Testimony")["total"] == api(client, type="testimony")["total"] > 0
    assert error_of(client, "/api/search", {"q": "type:foo"}).get_json()["error"].startswith("type:foo")


def test_a_language_typed_in_the_box_is_one_the_archive_holds(client):
    message = error_of(client, "/api/search", {"q": "camp lang:xx"}).get_json()["error"]
    assert message.startswith("lang:xx (q) must be one of") and "en" in message
    assert api(client, q="lang:EN")["total"] == api(client, lang="en")["total"] > 0


@pytest.mark.parametrize("param, value", [("q", "camp"), ("page", "1"), ("per_page", "5"), ("name", "Baban"),
                                          ("ui", "en"), ("sort", "relevance")])
def test_a_single_valued_parameter_given_twice_is_refused(client, param, value):
    response = error_of(client, f"/api/search?{param}={value}&{param}={value}")
    assert response.get_json()["error"].startswith(param)


def test_a_year_typed_in_the_box_is_named_as_typed(client):
    message = error_of(client, "/api/search", {"q": "year:abc"}).get_json()["error"]
    assert message.startswith("year:abc (q) must be a year")


def test_every_api_address_answers_json(client):
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["status"] == 405
    assert "GET" in response.headers["Allow"]
    for path in ("/api/nothing", "/api/doc/no-such-doc", "/api/search/extra"):
        response = error_of(client, path, status=404)
        assert response.is_json and response.get_json()["ok"] is False, path
    # /api itself, with or without its slash, is the JSON list of the routes.
    for path in ("/api", "/api/"):
        response = client.get(path)
        assert response.status_code == 200 and response.is_json and response.get_json()["ok"] is True, path


# -- one JSON shape ------------------------------------------------------------------------------

def test_results_and_documents_share_their_field_names(client):
    result = next(r for r in api(client, per_page=100)["results"] if r["id"] == ARTICLE)
    doc = follow(client, f"/api/doc/{ARTICLE}").get_json()
    shared = {"id", "title", "type", "language", "people_names", "credits", "part_of", "places", "years",
              "url", "matches", "published", "source"}
    assert shared <= set(result) and shared <= set(doc)
    for key in shared - {"matches"}:
        assert result[key] == doc[key], key
    assert result["published"] == result["source"]["published"] == doc["source"]["published"]
    assert result["people"] == result["people_names"]


def test_archive_search_json_is_what_the_api_answers(client, bundled_index):
    for args, params in [(["singer"], {"q": "singer"}),
                         (["*", "--page", "2", "--per-page", "3", "--type", "testimony"],
                          {"q": "*", "page": 2, "per_page": 3, "type": "testimony"}),
                         (["--person", "Kumyskhan Baban", "--lang", "en"], {"person": "Kumyskhan Baban", "lang": "en"}),
                         (["detaind"], {"q": "detaind"})]:
        printed = cli("search", *args, "--json", "--index", bundled_index)
        assert printed.exit_code == 0, printed.output
        answer = api(client, **params)
        assert json.loads(printed.output) == answer, args
        for key in ("ok", "scope", "generation", "pages", "prev_url", "next_url"):
            assert key in answer


# -- one match vocabulary ---------------------------------------------------------------------------

def test_a_place_alias_is_one_word_in_the_api_the_cli_and_the_page(client, bundled_index):
    from indexer.search.matches import MATCH_KINDS
    from webapp.i18n import MATCH_KINDS as LABELS

    match = api(client, q="place:Урумчи")["results"][0]["matches"][0]
    assert match["how"] == "alias" and match["how"] in MATCH_KINDS
    assert "(alias)" in cli("search", "place:Урумчи", "--index", bundled_index).output
    assert set(LABELS) == set(MATCH_KINDS)
    page = follow(client, "/?q=place:Урумчи").get_data(as_text=True)
    assert "(another name of the place)" in page
    ru = follow(client, "/?q=place:Урумчи&lang=ru").get_data(as_text=True)
    assert "(another name of the place)" not in ru and 'class="how"' in ru
    for hit in api(client, name="Qazybek")["results"]:
        assert hit["matches"] and all(m["how"] in MATCH_KINDS for m in hit["matches"])


# -- the JSON twin of each page -----------------------------------------------------------------------

def footer_json_link(page: str) -> str:
    return unescape(re.search(r'<a href="([^"]+)">The same data as JSON</a>', page).group(1))


def test_the_json_link_is_the_twin_of_the_page(client):
    link = footer_json_link(follow(client, "/?q=singer&language=en&page=1").get_data(as_text=True))
    assert urlsplit(link).path == "/api/search"
    assert dict(parse_qsl(urlsplit(link).query)) == {"q": "singer", "lang": "en"}
    assert follow(client, link).get_json()["total"] == api(client, q="singer")["total"]
    link = footer_json_link(follow(client, f"/doc/{ARTICLE}").get_data(as_text=True))
    assert link == f"/api/doc/{ARTICLE}" and follow(client, link).get_json()["id"] == ARTICLE


# -- the command line ----------------------------------------------------------------------------------

def test_archive_search_pages_and_filters_like_the_api(client, bundled_index):
    second = cli("search", "--page", "2", "--per-page", "3", "*", "--index", bundled_index)
    assert second.exit_code == 0, second.output
    ids = re.findall(r"^- .* \[\w+\] (\S+)$", second.output, re.M)
    assert ids == [r["id"] for r in api(client, q="*", page=2, per_page=3)["results"]] and ids
    assert "page 2 of" in second.output.splitlines()[0]
    for option, param, value in [("--type", "type", "article"), ("--lang", "lang", "en"),
                                 ("--person", "person", "Jamilya Maken")]:
        shown = cli("search", option, value, "--index", bundled_index).output.splitlines()[0]
        assert shown.startswith(f"{api(client, **{param: value})['total']} document(s)"), option
    refused = cli("search", "--type", "foo", "--index", bundled_index)
    assert refused.exit_code == 2 and "article, testimony" in refused.output

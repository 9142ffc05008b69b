"""Facets as Algolia, Meilisearch and Typesense do them.

Several values of one facet at once (`place=A&place=B`: either), different
facets together (all of them); a facet with values selected is counted
without its own selection, so its other values say what choosing them too
would add; every count is what choosing that value alone returns.
"""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from indexer.index.build import build_index
from indexer.search.answer import FACET_PARAMS

from archive_helpers import write_canary_corpus
from conftest import app_for


@pytest.fixture(scope="module")
def canary(tmp_path_factory):
    """Public documents in four languages, two types, several places and years."""
    root = tmp_path_factory.mktemp("multi")
    build_index(write_canary_corpus(root / "corpus"), root / "index", show_progress=False, workers=1)
    return app_for(root / "index").test_client()


def _get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_json())
    return response.get_json()


def _ids(client, query: str) -> set[str]:
    return {r["id"] for r in _get(client, f"/api/search?per_page=100&{query}")["results"]}


def _args(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _values(answer: dict, facet: str) -> list:
    return [item["value"] for item in answer["facets"][facet]]


def test_two_places_take_either_and_other_filters_still_hold(client):
    shanghai, urumqi = _ids(client, "place=Shanghai"), _ids(client, "place=Urumqi")
    assert shanghai and urumqi and shanghai != urumqi
    both = _ids(client, "place=Shanghai&place=Urumqi")
    assert both == shanghai | urumqi
    assert _ids(client, "place=Urumqi&place=Shanghai") == both
    years = _ids(client, "year=2011")
    assert _ids(client, "place=Shanghai&place=Urumqi&year=2011") == both & years


@pytest.mark.parametrize("param, facet", [("person", "people"), ("place", "places"), ("year", "years"),
                                          ("type", "type"), ("lang", "language"), ("language", "language")])
def test_every_facet_parameter_takes_several_values(canary, param, facet):
    values = _values(_get(canary, "/api/search"), facet)
    assert len(values) >= 2, values
    first, second = (str(v) for v in values[-2:])    # the rarest two
    alone = [_ids(canary, urlencode({param: v})) for v in (first, second)]
    together = _ids(canary, urlencode({param: [first, second]}, doseq=True))
    assert together == alone[0] | alone[1] and together != alone[0]


def test_the_search_page_takes_several_values_of_a_parameter(client):
    page = client.get("/?place=Shanghai&place=Urumqi").get_data(as_text=True)
    total = len(_ids(client, "place=Shanghai&place=Urumqi"))
    assert re.search(rf'id="results-h">{total} documents<', page)
    assert page.count('class="hit"') == total


def test_a_selected_facet_is_counted_without_its_own_selection(canary):
    answer = _get(canary, "/api/search?place=Almaty")
    unfiltered = _get(canary, "/api/search")
    assert [(i["value"], i["count"]) for i in answer["facets"]["places"]] == \
        [(i["value"], i["count"]) for i in unfiltered["facets"]["places"]]
    # the other facets are counted over the documents in Almaty
    almaty = _ids(canary, "place=Almaty")
    assert sum(i["count"] for i in answer["facets"]["type"]) == len(almaty) == answer["total"]
    assert len(_ids(canary, "place=Almaty&place=Urumqi")) > answer["total"]
    # and with a second facet selected, the places are counted with that one applied
    narrowed = _get(canary, "/api/search?place=Almaty&lang=en")
    assert {i["value"]: i["count"] for i in narrowed["facets"]["places"]} == \
        {i["value"]: i["count"] for i in _get(canary, "/api/search?lang=en")["facets"]["places"]}
    assert {i["value"]: i["count"] for i in narrowed["facets"]["language"]} == \
        {i["value"]: i["count"] for i in answer["facets"]["language"]}


SEARCHES = ["", "q=brother", "place=Urumqi", "place=Shanghai&place=Urumqi", "year=2017&year=2011",
            "type=testimony&place=Xinjiang", "q=detained&year=2018&place=China", "person=Gulpiya Kazybek"]


@pytest.mark.parametrize("search", SEARCHES)
def test_every_count_is_what_choosing_the_value_gives(client, search):
    answer = _get(client, f"/api/search?{search}")
    asked = _args(f"/?{search}")
    for facet, items in answer["facets"].items():
        param = FACET_PARAMS[facet]
        for item in items:
            value, toggled = str(item["value"]), _args(item["toggle_url"])
            others = {k: v for k, v in toggled.items() if k != param}
            assert others == {k: v for k, v in asked.items() if k != param}, item   # the rest is kept
            if item["selected"]:
                assert value.casefold() not in [v.casefold() for v in toggled.get(param, [])]
                assert len(toggled.get(param, [])) == len(asked.get(param, [])) - 1
            else:
                assert toggled[param] == [*asked.get(param, []), value]
            # choosing this value alone among its facet's values gives its count
            alone = _get(client, "/api/search?" + urlencode({**others, param: value}, doseq=True))
            assert alone["total"] == item["count"], (facet, value, item["count"], alone["total"])
            if not asked.get(param):
                assert _get(client, item["toggle_url"])["total"] == item["count"], (facet, value)
            elif not item["selected"]:
                # adding it to a facet's selection adds its documents to the results
                union = _ids(client, "&" .join([search, urlencode({param: value})]))
                assert _ids(client, urlsplit(item["toggle_url"]).query) == union


def test_every_facet_link_on_the_page_shows_its_count(client):
    page = client.get("/?q=brother").get_data(as_text=True)
    links = re.findall(r'<li><a href="([^"]+)"[^>]*>\s*<bdi[^>]*>[^<]*</bdi>\s*<span class="count">(\d+)</span>', page)
    assert len(links) > 5
    for href, count in links:
        shown = client.get(html.unescape(href)).get_data(as_text=True)
        assert re.search(rf'id="results-h">{count} documents?<', shown), (href, count)


def test_each_selected_value_has_a_chip_that_removes_it_alone(client):
    page = client.get("/?q=brother&place=Shanghai&place=Urumqi&year=2011").get_data(as_text=True)
    chips = re.findall(r'<li class="chip chip-(\w+)">.*?<a href="([^"]+)" class="remove"', page, re.S)
    assert [kind for kind, _ in chips] == ["place", "place", "year"]
    removed = [_args(html.unescape(href)) for _, href in chips]
    assert removed[0] == {"q": ["brother"], "place": ["Urumqi"], "year": ["2011"]}
    assert removed[1] == {"q": ["brother"], "place": ["Shanghai"], "year": ["2011"]}
    assert removed[2] == {"q": ["brother"], "place": ["Shanghai", "Urumqi"]}


def test_the_search_form_keeps_every_selected_value(client):
    page = client.get("/?q=brother&place=Shanghai&place=Urumqi&type=testimony&type=article").get_data(as_text=True)
    form = re.search(r'<form class="search".*?</form>', page, re.S).group()
    assert 'id="place" name="place" dir="auto" value="Shanghai"' in form
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    assert sorted(hidden) == [("place", "Urumqi"), ("type", "article"), ("type", "testimony")]

"""The places facet as a tree: country, region or prefecture, city, each counting every
document within it once, each a link that narrows to everything within it."""
from __future__ import annotations

import pytest

from conftest import gazetteer_client, make_doc

DOCS = {
    "tach": make_doc("tach", "Менің ұлым Шәуешекте ұсталды.", language="kk", places=["Kazakhstan"]),
    "zh": make_doc("zh", "我的丈夫在塔城被带走。", language="zh", places=["Kazakhstan"]),
    "two": make_doc("two", "He was taken in Urumqi, then held in Tacheng.", places=["Kazakhstan"]),
    "pav": make_doc("pav", "Ūlym Aqsuda joğalyp kettı.", language="kk-Latn", places=["Pavlodar Region"]),
}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    return gazetteer_client(tmp_path_factory.mktemp("places-tree"), DOCS)


def _tree(web, **params):
    data = web.get("/api/search", query_string={**params, "per_page": 100}).get_json()
    return data, {n["value"]: n for n in data["facets"]["place_tree"]}


def test_regions_hold_their_places_and_count_each_document_once(web):
    data, tree = _tree(web)
    assert tree["China"]["depth"] == 0 and tree["China"]["parent"] is None
    assert tree["Xinjiang"]["parent"] == "China"
    assert tree["Tacheng Prefecture"]["parent"] == "Xinjiang"
    assert tree["Tacheng"]["parent"] == "Tacheng Prefecture" and tree["Tacheng"]["depth"] == 3
    assert tree["Urumqi"]["parent"] == "Xinjiang"
    # "two" names Urumqi and Tacheng: Xinjiang counts it once
    assert tree["Tacheng"]["count"] == 3 and tree["Urumqi"]["count"] == 1 and tree["Xinjiang"]["count"] == 3
    assert tree["Aksu (Pavlodar Region)"]["parent"] == "Pavlodar Region"
    assert tree["Pavlodar Region"]["parent"] == "Kazakhstan" and tree["Kazakhstan"]["count"] == 4
    # the flat facet keeps its keys
    assert all(set(f) == {"value", "count", "selected", "toggle_url"} for f in data["facets"]["places"])


def test_a_node_narrows_to_everything_within_it(web):
    _data, tree = _tree(web)
    for name in ("Xinjiang", "Tacheng Prefecture", "Pavlodar Region"):
        narrowed = web.get(tree[name]["toggle_url"]).get_json()
        assert narrowed["total"] == tree[name]["count"]
        assert _tree(web, place=name)[1][name]["selected"]


def test_the_page_shows_the_tree_nested(web):
    page = web.get("/?lang=ru").get_data(as_text=True)
    section = page[page.index("facet-tree"):]
    section = section[:section.index("</section>")]
    xinjiang = section.index("Синьцзян")
    assert section.index("Китай") < xinjiang < section.index("Тарбагатайский округ")
    assert section[xinjiang:].index("<ul>") < section[xinjiang:].index("Тарбагатайский округ")

"""A reader sees which place a name in the text was taken for, the regions it lies within,
and the place a search asked for marked where the text names it, in its own script."""
from __future__ import annotations

import pytest

from conftest import gazetteer_client, make_doc

DOCS = {
    "pav": make_doc("pav", "Ūlym Aqsuda joğalyp kettı.", language="kk-Latn", places=["Pavlodar Region"]),
    "tach": make_doc("tach", "Менің ұлым Шәуешекте ұсталды, содан бері хабар жоқ.", language="kk",
                     places=["Kazakhstan"]),
    "zh": make_doc("zh", "我的丈夫二〇一八年在塔城被带走，后来被关进了看守所。", language="zh", places=["Kazakhstan"]),
    # Long testimonies, the place far from the start; the second has an İ, whose lower case is longer.
    "long": make_doc("long", "Біз күн сайын хат жаздық, бірақ жауап келмеді. " * 40
                     + "Соңғы рет ағамды Шәуешекте көрдік.", language="kk", places=["Kazakhstan"]),
    "long-latn": make_doc("long-latn", "İnımnıñ hatyn kütıp, kün saiyn poştağa bardyq. " * 40
                          + "Soñğy ret ağamdy Şäueşekte kördık.", language="kk-Latn", places=["Kazakhstan"]),
}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    return gazetteer_client(tmp_path_factory.mktemp("places-on-page"), DOCS)


def test_the_document_says_which_homonym_its_text_named_and_where_it_lies(web):
    doc = web.get("/api/doc/pav").get_json()
    [aksu] = [p for p in doc["places_resolved"] if p["mentioned"]]
    assert aksu["name"] == "Aksu (Pavlodar Region)" and aksu["kind"]
    assert [p["name"] for p in aksu["within"]] == ["Pavlodar Region", "Kazakhstan"]
    page = web.get("/doc/pav?lang=en").get_data(as_text=True)
    assert "Places named in the text" in page
    # the city, then links to the region and the country it lies within
    assert page.index("place=Aksu+(Pavlodar+Region)") < page.index("place=Pavlodar+Region", page.index(
        "Places named in the text")) < page.index("place=Kazakhstan", page.index("Places named in the text"))


def test_the_hierarchy_is_shown_in_the_readers_language(web):
    page = web.get("/doc/tach?lang=ru").get_data(as_text=True)
    named = page[page.index("place=Tacheng"):]
    assert "Синьцзян" in named and "Китай" in named


@pytest.mark.parametrize("place, doc_id, marked", [
    ("Tacheng", "tach", "Шәуешекте"), ("Xinjiang", "tach", "Шәуешекте"), ("Тарбагатайский округ", "tach", "Шәуешекте"),
    ("Tacheng", "zh", "塔城"), ("Pavlodar Region", "pav", "Aqsuda"),
    ("Tacheng", "long", "Шәуешекте"), ("Xinjiang", "long-latn", "Şäueşekte"),
])
def test_a_searched_place_is_marked_where_the_text_names_it(web, place, doc_id, marked):
    results = web.get("/api/search", query_string={"place": place}).get_json()["results"]
    [hit] = [r for r in results if r["id"] == doc_id]
    assert f"<mark>{marked}</mark>" in hit["snippet"]
    page = web.get(f"/doc/{doc_id}", query_string={"place": place}).get_data(as_text=True)
    assert f"<mark>{marked}</mark>" in page


def test_a_place_elsewhere_is_not_marked(web):
    hit = web.get("/api/search", query_string={"place": "Kazakhstan"}).get_json()["results"]
    assert all("<mark>" not in r["snippet"] for r in hit if r["id"] == "tach")

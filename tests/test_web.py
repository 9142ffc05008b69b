"""The web app on the bundled corpus: pages, their JSON twins, facets, errors."""
import re
from urllib.parse import parse_qsl, urlsplit

ARTICLE = "kazakh-families-xinjiang-2021"
KUMYSKHAN = "kazakh-families-xinjiang-2021-kumyskhan-baban"


def api(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_browse_everything_counts_all_eight_documents(client):
    data = api(client)
    assert data["total"] == 8
    for key in ("total", "page", "per_page", "results", "facets"):
        assert key in data
    assert set(data["facets"]) == {"people", "places", "years", "type", "language", "place_tree", "subjects"}
    types = {f["value"]: f["count"] for f in data["facets"]["type"]}
    assert types == {"testimony": 7, "article": 1}


def test_result_shape(client):
    hit = api(client, q="singer")["results"][0]
    for key in ("id", "title", "type", "language", "people", "places", "years", "snippet", "url", "score"):
        assert key in hit
    assert hit["people"][0] == "Kumyskhan Baban"
    assert hit["url"] == f"/doc/{KUMYSKHAN}"
    assert "<mark" in hit["snippet"] and "singer" in hit["snippet"]
    assert all(isinstance(y, int) for y in hit["years"])


def test_and_by_default_or_and_not(client):
    both = api(client, q="singer consulate")["total"]
    either = api(client, q="singer OR Shanghai")["total"]
    assert both == 1
    assert either == 2
    assert api(client, q="consulate -Shanghai")["total"] == api(client, q="consulate")["total"] - 1


def test_phrase_search(client):
    data = api(client, q='"picket line"')
    assert [r["id"] for r in data["results"]] == ["kazakh-families-xinjiang-2021-baibolat-kunbolat"]
    assert api(client, q='"line picket"')["total"] == 0


def test_field_prefixes_in_the_box(client):
    assert api(client, q="place:Урумчи")["total"] == 1
    assert api(client, q="year:2009-2010")["total"] == 1
    by_name = api(client, q="name:Qazybek")["results"]
    assert by_name and by_name[0]["people"][0] == "Gulpiya Kazybek"


def test_facet_counts_follow_the_filters(client):
    data = api(client, year="2011")
    assert data["total"] == 2
    assert {f["value"] for f in data["facets"]["years"]} >= {2011}
    places = {f["value"]: f["count"] for f in data["facets"]["places"]}
    assert places.get("Shanghai") == 1


def test_facet_toggle_urls_add_and_remove(client):
    data = api(client, q="brother")
    shanghai = next(f for f in data["facets"]["places"] if f["value"] == "Shanghai")
    narrowed = client.get(shanghai["toggle_url"]).get_json()
    assert narrowed["total"] == 1
    selected = next(f for f in narrowed["facets"]["places"] if f["value"] == "Shanghai")
    assert selected["selected"] is True
    assert client.get(selected["toggle_url"]).get_json()["total"] == data["total"]


def test_place_matches_any_alias(client):
    for alias in ("Урумчи", "Үрімші", "乌鲁木齐", "Ürümqi", "urumqi"):
        data = api(client, place=alias)
        assert [r["people"][0] for r in data["results"]] == ["Jamilya Maken"], alias


def test_years_are_event_years_not_publication(client):
    # Every document was published in 2021, but only some tell of events that year.
    assert 0 < api(client, year="2021")["total"] < 8


def test_pagination(client):
    first = api(client, per_page=3, page=1)
    third = api(client, per_page=3, page=3)
    assert len(first["results"]) == 3 and len(third["results"]) == 2
    ids = {r["id"] for r in first["results"]} | {r["id"] for r in third["results"]}
    assert len(ids) == 5


def test_no_results_offers_spelling_suggestions(client):
    data = api(client, q="singr", correct="0")
    assert data["total"] == 0
    assert "singer" in data["suggestions"]
    page = client.get("/?q=singr&correct=0").get_data(as_text=True)
    assert "singer" in page


def test_bad_parameters_answer_400_with_a_message(client):
    for params in ({"year": "abc"}, {"year": "3000-1000"}, {"page": "-1"}, {"per_page": "0"}):
        response = client.get("/api/search", query_string=params)
        assert response.status_code == 400
        body = response.get_json()
        assert body["ok"] is False and body["status"] == 400
        assert list(params)[0] in body["error"]


def test_document_page_and_json_twin(client):
    page = client.get(f"/doc/{KUMYSKHAN}?q=singer")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kumyskhan Baban" in html
    assert re.search(r"<mark[^>]*>singer</mark>", html)
    assert "New East Digital Archive" in html
    doc = client.get(f"/api/doc/{KUMYSKHAN}").get_json()
    assert doc["id"] == KUMYSKHAN and doc["type"] == "testimony"
    assert doc["people"][0]["name"] == "Kumyskhan Baban"
    assert any(p.get("relation") for p in doc["people"])
    assert doc["source"]["published"] == "2021-12-06"


def test_unknown_or_hostile_document_ids_are_404(client):
    for doc_id in ("nope", "../etc/passwd", "%2e%2e%2fcorpus", "/etc/passwd", "..%2F..%2F", "A" * 300):
        assert client.get(f"/doc/{doc_id}").status_code == 404
        response = client.get(f"/api/doc/{doc_id}")
        assert response.status_code == 404
        assert response.get_json()["ok"] is False


def test_search_page_has_facets_chips_and_results(client):
    html = client.get("/?q=brother&place=Shanghai").get_data(as_text=True)
    assert 'name="q"' in html and 'dir="auto"' in html
    assert "Baibolat Kunbolat" in html
    assert 'class="chips"' in html
    assert "<svg" in html  # the years timeline


def test_output_is_escaped(client):
    html = client.get("/", query_string={"q": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_a_place_typed_in_another_script_selects_its_facet_value(client):
    data = api(client, place="Урумчи")
    urumqi = next(f for f in data["facets"]["places"] if f["value"] == "Urumqi")
    assert urumqi["selected"] is True


def test_people_facet_is_about_the_people_not_the_credits(client):
    people = {f["value"] for f in api(client)["facets"]["people"]}
    assert "Gulpiya Kazybek" in people
    assert "Kirill Kargapolov" not in people


def test_a_cyrillic_name_typed_in_the_search_box_puts_her_testimony_first(client):
    data = api(client, q="Гульпия Казыбек")
    assert data["results"][0]["people"][0] == "Gulpiya Kazybek"
    assert any(m["how"] == "transliteration" for m in data["results"][0]["matches"])


def test_curated_variants_match_as_exact(tmp_path):
    from conftest import app_for, make_doc, write_corpus
    from indexer.index.build import build_index

    corpus = write_corpus(tmp_path / "c", {"a": make_doc("doc-a", "Text.", people=[
        {"name": "Kassym-Jomart Tokayev", "role": "mentioned", "variants": ["Тоқаев Қасым-Жомарт Кемелұлы"]}])})
    build_index(corpus, tmp_path / "ix")
    client = app_for(tmp_path / "ix").test_client()
    hit = api(client, name="Тоқаев Қасым-Жомарт Кемелұлы")["results"][0]
    assert hit["matches"][0]["how"] == "exact"


# -- links and redirects rebuilt from a request carry only the search's parameters ------------

URL_FOR_ORDERS = [{"_method": "POST"}, {"endpoint": "x"}, {"_external": "1"}, {"_anchor": "top"},
                  {"_scheme": "javascript", "_external": "1"}, {"doc_id": "x"}]


def test_the_year_range_redirect_ignores_what_is_not_a_search_parameter(client):
    for extra in URL_FOR_ORDERS:
        response = client.get("/", query_string={"year_from": "2017", **extra}, headers={"Host": "evil.example"})
        assert response.status_code == 303, (extra, response.status_code)
        location = response.headers["Location"]
        assert location == "/?year=2017", (extra, location)


def test_the_year_range_redirect_keeps_every_search_parameter(client):
    asked = {"q": "singer", "name": "Baban", "place": "Almaty", "type": "testimony", "language": "en",
             "person": "Kumyskhan Baban", "per_page": "5", "lang": "ru"}
    response = client.get("/", query_string={**asked, "year_from": "2011", "year_to": "2017", "page": "3"})
    location = urlsplit(response.headers["Location"])
    assert not location.scheme and not location.netloc and location.path == "/"
    assert dict(parse_qsl(location.query)) == {**asked, "year": "2011-2017"}


def test_language_links_stay_on_this_site_whatever_the_query_string(client):
    for path in ("/", f"/doc/{KUMYSKHAN}"):
        for extra in URL_FOR_ORDERS:
            response = client.get(path, query_string={"q": "singer", **extra}, headers={"Host": "evil.example"})
            assert response.status_code == 200, (path, extra, response.status_code)
            links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', response.get_data(as_text=True))
            assert len(links) == 4
            for href, _lang in links:
                assert href.startswith(path) and "#" not in href and "evil" not in href, (extra, href)


# -- name: values follow the query's logic: OR any, NOT none, AND all ------------------------


def ids(client, **params) -> set[str]:
    return {r["id"] for r in api(client, per_page=100, **params)["results"]}


def test_names_joined_by_or_find_either_person(client):
    gulpiya, kumyskhan = ids(client, q="name:Gulpiya"), ids(client, q="name:Kumyskhan")
    assert len(gulpiya) == len(kumyskhan) == 1 and gulpiya != kumyskhan
    assert ids(client, q="name:Gulpiya OR name:Kumyskhan") == gulpiya | kumyskhan
    assert ids(client, q="name:Гүлпия OR name:Кумысхан") == gulpiya | kumyskhan
    for result in api(client, q="name:Gulpiya OR name:Kumyskhan")["results"]:
        assert [m["matched"].split()[0] for m in result["matches"]] == [result["people"][0].split()[0]]
    # either a name or a word; both names at once name nobody here
    assert ids(client, q="name:Gulpiya OR singer") == gulpiya | ids(client, q="singer")
    assert ids(client, q="name:Gulpiya name:Kumyskhan") == set()


def test_a_name_under_not_leaves_every_other_document(client):
    everything, gulpiya = ids(client), ids(client, q="name:Gulpiya")
    assert ids(client, q="-name:Gulpiya") == everything - gulpiya
    assert ids(client, q="NOT name:Gulpiya") == everything - gulpiya
    assert ids(client, q="-name:Zzyzxqwerty") == everything
    assert api(client, q="-name:Gulpiya")["total"] == len(everything) - 1
    kumyskhan = ids(client, q="name:Kumyskhan")
    assert ids(client, q="(name:Gulpiya OR name:Kumyskhan) -name:Kumyskhan") == gulpiya
    assert ids(client, q="-name:Gulpiya", name="Kumyskhan") == kumyskhan
    assert ids(client, q="singer -name:Kumyskhan") == ids(client, q="singer") - kumyskhan

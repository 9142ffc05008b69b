"""The interface in English, Kazakh, Russian and Chinese: choice, catalogues, dates, places, errors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "webapp" / "translations"
CATALOGUES = ("ru", "kk", "zh_Hans")
KUMYSKHAN = "kazakh-families-xinjiang-2021-kumyskhan-baban"

#: A label of the search page, and how each language says it.
SEARCH_LABEL = {
    "en": "Search the testimonies",
    "kk": "Айғақтардан іздеу",
    "ru": "Поиск по свидетельствам",
    "zh_Hans": "检索证词",
}
#: The bundled documents were published on 6 December 2021.
PUBLISHED = {
    "en": "6 December 2021",
    "kk": "2021 ж. 6 желтоқсан",
    "ru": "6 декабря 2021 г.",
    "zh_Hans": "2021年12月6日",
}


def html(response) -> str:
    """The page's text, CLDR's no-break spaces ("2021\u202fж.") read as plain spaces."""
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\u00a0", " ")


def page_lang(text: str) -> str:
    return re.search(r'<html lang="([^"]+)"', text).group(1)


# -- choosing the language ---------------------------------------------------------


@pytest.mark.parametrize("code", list(SEARCH_LABEL))
def test_each_language_shows_its_labels(client, code):
    response = client.get(f"/?lang={code}")
    assert response.status_code == 200
    text = html(response)
    assert SEARCH_LABEL[code] in text
    assert page_lang(text) == code.replace("_", "-")
    for other, label in SEARCH_LABEL.items():
        if other != code:
            assert label not in text


def test_facet_titles_and_labels_are_translated(client):
    text = html(client.get("/?lang=ru"))
    for label in ("Годы", "Люди", "Места", "Тип", "Язык", "Имя, место и годы", "Уточнить результаты",
                  "Документы по годам", "Годы с … по …", "Показать"):
        assert label in text, label
    text = html(client.get("/?lang=kk"))
    for label in ("Жылдар", "Адамдар", "Жерлер", "Түрі", "Тілі", "Айғақ", "Жылдар аралығы"):
        assert label in text, label
    text = html(client.get("/?lang=zh_Hans"))
    for label in ("年份", "人物", "地点", "类型", "语言", "证词"):
        assert label in text, label


def test_lang_parameter_sticks_by_cookie(client):
    response = client.get("/?lang=kk")
    assert "ui_lang=kk" in response.headers.get("Set-Cookie", "")
    # no ?lang= any more: the cookie keeps Kazakh on every page
    assert page_lang(html(client.get("/"))) == "kk"
    doc = html(client.get(f"/doc/{KUMYSKHAN}"))
    assert page_lang(doc) == "kk" and PUBLISHED["kk"] in doc
    # another choice replaces it
    client.get("/?lang=ru")
    assert SEARCH_LABEL["ru"] in html(client.get("/"))
    client.get("/?lang=en")
    assert SEARCH_LABEL["en"] in html(client.get("/"))


def test_switcher_links_keep_the_page_and_its_parameters(client):
    text = html(client.get(f"/doc/{KUMYSKHAN}?q=singer"))
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', text)
    assert {lang for _, lang in links} == {"en", "kk", "ru", "zh-Hans"}
    for href, lang in links:
        href = href.replace("&amp;", "&")
        assert href.startswith(f"/doc/{KUMYSKHAN}?") and "q=singer" in href
        assert f"lang={lang.replace('-', '_')}" in href


def test_accept_language_is_the_fallback(client):
    cases = {
        "ru-RU,ru;q=0.9,en;q=0.5": "ru",
        "kk-KZ,ru;q=0.8": "kk",          # a regional tag still counts as Kazakh
        "zh-CN,zh;q=0.9": "zh-Hans",
        "de-DE,de;q=0.9": "en",          # nothing we have: English
        "de-DE,ru;q=0.5": "ru",
    }
    for header, expected in cases.items():
        text = html(client.get("/", headers={"Accept-Language": header}))
        assert page_lang(text) == expected, header


def test_cookie_beats_accept_language_and_lang_beats_both(client):
    client.get("/?lang=zh_Hans")
    assert page_lang(html(client.get("/", headers={"Accept-Language": "ru"}))) == "zh-Hans"
    assert page_lang(html(client.get("/?lang=kk", headers={"Accept-Language": "ru"}))) == "kk"


def test_an_unknown_lang_is_ignored(client):
    text = html(client.get("/?lang=xx", headers={"Accept-Language": "ru"}))
    assert page_lang(text) == "ru"


def test_api_ui_parameter_sets_no_cookie(client):
    response = client.get("/api/search?ui=ru&year=abc")
    assert "ui_lang" not in response.headers.get("Set-Cookie", "")


# -- dates, language names and places in the reader's language -------------------------


@pytest.mark.parametrize("code", list(PUBLISHED))
def test_document_dates_in_the_readers_locale(client, code):
    text = html(client.get(f"/doc/{KUMYSKHAN}?lang={code}"))
    assert PUBLISHED[code] in text


def test_result_list_dates_in_the_readers_locale(client):
    assert PUBLISHED["kk"] in html(client.get("/?q=singer&lang=kk"))
    assert PUBLISHED["ru"] in html(client.get("/?q=singer&lang=ru"))


def test_language_names_come_from_babel(client):
    assert "Английский" in html(client.get(f"/doc/{KUMYSKHAN}?lang=ru"))
    assert "Ағылшын тілі" in html(client.get(f"/doc/{KUMYSKHAN}?lang=kk"))
    assert "英语" in html(client.get(f"/doc/{KUMYSKHAN}?lang=zh_Hans"))


def test_places_are_shown_in_the_readers_script_but_filter_by_canonical_name(client):
    text = html(client.get("/?lang=kk"))
    facet = text[text.index('class="facet facet-places"'):]
    facet = facet[:facet.index("</section>")]
    assert "Қытай" in facet and "Қазақстан" in facet
    assert "place=China" in facet                       # the link keeps the canonical value
    assert ">China<" not in facet
    ru = html(client.get("/?lang=ru"))
    assert "Китай" in ru
    zh = html(client.get("/?lang=zh_Hans"))
    assert "中国" in zh
    en = html(client.get("/?lang=en"))
    assert "China" in en


def test_document_page_tells_who_searches_for_whom_in_kazakh(client):
    text = html(client.get(f"/doc/{KUMYSKHAN}?lang=kk"))
    assert "Кім кімді іздеп жүр" in text
    assert "Kumyskhan Baban" in text
    assert "Ұсталды" in text                  # the event kind "detained"
    assert "Сілтеме жасау үлгісі" in text     # cite this
    assert "Дереккөз" in text                 # source


def test_document_page_in_russian_translates_events_and_relations(client):
    text = html(client.get(f"/doc/{KUMYSKHAN}?lang=ru"))
    assert "Кто кого ищет" in text
    assert "Задержание" in text
    assert "Младший брат" in text       # relation: younger brother


# -- errors --------------------------------------------------------------------------


def test_api_400_message_in_russian(client):
    response = client.get("/api/search?year=abc&ui=ru")
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400
    assert "должен быть годом" in body["error"]
    assert "year" in body["error"]


def test_api_400_message_in_kazakh_and_chinese(client):
    assert "болуы керек" in client.get("/api/search?year=abc&ui=kk").get_json()["error"]
    assert "必须是年份" in client.get("/api/search?year=abc&ui=zh_Hans").get_json()["error"]
    assert "must be a year" in client.get("/api/search?year=abc").get_json()["error"]


def test_html_400_page_in_russian(client):
    response = client.get("/?year=abc&lang=ru")
    assert response.status_code == 400
    text = html(response)
    assert page_lang(text) == "ru"
    assert "должен быть годом" in text
    assert "Назад к поиску" in text


def test_404_page_is_translated(client):
    response = client.get("/doc/no-such-document?lang=kk")
    assert response.status_code == 404
    assert "Бұл мекенжайда ештеңе жоқ." in html(response)


# -- the year-range form (works without JavaScript) ----------------------------------------


def test_year_range_form_redirects_to_a_year_range(client):
    response = client.get("/?q=brother&year_from=2009&year_to=2011&lang=ru")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "year=2009-2011" in location and "q=brother" in location
    assert "year_from" not in location
    # ends given the wrong way round mean the same years; one end alone is that year
    assert "year=2009-2011" in client.get("/?year_from=2011&year_to=2009").headers["Location"]
    assert "year=2011" in client.get("/?year_from=2011&year_to=").headers["Location"]


def test_timeline_bars_link_to_years_and_are_labelled(client):
    text = html(client.get("/?lang=ru"))
    svg = text[text.index("<svg"):text.index("</svg>")]
    bars = re.findall(r'<a href="([^"]+)" class="year-link" data-year="(\d+)" aria-label="([^"]+)"', svg)
    assert bars
    for href, year, label in bars:
        assert f"year={year}" in href
        assert year in label and "документ" in label
        count = re.search(rf'data-year="{year}"[^>]*>.*?<text class="n"[^>]*>(\d+)</text>', svg).group(1)
        assert label.startswith(f"{count} "), "the name begins with the count the bar shows"


def test_timeline_keeps_every_year_when_one_is_chosen(client):
    everything = html(client.get("/"))
    chosen = html(client.get("/?year=2011"))
    years = lambda t: set(re.findall(r'class="year-link" data-year="(\d+)"', t))  # noqa: E731
    assert years(chosen) == years(everything)
    assert 'data-year="2011" aria-label' in chosen
    assert re.search(r'data-year="2011"[^>]*aria-current="true"', chosen)


# -- the catalogues ----------------------------------------------------------------------


def _catalogue(code):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=code)


def _source_msgids() -> set:
    """Every message the code and templates mark, extracted as `make messages` does."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "lazy_gettext": None,
                "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_msgid_has_a_translation(code):
    catalogue = _catalogue(code)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if not all(s and s.strip() for s in strings) or message.fuzzy:
            missing.append(message.id)
    assert not missing, f"{code}: untranslated or fuzzy: {missing}"


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_covers_every_message_in_the_source(code):
    have = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalogue(code) if m.id}
    missing = sorted(_source_msgids() - have)
    assert not missing, f"{code}: run `make messages` and translate: {missing}"


@pytest.mark.parametrize("code", CATALOGUES)
def test_translations_keep_the_placeholders(code):
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    for message in _catalogue(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        wanted = set(placeholder.findall(ids[-1]))
        for s in strings:
            got = set(placeholder.findall(s))
            # a plural form may leave out %(num)d ("один документ"), never add or rename one
            assert got <= wanted and (wanted - got) <= {"num"}, (code, message.id, s)


def test_query_layer_messages_are_in_the_catalogue():
    have = {m.id for m in _catalogue("ru")}
    for msgid in ("%(param)s must be a year such as 2017 or a range such as 2005-2006",
                  "%(param)s must be a whole number", "%(param)s must lie between %(lo)d and %(hi)d"):
        assert msgid in have


def test_pybabel_compile_works(tmp_path):
    """`make translations` compiles every catalogue without an error or a warning."""
    import shutil
    import subprocess
    import sys

    pybabel = Path(sys.executable).parent / "pybabel"
    if not pybabel.exists():
        pytest.skip("pybabel is not installed next to this Python")
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    done = subprocess.run([str(pybabel), "compile", "--statistics", "-d", str(copy)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()
    for code in CATALOGUES:
        assert (copy / code / "LC_MESSAGES" / "messages.mo").stat().st_size > 1000
    assert "100%" in done.stdout + done.stderr   # every message translated


# -- the timeline drawing --------------------------------------------------------------


def _draw(app, counts: dict, year=""):
    from indexer.search.request import SearchRequest
    from webapp.timeline import timeline_svg
    with app.test_request_context("/?lang=en"):
        return str(timeline_svg([{"value": y, "count": c} for y, c in sorted(counts.items())],
                                SearchRequest.from_args({"year": year}), lambda y: f"/?year={y}"))


@pytest.mark.parametrize("counts", [
    {2017: 3},
    {2005: 1, 2011: 2, 2017: 5, 2020: 1, 2021: 3},
    {y: (y % 7) + 1 for y in range(1950, 2022)},
    {1937: 1, 1991: 2, 2003: 1, 2005: 1, 2009: 1, 2011: 2, 2013: 1, 2015: 2, 2017: 5, 2018: 3, 2019: 3, 2020: 1, 2021: 3},
])
def test_timeline_has_a_link_per_year_and_labels_that_do_not_overlap(bundled_app, counts):
    svg = _draw(bundled_app, counts)
    linked = [int(y) for y in re.findall(r'class="year-link" data-year="(\d+)"', svg)]
    assert linked == sorted(counts)
    xs = [float(x) for x in re.findall(r'<text class="y" x="([\d.]+)"', svg)]
    years = [int(y) for y in re.findall(r'<text class="y"[^>]*>(\d+)<', svg)]
    assert years[0] == min(counts) and years[-1] == max(counts)
    assert all(b - a >= 28 for a, b in zip(xs, xs[1:])), xs
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    assert all(14 <= x <= width - 14 for x in xs)


def test_timeline_marks_the_chosen_years_and_lets_the_only_one_be_removed(bundled_app):
    svg = _draw(bundled_app, {2009: 1, 2010: 2, 2011: 1}, year="2010")
    assert re.search(r'href="/\?year="[^>]*data-year="2010"[^>]*aria-current="true"', svg)
    assert 'href="/?year=2009"' in svg
    ranged = _draw(bundled_app, {2009: 1, 2010: 2, 2011: 1}, year="2009-2010")
    assert len(re.findall(r'rect class="bar selected"', ranged)) == 2
    assert 'aria-label="2 documents in 2010"' in ranged


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_relation_and_event_label_has_a_translation(catalogue):
    """A document page names relatives by these labels; an untranslated one shows English."""
    from webapp.i18n import EVENT_KINDS, RELATIONS

    with open(TRANSLATIONS / catalogue / "LC_MESSAGES" / "messages.po", encoding="utf-8") as fh:
        translated = {m.id: m.string for m in read_po(fh) if m.id and m.string}
    missing = sorted({str(label) for label in [*RELATIONS.values(), *EVENT_KINDS.values()]} - set(translated))
    assert not missing, missing

"""The web interface in a real browser: Debian's Chromium driven by Playwright.

A live server runs in a thread on 127.0.0.1 over the bundled corpus. Every test
leaves a screenshot in test-artifacts/ (or the folder ARCHIVE_SCREENSHOTS names). Without /usr/bin/chromium the tests are
skipped, except under CI (the CI variable set), where that is a failure.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.serving import make_server

from conftest import app_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
#: Where screenshots are kept: ARCHIVE_SCREENSHOTS, else test-artifacts/ (ignored by git).
ARTIFACTS = Path(os.environ.get("ARCHIVE_SCREENSHOTS") or ROOT / "test-artifacts")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KUMYSKHAN = "kazakh-families-xinjiang-2021-kumyskhan-baban"
BAIBOLAT_ARABIC = "بايبولات كۇنبولات"


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_server(bundled_index):
    """The app over the bundled corpus, served by werkzeug in a thread; yields its base URL."""
    app = app_for(bundled_index, TESTING=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-core fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (pip install -e '.[test]')")
        pytest.skip("playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """A page plus what it saw: requests that left 127.0.0.1, console errors (CSP included)."""

    def __init__(self, page, base: str, name: str):
        self.page, self.base, self.name = page, base, name
        self.foreign: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            return
        self.foreign.append(request.url)

    def goto(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        return response

    def shot(self, suffix: str = ""):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}{('-' + suffix) if suffix else ''}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def count(self) -> int:
        """The number of documents the results heading announces (in any language)."""
        text = self.page.locator("#results-h").inner_text()
        return int(re.search(r"\d+", text).group())

    def query(self) -> dict:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.page.url).query).items()}


@pytest.fixture()
def tab(browser, live_server, request):
    """A fresh browser context (no cookies) whose browser language is English."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900},
                                  extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
    page = context.new_page()
    page.set_default_timeout(15_000)
    t = Tab(page, live_server, request.node.name)
    yield t
    context.close()
    assert not t.foreign, f"requests left the machine: {t.foreign}"
    assert not t.errors, f"console errors: {t.errors}"


# -- tests --------------------------------------------------------------------------------


def test_search_a_cyrillic_name_and_open_the_testimony(tab):
    tab.goto("/")
    tab.page.get_by_label("Search the testimonies").fill("Кумысхан Бабан")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"q="))
    assert tab.page.locator("#q").input_value() == "Кумысхан Бабан"
    first = tab.page.locator(".hit h2 a").first
    assert first.inner_text() == "Kumyskhan Baban"
    # the match is explained
    assert "Kumyskhan Baban" in tab.page.locator(".hit").first.inner_text()
    tab.shot("results")
    first.click()
    tab.page.wait_for_url(re.compile(f"/doc/{KUMYSKHAN}"))
    assert tab.page.locator("h1").inner_text() == "Kumyskhan Baban"
    who = tab.page.locator("section.who")
    assert "Who is searching for whom" in who.inner_text()
    assert who.locator(".relatives li").count() >= 1
    assert tab.page.locator(".citation").inner_text().strip()
    assert "6 December 2021" in tab.page.locator("main").inner_text().replace("\u00a0", " ")
    tab.shot("document")


def test_click_a_year_bar_and_the_list_narrows(tab):
    tab.goto("/")
    everything = tab.count()
    assert everything == 8
    bar = tab.page.locator('svg.timeline a.year-link[data-year="2011"]')
    assert bar.get_attribute("aria-label").endswith(" in 2011")
    bar.click()
    tab.page.wait_for_url(re.compile(r"year=2011"))
    narrowed = tab.count()
    assert 0 < narrowed < everything
    assert tab.page.locator(".hit").count() == narrowed
    chip = tab.page.locator(".chips .chip-year")
    assert "2011" in chip.inner_text()
    # the chosen bar is highlighted and the other years are still there to click
    assert tab.page.locator('svg.timeline a[data-year="2011"] rect.bar.selected').count() == 1
    assert tab.page.locator("svg.timeline a.year-link").count() > 1
    tab.shot()


def test_choose_a_year_range_with_the_form(tab):
    tab.goto("/")
    tab.page.get_by_label("from", exact=True).fill("2005")
    tab.page.get_by_label("to", exact=True).fill("2011")
    tab.page.locator("form.year-range button").click()
    tab.page.wait_for_url(re.compile(r"year=2005-2011"))
    assert tab.query()["year"] == "2005-2011"
    assert "2005–2011" in tab.page.locator(".chips .chip-year").inner_text()
    assert 0 < tab.count() < 8
    tab.shot()


def test_drag_across_bars_selects_a_range(tab):
    tab.goto("/")
    bars = tab.page.locator("svg.timeline a.year-link")
    first, last = bars.first, bars.nth(min(3, bars.count() - 1))
    y1, y2 = first.get_attribute("data-year"), last.get_attribute("data-year")
    a, b = first.bounding_box(), last.bounding_box()
    tab.page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    tab.page.mouse.down()
    tab.page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=8)
    tab.page.mouse.up()
    tab.page.wait_for_url(re.compile(r"year=\d{4}-\d{4}"))
    assert tab.query()["year"] == f"{y1}-{y2}"
    tab.shot()


def test_remove_chips_one_by_one(tab):
    tab.goto("/?q=brother&place=Shanghai&year=2011")
    chips = tab.page.locator(".chips .chip")
    assert chips.count() == 2
    with_both = tab.count()
    tab.page.locator(".chip-year a.remove").click()
    tab.page.wait_for_url(lambda url: "year=" not in url)
    assert tab.page.locator(".chips .chip").count() == 1
    assert tab.page.locator(".chip-place").is_visible()
    assert tab.query().get("q") == "brother" and tab.query().get("place") == "Shanghai"
    assert tab.count() >= with_both
    tab.shot("one-left")
    tab.page.locator(".chip-place a.remove").click()
    tab.page.wait_for_url(lambda url: "place=" not in url)
    assert tab.page.locator(".chips").count() == 0
    assert tab.page.locator("#q").input_value() == "brother"
    tab.shot("none-left")


def test_switch_to_kazakh(tab):
    tab.goto(f"/doc/{KUMYSKHAN}")
    switcher = tab.page.get_by_role("navigation", name="Interface language")
    switcher.locator('a[hreflang="kk"]').click()
    tab.page.wait_for_url(re.compile(r"lang=kk"))
    assert tab.page.locator("html").get_attribute("lang") == "kk"
    body = tab.page.locator("main").inner_text().replace("\u202f", " ").replace("\u00a0", " ")
    assert "Кім кімді іздеп жүр" in body
    assert "2021 ж. 6 желтоқсан" in body
    assert "Ұсталды" in body or "Сотталды" in body or "Босатылды" in body
    tab.shot("document")
    # the choice sticks: the brand link has no ?lang= and the search page is Kazakh
    tab.page.locator("a.brand").click()
    tab.page.wait_for_load_state()
    assert "lang=" not in tab.page.url
    assert tab.page.get_by_label("Айғақтардан іздеу").is_visible()
    assert tab.page.locator("#timeline-title").inner_text() == "Жылдар"
    assert tab.page.get_by_role("button", name="Іздеу").first.is_visible()
    tab.shot("search")


def test_arabic_script_name_is_found_and_kept_intact(tab):
    tab.goto("/")
    tab.page.locator("details.advanced summary").click()
    name = tab.page.get_by_label("Person’s name")
    name.fill(BAIBOLAT_ARABIC)
    name.press("Enter")
    tab.page.wait_for_url(re.compile(r"name="))
    assert tab.query()["name"] == BAIBOLAT_ARABIC
    assert tab.page.locator("#name").input_value() == BAIBOLAT_ARABIC
    assert tab.page.locator(".hit h2 a").first.inner_text() == "Baibolat Kunbolat"
    assert BAIBOLAT_ARABIC in tab.page.locator(".chips").inner_text()
    # the field follows the direction of what is typed in it
    assert tab.page.locator("#name").get_attribute("dir") == "auto"
    assert tab.page.evaluate("getComputedStyle(document.querySelector('#name')).direction") == "rtl"
    tab.shot("name-field")
    # the same in the one search box
    tab.goto("/")
    tab.page.locator("#q").fill(BAIBOLAT_ARABIC)
    tab.page.locator("#q").press("Enter")
    tab.page.wait_for_url(re.compile(r"q="))
    assert tab.page.locator("#q").input_value() == BAIBOLAT_ARABIC
    assert tab.page.locator(".hit h2 a").first.inner_text() == "Baibolat Kunbolat"
    tab.shot("search-box")


def test_chinese_interface_and_a_chinese_place(tab):
    tab.goto("/?lang=zh_Hans&place=乌鲁木齐")
    assert tab.page.locator("html").get_attribute("lang") == "zh-Hans"
    assert tab.page.locator("#place").input_value() == "乌鲁木齐"
    assert tab.count() >= 1
    assert "乌鲁木齐" in tab.page.locator(".hit").first.inner_text()
    tab.shot("place")
    # a name in Chinese characters, typed into the one box (the interface stays Chinese)
    tab.goto("/")
    assert tab.page.locator("html").get_attribute("lang") == "zh-Hans"
    tab.page.locator("#q").fill("古丽皮亚")
    tab.page.locator("#q").press("Enter")
    tab.page.wait_for_url(re.compile(r"q="))
    assert tab.page.locator("#q").input_value() == "古丽皮亚"
    first = tab.page.locator("li.hit").first
    assert first.locator("h2 a").inner_text().startswith("Gulpiya Kazybek")
    assert "古丽皮亚 →" in first.locator(".matches").inner_text()
    tab.shot("name")


def test_keyboard_only(tab):
    tab.goto("/")
    tab.page.keyboard.press("Tab")
    skip = tab.page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    tab.page.keyboard.press("Enter")
    # from the skip target the next Tab reaches the search box
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.id") == "q"
    tab.page.keyboard.type("singer")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"q=singer"))
    # tab through to the first result and open it with Enter
    for _ in range(40):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("document.activeElement.closest('.hit h2') !== null"):
            break
    else:
        pytest.fail("no result link reachable by keyboard")
    assert tab.page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    tab.shot("focus")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"/doc/"))
    assert "singer" in tab.page.locator("mark").first.inner_text().lower()


@pytest.mark.parametrize("path", ["/", "/?q=brother&place=Shanghai&year=2011", f"/doc/{KUMYSKHAN}?q=singer",
                                  f"/doc/{KUMYSKHAN}?lang=kk", "/?lang=zh_Hans", "/?lang=ru&year=abc"])
def test_phone_width_has_no_horizontal_scroll(browser, live_server, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
        page.screenshot(path=str(ARTIFACTS / f"phone-360-{slug[:60]}.png"), full_page=True)
        assert width <= 360, f"{path}: scrollWidth {width}"
        # every form field has a label a screen reader announces
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
        assert not unlabelled, unlabelled
    finally:
        context.close()


def _earliest_years(tab) -> list[int | None]:
    """Each result's earliest year, as its "Years:" line shows it (None without one)."""
    out = []
    for line in tab.page.locator("li.hit").all_inner_texts():
        m = re.search(r"Years:\s*([\d, ]+)", line)
        out.append(min(int(y) for y in re.findall(r"\d{4}", m.group(1))) if m else None)
    return out


def test_sort_with_the_select_keeps_the_filters(tab):
    tab.goto("/?type=testimony")
    everything = tab.count()
    tab.page.get_by_label("Sort by").select_option("-year")
    tab.page.locator("form.sort button").click()
    tab.page.wait_for_url(re.compile(r"sort=-year"))
    assert parse_qs(urlsplit(tab.page.url).query)["type"] == ["testimony"]
    assert tab.count() == everything
    years = _earliest_years(tab)
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated, reverse=True) and len(set(dated)) > 2
    assert tab.page.get_by_label("Sort by").input_value() == "-year"
    tab.shot("latest-first")
    tab.page.get_by_label("Sort by").select_option("year")
    tab.page.locator("form.sort button").click()
    tab.page.wait_for_url(re.compile(r"sort=year"))
    dated = [y for y in _earliest_years(tab) if y is not None]
    assert dated == sorted(dated)
    tab.shot("earliest-first")


def test_two_places_selected_at_once(tab):
    tab.goto("/")
    places = tab.page.locator("section.facet-places")
    shanghai = places.locator("a", has_text="Shanghai")
    expected_one = int(shanghai.locator(".count").inner_text())
    shanghai.click()
    tab.page.wait_for_url(re.compile(r"place=Shanghai"))
    assert tab.count() == expected_one
    # the places facet still offers the other places, counted without the place filter
    urumqi = tab.page.locator("section.facet-places a", has_text="Urumqi")
    assert urumqi.count() == 1
    urumqi.click()
    tab.page.wait_for_url(re.compile(r"place=Urumqi"))
    assert parse_qs(urlsplit(tab.page.url).query)["place"] == ["Shanghai", "Urumqi"]
    both = tab.count()
    assert both > expected_one
    chips = tab.page.locator(".chips .chip-place")
    assert chips.count() == 2
    selected = tab.page.locator("section.facet-places a.selected bdi").all_inner_texts()
    assert sorted(t.strip() for t in selected) == ["Shanghai", "Urumqi"]
    tab.shot("both")
    # removing one chip keeps the other place
    chips.filter(has_text="Shanghai").locator("a.remove").click()
    tab.page.wait_for_url(lambda url: "Shanghai" not in url)
    assert parse_qs(urlsplit(tab.page.url).query)["place"] == ["Urumqi"]
    assert tab.page.locator(".chips .chip-place").count() == 1
    tab.shot("one-left")


def test_a_misspelt_word_shows_its_correction_and_offers_the_word_as_typed(tab):
    tab.goto("/")
    tab.page.get_by_label("Search the testimonies").fill("detaind")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"q=detaind"))
    banner = tab.page.locator(".corrected")
    assert " ".join(banner.inner_text().split()) == "Showing results for detained — search instead for detaind"
    assert tab.count() > 0 and tab.page.locator(".hit").count() > 0
    tab.shot("corrected")
    banner.get_by_role("link").click()
    tab.page.wait_for_url(re.compile(r"correct=0"))
    assert tab.count() == 0 and tab.page.locator(".corrected").count() == 0
    assert tab.page.locator("aside.facets").count() == 0       # no empty facet box
    tab.shot("as-typed")


def test_past_the_last_page_a_link_leads_back_to_it(tab):
    tab.goto("/?q=*&page=9")
    assert tab.page.locator(".hit").count() == 0
    tab.shot("past-the-end")
    tab.page.locator(".past-end a").click()
    tab.page.wait_for_load_state()
    assert tab.page.locator(".hit").count() == tab.count() > 0

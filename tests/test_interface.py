"""The interface in a real browser: the sign-in form before anything is typed,
skip links past the results and the timeline at every width, and the fonts of
text in another script than the interface's. Screenshots go to test-artifacts/."""
from __future__ import annotations

import pytest

from test_browser import ARTIFACTS, KUMYSKHAN, browser, live_server, tab  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

ERROR_BORDER = "rgb(143, 29, 29)"   # --error in style.css


def border(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).borderTopColor")


def test_sign_in_shows_no_error_borders_before_anything_is_typed(tab):  # noqa: F811
    tab.goto("/login")
    for field in ("#username", "#password"):
        assert border(tab.page, field) != ERROR_BORDER, f"{field} is marked wrong before anything was typed"
    tab.page.locator("#username").focus()
    tab.page.locator("#password").focus()
    assert border(tab.page, "#username") != ERROR_BORDER, "a field only visited is not wrong"
    tab.shot("untouched")
    # Sending the empty form marks what is missing (the browser refuses to send it).
    tab.page.get_by_role("button", name="Sign in").click()
    assert "/login" in tab.page.url
    assert tab.page.evaluate("document.activeElement.id") == "username"
    assert border(tab.page, "#password") == ERROR_BORDER
    tab.page.locator("#username").fill("archivist")
    tab.page.locator("#password").focus()
    assert border(tab.page, "#username") != ERROR_BORDER
    tab.shot("after-send")


def _tab_to(page, text: str, presses: int = 6):
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return page.locator(":focus")
    pytest.fail(f"no link {text!r} within {presses} presses of Tab")


@pytest.mark.parametrize("width", [1280, 360])
def test_skip_links_reach_the_results_and_the_filters_at_every_width(tab, width):  # noqa: F811
    tab.page.set_viewport_size({"width": width, "height": 800})
    tab.goto("/?q=brother")
    for name in ("Skip to the results", "Skip to the filters"):
        link = tab.page.get_by_role("link", name=name)
        assert link.count() == 1
        assert link.bounding_box()["y"] + link.bounding_box()["height"] <= 0, f"{name} shows before it is focused"
    tab.page.locator("body").focus()
    link = _tab_to(tab.page, "Skip to the results")
    box = link.bounding_box()
    assert link.is_visible() and box["y"] >= 0 and box["x"] + box["width"] <= width, "visible once focused"
    tab.shot(f"{width}-skip-results")
    tab.page.keyboard.press("Enter")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.closest('#results') !== null")
    # From the top again: three presses of Tab and Enter reach the filters, past every result.
    tab.goto("/?q=brother")
    tab.page.locator("body").focus()
    _tab_to(tab.page, "Skip to the filters")
    tab.page.keyboard.press("Enter")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.closest('#facets') !== null")
    assert tab.page.evaluate("document.activeElement.closest('#results') === null")
    tab.shot(f"{width}-in-filters")


def _fonts(page, selector: str) -> set[str]:
    """The fonts the browser really drew the element's own text with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    return {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


def test_english_text_in_the_chinese_interface_is_set_in_a_latin_font(tab):  # noqa: F811
    tab.goto("/?lang=zh_Hans&q=brother")
    assert tab.page.locator("html").get_attribute("lang") == "zh-Hans"
    first = tab.page.locator(".hit h2 a").first
    assert first.get_attribute("lang") == "en"
    for selector in (".hit h2 a", ".hit .snippet"):
        fonts = _fonts(tab.page, selector)
        assert fonts and not any("CJK" in f for f in fonts), (selector, fonts)
    interface = _fonts(tab.page, "#results-h")
    assert any("CJK" in f for f in interface), interface
    tab.shot("results")
    tab.goto(f"/doc/{KUMYSKHAN}")
    assert tab.page.locator("h1").get_attribute("lang") == "en"
    for selector in ("h1", ".document .body", ".captions li"):
        fonts = _fonts(tab.page, selector)
        assert fonts and not any("CJK" in f for f in fonts), (selector, fonts)
    # the title's curly quotes are Latin ones, as narrow as in the English interface
    tab.shot("document")

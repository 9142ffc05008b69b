"""axe-core, the accessibility engine of the browsers' own audit tools, run in every
page of the archive in every interface language, at a desktop and a phone width:
no rule may be broken, the experimental ones included (WCAG 2.5.3's
label-content-name-mismatch is one of those).

axe-core comes from the npm registry (`make axe`, which `make test` runs) into
node_modules/. Without it the tests are skipped locally, and fail under CI.
Every page leaves a screenshot in test-artifacts/.
"""
from __future__ import annotations

import json
import os
import re

import pytest

from test_browser import ARTIFACTS, KUMYSKHAN, ROOT, browser, live_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "/",
    "search": "/?q=brother&place=Shanghai&year=2011",
    "document": f"/doc/{KUMYSKHAN}?q=singer",
    "sign-in": "/login",
    "api": "/help/api",
}
LANGUAGES = ("en", "kk", "ru", "zh_Hans")
WIDTHS = {1280: {"width": 1280, "height": 900}, 360: {"width": 360, "height": 740}}
#: Every rule, experimental ones too. The page's CSP forbids inline scripts, so
#: axe is evaluated through the browser's debugging protocol, which it does not govern.
RUN = """async () => {
  const rules = Object.fromEntries(axe.getRules().map(r => [r.ruleId, {enabled: true}]));
  const result = await axe.run(document, {rules, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)}));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"{AXE} is missing: run `make axe` (npm install axe-core)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text("utf-8")


def violations(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)
    return page.evaluate(RUN)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("ui", LANGUAGES)
def test_axe_finds_nothing_on_any_page(browser, live_server, axe_source, ui, width):  # noqa: F811
    context = browser.new_context(viewport=WIDTHS[width], locale="en-GB", is_mobile=width < 600,
                                  has_touch=width < 600)
    page = context.new_page()
    found = {}
    try:
        page.goto(f"{live_server}/?lang={ui}")  # the interface language sticks by cookie
        for name, path in PAGES.items():
            response = page.goto(live_server + path)
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("lang") == ui.replace("_", "-")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"axe-{ui}-{width}-{name}.png"), full_page=True)
            broken = violations(page, axe_source)
            if broken:
                found[path] = broken
    finally:
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_axe_is_really_run(browser, live_server, axe_source):  # noqa: F811
    """The audit sees a broken page as broken: an image without a text alternative."""
    page = browser.new_page()
    try:
        page.goto(live_server + "/")
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')")
        assert "image-alt" in {v["id"] for v in violations(page, axe_source)}
    finally:
        page.close()


def test_timeline_bars_are_named_by_what_they_show(browser, live_server, axe_source):  # noqa: F811
    """WCAG 2.5.3: each bar's accessible name contains the count written on it."""
    page = browser.new_page()
    try:
        page.goto(live_server + "/")
        bars = page.locator("svg.timeline a.year-link")
        assert bars.count() > 1
        for i in range(bars.count()):
            bar = bars.nth(i)
            shown = bar.locator("text.n").text_content().strip()
            name = bar.get_attribute("aria-label") or ""
            assert re.search(rf"(^|\D){re.escape(shown)}(\D|$)", name), (shown, name)
            assert name.startswith(shown), f"the name {name!r} should begin with the visible {shown!r}"
    finally:
        page.close()

"""An archivist's round in a real browser: sign in, open a draft, fix the field the check flagged,
preview the public view (the restricted brother withheld), publish, find it by a Cyrillic name from
the home page, withdraw it and see it gone; the audit log shows each step. Screenshots go to
test-artifacts/ like the other browser tests'."""
from __future__ import annotations

import re

import pytest
from werkzeug.serving import make_server

from editing_helpers import (ARCHIVIST, BAD_WHEN, BROTHER, BROTHER_CYRILLIC, DRAFT_ID, GOOD_WHEN, NARRATOR,
                             NARRATOR_CYRILLIC, PASSWORD, editing_archive)
from test_browser import Tab, browser  # noqa: F401  (the Chromium fixture)

pytestmark = pytest.mark.browser

WHEN = "people.1.events.0.when"


@pytest.fixture()
def server(tmp_path):
    import threading

    app, corpus, index = editing_archive(tmp_path, TESTING=False)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", corpus
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


def _tab(browser, base, name):  # noqa: F811
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900},
                                  extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, Tab(page, base, name)


def test_an_archivist_fixes_publishes_finds_and_withdraws_a_draft(browser, server):  # noqa: F811
    base, corpus = server
    context, tab = _tab(browser, base, "editing-archivist")
    public_context, public = _tab(browser, base, "editing-public")
    page = tab.page
    try:
        tab.goto("/login")
        page.get_by_label("User name").fill(ARCHIVIST)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(base + "/")

        page.get_by_role("link", name="Drafts").click()
        page.wait_for_url(re.compile("/archivist/drafts"))
        tab.shot("1-drafts")
        page.get_by_role("link", name=f"{NARRATOR}: my brother").click()
        page.wait_for_url(re.compile(f"/archivist/edit/{DRAFT_ID}"))

        # The check flags the impossible month beside its field.
        when = page.locator(f'[id="f-{WHEN}"]')
        assert when.input_value() == BAD_WHEN
        assert when.get_attribute("aria-invalid") == "true"
        assert "month" in page.locator(f'[id="p-{WHEN}-1"]').inner_text()
        tab.shot("2-problem-beside-its-field")

        when.fill(GOOD_WHEN)
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url(re.compile(f"/archivist/edit/{DRAFT_ID}$"))
        assert "Saved and indexed as gen-" in page.locator(".flash-ok").inner_text()
        assert page.locator(".problems").count() == 0
        assert GOOD_WHEN in (corpus / "documents" / f"{DRAFT_ID}.md").read_text("utf-8")

        # The public view, beside the full one: the restricted brother withheld.
        shown = page.locator(".preview-public").inner_text()
        assert NARRATOR in shown and "[name withheld]" in shown
        assert BROTHER not in shown and "Serik" not in shown and BROTHER_CYRILLIC not in shown
        assert BROTHER in page.locator(".preview-full").inner_text()
        page.locator(".previews").scroll_into_view_if_needed()
        tab.shot("3-preview")

        page.get_by_role("button", name="Publish").click()
        page.wait_for_url(re.compile(f"/archivist/edit/{DRAFT_ID}$"))
        assert "Saved and indexed" in page.locator(".flash-ok").inner_text()
        tab.shot("4-published")

        # The public finds it by a Cyrillic name from the home page; the brother stays withheld.
        public.goto("/")
        public.page.get_by_label("Search the testimonies").fill(NARRATOR_CYRILLIC)
        public.page.keyboard.press("Enter")
        public.page.wait_for_url(re.compile(r"q="))
        first = public.page.locator(".hit h2 a").first
        assert first.inner_text() == f"{NARRATOR}: my brother"
        public.shot("5-found-by-cyrillic-name")
        first.click()
        public.page.wait_for_url(re.compile(f"/doc/{DRAFT_ID}"))
        text = public.page.locator("main").inner_text()
        assert NARRATOR in text and "Serik" not in text and BROTHER_CYRILLIC not in text
        public.shot("6-public-document")

        # Withdraw: gone from the public search, its file kept in withdrawn/.
        page.get_by_role("button", name="Withdraw").click()
        page.wait_for_url(re.compile("/archivist/drafts"))
        assert "was withdrawn" in page.locator(".flash-ok").inner_text()
        tab.shot("7-withdrawn")
        public.goto("/?q=" + NARRATOR_CYRILLIC)
        assert public.count() == 0
        public.shot("8-gone")
        assert (corpus / "withdrawn" / "documents" / f"{DRAFT_ID}.md").is_file()

        # The audit log shows each step.
        page.get_by_role("link", name="Audit log").first.click()
        page.wait_for_url(re.compile("/archivist/log"))
        rows = page.locator("table.audit tbody tr")
        steps = [(rows.nth(i).locator("td").nth(2).get_attribute("data-action"),
                  rows.nth(i).locator("td").nth(3).inner_text())
                 for i in range(rows.count())]
        assert list(reversed(steps)) == [("signed-in", ""), ("edited", DRAFT_ID), ("published", DRAFT_ID),
                                         ("withdrawn", DRAFT_ID)]
        assert all(rows.nth(i).locator("td").nth(1).inner_text() == ARCHIVIST for i in range(rows.count()))
        tab.shot("9-audit-log")
        for t in (tab, public):
            assert not t.foreign, f"requests left the machine: {t.foreign}"
            assert not t.errors, f"console errors: {t.errors}"
    finally:
        context.close()
        public_context.close()

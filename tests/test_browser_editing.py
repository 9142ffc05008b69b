"""An archivist's round in a real browser, from a received file to its withdrawal: sign in, import
a plain-text testimony, fix the field the check flagged, preview the public view (the restricted
husband withheld), publish, find it by the narrator's Cyrillic name from the home page, withdraw it
and see it gone; the audit log shows each step. Every step leaves a screenshot, kept in
test-artifacts/ (or ARCHIVE_SCREENSHOTS) like the other browser tests'; axe checks the import page."""
from __future__ import annotations

import json
import re

import pytest
from werkzeug.serving import make_server

from editing_helpers import (ARCHIVIST, PASSWORD, UPLOAD_ID, UPLOAD_NAME, UPLOAD_NARRATOR, UPLOAD_RELATIVE,
                             UPLOAD_TEXT, editing_archive)
from test_accessibility import axe_source, violations  # noqa: F401  (the axe fixture)
from test_browser import ARTIFACTS, Tab, browser  # noqa: F401  (the Chromium fixture)

pytestmark = pytest.mark.browser

#: The id the archivist gives the draft once the check says its file name names the restricted husband.
NEW_ID = "almaty-husband-detained-2018"


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


def _accessible(page, axe_source):  # noqa: F811
    broken = violations(page, axe_source)
    assert not broken, json.dumps(broken, ensure_ascii=False, indent=1)


def test_an_archivist_imports_fixes_publishes_finds_and_withdraws_a_testimony(browser, server, axe_source,  # noqa: F811
                                                                             tmp_path):
    base, corpus = server
    received = tmp_path / "received" / UPLOAD_NAME
    received.parent.mkdir()
    received.write_text(UPLOAD_TEXT, "utf-8")
    context, tab = _tab(browser, base, "editing-archivist")
    public_context, public = _tab(browser, base, "editing-public")
    page = tab.page
    shots = []
    try:
        tab.goto("/login")
        page.get_by_label("User name").fill(ARCHIVIST)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(base + "/")

        # Import the received text from the drafts page.
        page.get_by_role("link", name="Drafts").click()
        page.wait_for_url(re.compile("/archivist/drafts"))
        page.get_by_role("link", name="Import files").click()
        page.wait_for_url(re.compile("/archivist/import"))
        _accessible(page, axe_source)
        shots.append(tab.shot("1-import-form"))
        page.get_by_label("Files to import").set_input_files(str(received))
        page.get_by_role("button", name="Import", exact=True).click()
        page.wait_for_load_state()
        drafted = page.locator("table.imported tbody tr")
        assert drafted.count() == 1
        proposed = drafted.first.inner_text()
        assert UPLOAD_NARRATOR in proposed and UPLOAD_RELATIVE in proposed and UPLOAD_NAME in proposed
        assert "husband" in proposed.lower()
        assert (corpus / "documents" / f"{UPLOAD_ID}.md").is_file()
        _accessible(page, axe_source)
        shots.append(tab.shot("2-imported"))

        # The husband is to be withheld; publishing is then refused, the id flagged: it is made of his name.
        drafted.first.get_by_role("link", name=UPLOAD_NARRATOR).click()
        page.wait_for_url(re.compile(f"/archivist/edit/{UPLOAD_ID}"))
        husband = next(i for i in range(5)
                       if page.locator(f'[id="f-people.{i}.name"]').input_value() == UPLOAD_RELATIVE)
        page.locator(f'[id="f-people.{husband}.access"]').select_option("restricted")
        page.get_by_role("button", name="Publish").click()
        page.wait_for_load_state()
        id_field = page.locator('[id="f-id"]')
        assert id_field.get_attribute("aria-invalid") == "true"
        assert "restricted person" in page.locator('[id="p-id-1"]').inner_text()
        assert "status: draft" in (corpus / "documents" / f"{UPLOAD_ID}.md").read_text("utf-8")
        shots.append(tab.shot("3-problem-beside-its-field"))

        # Fixed, the public view beside the full one: the restricted husband withheld.
        id_field.fill(NEW_ID)
        page.get_by_role("button", name="Check and preview").click()
        page.wait_for_load_state()
        assert page.locator(".problems").count() == 0
        shown = page.locator(".preview-public").inner_text()
        assert UPLOAD_NARRATOR in shown and "[name withheld]" in shown
        assert UPLOAD_RELATIVE not in shown and "Dzhaksybekov" not in shown
        assert UPLOAD_RELATIVE in page.locator(".preview-full").inner_text()
        page.locator(".previews").scroll_into_view_if_needed()
        shots.append(tab.shot("4-preview"))

        page.get_by_role("button", name="Publish").click()
        page.wait_for_url(re.compile(f"/archivist/edit/{NEW_ID}$"))
        assert "Saved and indexed as gen-" in page.locator(".flash-ok").inner_text()
        shots.append(tab.shot("5-published"))

        # The public finds it by the narrator's Cyrillic name from the home page; the husband stays withheld.
        public.goto("/")
        public.page.get_by_label("Search the testimonies").fill(UPLOAD_NARRATOR)
        public.page.keyboard.press("Enter")
        public.page.wait_for_url(re.compile(r"q="))
        first = public.page.locator(".hit h2 a").first
        assert first.inner_text() == UPLOAD_NARRATOR
        shots.append(public.shot("6-found-by-cyrillic-name"))
        first.click()
        public.page.wait_for_url(re.compile(f"/doc/{NEW_ID}"))
        text = public.page.locator("main").inner_text()
        assert UPLOAD_NARRATOR in text and "Dzhaksybekov" not in text
        shots.append(public.shot("7-public-document"))

        # Withdraw: gone from the public search, its file kept in withdrawn/.
        page.get_by_role("button", name="Withdraw").click()
        page.wait_for_url(re.compile("/archivist/drafts"))
        assert "was withdrawn" in page.locator(".flash-ok").inner_text()
        shots.append(tab.shot("8-withdrawn"))
        public.goto("/?q=" + UPLOAD_NARRATOR)
        assert public.count() == 0
        shots.append(public.shot("9-gone"))
        assert (corpus / "withdrawn" / "documents" / f"{UPLOAD_ID}.md").is_file()

        # The audit log shows each step.
        page.get_by_role("link", name="Audit log").first.click()
        page.wait_for_url(re.compile("/archivist/log"))
        rows = page.locator("table.audit tbody tr")
        steps = [(rows.nth(i).locator("td").nth(2).get_attribute("data-action"),
                  rows.nth(i).locator("td").nth(3).inner_text())
                 for i in range(rows.count())]
        assert list(reversed(steps)) == [("signed-in", ""), ("imported", UPLOAD_ID), ("published", NEW_ID),
                                         ("withdrawn", NEW_ID)]
        assert all(rows.nth(i).locator("td").nth(1).inner_text() == ARCHIVIST for i in range(rows.count()))
        shots.append(tab.shot("10-audit-log"))
        # The screenshots are kept, one a step.
        assert all(shot.parent == ARTIFACTS and shot.stat().st_size > 0 for shot in shots)
        assert len({shot.name for shot in shots}) == 10
        for t in (tab, public):
            assert not t.foreign, f"requests left the machine: {t.foreign}"
        # The one refused publish answered 422, which the browser logs; nothing else went wrong.
        assert tab.errors == ["Failed to load resource: the server responded with a status of 422 "
                              "(UNPROCESSABLE ENTITY)"], tab.errors
        assert not public.errors, f"console errors: {public.errors}"
    finally:
        context.close()
        public_context.close()

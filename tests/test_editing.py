"""Review and edit in the browser (test client): drafts, the document form's checks and preview,
save, publish, restrict, withdraw, CSRF, an edit killed half-way, and the audit log."""
from __future__ import annotations

import glob
import html
import re
import sqlite3

import pytest

from archive_helpers import csrf_from, sign_in
from conftest import BUNDLED_CORPUS
from editing_helpers import (ARCHIVIST, BAD_WHEN, BROTHER, BROTHER_CYRILLIC, DRAFT_ID, GOOD_WHEN, NARRATOR,
                             NARRATOR_CYRILLIC, PASSWORD, editing_archive)
from indexer.corpus.frontmatter import document_text, form_data, representable, split
from indexer.corpus.reader import check_text, read_document, start_load
from indexer.index import store
from webapp import audit, editing
from webapp.users import _SCHEMA

EDIT = f"/archivist/edit/{DRAFT_ID}"


@pytest.fixture()
def site(tmp_path):
    app, corpus, index = editing_archive(tmp_path)
    client = app.test_client()
    return client, corpus, index, tmp_path / "users.sqlite3"


def _signed_in(site):
    client = site[0]
    assert sign_in(client, ARCHIVIST, PASSWORD).status_code == 302
    return client


def _fields(page: str) -> dict[str, str]:
    """The form's fields as a browser would post them: inputs, selected options, textareas."""
    fields = {}
    for name, value in re.findall(r'<input id="[^"]*" name="([^"]+)" type="text" value="([^"]*)"', page):
        fields[name] = html.unescape(value)
    for name, body in re.findall(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        fields[name] = html.unescape(chosen.group(1)) if chosen else ""
    for name, value in re.findall(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>\n(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(value)
    fields["base"] = re.search(r'name="base" value="([^"]*)"', page).group(1)
    fields["csrf_token"] = html.unescape(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))
    return fields


def _public_ids(client, **params) -> set[str]:
    answer = client.get("/api/search", query_string={"per_page": 100, **params}).get_json()
    return {r["id"] for r in answer["results"]}


def _file(corpus):
    return corpus / "documents" / f"{DRAFT_ID}.md"


# -- the form holds every file whole ----------------------------------------------------


@pytest.mark.parametrize("path", sorted(glob.glob(str(BUNDLED_CORPUS / "documents" / "*.md"))))
def test_the_form_writes_back_the_same_document(path):
    """Every bundled file, through the form's data and back, reads as the same document."""
    text = open(path, encoding="utf-8").read()
    front, body = split(text)
    assert representable(front)
    gazetteer = start_load(BUNDLED_CORPUS)[2]
    again = check_text(path, document_text(form_data(front), body)[0], gazetteer)
    original, problems = read_document(path, gazetteer, BUNDLED_CORPUS)
    assert problems == [] and again.problems == []
    assert again.document == original


def test_a_file_the_form_cannot_hold_is_not_offered(site):
    client, corpus = _signed_in(site), site[1]
    _file(corpus).write_text(_file(corpus).read_text("utf-8").replace("people:", "colour: red\npeople:", 1),
                             "utf-8")
    response = client.get(EDIT)
    assert response.status_code == 409 and "by hand" in response.get_data(as_text=True)


# -- who may see and change -------------------------------------------------------------


def test_the_public_sees_no_archivist_page(site):
    client, corpus = site[0], site[1]
    before = _file(corpus).read_bytes()
    for path in ("/archivist/drafts", EDIT, "/archivist/log"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
        assert NARRATOR not in response.get_data(as_text=True)
    token = csrf_from(client)       # a session's token, but no sign-in
    assert client.post(EDIT, data={"csrf_token": token, "action": "publish"}).status_code == 403
    assert _file(corpus).read_bytes() == before


def test_every_form_needs_the_csrf_token(site):
    client, corpus = _signed_in(site), site[1]
    before = _file(corpus).read_bytes()
    fields = _fields(client.get(EDIT).get_data(as_text=True))
    for action in ("save", "publish", "withdraw"):
        forged = {**fields, "action": action, "csrf_token": "forged"}
        assert client.post(EDIT, data=forged).status_code == 400
        del forged["csrf_token"]
        assert client.post(EDIT, data=forged).status_code == 400
    assert _file(corpus).read_bytes() == before


# -- drafts, checks, preview --------------------------------------------------------------


def test_the_drafts_list_shows_the_draft_from_its_file(site):
    client = _signed_in(site)
    page = client.get("/archivist/drafts").get_data(as_text=True)
    assert f'href="{EDIT}"' in page and NARRATOR in page
    assert "gulpiya-kazybek" not in page and "closed-testimony" in page      # public, restricted
    assert "gulpiya-kazybek" in client.get("/archivist/drafts?all=1").get_data(
        as_text=True)


def test_a_problem_is_shown_beside_its_field_and_nothing_is_written(site):
    client, corpus = _signed_in(site), site[1]
    before = _file(corpus).read_bytes()
    page = client.get(EDIT).get_data(as_text=True)
    when = "people.1.events.0.when"
    assert re.search(rf'id="p-{re.escape(when)}-1" role="alert">[^<]*month', page), "the bad month is not flagged"
    fields = _fields(page)
    assert fields[when] == BAD_WHEN
    response = client.post(EDIT, data={**fields, "action": "save"})
    assert response.status_code == 422
    assert f'id="p-{when}-1"' in response.get_data(as_text=True)
    assert _file(corpus).read_bytes() == before
    # A draft set public without being published is flagged at its status.
    response = client.post(EDIT, data={**fields, when: GOOD_WHEN, "access": "public", "action": "check"})
    assert 'id="p-status-1"' in response.get_data(as_text=True)


def test_the_preview_withholds_the_restricted_brother_from_the_public_side(site):
    client = _signed_in(site)
    fields = _fields(client.get(EDIT).get_data(as_text=True))
    page = client.post(EDIT, data={**fields, "people.1.events.0.when": GOOD_WHEN, "access": "public",
                                   "status": "", "action": "check"}).get_data(as_text=True)
    public = page[page.index('class="preview preview-public"'):page.index('class="preview preview-full"')]
    full = page[page.index('class="preview preview-full"'):]
    assert NARRATOR in public and "[name withheld]" in public
    assert BROTHER not in public and "Serik" not in public and BROTHER_CYRILLIC not in public
    assert BROTHER in full


# -- save, publish, restrict, withdraw ------------------------------------------------------


def test_publish_writes_the_file_indexes_it_and_the_public_finds_it(site):
    client, corpus, index, db = site
    _signed_in(site)
    before = store.current_generation(index)
    old_text = _file(corpus).read_text("utf-8")
    fields = _fields(client.get(EDIT).get_data(as_text=True))
    response = client.post(EDIT, data={**fields, "people.1.events.0.when": GOOD_WHEN, "action": "publish"})
    assert response.status_code == 302
    text = _file(corpus).read_text("utf-8")
    assert "access: public" in text and "status" not in text and GOOD_WHEN in text
    assert int(store.current_generation(index)[4:]) == int(before[4:]) + 1
    kept = list((corpus / ".versions").rglob("*.md"))
    assert [p.read_text("utf-8") for p in kept] == [old_text]          # the previous text is kept
    public = site[0].application.test_client()
    assert DRAFT_ID in _public_ids(public, q=NARRATOR_CYRILLIC)
    assert DRAFT_ID not in _public_ids(public, q=BROTHER_CYRILLIC)
    doc = public.get(f"/api/doc/{DRAFT_ID}").get_data(as_text=True)
    assert "Serik" not in doc and "Серик" not in doc
    assert [e.action for e in audit.entries(db, doc=DRAFT_ID)] == ["published"]

    # Restrict: out of the public index, still there for archivists.
    fields = _fields(client.get(EDIT).get_data(as_text=True))
    assert client.post(EDIT, data={**fields, "action": "restrict"}).status_code == 302
    assert DRAFT_ID not in _public_ids(public, q=NARRATOR_CYRILLIC)
    assert DRAFT_ID in _public_ids(client, q=NARRATOR_CYRILLIC)

    # Withdraw: out of both scopes, the file in withdrawn/.
    response = client.post(EDIT, data={"csrf_token": fields["csrf_token"], "action": "withdraw"})
    assert response.status_code == 302
    assert DRAFT_ID not in _public_ids(client, q=NARRATOR_CYRILLIC)
    assert not _file(corpus).exists() and (corpus / "withdrawn" / "documents" / f"{DRAFT_ID}.md").is_file()
    assert client.get(EDIT).status_code == 404
    assert [e.action for e in audit.entries(db, doc=DRAFT_ID)] == ["published", "restricted", "withdrawn"]


def test_a_file_changed_meanwhile_is_not_overwritten(site):
    client, corpus = _signed_in(site), site[1]
    fields = _fields(client.get(EDIT).get_data(as_text=True))
    _file(corpus).write_text(_file(corpus).read_text("utf-8").replace(BAD_WHEN, "2017"), "utf-8")
    changed = _file(corpus).read_bytes()
    response = client.post(EDIT, data={**fields, "people.1.events.0.when": GOOD_WHEN, "action": "save"})
    assert response.status_code == 409
    assert _file(corpus).read_bytes() == changed


# -- an edit killed half-way ----------------------------------------------------------------


@pytest.mark.parametrize("failure", [RuntimeError("indexing failed"), KeyboardInterrupt()])
def test_an_edit_killed_after_the_file_write_loses_nothing(site, monkeypatch, failure):
    """The indexing step dies after the file was written: as an error (the file gets its old text
    back) or as the process going down (the new, checked text stays, the old one is in .versions).
    Either way both texts are kept, whole, and the public still gets the previous snapshot."""
    client, corpus, index, db = site
    _signed_in(site)
    publish_page = _fields(client.get(EDIT).get_data(as_text=True))
    assert client.post(EDIT, data={**publish_page, "people.1.events.0.when": GOOD_WHEN,
                                   "action": "publish"}).status_code == 302
    generation = store.current_generation(index)
    published = _file(corpus).read_bytes()
    public = client.application.test_client()
    answer_before = public.get(f"/api/doc/{DRAFT_ID}").get_json()

    def dies(*_args, **_kwargs):
        assert b"A changed title" in _file(corpus).read_bytes()     # the file was written first
        raise failure
    monkeypatch.setattr(editing, "add_documents", dies)
    fields = _fields(client.get(EDIT).get_data(as_text=True))
    if isinstance(failure, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            client.post(EDIT, data={**fields, "title": "A changed title", "action": "save"})
        now = _file(corpus).read_bytes()
        assert b"A changed title" in now
        assert read_document(_file(corpus), start_load(corpus)[2], corpus)[1] == []   # whole and valid
    else:
        response = client.post(EDIT, data={**fields, "title": "A changed title", "action": "save"})
        assert response.status_code == 503
        assert "A changed title" in response.get_data(as_text=True)                  # the form keeps it
        assert _file(corpus).read_bytes() == published
    kept = [p.read_bytes() for p in (corpus / ".versions").rglob("*.md")]
    assert published in kept                                                         # nothing lost
    assert not list((corpus / "documents").glob(".*.tmp"))
    assert store.current_generation(index) == generation
    assert store.verify_snapshot(store.snapshot_path(index)) == []
    assert public.get(f"/api/doc/{DRAFT_ID}").get_json() == answer_before
    assert [e.action for e in audit.entries(db, doc=DRAFT_ID)] == ["published"]


# -- the audit log -----------------------------------------------------------------------------


def test_sign_ins_are_logged_and_the_log_page_is_for_archivists(site):
    client, db = site[0], site[3]
    assert sign_in(client, ARCHIVIST, "wrong password!").status_code == 401
    assert sign_in(client, "my secret password", "x" * 12).status_code == 401
    assert sign_in(client, ARCHIVIST, PASSWORD).status_code == 302
    logged = [(e.user, e.action) for e in audit.entries(db)]
    assert logged == [(ARCHIVIST, "sign-in-failed"), ("(no such account)", "sign-in-failed"),
                      (ARCHIVIST, "signed-in")]
    page = client.get(f"/archivist/log?user={ARCHIVIST}").get_data(as_text=True)
    assert page.count('data-action="sign-in-failed"') == 1 and 'data-action="signed-in"' in page
    assert client.get("/archivist/log?since=yesterday").status_code == 400
    client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    assert audit.entries(db)[-1].action == "signed-out"
    assert client.get("/archivist/log").status_code == 302


def test_the_audit_log_is_append_only(site):
    db = site[3]
    audit.record(db, "imported", "dana", DRAFT_ID, "from a test")
    with sqlite3.connect(db) as conn:
        for sql in ("UPDATE audit SET user = 'someone'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(sql)
    assert [e.user for e in audit.entries(db)] == ["dana"]
    with pytest.raises(ValueError):
        audit.record(db, "deleted-everything", "dana")


def test_an_accounts_file_from_before_the_log_keeps_working(tmp_path):
    """The audit table is added to an existing accounts file; its accounts still sign in."""
    from werkzeug.security import generate_password_hash

    app, _corpus, _index = editing_archive(tmp_path / "new")
    old = tmp_path / "old.sqlite3"
    before_log = _SCHEMA[:_SCHEMA.index("CREATE TABLE IF NOT EXISTS audit")]
    with sqlite3.connect(old) as conn:
        conn.executescript(before_log)
        conn.execute("INSERT INTO users VALUES (?, ?, 0)", ("erlan", generate_password_hash(PASSWORD)))
    app.config["USERS_DB"] = str(old)
    client = app.test_client()
    assert sign_in(client, "erlan", PASSWORD).status_code == 302
    assert client.get("/archivist/drafts").status_code == 200
    assert [e.action for e in audit.entries(old)] == ["signed-in"]


@pytest.mark.parametrize("code, button", [("ru", "Проверить и просмотреть"), ("kk", "Тексеру және алдын ала қарау"),
                                          ("zh_Hans", "检查并预览")])
def test_the_form_speaks_the_archivists_language(site, code, button):
    client = _signed_in(site)
    page = client.get(f"{EDIT}?lang={code}").get_data(as_text=True)
    assert button in page and "Check and preview" not in page


def test_a_long_text_can_be_saved(site):
    """The app takes 64 KB a request; the form takes a whole document."""
    client, corpus = _signed_in(site), site[1]
    fields = _fields(client.get(EDIT).get_data(as_text=True))
    long_body = fields["body"] + ("She waited at the consulate every morning. " * 6000)
    assert len(long_body.encode()) > 200_000
    response = client.post(EDIT, data={**fields, "people.1.events.0.when": GOOD_WHEN, "body": long_body,
                                       "action": "save"})
    assert response.status_code == 302
    assert _file(corpus).read_text("utf-8").endswith(long_body)

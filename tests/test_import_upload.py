"""Importing received files in the browser (test client): the upload drafts restricted documents
with the importer of `archive import`, logs them, names the file of every error, and a failure
half-way leaves the corpus and the index as they were."""
from __future__ import annotations

import html
import io
import re

import pytest

from archive_helpers import csrf_from, sign_in
from editing_helpers import (ARCHIVIST, PASSWORD, UPLOAD_ID, UPLOAD_NAME, UPLOAD_NARRATOR, UPLOAD_RELATIVE,
                             UPLOAD_TEXT, editing_archive)
from import_fixtures import write_docx
from indexer.corpus.reader import read_document, start_load
from indexer.index import store
from indexer.importing import writer
from webapp import audit, upload

IMPORT = "/archivist/import"
OTHER = ("almaty-letter.txt", "Bolat Kenzhebayev\n\nMy name is Bolat Kenzhebayev. My father was detained "
                              "in Urumqi in 2017.\n")


@pytest.fixture()
def site(tmp_path):
    app, corpus, index = editing_archive(tmp_path)
    return app.test_client(), corpus, index, tmp_path / "users.sqlite3"


def _signed_in(client):
    assert sign_in(client, ARCHIVIST, PASSWORD).status_code == 302
    return client


def _post(client, files, token=None):
    token = csrf_from(client, IMPORT) if token is None else token
    data = {"csrf_token": token, "files": [(io.BytesIO(body), name) for name, body in files]}
    return client.post(IMPORT, data=data, content_type="multipart/form-data")


def _corpus_state(corpus) -> dict:
    """Every file under the corpus (hidden ones too) and its bytes."""
    return {str(p.relative_to(corpus)): p.read_bytes() for p in sorted(corpus.rglob("*")) if p.is_file()}


def _index_state(index) -> tuple:
    live = store.snapshot_path(index)
    return live.name, store.read_manifest(live)["documents"]


def _errors(page: str) -> list[str]:
    box = re.search(r'<div class="problems" role="alert">(.*?)</div>', page, re.S)
    return [html.unescape(e) for e in re.findall(r"<li[^>]*>(.*?)</li>", box.group(1), re.S)] if box else []


def _imported(db) -> list:
    return [e for e in audit.entries(db) if e.action == "imported"]


def test_an_uploaded_text_becomes_a_restricted_draft_shown_with_what_was_proposed(site):
    client, corpus, index, db = site
    client = _signed_in(client)
    drafts_page = client.get("/archivist/drafts").get_data(as_text=True)
    assert f'href="{IMPORT}"' in drafts_page
    before = _index_state(index)
    response = _post(client, [(UPLOAD_NAME, UPLOAD_TEXT.encode("utf-8"))])
    page = response.get_data(as_text=True)
    assert response.status_code == 200, _errors(page)
    path = corpus / "documents" / f"{UPLOAD_ID}.md"
    doc, problems = read_document(path, start_load(corpus)[2])
    assert problems == []
    assert doc.restricted and doc.status == "draft" and doc.access == "restricted"
    assert doc.people[0].name == UPLOAD_NARRATOR and doc.people[0].role == "narrator"
    relative = next(p for p in doc.people if p.name == UPLOAD_RELATIVE)
    assert relative.relation == "husband"
    # The page shows the new draft, a link to its form, and what was proposed.
    assert f'href="/archivist/edit/{UPLOAD_ID}"' in page
    assert UPLOAD_NARRATOR in page and UPLOAD_RELATIVE in page and "husband" in page.lower()
    assert UPLOAD_NAME in page
    assert client.get(f"/archivist/edit/{UPLOAD_ID}").status_code == 200
    assert UPLOAD_ID in client.get("/archivist/drafts").get_data(as_text=True)
    # Logged as this archivist's import, from the web; the index is untouched until it is reviewed.
    [entry] = _imported(db)
    assert (entry.user, entry.doc) == (ARCHIVIST, UPLOAD_ID) and entry.via.startswith("web")
    assert UPLOAD_NAME in entry.detail
    assert _index_state(index) == before
    client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    assert client.get("/api/search", query_string={"q": UPLOAD_NARRATOR}).get_json()["total"] == 0


def test_only_a_signed_in_archivist_with_the_form_token_may_upload(site):
    client, corpus, _index, db = site
    before = _corpus_state(corpus)
    assert client.get(IMPORT).status_code == 302
    anonymous = client.post(IMPORT, data={"files": [(io.BytesIO(UPLOAD_TEXT.encode()), UPLOAD_NAME)]},
                            content_type="multipart/form-data")
    assert anonymous.status_code in (400, 403)
    _signed_in(client)
    assert _post(client, [(UPLOAD_NAME, UPLOAD_TEXT.encode())], token="forged").status_code == 400
    assert _corpus_state(corpus) == before and _imported(db) == []


def _bad_docx(tmp_path):
    return "statement.docx", b"PK\x03\x04 this is no zip archive"


BAD_FILES = {
    "unsupported type": lambda tmp: ("scan.odt", b"some bytes"),
    "empty": lambda tmp: ("blank.txt", b""),
    "not UTF-8": lambda tmp: ("letter-cp1251.txt", "Меня зовут Айгерим.".encode("cp1251")),
    "damaged DOCX": _bad_docx,
    "too large": lambda tmp: ("huge.txt", b"Aigerim Serikkyzy said so. " * 5000),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_one_bad_file_among_good_ones_is_named_and_nothing_is_written(site, tmp_path, monkeypatch, kind):
    client, corpus, index, db = site
    monkeypatch.setattr(upload, "MAX_FILE_BYTES", 100_000)
    _signed_in(client)
    good_docx = write_docx(tmp_path / "good.docx", "Gulnar Omarova", ["My husband was detained in 2018."])
    bad_name, bad_body = BAD_FILES[kind](tmp_path)
    before, indexed = _corpus_state(corpus), _index_state(index)
    response = _post(client, [(UPLOAD_NAME, UPLOAD_TEXT.encode()), (bad_name, bad_body),
                              ("good.docx", good_docx.read_bytes()), (OTHER[0], OTHER[1].encode())])
    assert response.status_code == 422
    errors = _errors(response.get_data(as_text=True))
    assert len(errors) == 1 and errors[0].startswith(bad_name), errors
    assert "archive-upload-" not in errors[0]          # named as uploaded, not by a temporary path
    assert _corpus_state(corpus) == before and _index_state(index) == indexed and _imported(db) == []


def test_a_file_sent_with_a_folder_in_its_name_lands_in_the_documents_folder(site):
    client, corpus, _index, _db = site
    _signed_in(client)
    assert _post(client, [("../../" + UPLOAD_NAME, UPLOAD_TEXT.encode())]).status_code == 200
    assert (corpus / "documents" / f"{UPLOAD_ID}.md").is_file()
    assert not (corpus.parent / f"{UPLOAD_ID}.md").exists()


def test_an_upload_without_a_file_says_so(site):
    client = _signed_in(site[0])
    response = client.post(IMPORT, data={"csrf_token": csrf_from(client, IMPORT)},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose at least one file" in response.get_data(as_text=True)


@pytest.mark.parametrize("after", [1, 2])
def test_a_failure_half_way_leaves_the_corpus_and_the_index_as_they_were(site, monkeypatch, after):
    """The disk fails as the second (or third) draft is linked in: the drafts already written are
    taken back, no temporary file is left, the index is untouched, nothing is logged."""
    client, corpus, index, db = site
    _signed_in(client)
    real_link, calls = writer.os.link, []

    def failing_link(src, dst):
        calls.append(dst)
        if len(calls) > after:
            raise OSError(28, "No space left on device")
        return real_link(src, dst)

    before, indexed = _corpus_state(corpus), _index_state(index)
    monkeypatch.setattr(writer.os, "link", failing_link)
    third = ("third.txt", b"Saule Esenova\n\nMy name is Saule Esenova. My son was detained in 2019.\n")
    response = _post(client, [(UPLOAD_NAME, UPLOAD_TEXT.encode()), (OTHER[0], OTHER[1].encode()), third])
    monkeypatch.undo()
    assert len(calls) == after + 1
    assert response.status_code == 422
    assert "No space left on device" in " ".join(_errors(response.get_data(as_text=True)))
    assert _corpus_state(corpus) == before
    assert _index_state(index) == indexed and _imported(db) == []
    # The same upload, once the disk is back, writes every draft.
    assert _post(client, [(UPLOAD_NAME, UPLOAD_TEXT.encode()), (OTHER[0], OTHER[1].encode()), third]) \
        .status_code == 200
    assert len(_imported(db)) == 3


def test_a_file_uploaded_again_is_named_and_its_draft_kept_as_it_is(site):
    client, corpus, _index, db = site
    _signed_in(client)
    assert _post(client, [(UPLOAD_NAME, UPLOAD_TEXT.encode())]).status_code == 200
    draft = corpus / "documents" / f"{UPLOAD_ID}.md"
    draft.write_text(draft.read_text("utf-8").replace("Nobody has heard", "Nobody at all has heard"), "utf-8")
    before = _corpus_state(corpus)
    response = _post(client, [(OTHER[0], OTHER[1].encode()), (UPLOAD_NAME, UPLOAD_TEXT.encode())])
    assert response.status_code == 422
    [error] = _errors(response.get_data(as_text=True))
    assert error.startswith(f"{UPLOAD_NAME}: its draft {UPLOAD_ID}.md is already in the corpus")
    assert _corpus_state(corpus) == before and len(_imported(db)) == 1

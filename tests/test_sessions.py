"""A session ends everywhere at once: on sign-out, a password change, or removing the account.

Each test keeps a copy of a signed-in cookie and checks, through a search only
archivists get an answer to, that the copy is signed out too.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from archive_helpers import CANARY_WORDS, csrf_from, sign_in, write_canary_corpus
from conftest import app_for
from indexer.index.build import build_index
from indexer.cli import main
from webapp import users

PASSWORD = "a long enough password"
NEW_PASSWORD = "another long password"
RESTRICTED_ONLY = {"q": CANARY_WORDS[0]}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("sessions")
    build_index(write_canary_corpus(root / "corpus"), root / "index")
    return root / "index"


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "users.sqlite3"
    users.add_user(path, "archivist", PASSWORD)
    users.add_user(path, "colleague", PASSWORD)
    return path


@pytest.fixture()
def app(index, db):
    return app_for(index, USERS_DB=str(db))


def sees_restricted(client) -> bool:
    data = client.get("/api/search", query_string=RESTRICTED_ONLY).get_json()
    return data["scope"] == "full" and data["total"] == 1


def signed_in(app, name="archivist", password=PASSWORD):
    client = app.test_client()
    assert sign_in(client, name, password).status_code == 302
    assert sees_restricted(client)
    return client


def replay(app, client):
    """A new browser holding a copy of `client`'s session cookie."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def sign_out(client):
    assert client.post("/logout", data={"csrf_token": csrf_from(client, "/")}).status_code == 302


def cli(*args, password=None):
    return CliRunner().invoke(main, ["user", *map(str, args)],
                              input=None if password is None else password + "\n")


def test_a_cookie_saved_before_sign_out_no_longer_sees_restricted_material(app):
    client = signed_in(app)
    saved = client.get_cookie("session").value
    sign_out(client)
    assert not sees_restricted(client)
    thief = app.test_client()
    thief.set_cookie("session", saved)
    assert not sees_restricted(thief)
    assert thief.get("/api/search").get_json()["scope"] == "public"


def test_signing_out_ends_every_session_of_that_account_and_no_other(app):
    laptop, phone, colleague = signed_in(app), signed_in(app), signed_in(app, "colleague")
    sign_out(phone)
    assert not sees_restricted(laptop)
    assert sees_restricted(colleague)
    # Signing in again starts a new session that works.
    assert sees_restricted(signed_in(app))


def test_a_password_change_ends_every_session(app, db):
    client = signed_in(app)
    copy = replay(app, client)
    result = cli("passwd", "archivist", "--db", db, "--password-stdin", password=NEW_PASSWORD)
    assert result.exit_code == 0, result.output
    assert "archivist" in result.output
    assert not sees_restricted(client) and not sees_restricted(copy)
    assert sign_in(app.test_client(), "archivist", PASSWORD).status_code == 401
    assert sees_restricted(signed_in(app, "archivist", NEW_PASSWORD))


def test_removing_an_account_ends_its_sessions_even_if_the_name_comes_back(app, db):
    client = signed_in(app)
    copy = replay(app, client)
    result = cli("remove", "archivist", "--db", db, "--yes")
    assert result.exit_code == 0, result.output
    assert not sees_restricted(client)
    assert sign_in(app.test_client(), "archivist", PASSWORD).status_code == 401
    assert cli("add", "archivist", "--db", db, "--password-stdin", password=PASSWORD).exit_code == 0
    assert not sees_restricted(copy)


@pytest.mark.parametrize("command", [["passwd", "nobody", "--password-stdin"], ["remove", "nobody", "--yes"]])
def test_changing_an_account_that_does_not_exist_says_so(db, command):
    result = cli(*command, "--db", db, password=NEW_PASSWORD)
    assert result.exit_code != 0
    assert "no user 'nobody'" in result.output


def test_a_password_change_refuses_a_short_password_and_keeps_the_old_one(app, db):
    client = signed_in(app)
    result = cli("passwd", "archivist", "--db", db, "--password-stdin", password="short")
    assert result.exit_code != 0 and "at least" in result.output
    assert sees_restricted(client)


def test_sign_out_that_cannot_be_recorded_says_so_and_still_signs_this_browser_out(app, monkeypatch):
    client = signed_in(app)
    token = csrf_from(client, "/")

    def full(*args, **kwargs):
        raise users.StorageError("accounts database: database or disk is full")

    monkeypatch.setattr(users, "end_sessions", full)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 503
    assert "signed out" in response.get_data(as_text=True).lower()
    monkeypatch.undo()
    assert not sees_restricted(client)

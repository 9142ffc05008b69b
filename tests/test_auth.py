"""Archivist accounts: `archive user add`, hashed passwords, sessions, CSRF, throttling."""
from __future__ import annotations

import sqlite3
import time

import pytest
from click.testing import CliRunner

from archive_helpers import csrf_from, sign_in, write_canary_corpus
from conftest import app_for
from indexer.build import build_index
from indexer.cli import main
from webapp import users

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("auth")
    build_index(write_canary_corpus(root / "corpus"), root / "index")
    return root / "index"


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "users.sqlite3"


@pytest.fixture()
def app(index, db):
    users.add_user(db, "archivist", PASSWORD)
    return app_for(index, USERS_DB=str(db))


def _add(db, name, password):
    return CliRunner().invoke(main, ["user", "add", name, "--db", str(db), "--password-stdin"],
                              input=password + "\n")


def test_user_add_from_stdin_stores_only_a_hash(db):
    result = _add(db, "aigerim", "correct horse battery")
    assert result.exit_code == 0, result.output
    assert "aigerim" in result.output
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM users WHERE username='aigerim'").fetchone()
    assert "correct horse battery" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert users.verify(db, "aigerim", "correct horse battery", users.throttle_keys("aigerim", "t"))
    assert not users.verify(db, "aigerim", "correct horse batter", users.throttle_keys("aigerim", "t"))


@pytest.mark.parametrize("name,password,message", [
    ("aigerim", "short", "at least"),
    ("Bad Name", "a long enough password", "user name"),
    ("x", "a long enough password", "user name"),
    ("../etc", "a long enough password", "user name"),
])
def test_user_add_refuses_bad_input(db, name, password, message):
    result = _add(db, name, password)
    assert result.exit_code != 0
    assert message in result.output


def test_user_add_refuses_a_taken_name(db):
    assert _add(db, "aigerim", PASSWORD).exit_code == 0
    result = _add(db, "aigerim", "another long password")
    assert result.exit_code != 0 and "already exists" in result.output
    assert users.verify(db, "aigerim", PASSWORD, users.throttle_keys("aigerim", "t"))


def test_user_add_defaults_to_the_database_beside_the_index(tmp_path):
    index = tmp_path / "inst" / "index"
    result = CliRunner().invoke(main, ["user", "add", "dana", "--index", str(index), "--password-stdin"],
                                input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert users.exists(tmp_path / "inst" / "users.sqlite3", "dana")


def test_sign_in_with_the_form_and_csrf(app):
    client = app.test_client()
    assert client.get("/api/search").get_json()["scope"] == "public"
    # Without the token, a right password does nothing.
    response = client.post("/login", data={"username": "archivist", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/api/search").get_json()["scope"] == "public"
    response = sign_in(client, "archivist", PASSWORD)
    assert response.status_code == 302
    assert client.get("/api/search").get_json()["scope"] == "full"


def test_user_names_are_case_insensitive_and_wrong_ones_say_nothing_more(app):
    client = app.test_client()
    wrong_user = sign_in(client, "nobody", PASSWORD)
    wrong_password = sign_in(client, "archivist", "not the password")
    assert wrong_user.status_code == wrong_password.status_code == 401
    assert wrong_user.get_data(as_text=True).replace("nobody", "") .count("Wrong") == \
        wrong_password.get_data(as_text=True).count("Wrong")
    assert sign_in(client, "  ARCHIVIST ", PASSWORD).status_code == 302


def test_session_cookie_is_secure_httponly_and_samesite(index, db):
    users.add_user(db, "archivist", PASSWORD)
    app = app_for(index, USERS_DB=str(db), SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    token = csrf_from(client)
    response = client.post("/login", data={"username": "archivist", "password": PASSWORD, "csrf_token": token},
                           base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie   # a browser-session cookie


def test_default_app_config_is_secure(monkeypatch, index):
    monkeypatch.delenv("ARCHIVE_INSECURE_COOKIES", raising=False)
    from webapp import create_app

    app = create_app({"INDEX_DIR": str(index)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert len(app.config["SECRET_KEY"]) >= 32


def test_throttled_after_five_failures_per_user_and_address(app):
    client = app.test_client()
    for _ in range(users.MAX_FAILURES):
        assert sign_in(client, "archivist", "wrong password").status_code == 401
    blocked = sign_in(client, "archivist", PASSWORD)
    assert blocked.status_code == 429 and blocked.headers["Retry-After"]
    assert client.get("/api/search").get_json()["scope"] == "public"
    # Another address is not held back by these failures.
    other = app.test_client()
    token = csrf_from(other)
    response = other.post("/login", data={"username": "archivist", "password": PASSWORD, "csrf_token": token},
                          environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 302


def test_throttled_per_address_whatever_the_user_name(app):
    client = app.test_client()
    for i in range(users.MAX_FAILURES_PER_ADDRESS):
        assert sign_in(client, f"guess{i}", "wrong password").status_code == 401
    assert sign_in(client, "archivist", PASSWORD).status_code == 429


def test_failures_age_out_of_the_window(app, db, monkeypatch):
    client = app.test_client()
    for _ in range(users.MAX_FAILURES):
        sign_in(client, "archivist", "wrong password")
    assert sign_in(client, "archivist", PASSWORD).status_code == 429
    later = time.time() + users.WINDOW_SECONDS + 1
    monkeypatch.setattr(users.time, "time", lambda: later)
    assert sign_in(client, "archivist", PASSWORD).status_code == 302


def test_logout_needs_post_with_csrf(app):
    client = app.test_client()
    sign_in(client, "archivist", PASSWORD)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", data={"csrf_token": ""}).status_code == 400
    assert client.get("/api/search").get_json()["scope"] == "full"
    assert client.post("/logout", data={"csrf_token": csrf_from(client, "/")}).status_code == 302
    assert client.get("/api/search").get_json()["scope"] == "public"


def test_a_removed_account_or_an_old_session_is_signed_out(app, db, monkeypatch):
    client = app.test_client()
    sign_in(client, "archivist", PASSWORD)
    assert client.get("/api/search").get_json()["scope"] == "full"
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM users WHERE username='archivist'")
    assert client.get("/api/search").get_json()["scope"] == "public"

    users.add_user(db, "archivist2", PASSWORD)
    sign_in(client, "archivist2", PASSWORD)
    assert client.get("/api/search").get_json()["scope"] == "full"
    import webapp.auth as auth
    later = time.time() + 13 * 3600
    monkeypatch.setattr(auth.time, "time", lambda: later)
    assert client.get("/api/search").get_json()["scope"] == "public"


@pytest.mark.parametrize("target,expected", [
    ("/doc/x", "/doc/x"), ("//evil.example/", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"), ("/ok?q=1", "/ok?q=1"), ("/\x00", "/"),
])
def test_sign_in_redirects_only_within_the_site(app, target, expected):
    client = app.test_client()
    token = csrf_from(client)
    response = client.post("/login", query_string={"next": target},
                           data={"username": "archivist", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_a_forged_session_cookie_is_not_signed_in(app, index):
    other = app_for(index, SECRET_KEY="someone else's key")
    forger = other.test_client()
    with forger.session_transaction() as sess:
        sess["user"], sess["since"] = "archivist", time.time()
    cookie = forger.get_cookie("session")
    client = app.test_client()
    client.set_cookie("session", cookie.value)
    assert client.get("/api/search").get_json()["scope"] == "public"

"""Archivist accounts: `archive user add`, hashed passwords, sessions, CSRF, throttling."""
from __future__ import annotations

import sqlite3
import time

import pytest
from click.testing import CliRunner

from archive_helpers import csrf_from, sign_in, write_canary_corpus
from conftest import app_for
from indexer.index.build import build_index
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


# ---------------------------------------------------------------------------
# The throttle under concurrency, other accounts, proxies and a full disk
# ---------------------------------------------------------------------------

def _count_password_checks(monkeypatch, delay: float = 0.02) -> list:
    """Every password check the app makes is recorded (and takes a moment, as scrypt does)."""
    checks = []
    real = users.check_password_hash

    def counted(stored, password):
        checks.append(password)
        time.sleep(delay)
        return real(stored, password)

    monkeypatch.setattr(users, "check_password_hash", counted)
    return checks


def _concurrent_wrong_passwords(app, n: int, username: str = "archivist") -> list[int]:
    import threading

    clients = [app.test_client() for _ in range(n)]
    tokens = [csrf_from(c) for c in clients]
    start, statuses = threading.Barrier(n), [None] * n

    def attempt(i):
        start.wait()
        statuses[i] = clients[i].post("/login", data={"username": username, "password": f"wrong {i}",
                                                       "csrf_token": tokens[i]}).status_code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_concurrent_wrong_passwords_get_no_more_checks_than_the_limit(app, monkeypatch):
    checks = _count_password_checks(monkeypatch)
    statuses = _concurrent_wrong_passwords(app, 60)
    assert len(checks) <= users.MAX_FAILURES
    assert statuses.count(401) == len(checks) and statuses.count(429) == 60 - len(checks)


def test_a_burst_against_one_account_does_not_lock_out_another(app, db, monkeypatch):
    users.add_user(db, "second", PASSWORD)
    _count_password_checks(monkeypatch)
    _concurrent_wrong_passwords(app, 60)
    # The same address, another account, its right password.
    assert sign_in(app.test_client(), "second", PASSWORD).status_code == 302
    # The attacked account from another address.
    other = app.test_client()
    response = other.post("/login", data={"username": "archivist", "password": PASSWORD,
                                          "csrf_token": csrf_from(other)}, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 302


def _via(client, forwarded: str, username: str, password: str, peer: str = "127.0.0.1"):
    """A sign-in that reached the app through a proxy at `peer` for a reader at `forwarded`."""
    token = csrf_from(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       headers={"X-Forwarded-For": forwarded}, environ_base={"REMOTE_ADDR": peer})


def test_behind_the_local_proxy_with_default_settings_one_attacker_locks_out_only_himself(app, monkeypatch):
    monkeypatch.delenv("ARCHIVE_BEHIND_PROXIES", raising=False)
    attacker = app.test_client()
    for i in range(users.MAX_FAILURES_PER_ADDRESS):
        assert _via(attacker, "203.0.113.9", f"guess{i}", "wrong password").status_code == 401
    assert _via(attacker, "203.0.113.9", "archivist", PASSWORD).status_code == 429
    for _ in range(users.MAX_FAILURES):
        _via(attacker, "203.0.113.9", "archivist", "wrong password")
    archivist = app.test_client()
    assert _via(archivist, "198.51.100.7", "archivist", PASSWORD).status_code == 302
    assert archivist.get("/api/search").get_json()["scope"] == "full"


def test_an_untrusted_peer_cannot_dodge_the_limit_with_a_forged_header(app, monkeypatch, caplog):
    monkeypatch.delenv("ARCHIVE_BEHIND_PROXIES", raising=False)
    client = app.test_client()
    for i in range(users.MAX_FAILURES):
        _via(client, f"192.0.2.{i}", "archivist", "wrong password", peer="198.18.0.1")
    assert _via(client, "192.0.2.99", "archivist", PASSWORD, peer="198.18.0.1").status_code == 429
    assert "ARCHIVE_BEHIND_PROXIES" in caplog.text


class _FullDisk(sqlite3.Connection):
    """A connection on a full disk: reads work, every write fails."""

    def _refuse(self, sql):
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "DELETE", "UPDATE", "BEGIN", "REPLACE"):
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql, *args):
        self._refuse(sql)
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        self._refuse(sql)
        return super().executemany(sql, *args)


@pytest.mark.parametrize("password", [PASSWORD, "wrong password"])
def test_a_full_disk_refuses_the_sign_in_with_503_and_checks_no_password(app, monkeypatch, password):
    client = app.test_client()
    token = csrf_from(client)
    checks = _count_password_checks(monkeypatch, delay=0)
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **kw: real_connect(*a, **kw, factory=_FullDisk))
    response = client.post("/login", data={"username": "archivist", "password": password, "csrf_token": token})
    assert response.status_code == 503
    assert "accounts database" in response.get_data(as_text=True)
    assert checks == []
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    assert client.get("/api/search").get_json()["scope"] == "public"


def test_an_unreadable_accounts_database_answers_503(app, monkeypatch):
    client = app.test_client()
    token = csrf_from(client)

    def broken(*a, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sqlite3, "connect", broken)
    response = client.post("/login", data={"username": "archivist", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 503

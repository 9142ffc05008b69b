"""Archivist accounts in a local SQLite file: hashed passwords, sign-in throttling, session epochs
(and the audit log, `webapp.audit`, whose table the same schema creates in every existing file).

Passwords are stored only as werkzeug.security hashes (scrypt, salted). The
attempt log lives in the same file so that every gunicorn worker sees it, and
so does each account's session epoch: a random value every session cookie of
that account carries and every request compares. Sign-out, a password change
and removing the account replace (or delete) it, so every session of the
account ends at once, copies of its cookie included; a cookie alone, being
only signed, could not be taken back.

A sign-in attempt first reserves its place in the log, in one write
transaction (`BEGIN IMMEDIATE`) that counts and inserts under SQLite's lock,
and only then is the password checked: however many attempts arrive at once,
no more passwords are checked than the limit allows. A right password takes
its reservation back. Anything the file cannot do (disk full, locked,
unreadable) raises `StorageError`, and the sign-in is refused, never let
through uncounted.
"""
from __future__ import annotations

import os
import re
import secrets
import sqlite3
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

#: Failed sign-ins allowed per user name and address in the window, then 429.
MAX_FAILURES = 5
#: Failed sign-ins allowed per address, whatever the user names, in the window.
MAX_FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
#: Checked when the user does not exist, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
                                  created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures(key, at);
CREATE TABLE IF NOT EXISTS session_epochs (username TEXT PRIMARY KEY, epoch TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,
                                  action TEXT NOT NULL, doc TEXT, detail TEXT, via TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class StorageError(Exception):
    """The accounts database cannot be read or written (disk full, locked, missing directory)."""


@contextmanager
def _open(db, write: bool = False):
    """A connection; with `write`, inside one `BEGIN IMMEDIATE` transaction, committed at the end.

    Every SQLite or file-system error becomes `StorageError`, so callers refuse
    rather than carry on without the record.
    """
    try:
        path = Path(db)
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as conn:
            conn.executescript(_SCHEMA)
            if new:
                try:
                    os.chmod(path, 0o600)   # password hashes: readable by the archive's own user only
                except OSError:
                    pass
            if not write:
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.execute("COMMIT")
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(f"accounts database {db}: {exc}") from exc


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"a password has at most {MAX_PASSWORD} characters")


def _new_epoch(conn, username: str) -> str:
    """Give the account a new session epoch: every session signed in under the old one ends."""
    epoch = secrets.token_urlsafe(16)
    conn.execute("INSERT OR REPLACE INTO session_epochs VALUES (?, ?)", (username, epoch))
    return epoch


def _current_epoch(conn, username: str) -> str:
    """The epoch a new session is signed in under (an account from before epochs gets one now)."""
    row = conn.execute("SELECT epoch FROM session_epochs WHERE username = ?", (username,)).fetchone()
    return row[0] if row else _new_epoch(conn, username)


def add_user(db, username: str, password: str) -> None:
    """Create an account; refuses a taken name, a malformed name or a short password."""
    if not _USERNAME.match(username or ""):
        raise ValueError("a user name is 2-64 lowercase letters, digits, '.', '_' or '-'")
    _check_new_password(password)
    with _open(db, write=True) as conn:
        try:
            conn.execute("INSERT INTO users VALUES (?, ?, ?)",
                         (username, generate_password_hash(password), time.time()))
        except sqlite3.IntegrityError:
            raise ValueError(f"user {username!r} already exists") from None
        _new_epoch(conn, username)


def set_password(db, username: str, password: str) -> None:
    """Change an account's password and end every session it has."""
    _check_new_password(password)
    with _open(db, write=True) as conn:
        changed = conn.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                               (generate_password_hash(password), username)).rowcount
        if not changed:
            raise ValueError(f"no user {username!r}")
        _new_epoch(conn, username)


def remove_user(db, username: str) -> None:
    """Delete an account; its sessions end at their next request."""
    with _open(db, write=True) as conn:
        if not conn.execute("DELETE FROM users WHERE username = ?", (username,)).rowcount:
            raise ValueError(f"no user {username!r}")
        conn.execute("DELETE FROM session_epochs WHERE username = ?", (username,))


def exists(db, username: str) -> bool:
    with _open(db) as conn:
        return conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone() is not None


def session_epoch(db, username: str) -> str | None:
    """The account's current session epoch; None when the account is gone."""
    with _open(db) as conn:
        row = conn.execute("SELECT e.epoch FROM users u LEFT JOIN session_epochs e USING (username) "
                           "WHERE u.username = ?", (username,)).fetchone()
    if row is None:
        return None
    return row[0] or ""   # an account from before epochs: no session matches until it signs in


def end_sessions(db, username: str) -> None:
    """Sign the account out everywhere (sign-out, password change)."""
    with _open(db, write=True) as conn:
        if conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
            _new_epoch(conn, username)


def throttle_keys(username: str, address: str) -> dict[str, int]:
    """The counters a sign-in attempt is held to, each with its limit."""
    return {f"user|{username}|{address}": MAX_FAILURES, f"addr|{address}": MAX_FAILURES_PER_ADDRESS}


def _keys(keys) -> dict[str, int]:
    return {keys: MAX_FAILURES} if isinstance(keys, str) else dict(keys)


def _over(conn, keys: dict[str, int], since: float) -> bool:
    for key, limit in keys.items():
        (n,) = conn.execute("SELECT COUNT(*) FROM failures WHERE key = ? AND at > ?", (key, since)).fetchone()
        if n >= limit:
            return True
    return False


def throttled(db, keys) -> bool:
    """True when any of the keys failed too often in the recent window."""
    with _open(db) as conn:
        return _over(conn, _keys(keys), time.time() - WINDOW_SECONDS)


@dataclass
class SignIn:
    """What became of an attempt: `throttled`, or checked (`ok`, and then the session `epoch`)."""

    throttled: bool = False
    ok: bool = False
    epoch: str | None = None


def sign_in(db, username: str, password: str, keys) -> SignIn:
    """Reserve a counted attempt, check the password, and on success take the reservation back."""
    keys = _keys(keys)
    now = time.time()
    with _open(db, write=True) as conn:
        conn.execute("DELETE FROM failures WHERE at < ?", (now - WINDOW_SECONDS,))
        if _over(conn, keys, now - WINDOW_SECONDS):
            return SignIn(throttled=True)
        reserved = [conn.execute("INSERT INTO failures VALUES (?, ?)", (key, now)).lastrowid for key in keys]
        row = conn.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
    ok = check_password_hash(row[0] if row else _DUMMY_HASH, password or "") and row is not None
    if not ok:
        return SignIn()
    with _open(db, write=True) as conn:
        conn.executemany("DELETE FROM failures WHERE rowid = ?", [(r,) for r in reserved])
        conn.executemany("DELETE FROM failures WHERE key = ?", [(k,) for k in keys if k.startswith("user|")])
        epoch = _current_epoch(conn, username)
    return SignIn(ok=True, epoch=epoch)



def verify(db, username: str, password: str, keys) -> bool:
    """Check a password under the throttle; a failure is logged against every key."""
    return sign_in(db, username, password, keys).ok

"""Archivist accounts in a local SQLite file: hashed passwords and sign-in throttling.

The attempt log lives in the same file so that every gunicorn worker sees it.
"""
from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
                                  created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures(key, at);
"""


def _connect(db: Path | str) -> sqlite3.Connection:
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, timeout=10)
    conn.executescript(_SCHEMA)
    return conn


def add_user(db, username: str, password: str) -> None:
    """Create an account; refuses a taken name, a malformed name or a short password."""
    if not _USERNAME.match(username):
        raise ValueError("a user name is 2-64 lowercase letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    with closing(_connect(db)) as conn, conn:
        try:
            conn.execute("INSERT INTO users VALUES (?, ?, ?)",
                         (username, generate_password_hash(password), time.time()))
        except sqlite3.IntegrityError:
            raise ValueError(f"user {username!r} already exists") from None


def throttled(db, key: str) -> bool:
    """True when `key` (user and address) failed too often in the recent window."""
    with closing(_connect(db)) as conn:
        (n,) = conn.execute("SELECT COUNT(*) FROM failures WHERE key = ? AND at > ?",
                            (key, time.time() - WINDOW_SECONDS)).fetchone()
    return n >= MAX_FAILURES


def verify(db, username: str, password: str, key: str) -> bool:
    """Check a password; a failure is logged against `key` for throttling."""
    with closing(_connect(db)) as conn, conn:
        row = conn.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
        ok = row is not None and check_password_hash(row[0], password)
        if ok:
            conn.execute("DELETE FROM failures WHERE key = ?", (key,))
        else:
            conn.execute("INSERT INTO failures VALUES (?, ?)", (key, time.time()))
            conn.execute("DELETE FROM failures WHERE at < ?", (time.time() - WINDOW_SECONDS,))
    return ok

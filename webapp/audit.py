"""The audit log: who signed in (or failed to), imported, added, edited, published, restricted
and withdrew what, and when.

It is a table of the accounts database rather than a file beside the index:
sign-ins are already counted in that database, so a sign-in and its record
share one store that every web worker and the `archive` command reach the
same way; SQLite serialises writers from many processes, which appends to a
shared file would not guarantee; triggers refuse every UPDATE and DELETE, so
the log is append-only in the store itself; filters are indexed queries; and
the file is readable by the archive's own user only (it names restricted
documents). A record that cannot be written raises `users.StorageError`:
a sign-in is then refused, and a command says the change was not recorded.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime, timezone

from .users import _open

#: What the log records; `imported` is for `archive import`.
ACTIONS = ("signed-in", "sign-in-failed", "signed-out", "imported", "added", "edited", "published",
           "restricted", "withdrawn")


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str             # UTC, ISO 8601 to the second
    user: str
    action: str
    doc: str | None
    detail: str | None
    via: str            # "cli", or "web" and the reader's address

    def line(self) -> str:
        parts = [self.at, self.user, self.action, self.doc or "-", self.via]
        return "  ".join(parts) + (f"  {self.detail}" if self.detail else "")


def command_user() -> str:
    """Who runs an `archive` command: ARCHIVE_USER if set, else the login name."""
    try:
        return os.environ.get("ARCHIVE_USER") or getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def record(db, action: str, user: str | None = None, doc: str | None = None, detail: str | None = None,
           via: str = "cli") -> None:
    """Append one entry (the library hook every command and page calls)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r} (expected one of {', '.join(ACTIONS)})")
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with _open(db, write=True) as conn:
        conn.execute("INSERT INTO audit (at, user, action, doc, detail, via) VALUES (?, ?, ?, ?, ?, ?)",
                     (at, user or command_user(), action, doc, detail, via))


def entries(db, since: str | None = None, user: str | None = None, doc: str | None = None,
            limit: int | None = None, newest_first: bool = False) -> list[Entry]:
    """The log, oldest first (or newest first), filtered by time (`since`, ISO), user and document."""
    where, args = [], []
    if since:
        where.append("at >= ?")
        args.append(since)
    if user:
        where.append("user = ?")
        args.append(user)
    if doc:
        where.append("doc = ?")
        args.append(doc)
    sql = "SELECT seq, at, user, action, doc, detail, via FROM audit"
    sql += (" WHERE " + " AND ".join(where)) if where else ""
    sql += " ORDER BY seq" + (" DESC" if newest_first else "")
    if limit:
        sql += f" LIMIT {int(limit)}"
    with _open(db) as conn:
        return [Entry(*row) for row in conn.execute(sql, args)]


def since_value(text: str) -> str:
    """`--since` / `?since=` as the log's time format: a date (2026-12-01) or a date and time
    (2026-12-01T14:00, taken as UTC without a zone). ValueError names what was wrong."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"since {text!r} is not a date like 2026-12-01 or 2026-12-01T14:00") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds") + "+00:00"

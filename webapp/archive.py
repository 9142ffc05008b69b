"""Which index a request may read: the public one, or the full one for archivists.

The choice is made here once; routes ask `current_archive()` and cannot reach
restricted material unless the session belongs to a signed-in archivist.
"""
from __future__ import annotations

from flask import current_app, session

from indexer.search.archive import Archive


def init_archive(app) -> None:
    index_dir = app.config["INDEX_DIR"]
    app.extensions["archive"] = {
        "public": Archive(index_dir, "public"),
        "full": Archive(index_dir, "full"),
    }
    app.context_processor(lambda: {"signed_in": signed_in()})


def signed_in() -> bool:
    return bool(session.get("user"))


def current_archive() -> Archive:
    archives = current_app.extensions["archive"]
    return archives["full"] if signed_in() else archives["public"]

"""The JSON twins of the HTML pages: same parameters, same data."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from indexer.search.answer import search_answer

from .archive import current_archive
from .searching import search_request, find_document

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    # The same function answers `archive search --json`.
    return jsonify(search_answer(current_archive(), search_request(), request.script_root))


@bp.get("/doc/<path:doc_id>")
def document(doc_id):
    doc, _req = find_document(doc_id)
    doc.pop("body_html", None)
    doc["ok"] = True
    return jsonify(doc)

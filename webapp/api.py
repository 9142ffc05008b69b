"""The JSON twins of the HTML pages: same parameters, same data."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from indexer.search.answer import search_answer
from indexer.search.archive import EXPORT_LIMIT

from .archive import current_archive, signed_in
from .exports import csv_lines, jsonl_lines
from .searching import search_request, find_document

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    # The same function answers `archive search --json`.
    return jsonify(search_answer(current_archive(), search_request(), request.script_root))


@bp.get("/search.csv")
def search_csv():
    # The table has no snippet column: its results are made without one.
    return _export(csv_lines, "text/csv; charset=utf-8", "csv", snippets=False)


@bp.get("/search.jsonl")
def search_jsonl():
    return _export(jsonl_lines, "application/x-ndjson; charset=utf-8", "jsonl")


def _export(lines, mimetype: str, extension: str, snippets: bool = True) -> Response:
    """Every result of the search (up to EXPORT_LIMIT), streamed: the parameters and the
    scope are those of /api/search; `page` and `per_page` are read but do not cut the list."""
    req = search_request()
    scope = "full" if signed_in() else "public"
    total, results = current_archive().results(req, snippets=snippets)
    response = Response(lines(results), content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="search.{extension}"'
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Export-Limit"] = str(EXPORT_LIMIT)
    response.headers["X-Archive-Scope"] = scope
    return response


@bp.get("/doc/<path:doc_id>")
def document(doc_id):
    doc, _req = find_document(doc_id)
    doc.pop("body_html", None)
    doc["ok"] = True
    return jsonify(doc)

"""The JSON twins of the HTML pages: same parameters, same data."""
from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from .archive import current_archive, signed_in
from .searching import decorate_facets, link_params, search_request, find_document

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    req = search_request()
    result = current_archive().search(req)
    decorate_facets(result, req, "api.search", api=True)
    result["ok"] = True
    result["scope"] = "full" if signed_in() else "public"
    pages = -(-result["total"] // req.per_page)
    if req.page < pages:
        result["next_url"] = url_for("api.search", **link_params(req, True, page=req.page + 1))
    return jsonify(result)


@bp.get("/doc/<path:doc_id>")
def document(doc_id):
    doc, _req = find_document(doc_id)
    doc.pop("body_html", None)
    doc["ok"] = True
    return jsonify(doc)

"""The API describing itself: /api lists its routes, /api/openapi.json is the OpenAPI
3.1 document, /help/api shows the same as a page.

The description lives in one data file, `openapi.yaml`. The bounds and closed
lists the code enforces are written into it from the code's own constants when
it is first read, so the document says what the API checks, not what someone
remembered to copy.
"""
from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml
from flask import Blueprint, jsonify, render_template

from indexer.corpus.model import DOC_TYPES, EVENT_KINDS, ROLES
from indexer.search.request import MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_RESULT_WINDOW, SORTS, YEAR_MAX, YEAR_MIN

from .i18n import LANGUAGES

SPEC_FILE = Path(__file__).with_name("openapi.yaml")

bp = Blueprint("apidoc", __name__)


def _code_values() -> dict[tuple, object]:
    """Where in the document each of the code's own limits goes."""
    params = ("components", "parameters")
    schemas = ("components", "schemas")
    values: dict[tuple, object] = {
        (*params, "per_page", "schema", "maximum"): MAX_PER_PAGE,
        (*params, "page", "schema", "maximum"): MAX_RESULT_WINDOW,
        (*params, "type", "schema", "items", "enum"): list(DOC_TYPES),
        (*params, "ui", "schema", "examples"): list(LANGUAGES),
        (*params, "sort", "schema", "enum"): list(SORTS),
        (*schemas, "SearchAnswer", "properties", "sort", "enum"): list(SORTS),
        (*schemas, "SearchAnswer", "properties", "per_page", "maximum"): MAX_PER_PAGE,
        (*schemas, "Person", "properties", "role", "enum"): list(ROLES),
        (*schemas, "Person", "properties", "events", "items", "properties", "event", "enum"): list(EVENT_KINDS),
    }
    for name in ("q", "name"):
        values[(*params, name, "schema", "maxLength")] = MAX_QUERY_CHARS
    for name in ("place", "lang", "language", "person", "subject"):
        values[(*params, name, "schema", "items", "maxLength")] = MAX_QUERY_CHARS
    return values


@functools.cache
def _document() -> dict:
    spec = yaml.safe_load(SPEC_FILE.read_text("utf-8"))
    for path, value in _code_values().items():
        node = spec
        for key in path[:-1]:
            node = node[key]   # a KeyError here: openapi.yaml lost a place the code fills
        node[path[-1]] = value
    year = spec["components"]["parameters"]["year"]
    year["description"] = year["description"].format(year_min=YEAR_MIN, year_max=YEAR_MAX)
    return spec


def openapi_document() -> dict:
    """The OpenAPI document, a copy the caller may change."""
    return copy.deepcopy(_document())


def operations(spec: dict | None = None) -> list[dict]:
    """Every operation of the document, in its order: path, method, summary, a link,
    the operation itself with its parameters' references resolved."""
    spec = spec or _document()
    shared = spec["components"]["parameters"]
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            params = [shared[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p for p in op.get("parameters", [])]
            href = path
            for p in params:
                if p["in"] == "path":
                    href = href.replace("{%s}" % p["name"], str(p.get("example", "")))
            found.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                          "href": href, "description": op.get("description", ""), "parameters": params,
                          "responses": op.get("responses", {})})
    return found


def _index():
    routes = [{k: op[k] for k in ("path", "method", "summary", "href")} for op in operations()]
    return jsonify({"ok": True, "openapi": "/api/openapi.json", "docs": "/help/api", "routes": routes})


# `/api` and `/api/` are the same list: neither redirects, both answer JSON.
bp.add_url_rule("/api", "index", _index, methods=["GET"])
bp.add_url_rule("/api/", "index_slash", _index, methods=["GET"])


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(_document())


@bp.get("/help/api")
def page():
    return render_template("api.html", operations=operations(), spec=_document())

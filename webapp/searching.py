"""What the HTML pages and the JSON API share: reading parameters, facet toggles."""
from __future__ import annotations

import re

from flask import abort, request, url_for

from werkzeug.datastructures import MultiDict

from indexer.search.facets import FACET_PARAMS
from indexer.search.request import TEXT_PARAMS, SearchRequest

from .archive import current_archive

#: Facet name → the search parameter a click on one of its values sets: the
#: facets' own, and the place tree's, which selects places.
FACET_PARAMS = {**FACET_PARAMS, "place_tree": "place"}
#: The parameters a link or redirect rebuilt from a request may carry: the
#: search's own, `language` (the documents' language on HTML pages) and `ui`
#: (the API's interface language). Any other name is dropped, because url_for
#: takes `_external`, `_scheme`, `_anchor`, `_method` and `endpoint` as orders
#: of its own: an absolute URL on the request's Host header, a 500.
LINK_PARAMS = frozenset((*TEXT_PARAMS, "page", "per_page", "sort", "language", "ui"))
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")


def search_request() -> SearchRequest:
    """The request's search parameters. On HTML pages `?lang=` picks the interface
    language, so the documents' language is `language=` there (the API takes both).
    Facet parameters may be repeated (`place=A&place=B`): every value is kept."""
    args = MultiDict(request.args)
    languages = args.getlist("language")
    if request.blueprint == "api":
        languages = args.getlist("lang") + languages
    args.setlist("lang", languages)
    return SearchRequest.from_args(args)


def known_params(args) -> dict:
    """The request parameters a rebuilt link keeps (LINK_PARAMS), as typed (a
    repeated one as the list of its values)."""
    return {k: (values if len(values) > 1 else values[0]) for k, values in args.lists() if k in LINK_PARAMS}


def link_params(req: SearchRequest, api: bool, **changes) -> dict:
    params = req.params(**changes)
    if not api and "lang" in params:
        params["language"] = params.pop("lang")
    return params


def selected_values(req: SearchRequest, param: str) -> list[tuple[str, str]]:
    """(value as asked, value as its facet shows it) for each selected value of `param`:
    place=Урумчи selects the facet's Urumqi."""
    gazetteer = current_archive().snapshot().gazetteer
    out = []
    for asked in getattr(req, param):
        shown = asked
        if param == "place" and (place := gazetteer.resolve(asked)) is not None:
            shown = place.name
        out.append((asked, shown))
    return out


def toggle_params(req: SearchRequest, param: str, value: str, api: bool, asked=()) -> dict:
    """The parameters of this search with one value of `param` added, or removed
    (with `asked`, the spellings that selected it) when selected; the others kept."""
    current = getattr(req, param)
    values = tuple(v for v in current if v not in asked) if asked else (*current, value)
    return link_params(req, api, page=1, **{param: values})


def decorate_facets(result: dict, req: SearchRequest, endpoint: str, api: bool) -> None:
    """Add `selected` and `toggle_url` to every facet value: the link adds the value
    to those selected in its facet, or removes it, and keeps every other filter."""
    for facet, values in result["facets"].items():
        param = FACET_PARAMS[facet]
        chosen = selected_values(req, param)
        for item in values:
            value = str(item["value"])
            asked = tuple(a for a, shown in chosen if shown.casefold() == value.casefold())
            item["selected"] = bool(asked)
            item["toggle_url"] = url_for(endpoint, **toggle_params(req, param, value, api, asked))


def find_document(doc_id: str) -> tuple[dict, SearchRequest]:
    """The document with this id, marked for the request's search, or 404.

    Ids are slugs looked up in the index only; anything else (paths, odd
    encodings) is simply not found.
    """
    if not _DOC_ID.match(doc_id or ""):
        abort(404)
    req = search_request()
    doc = current_archive().document(doc_id, req)
    if doc is None:
        abort(404)
    return doc, req

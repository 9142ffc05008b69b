"""What the HTML pages and the JSON API share: reading parameters, facet toggles."""
from __future__ import annotations

import re

from flask import abort, request, url_for

from indexer.search.request import TEXT_PARAMS, SearchRequest

from .archive import current_archive

#: Facet name → the search parameter a click on one of its values sets.
FACET_PARAMS = {"people": "person", "places": "place", "years": "year", "type": "type", "language": "lang",
                "place_tree": "place", "subjects": "subject"}
#: The parameters a link or redirect rebuilt from a request may carry: the
#: search's own, `language` (the documents' language on HTML pages) and `ui`
#: (the API's interface language). Any other name is dropped, because url_for
#: takes `_external`, `_scheme`, `_anchor`, `_method` and `endpoint` as orders
#: of its own: an absolute URL on the request's Host header, a 500.
LINK_PARAMS = frozenset((*TEXT_PARAMS, "page", "per_page", "language", "ui"))
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")


def search_request() -> SearchRequest:
    """The request's search parameters. On HTML pages `?lang=` picks the interface
    language, so the documents' language is `language=` there (the API takes both)."""
    args = request.args.to_dict()
    if request.blueprint == "api":
        args["lang"] = args.get("lang") or args.get("language", "")
    else:
        args["lang"] = args.get("language", "")
    return SearchRequest.from_args(args)


def known_params(args) -> dict:
    """The request parameters a rebuilt link keeps (LINK_PARAMS), as typed."""
    return {k: v for k, v in args.items() if k in LINK_PARAMS}


def link_params(req: SearchRequest, api: bool, **changes) -> dict:
    params = req.params(**changes)
    if not api and "lang" in params:
        params["language"] = params.pop("lang")
    return params


def decorate_facets(result: dict, req: SearchRequest, endpoint: str, api: bool) -> None:
    """Add `selected` and `toggle_url` to every facet value (adds or removes it)."""
    gazetteer = current_archive().snapshot().gazetteer
    for facet, values in result["facets"].items():
        param = FACET_PARAMS[facet]
        current = str(getattr(req, param))
        if param == "place" and (place := gazetteer.resolve(current)) is not None:
            current = place.name  # place=Урумчи selects the Urumqi value
        for item in values:
            value = str(item["value"])
            selected = current.casefold() == value.casefold()
            item["selected"] = selected
            item["toggle_url"] = url_for(endpoint, **link_params(req, api, page=1, **{param: "" if selected else value}))


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

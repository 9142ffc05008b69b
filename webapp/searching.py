"""What the HTML pages and the JSON API share: reading parameters, facet toggles."""
from __future__ import annotations

import re

from flask import abort, request, url_for

from indexer.search import answer
from indexer.search.request import TEXT_PARAMS, SearchRequest

from .archive import current_archive

FACET_PARAMS = answer.FACET_PARAMS
#: The parameters a link or redirect rebuilt from a request may carry: the
#: search's own, `language` (the documents' language on HTML pages) and `ui`
#: (the API's interface language). Any other name is dropped, because url_for
#: takes `_external`, `_scheme`, `_anchor`, `_method` and `endpoint` as orders
#: of its own: an absolute URL on the request's Host header, a 500.
LINK_PARAMS = frozenset((*TEXT_PARAMS, "page", "per_page", "sort", "correct", "language", "ui"))
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")


def search_request() -> SearchRequest:
    """The request's search parameters, validated as the command line's are
    (indexer.search.answer). On HTML pages `?lang=` picks the interface
    language, so the documents' language is `language=` there (the API takes
    both). Facet parameters may be repeated (`place=A&place=B`): every value is kept."""
    lists = dict(request.args.lists())
    api = request.blueprint == "api"
    written = "lang" if api and any(lists.get("lang", [])) else "language"
    # On a page `lang` is the interface language; on the API it is a documents' language too.
    values = (lists.pop("lang", []) if api else []) + lists.pop("language", [])
    lists.pop("lang", None)
    lists["lang"] = values
    return answer.read_request(lists.items(), current_archive(), written)


def known_params(args) -> dict:
    """The request parameters a rebuilt link keeps (LINK_PARAMS), as typed (a
    repeated one as the list of its values)."""
    return {k: (values if len(values) > 1 else values[0]) for k, values in args.lists() if k in LINK_PARAMS}


def link_params(req: SearchRequest, api: bool, **changes) -> dict:
    params = req.params(**changes)
    if not api and "lang" in params:
        params["language"] = params.pop("lang")
    return params


def page_link(req: SearchRequest, endpoint: str = "views.search"):
    """`link(**changes)`: the address of the request with some parameters changed."""
    return lambda **changes: url_for(endpoint, **link_params(req, endpoint.startswith("api."), **changes))


def decorate_facets(result: dict, req: SearchRequest, endpoint: str, api: bool) -> None:
    """Add `selected` and `toggle_url` to every facet value (adds or removes it)."""
    answer.decorate_facets(result, req, current_archive().snapshot().gazetteer, page_link(req, endpoint))


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

"""The JSON answer of a search, built by one function for the API and the command line.

`archive search --json` prints what `/api/search` answers for the same
parameters: both read them with `read_request` and answer with
`search_answer`, which adds to the archive's result what a client needs to
move on: the number of `pages`, `prev_url` and `next_url` (null when there
is none), each facet value's `selected` and `toggle_url`, the `scope`.
"""
from __future__ import annotations

from urllib.parse import urlencode

from .errors import QueryError
from .request import SearchRequest, check_single

API_SEARCH = "/api/search"
#: Facet name → the search parameter a click on one of its values sets.
FACET_PARAMS = {"people": "person", "places": "place", "years": "year", "type": "type", "language": "lang"}


def api_link(params: dict, root: str = "") -> str:
    """The API address of a search, encoded as Flask's url_for encodes it."""
    items = [(k, str(v)) for k, v in params.items() if v is not None]
    return root + API_SEARCH + ("?" + urlencode(items, safe="!$'()*,/:;?@") if items else "")


def read_request(lists, archive, lang_param: str = "lang") -> SearchRequest:
    """A validated request from (name, [values]) pairs, as a query string gives them.

    `lang_param` is the name the documents' language was given under, so an
    error names what the person wrote (`language` on the HTML pages).
    """
    lists = list(lists)
    check_single(lists)
    args = {name: values[0] for name, values in lists if values}
    try:
        return SearchRequest.from_args(args, languages=archive.languages())
    except QueryError as exc:
        if exc.param == "lang" and lang_param != "lang":
            raise exc.written_as(lang_param) from None
        raise


def pages_of(result: dict, req: SearchRequest) -> int:
    return -(-result["total"] // req.per_page)


def decorate_facets(result: dict, req: SearchRequest, gazetteer, link) -> None:
    """Add `selected` and `toggle_url` to every facet value (adds or removes it);
    `link(**changes)` is the address of the request with those parameters changed."""
    for facet, values in result["facets"].items():
        param = FACET_PARAMS[facet]
        current = str(getattr(req, param))
        if param == "place" and (place := gazetteer.resolve(current)) is not None:
            current = place.name  # place=Урумчи selects the Urumqi value
        for item in values:
            value = str(item["value"])
            selected = current.casefold() == value.casefold()
            item["selected"] = selected
            item["toggle_url"] = link(page=1, **{param: "" if selected else value})


def page_links(result: dict, req: SearchRequest, link) -> dict:
    """`pages`, `prev_url` and `next_url` of an answer. Past the last page the
    answer is an honest empty page whose `prev_url` is the last page."""
    pages = pages_of(result, req)
    prev_page = min(req.page - 1, max(pages, 1)) if req.page > 1 else None
    return {
        "pages": pages,
        "prev_url": link(page=prev_page) if prev_page else None,
        "next_url": link(page=req.page + 1) if req.page < pages else None,
    }


def search_answer(archive, req: SearchRequest, root: str = "") -> dict:
    """What /api/search answers for a request over one archive scope."""
    result = archive.search(req)
    link = lambda **changes: api_link(req.params(**changes), root)  # noqa: E731
    decorate_facets(result, req, archive.snapshot().gazetteer, link)
    result["ok"] = True
    result["scope"] = archive.scope
    result.update(page_links(result, req, link))
    return result

"""The JSON answer of a search, built by one function for the API and the command line.

`archive search --json` prints what `/api/search` answers for the same
parameters: both read them with `read_request` and answer with
`search_answer`, which adds to the archive's result what a client needs to
move on: the number of `pages`, `prev_url` and `next_url` (null when there
is none), each facet value's `selected` and `toggle_url`, the `scope`.
"""
from __future__ import annotations

from dataclasses import fields
from urllib.parse import quote_plus, urlencode

from .errors import QueryError
from .facets import FACET_PARAMS as _FACET_PARAMS
from .request import MULTI_PARAMS, SearchRequest, check_single

API_SEARCH = "/api/search"
#: Facet name → the search parameter a click on one of its values sets: the
#: facets' own, and the place tree's, which selects places.
FACET_PARAMS = {**_FACET_PARAMS, "place_tree": "place"}


_SAFE = "!$'()*,/:;?@"
_DEFAULTS = {"page": 1, "per_page": 20, "sort": "relevance", "correct": 1}


def api_link(params: dict, root: str = "") -> str:
    """The API address of a search, encoded as Flask's url_for encodes it."""
    items = [(k, str(one)) for k, v in params.items() if v is not None
             for one in (v if isinstance(v, (list, tuple)) else [v])]
    return root + API_SEARCH + ("?" + urlencode(items, safe=_SAFE) if items else "")


def _encoded(name: str, value) -> str:
    """One parameter's part of a query string, as `api_link` encodes it ("" when it has none)."""
    if isinstance(value, str) and name in MULTI_PARAMS:
        value = (value,) if value else ()
    if value in ("", None, ()) or _DEFAULTS.get(name) == value:
        return ""
    key = quote_plus(name, _SAFE)
    return "&".join(f"{key}={quote_plus(str(one), _SAFE)}"
                    for one in (value if isinstance(value, (list, tuple)) else [value]))


class ApiLinks:
    """`link(**changes)`: `api_link(req.params(**changes), root)`, the same address, with the
    unchanged parameters encoded once: a page of facets asks for some two hundred links
    that each change one parameter, which encoding the whole request for each made a
    fifth of the page's time."""

    def __init__(self, req: SearchRequest, root: str = ""):
        self.prefix = root + API_SEARCH
        self.names = [f.name for f in fields(req)]
        self.parts = {name: _encoded(name, getattr(req, name)) for name in self.names}
        self._plans: dict[tuple, list] = {}

    def _plan(self, changed: tuple) -> list:
        """The query string's pieces for these changed parameters: the encoded text of each run
        of unchanged ones, and the name of each changed one, in the parameters' order."""
        plan, run = [], []
        for name in [*self.names, *(c for c in changed if c not in self.parts)]:
            if name in changed:
                if run:
                    plan.append((None, "&".join(run)))
                    run = []
                plan.append((name, None))
            elif self.parts.get(name):
                run.append(self.parts[name])
        if run:
            plan.append((None, "&".join(run)))
        return plan

    def __call__(self, **changes) -> str:
        key = tuple(changes)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._plan(key)
        query = "&".join(p for p in (text if name is None else _encoded(name, changes[name])
                                     for name, text in plan) if p)
        return self.prefix + ("?" + query if query else "")


def read_request(lists, archive, lang_param: str = "lang") -> SearchRequest:
    """A validated request from (name, [values]) pairs, as a query string gives them.

    `lang_param` is the name the documents' language was given under, so an
    error names what the person wrote (`language` on the HTML pages).
    """
    lists = list(lists)
    check_single(lists)
    args = {name: values for name, values in lists if values}
    try:
        return SearchRequest.from_args(args, languages=archive.languages())
    except QueryError as exc:
        if exc.param == "lang" and lang_param != "lang":
            raise exc.written_as(lang_param) from None
        raise


def pages_of(result: dict, req: SearchRequest) -> int:
    return -(-result["total"] // req.per_page)


def selected_values(req: SearchRequest, param: str, gazetteer) -> list[tuple[str, str]]:
    """(value as asked, value as its facet shows it) for each selected value of `param`:
    place=Урумчи selects the facet's Urumqi."""
    out = []
    for asked in getattr(req, param):
        shown = asked
        if param == "place" and (place := gazetteer.resolve(asked)) is not None:
            shown = place.name
        out.append((asked, shown))
    return out


def decorate_facets(result: dict, req: SearchRequest, gazetteer, link) -> None:
    """Add `selected` and `toggle_url` to every facet value: the link adds the value to
    those selected in its facet, or removes it, and keeps every other filter;
    `link(**changes)` is the address of the request with those parameters changed."""
    for facet, values in result["facets"].items():
        param = FACET_PARAMS[facet]
        chosen = selected_values(req, param, gazetteer)
        current = getattr(req, param)
        for item in values:
            value = str(item["value"])
            asked = tuple(a for a, shown in chosen if shown.casefold() == value.casefold())
            item["selected"] = bool(asked)
            kept = tuple(v for v in current if v not in asked) if asked else (*current, value)
            item["toggle_url"] = link(page=1, **{param: kept})


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
    link = ApiLinks(req, root)
    decorate_facets(result, req, archive.snapshot().gazetteer, link)
    result["ok"] = True
    result["scope"] = archive.scope
    result.update(page_links(result, req, link))
    return result

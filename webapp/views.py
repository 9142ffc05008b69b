"""The HTML pages: search with facets, and one document."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

from .archive import current_archive
from indexer.search.answer import page_links, pages_of

from .searching import decorate_facets, link_params, page_link, search_request, find_document
from .placemap import place_map_svg
from .timeline import timeline_svg, year_range_redirect, years_without_year_filter

bp = Blueprint("views", __name__)


@bp.get("/")
def search():
    moved = year_range_redirect("views.search")  # the no-script year-range form
    if moved is not None:
        return moved
    req = search_request()
    result = current_archive().search(req)
    decorate_facets(result, req, "views.search", api=False)
    pages = pages_of(result, req)
    links = page_links(result, req, page_link(req))
    years = years_without_year_filter(current_archive(), req, result)
    year_url = lambda y: url_for("views.search", **link_params(req, False, page=1, year=y))  # noqa: E731
    return render_template(
        "search.html", req=req, result=result, pages=pages, links=links,
        json_url=url_for("api.search", **link_params(req, True)),
        instead_url=page_link(req)(page=1, correct=0),
        page_url=lambda n: url_for("views.search", **link_params(req, False, page=n)),
        remove_url=lambda param, value=None: url_for("views.search", **link_params(
            req, False, page=1, **{param: _without(req, param, value)})),
        timeline=timeline_svg(years, req, year_url), timeline_years=years, year_url=year_url,
        place_map=place_map_svg(result["facets"]["places"], current_archive().snapshot().gazetteer),
        link_params=link_params,
    )


def _without(req, param: str, value):
    """The values of `param` once `value` is removed (every value, for None)."""
    current = getattr(req, param)
    if value is None or isinstance(current, str):
        return ""
    return tuple(v for v in current if v != value)


@bp.get("/doc/<path:doc_id>")
def document(doc_id):
    doc, req = find_document(doc_id)
    back = url_for("views.search", **link_params(req, False)) if req.params() else None
    return render_template("doc.html", doc=doc, req=req, back=back,
                           json_url=url_for("api.document", doc_id=doc["id"], **link_params(req, True)))

"""Error answers: JSON on the API, a page elsewhere, never a traceback."""
from __future__ import annotations

from flask import jsonify, render_template, request
from markupsafe import escape
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from indexer.search.errors import QueryError
from indexer.index.store import NoIndex


def _wants_json() -> bool:
    """Every address under /api answers JSON, /api itself and unknown ones included."""
    return request.path == "/api" or request.path.startswith("/api/")


def error_response(status: int, message: str, headers=None):
    if _wants_json():
        response = jsonify({"ok": False, "error": message, "status": status})
        response.status_code = status
        response.headers.extend(headers or {})
        return response
    try:
        return render_template("error.html", status=status, message=message), status, headers or {}
    except Exception:  # the error page itself failed: a plain page, still no traceback
        return (f"<!doctype html><title>{status}</title><h1 role=\"alert\">{escape(message)}</h1>",
                status, {"Content-Type": "text/html; charset=utf-8"})


def init_errors(app) -> None:
    @app.errorhandler(QueryError)
    def query_error(exc: QueryError):
        return error_response(400, exc.render(_))

    @app.errorhandler(NoIndex)
    def no_index(exc):
        return error_response(503, _("The archive's index is not built yet."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            400: _("The request could not be understood."),
            404: _("Nothing was found at this address."),
            405: _("This address does not accept that method."),
            413: _("The request is too large."),
            429: _("Too many requests. Try again later."),
        }
        if exc.code == 400 and exc.description == "csrf":
            return error_response(400, _("The form expired. Reload the page and try again."))
        # A 405 keeps its Allow header: the methods the address does accept.
        methods = getattr(exc, "valid_methods", None)
        allowed = {"Allow": ", ".join(methods)} if methods else None
        return error_response(exc.code or 500, messages.get(exc.code, _("Something went wrong.")), allowed)

    @app.errorhandler(Exception)
    def unexpected(exc):
        app.logger.exception("unexpected error on %s", request.path)
        return error_response(500, _("Something went wrong on our side. The archive is unchanged."))

"""Response headers and CSRF protection for every state-changing form."""
from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
#: Endpoints a POST reaches without a form token: they change nothing and answer
#: every caller alike (OAI-PMH harvesters may POST their requests; /oai reads the
#: public scope whoever is signed in), so a forged request gains nothing.
CSRF_EXEMPT = frozenset({"oai.endpoint"})


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_valid(sent) -> bool:
    """Constant-time comparison with the session's token; any odd input is simply wrong."""
    expected = session.get("csrf")
    if not isinstance(sent, str) or not sent or not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))


def init_security(app) -> None:
    # `/doc//etc/passwd` stays one path (and is not found) instead of being redirected.
    app.url_map.merge_slashes = False

    @app.before_request
    def check_csrf():
        # An address that does not take the method (or does not exist) answers
        # 405 (or 404) as it is, rather than "the form expired".
        if request.routing_exception is not None:
            return
        if request.method in STATE_CHANGING and request.endpoint not in CSRF_EXEMPT:
            if not csrf_valid(request.form.get("csrf_token")):
                abort(400, description="csrf")

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.path.startswith(("/api/", "/doc/", "/login")) or "user" in session:
            response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Cookie")
        return response

    app.jinja_env.globals["csrf_token"] = csrf_token

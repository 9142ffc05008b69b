"""Signing archivists in and out.

A signed-in session names the archivist and when they signed in. It ends on
sign-out (a POST with the CSRF token), after `ARCHIVIST_SESSION_HOURS`, or as
soon as the account is gone from the accounts database. Failed sign-ins are
counted per user name and address, and per address, in the accounts database
so that every worker sees them; past the limit the answer is 429.
"""
from __future__ import annotations

import os
import time

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from . import users

bp = Blueprint("auth", __name__)

MAX_USERNAME = 64
MAX_PASSWORD = 1024
DEFAULT_SESSION_HOURS = 12


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and len(target) <= 2000):
        return target
    return url_for("views.search")


def client_address() -> str:
    """The reader's address; behind `BEHIND_PROXIES` trusted proxies, the one they saw."""
    try:
        hops = int(current_app.config.get("BEHIND_PROXIES") or os.environ.get("ARCHIVE_BEHIND_PROXIES") or 0)
    except ValueError:
        hops = 0
    if hops > 0:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return request.remote_addr or "?"


def _session_hours() -> float:
    return float(current_app.config.get("ARCHIVIST_SESSION_HOURS") or DEFAULT_SESSION_HOURS)


@bp.before_app_request
def check_session():
    """Forget a sign-in that has expired or whose account no longer exists."""
    user = session.get("user")
    if not user:
        return
    started = session.get("since")
    fresh = isinstance(started, (int, float)) and 0 <= time.time() - started <= _session_hours() * 3600
    if not fresh or not users.exists(current_app.config["USERS_DB"], user):
        session.clear()


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = (request.form.get("username") or "").strip().lower()[:MAX_USERNAME]
        password = (request.form.get("password") or "")[:MAX_PASSWORD]
        db = current_app.config["USERS_DB"]
        address = client_address()
        keys = users.throttle_keys(username, address)
        if users.throttled(db, keys):
            error = _("Too many failed attempts. Try again in 15 minutes.")
            response = current_app.make_response((render_template("login.html", error=error), 429))
            response.headers["Retry-After"] = str(users.WINDOW_SECONDS)
            return response
        if users.verify(db, username, password, keys):
            session.clear()
            session["user"] = username
            session["since"] = time.time()
            session.permanent = False
            return redirect(_safe_next(request.args.get("next")))
        error = _("Wrong user name or password.")
        return render_template("login.html", error=error), 401
    return render_template("login.html", error=None)


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("views.search"))

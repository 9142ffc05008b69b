"""Signing archivists in and out.

A signed-in session names the archivist, when they signed in and the
account's session epoch. It ends after `ARCHIVIST_SESSION_HOURS`, and, for
every session of the account at once, on sign-out (a POST with the CSRF
token), a password change or the account's removal: each request compares
the epoch with the accounts database's. Failed sign-ins are
counted per user name and address, and per address, in the accounts database
so that every worker sees them; past the limit the answer is 429. The limits
hold the address that failed, never the account elsewhere: so the reader's
address behind a local proxy is the one the proxy saw (see `client_address`).
When the accounts database cannot be written, sign-in answers 503.
"""
from __future__ import annotations

import hmac
import os
import time

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from . import audit, users
from .errors import error_response

bp = Blueprint("auth", __name__)

MAX_USERNAME = 64
MAX_PASSWORD = 1024
DEFAULT_SESSION_HOURS = 12


@bp.app_errorhandler(users.StorageError)
def storage_error(exc):
    """Fail closed: no sign-in, and no session honoured, that the accounts database cannot record."""
    current_app.logger.error("%s", exc)
    return error_response(503, _("The accounts database cannot be read or written (is the disk full?). "
                                 "Signing in is refused until it can; public search still works."))


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and len(target) <= 2000):
        return target
    return url_for("views.search")


def _trusted_proxies() -> set[str]:
    value = current_app.config.get("TRUSTED_PROXIES") or os.environ.get("ARCHIVE_TRUSTED_PROXIES") or "127.0.0.1,::1"
    return {a.strip() for a in value.split(",") if a.strip()}


def client_address() -> str:
    """The reader's address, which the sign-in limits hold.

    Behind `BEHIND_PROXIES` proxies, the address the outermost one saw. With the
    default of 0, a request from a trusted proxy (`ARCHIVE_TRUSTED_PROXIES`,
    the loopback by default: gunicorn listens there behind nginx) is taken at
    its proxy's word for one hop, so that one attacker's failures do not hold
    every reader back as if they all were the proxy. `X-Forwarded-For` from
    anyone else is ignored (it is forged as easily as typed), with a warning
    in the log, once per worker, that `ARCHIVE_BEHIND_PROXIES` may be missing.
    """
    try:
        hops = int(current_app.config.get("BEHIND_PROXIES") or os.environ.get("ARCHIVE_BEHIND_PROXIES") or 0)
    except ValueError:
        hops = 0
    peer = request.remote_addr or "?"
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
    if hops <= 0 and forwarded:
        trusted = _trusted_proxies()
        if peer in trusted or "*" in trusted:
            hops = 1
        elif not current_app.extensions.get("auth.warned_forwarding"):
            current_app.extensions["auth.warned_forwarding"] = True
            current_app.logger.warning(
                "sign-in from %s carries X-Forwarded-For, but neither ARCHIVE_BEHIND_PROXIES nor "
                "ARCHIVE_TRUSTED_PROXIES names it as a proxy: every reader behind it shares one "
                "sign-in limit (docs/deployment.md, Archivist accounts)", peer)
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops][:64]
    return peer


def web_via() -> str:
    """Where a browser action came from, for the audit log."""
    return f"web {client_address()}"


def _session_hours() -> float:
    return float(current_app.config.get("ARCHIVIST_SESSION_HOURS") or DEFAULT_SESSION_HOURS)


@bp.before_app_request
def check_session():
    """Forget a sign-in that has expired, whose account is gone or whose session epoch has moved on."""
    user = session.get("user")
    if not user:
        return
    started = session.get("since")
    fresh = isinstance(started, (int, float)) and 0 <= time.time() - started <= _session_hours() * 3600
    if not fresh:
        session.clear()
        return
    current = users.session_epoch(current_app.config["USERS_DB"], user)
    held = session.get("epoch")
    if not current or not isinstance(held, str) or not hmac.compare_digest(current, held):
        session.clear()


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = (request.form.get("username") or "").strip().lower()[:MAX_USERNAME]
        password = (request.form.get("password") or "")[:MAX_PASSWORD]
        db = current_app.config["USERS_DB"]
        address = client_address()
        attempt = users.sign_in(db, username, password, users.throttle_keys(username, address))
        if attempt.throttled:
            error = _("Too many failed attempts. Try again in 15 minutes.")
            response = current_app.make_response((render_template("login.html", error=error), 429))
            response.headers["Retry-After"] = str(users.WINDOW_SECONDS)
            return response
        if attempt.ok:
            # Recorded first: a sign-in the audit log cannot hold is refused (503).
            audit.record(db, "signed-in", username, via=web_via())
            session.clear()
            session["user"] = username
            session["since"] = time.time()
            session["epoch"] = attempt.epoch
            session.permanent = False
            return redirect(_safe_next(request.args.get("next")))
        # A name that is no account is not written down: it may be a password typed in the wrong box.
        audit.record(db, "sign-in-failed", username if users.exists(db, username) else "(no such account)",
                     via=web_via())
        error = _("Wrong user name or password.")
        return render_template("login.html", error=error), 401
    return render_template("login.html", error=None)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out here and in every other session of the account (other browsers, copied cookies)."""
    user = session.get("user")
    session.clear()
    if user:
        try:
            users.end_sessions(current_app.config["USERS_DB"], user)
            audit.record(current_app.config["USERS_DB"], "signed-out", user, via=web_via())
        except users.StorageError as exc:
            current_app.logger.error("%s", exc)
            return error_response(503, _("You are signed out in this browser, but your other sessions could "
                                         "not be ended: the accounts database cannot be written. Try again."))
    return redirect(url_for("views.search"))

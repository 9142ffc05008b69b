"""Signing archivists in and out."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from . import users

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("views.search")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        username = (request.form.get("username") or "").strip().lower()[:64]
        password = request.form.get("password") or ""
        db = current_app.config["USERS_DB"]
        key = f"{username}|{request.remote_addr}"
        if users.throttled(db, key):
            error = _("Too many failed attempts. Try again in 15 minutes.")
            return render_template("login.html", error=error), 429
        if users.verify(db, username, password, key):
            session.clear()
            session["user"] = username
            session.permanent = False
            return redirect(_safe_next(request.args.get("next")))
        error = _("Wrong user name or password.")
        return render_template("login.html", error=error), 401
    return render_template("login.html", error=error)


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("views.search"))

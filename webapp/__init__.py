"""The archive's web app: `create_app(config)` builds it, configuration passed in."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from .api import bp as api_bp
from .apidoc import bp as apidoc_bp
from .archive import init_archive
from .auth import bp as auth_bp
from .editing import bp as editing_bp
from .errors import init_errors
from .i18n import init_i18n
from .oai import bp as oai_bp
from .security import init_security
from .upload import bp as upload_bp
from .views import bp as views_bp


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `INDEX_DIR` names the index directory to serve.

    Nothing is read from globals: tests and deployments pass what they need.
    """
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("ARCHIVE_INDEX", "instance/index"),
        USERS_DB=os.environ.get("ARCHIVE_USERS_DB"),
        # The corpus the browser's document form writes (default: the one the index was built from).
        CORPUS_DIR=os.environ.get("ARCHIVE_CORPUS"),
        SECRET_KEY=os.environ.get("ARCHIVE_SECRET_KEY") or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("ARCHIVE_INSECURE_COOKIES") != "1",
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=64 * 1024,
        # What OAI-PMH harvesters are told (webapp/oai.py): the public address of the site,
        # the repository's domain-like name in record identifiers, and whom to write to.
        SITE_URL=os.environ.get("ARCHIVE_SITE_URL"),
        OAI_REPOSITORY_IDENTIFIER=os.environ.get("ARCHIVE_OAI_REPOSITORY", "archive.local"),
        OAI_REPOSITORY_NAME=os.environ.get("ARCHIVE_NAME", "Testimony archive"),
        OAI_ADMIN_EMAIL=os.environ.get("ARCHIVE_ADMIN_EMAIL", "archivist@archive.local"),
    )
    if config:
        app.config.update(config)
    if not app.config["USERS_DB"]:
        app.config["USERS_DB"] = str(Path(app.config["INDEX_DIR"]).parent / "users.sqlite3")
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    init_archive(app)
    init_i18n(app)
    init_security(app)
    app.register_blueprint(views_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(apidoc_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(editing_bp)
    app.register_blueprint(upload_bp)
    app.register_blueprint(oai_bp)
    init_errors(app)
    return app

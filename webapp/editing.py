"""Review and edit in the browser, for signed-in archivists: drafts, the document form, the audit log.

The corpus file stays the source of truth. Saving writes the file
atomically (the text it replaces kept under `.versions/`) and then indexes
it with `add_documents`, exactly as `archive add` does, into a new
snapshot; if the checks fail nothing is written, and if the indexing fails
the file gets its previous text back, so file and index never disagree.
Withdrawing is `archive remove`. Every change is recorded in the audit log.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _

from indexer.corpus.files import write_text
from indexer.corpus.frontmatter import form_data, representable, split
from indexer.corpus.listing import file_of, listing
from indexer.corpus.reader import start_load
from indexer.index import store
from indexer.index.build import CorpusHasErrors, add_documents
from indexer.index.withdraw import UnknownDocuments, remove_documents

from . import audit
from .archive import signed_in
from .auth import web_via
from .document_form import check, from_form, previews, with_blank_rows
from .errors import error_response
from .searching import _DOC_ID

bp = Blueprint("editing", __name__, url_prefix="/archivist")

#: Seconds a browser action waits for another indexer (an `archive add`, say) to finish.
LOCK_WAIT = 20.0
#: A document form may post a whole document (corpus files are at most 5 MB).
MAX_FORM_BYTES = 6 * 1024 * 1024
ACTIONS = ("check", "save", "publish", "restrict", "withdraw")


def archivists_only(view):
    """Signed-in archivists only; anyone else is sent to sign in (and sees nothing of the page)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not signed_in():
            if request.method != "GET":
                abort(403)
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


@bp.url_value_preprocessor
def larger_forms(_endpoint, _values):
    """A whole document may be posted here; set before any before_request reads the form (CSRF)."""
    request.max_content_length = MAX_FORM_BYTES
    request.max_form_memory_size = MAX_FORM_BYTES


def _index_dir() -> Path:
    return Path(current_app.config["INDEX_DIR"])


def _manifest() -> dict:
    try:
        return store.read_manifest(store.snapshot_path(_index_dir()))
    except (store.NoIndex, OSError, ValueError):
        return {"documents": {}}


def corpus_dir() -> Path:
    """CORPUS_DIR (ARCHIVE_CORPUS), else the corpus the live index was built from."""
    configured = current_app.config.get("CORPUS_DIR") or os.environ.get("ARCHIVE_CORPUS")
    path = Path(configured or _manifest().get("corpus") or "corpus")
    if not (path / "places.yaml").is_file():
        current_app.logger.error("the corpus %s has no places.yaml: set ARCHIVE_CORPUS", path)
        abort(503)
    return path


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _find(doc_id: str) -> Path:
    """The file of a document: the index's record of it, else the corpus file carrying the id."""
    if not _DOC_ID.match(doc_id or ""):
        abort(404)
    corpus = corpus_dir()
    entry = _manifest()["documents"].get(doc_id) or {}
    path = Path(entry["path"]) if entry.get("path") else None
    if path is None or not path.is_file() or (split(path.read_text("utf-8"))[0] or {}).get("id") != doc_id:
        path = file_of(corpus, doc_id)
    if path is None:
        abort(404)
    return path


def _ids_elsewhere(path: Path) -> dict[str, str]:
    """Ids other corpus files use, and those files."""
    mine = path.resolve()
    return {item.id: str(item.path) for item in listing(corpus_dir())
            if item.id and item.path.resolve() != mine}


def _hidden_parents(manifest: dict) -> set[str]:
    """Ids the public may not see as a document's `part_of`: everything but public documents."""
    public = {i for i, e in manifest["documents"].items() if e.get("public")}
    return _NotIn(public)


class _NotIn(set):
    """A set of everything except some ids (what `public_view` asks of its `restricted_ids`)."""

    def __init__(self, allowed):
        super().__init__()
        self.allowed = set(allowed)

    def __contains__(self, item):
        return item not in self.allowed


@bp.get("/drafts")
@archivists_only
def drafts():
    indexed = _manifest()["documents"]
    every = request.args.get("all") == "1"
    items = [item for item in listing(corpus_dir()) if every or item.draft or item.access != "public"]
    return render_template("drafts.html", items=items, indexed=indexed, every=every)


_GAZETTEERS: dict[tuple, object] = {}


def _gazetteer():
    """The corpus's gazetteer, read again only when places.yaml changes (it takes a second to load)."""
    corpus = corpus_dir()
    info = (corpus / "places.yaml").stat()
    key = (str(corpus.resolve()), info.st_mtime_ns, info.st_size)
    if key not in _GAZETTEERS:
        _GAZETTEERS.clear()
        _GAZETTEERS[key] = start_load(corpus)[2]
    return _GAZETTEERS[key]


def _render(path: Path, data: dict, body: str, checked, base: str, status: int = 200):
    gazetteer = _gazetteer()
    public = full = None
    if checked.document is not None:
        places = {p.name: p for p in gazetteer.places} if gazetteer else {}
        public, full = previews(checked.document, places, _hidden_parents(_manifest()))
    doc_id = request.view_args.get("doc_id")
    return render_template("edit.html", doc_id=doc_id, path=path, data=with_blank_rows(data), body=body,
                           problems=checked.problems, checked=checked, public=public, full=full, base=base,
                           full_restricted=checked.document is not None and (checked.document.restricted
                                                                             or bool(checked.document.status)),
                           indexed=doc_id in _manifest()["documents"]), status


def _check(path: Path, data: dict, body: str):
    return check(data, body, path, _gazetteer(), _ids_elsewhere(path))


@bp.get("/edit/<doc_id>")
@archivists_only
def edit(doc_id):
    path = _find(doc_id)
    text = path.read_text("utf-8")
    front, body = split(text)
    if front is None or not representable(front):
        return error_response(409, _("This file's front matter has something the form cannot hold. "
                                     "Edit %(path)s by hand and check it with `archive check`.", path=path))
    data = form_data(front)
    return _render(path, data, body, _check(path, data, body), _digest(text))


@bp.post("/edit/<doc_id>")
@archivists_only
def change(doc_id):
    path = _find(doc_id)
    action = request.form.get("action", "check")
    if action not in ACTIONS:
        abort(400)
    if action == "withdraw":
        return _withdraw(doc_id)
    data, body = from_form(request.form)
    if action == "publish":
        data["access"], data["status"] = "public", ""
    elif action == "restrict":
        data["access"] = "restricted"
    checked = _check(path, data, body)
    old = path.read_text("utf-8")
    base = request.form.get("base", "")
    if action == "check" or not checked.ok:
        return _render(path, data, body, checked, base, 200 if action == "check" else 422)
    if base != _digest(old):
        flash(_("The file was changed by someone else since you opened it. Nothing was saved; your "
                "changes are still in the form: compare them with the file and save again."), "error")
        return _render(path, data, body, checked, _digest(old), 409)
    write_text(path, checked.text, corpus_dir())
    try:
        report = add_documents([path], corpus_dir(), _index_dir(), wait=LOCK_WAIT)
    except Exception as exc:
        write_text(path, old, corpus_dir())        # the file and the index keep agreeing
        current_app.logger.error("indexing %s failed, its previous text is back: %s", path, exc)
        if isinstance(exc, CorpusHasErrors):
            for problem in exc.problems:
                checked.add("", str(problem))
        flash(_("The document could not be indexed, so the file keeps its previous text: %(error)s",
                error=_failure(exc)), "error")
        checked.document = None
        return _render(path, data, body, checked, _digest(old), 503)
    what = {"save": "edited", "publish": "published", "restrict": "restricted"}[action]
    audit.record(current_app.config["USERS_DB"], what, session["user"], checked.document.id,
                 f"{report.generation}, {path.name}", via=web_via())
    flash(_("Saved and indexed as %(generation)s.", generation=report.generation), "ok")
    return redirect(url_for("editing.edit", doc_id=checked.document.id))


def _failure(exc: Exception) -> str:
    if isinstance(exc, (store.IndexBusy, store.NoIndex, OSError, CorpusHasErrors)):
        return str(exc)
    return type(exc).__name__


def _withdraw(doc_id: str):
    try:
        report = remove_documents([doc_id], corpus_dir(), _index_dir(), wait=LOCK_WAIT)
    except UnknownDocuments:
        abort(404)
    except (store.IndexBusy, store.NoIndex, OSError, CorpusHasErrors) as exc:
        flash(_("The document could not be withdrawn; nothing was changed: %(error)s", error=_failure(exc)),
              "error")
        return redirect(url_for("editing.edit", doc_id=doc_id))
    audit.record(current_app.config["USERS_DB"], "withdrawn", session["user"], doc_id,
                 f"{report.generation or 'not indexed'}, moved to {report.moved.get(doc_id, '-')}",
                 via=web_via())
    flash(_("%(id)s was withdrawn: it is out of the index and its file is in withdrawn/.", id=doc_id), "ok")
    return redirect(url_for("editing.drafts"))


@bp.get("/log")
@archivists_only
def log():
    since = request.args.get("since", "").strip()
    error = None
    try:
        since_value = audit.since_value(since) if since else None
    except ValueError:
        since_value, error = None, _("“Since” takes a date like 2026-12-01 or a date and time like 2026-12-01T14:00.")
    found = audit.entries(current_app.config["USERS_DB"], since=since_value,
                          user=request.args.get("user", "").strip() or None,
                          doc=request.args.get("doc", "").strip() or None, limit=1000, newest_first=True)
    return render_template("audit.html", entries=found, since=since, error=error,
                           user=request.args.get("user", ""), doc=request.args.get("doc", "")), \
        (400 if error else 200)

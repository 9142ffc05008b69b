"""Importing received files in the browser: `archive import` for signed-in archivists.

The upload runs the command's own code (`indexer.importing.run.Importer`):
every file is read and drafted before anything is written, each draft is
written whole (`status: draft`, `access: restricted`, never published) and
an import that fails takes back what it wrote, so the corpus holds all of an
upload's drafts or none. The index is not touched: a draft is indexed when
an archivist saves or publishes it in the document form. Each uploaded file
is kept under its own temporary folder only while it is drafted, so two
files of one name stay apart and every message names the file as uploaded.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, session
from flask_babel import format_decimal, gettext as _

from indexer.importing.readers import READERS
from indexer.importing.run import ImportFailed, Importer
from indexer.importing.writer import DraftExists

from . import audit
from .auth import web_via
from .editing import archivists_only, corpus_dir

bp = Blueprint("upload", __name__, url_prefix="/archivist")

#: The largest file one may upload: received DOCX and PDF files carry pictures, so more than
#: a corpus file's 5 MB of text; a larger file is refused by name.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The largest upload as a whole (several files at once); beyond it the server answers 413.
MAX_REQUEST_BYTES = 100 * 1024 * 1024


@bp.url_value_preprocessor
def larger_uploads(_endpoint, _values):
    """Files are posted here; set before the CSRF check reads the form."""
    request.max_content_length = MAX_REQUEST_BYTES


def megabytes() -> str:
    """The file size limit in MB, as the reader's language writes numbers."""
    return format_decimal(round(MAX_FILE_BYTES / 2**20, 1))


def formats() -> str:
    return ", ".join(sorted(READERS))


def _name_of(upload) -> str:
    """The file's own name as the browser sent it, without any folder (never a path to follow)."""
    name = (upload.filename or "").replace("\\", "/").split("/")[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()


def _received(uploads, folder: Path) -> tuple[list[Path], list[str]]:
    """(the uploaded files saved into `folder`, one subfolder each; the errors, each naming its file)."""
    paths, errors = [], []
    for number, upload in enumerate(uploads):
        name = _name_of(upload)
        if not name or name in (".", ".."):
            errors.append(_("File %(number)d has no name: choose the file again.", number=number + 1))
            continue
        data = upload.stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            errors.append(_("%(file)s: larger than %(mb)s MB, the most one file may be.", file=name,
                            mb=megabytes()))
            continue
        target = folder / str(number) / name
        target.parent.mkdir()
        target.write_bytes(data)
        paths.append(target)
    return paths, errors


def _as_uploaded(message: str, folder: Path) -> str:
    """A message of the importer with the temporary folders left out: the file named as uploaded."""
    prefix = str(folder) + os.sep
    while prefix in message:
        start = message.index(prefix)
        end = message.find(os.sep, start + len(prefix))
        message = message[:start] + message[end + 1:] if end >= 0 else message[:start]
    return message


def _shown(drafted) -> list[dict]:
    return [{"id": d.meta["id"], "file": d.source.name, "meta": d.meta} for d in drafted]


@bp.get("/import")
@archivists_only
def form():
    return render_template("import.html", formats=formats(), limit=megabytes(), drafts=[],
                           errors=[])


@bp.post("/import")
@archivists_only
def receive():
    uploads = [u for u in request.files.getlist("files") if u.filename]
    errors, drafted = [], []
    if not uploads:
        errors.append(_("Choose at least one file to import."))
    else:
        corpus = corpus_dir()
        with tempfile.TemporaryDirectory(prefix="archive-upload-") as tmp:
            folder = Path(tmp)
            paths, errors = _received(uploads, folder)
            try:
                importer = Importer(corpus)
                planned = importer.plan(paths, corpus / "documents")
                errors += [_("%(file)s: its draft %(draft)s is already in the corpus. Nothing was imported: "
                             "rename the file and upload it again, or edit the document already there.",
                             file=d.source.name, draft=d.path.name)
                           for d in planned if d.path.exists() or d.path.is_symlink()]
                if errors:
                    raise ImportFailed([])
                importer.write(planned)
                drafted = planned
            except ImportFailed as exc:
                errors += [_as_uploaded(str(p), folder) for p in exc.problems]
            except DraftExists as exc:
                errors.append(_as_uploaded(str(exc), folder))
            except OSError as exc:
                current_app.logger.error("import failed, nothing was kept: %s", exc)
                errors.append(_("Writing the drafts failed, so none of them was kept: %(error)s",
                                error=_as_uploaded(str(exc), folder)))
    if errors:
        return render_template("import.html", formats=formats(), limit=megabytes(), drafts=[],
                               errors=errors), 422
    for d in drafted:
        audit.record(current_app.config["USERS_DB"], "imported", session["user"], d.meta["id"],
                     f"drafted {d.path.name} from {d.source.name}", via=web_via())
    return render_template("import.html", formats=formats(), limit=megabytes(),
                           drafts=_shown(drafted), errors=[])

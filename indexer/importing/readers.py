"""Reading what archivists receive into paragraphs: plain text, Markdown, HTML, DOCX, PDF.

Each reader gives {paragraphs, captions, title, published, author}; a file that
cannot be read raises `Unreadable` with a message naming it and saying why
(a damaged DOCX, a PDF without a text layer: no OCR is done).
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .html import read_html

#: Lines this short without a sentence's end are kept as lines, not joined into a paragraph.
SHORT_LINE = 90
_SENTENCE_END = re.compile(r"[.!?…:;。！？”\"»]$")


class Unreadable(ValueError):
    """A file the importer cannot read; the message names the file."""


def _paragraphs_of_text(text: str) -> list[str]:
    """Blank lines part paragraphs; wrapped lines are joined, a block of short lines stays lines."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all(len(ln) < SHORT_LINE and not _SENTENCE_END.search(ln) for ln in lines):
            out += lines
        else:
            out.append(" ".join(lines))
    return out


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise Unreadable(f"{path}: a binary file, not text (is it a DOCX or PDF with the wrong name?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Unreadable(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")


def _plain(path: Path) -> dict:
    text = _decode(path, path.read_bytes())
    if path.suffix.lower() in (".md", ".markdown") and text.lstrip().startswith("---\n"):
        raise Unreadable(f"{path}: already has front matter: it is a corpus document, check it with "
                         "`archive check` instead")
    paragraphs = _paragraphs_of_text(text)
    if path.suffix.lower() in (".md", ".markdown"):
        paragraphs = [re.sub(r"^#{1,6}\s+|^>\s*", "", p) for p in paragraphs]
    return {"paragraphs": paragraphs, "captions": [], "title": None, "published": None, "author": None}


def _html(path: Path) -> dict:
    return read_html(_decode(path, path.read_bytes()))


def _docx(path: Path) -> dict:
    import docx
    try:
        document = docx.Document(str(path))
    except Exception as exc:    # zipfile's, python-docx's own and lxml's errors on a damaged file
        why = "not a DOCX (ZIP) file" if isinstance(exc, zipfile.BadZipFile) else f"{type(exc).__name__}: {exc}"
        raise Unreadable(f"{path}: cannot be read as DOCX ({why})") from None
    paragraphs, title = [], None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        if title is None and style in ("title", "heading 1"):
            title = text
            continue
        paragraphs += [line.strip() for line in text.split("\n") if line.strip()]
    core = document.core_properties
    return {"paragraphs": paragraphs, "captions": [], "title": title or core.title or None,
            "published": core.created.date().isoformat() if core.created else None,
            "author": core.author or None}


def _pdf(path: Path) -> dict:
    from pypdf import PdfReader
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:           # pypdf's PdfReadError and the errors of a cut-off file
        raise Unreadable(f"{path}: cannot be read as PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise Unreadable(f"{path}: the PDF has no text layer (a scan?): OCR it first, no OCR is done here")
    return {"paragraphs": _paragraphs_of_text(text), "captions": [], "title": None, "published": None,
            "author": None}


READERS = {".txt": _plain, ".text": _plain, ".md": _plain, ".markdown": _plain,
           ".html": _html, ".htm": _html, ".docx": _docx, ".pdf": _pdf}


def read_source(path: Path) -> dict:
    """The paragraphs and what the file says of itself; `Unreadable` names the file and the fault."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise Unreadable(f"{path}: cannot import a {path.suffix or 'nameless'} file "
                         f"(it reads {', '.join(sorted(READERS))})")
    try:
        if path.stat().st_size == 0:
            raise Unreadable(f"{path}: the file is empty")
        return reader(path)
    except OSError as exc:
        raise Unreadable(f"{path}: cannot be read: {exc.strerror or exc}") from None

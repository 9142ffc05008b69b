"""Changing corpus files without losing what they held.

The corpus is the archive's source of truth, so a file is never half-written
and never deleted: a new text goes to a temporary file beside it that is
renamed over it (a reader sees the old text or the new, whole), the text it
replaces is kept under `.versions/` (a hidden folder, which the corpus
reader does not look into), and a withdrawn document's file is moved into
`withdrawn/`, which is kept and never indexed.
"""
from __future__ import annotations

import os
import secrets
from datetime import datetime, timezone
from pathlib import Path

from .reader import WITHDRAWN

VERSIONS = ".versions"


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable: the directory entry reaches the disk too."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _relative(path: Path, corpus_dir: Path) -> Path:
    try:
        return Path(path).resolve().relative_to(Path(corpus_dir).resolve())
    except ValueError:
        raise ValueError(f"{path} is outside the corpus {corpus_dir}") from None


def _free(target: Path) -> Path:
    """`target`, or beside it a name of the same stem with a time stamp when it is taken."""
    if not target.exists():
        return target
    return target.with_name(f"{target.stem}.{_stamp()}{target.suffix}")


def write_text(path: Path, text: str, corpus_dir: Path) -> Path | None:
    """Replace the file's text atomically; the previous text is kept under `.versions/`.

    Returns where the previous text was kept (None for a new file).
    """
    path, corpus_dir = Path(path), Path(corpus_dir)
    relative = _relative(path, corpus_dir)
    kept = None
    if path.exists():
        kept = _free(corpus_dir / VERSIONS / relative.parent / f"{relative.stem}.{_stamp()}{relative.suffix}")
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(path.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # Created as open() creates files, the umask applied: the web server may read the corpus.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return kept


def withdraw_file(path: Path, corpus_dir: Path) -> Path:
    """Move a document's file into `withdrawn/` (same place below it); returns where it went."""
    path, corpus_dir = Path(path), Path(corpus_dir)
    target = _free(corpus_dir / WITHDRAWN / _relative(path, corpus_dir))
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(path, target)
    fsync_dir(target.parent)
    fsync_dir(path.parent)
    return target


def put_back(moved: Path, original: Path) -> None:
    """Undo `withdraw_file` (when the publish that goes with it failed)."""
    os.rename(moved, original)
    fsync_dir(Path(original).parent)

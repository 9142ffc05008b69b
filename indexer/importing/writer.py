"""Writing drafts into the corpus: whole files only, never over an existing one.

Each draft is written to a temporary file beside its place, checked by the
corpus reader, then linked into place: a link fails if the name is taken, so
no file is ever overwritten, and an import cut short leaves no half-written
document (only a hidden temporary file, removed on the next import's run).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from ..corpus.reader import read_document

TEMP_PREFIX = ".import-"


class DraftExists(FileExistsError):
    """A draft's file name is taken: nothing is overwritten."""


def render(meta: dict, body: str) -> str:
    """A corpus file: YAML front matter between '---' lines, then the body."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return f"---\n{front}---\n{body.rstrip()}\n"


def refuse_taken(paths: list[Path]) -> None:
    """DraftExists naming the first path already there (checked before anything is written)."""
    for path in paths:
        if path.exists() or path.is_symlink():
            raise DraftExists(f"{path} already exists: nothing was written (move it away, or draft "
                              "into another folder with --out DIR)")


def remove_leftovers(folder: Path) -> None:
    """Temporary files of an import that was killed half-way."""
    for left in folder.glob(f"{TEMP_PREFIX}*.tmp"):
        try:
            left.unlink()
        except OSError:
            pass


def write_draft(path: Path, text: str, gazetteer) -> list:
    """Write one draft atomically; the reader's problems with it (then nothing is written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        _, problems = read_document(Path(tmp), gazetteer)
        if problems:
            return problems
        try:
            os.link(tmp, path)              # fails if the name is taken: never overwrites
        except FileExistsError:
            raise DraftExists(f"{path} already exists: it was not overwritten") from None
        return []
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass

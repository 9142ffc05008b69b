"""The corpus's files at a glance: id, title, access and status from each front matter's top lines.

The browser's drafts list and its lookup of a document's file by id need
this for every file, drafts never indexed included, so it reads only the
top-level lines of each front matter, not the whole YAML: quick enough
for a large corpus. What it reads is a hint; the document form reads and
checks the file in full.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .reader import corpus_files

_TOP = re.compile(r"^(id|title|access|status):[ \t]*(.*?)[ \t]*$")
#: How far into a file its front matter's top-level fields are looked for.
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Listed:
    path: Path
    id: str | None
    title: str
    access: str
    status: str | None

    @property
    def draft(self) -> bool:
        return self.status == "draft"


def _scalar(text: str) -> str:
    try:
        value = yaml.safe_load(text) if text else ""
    except yaml.YAMLError:
        return text
    return "" if value is None else str(value)


def head(path: Path) -> Listed:
    """The top-level id, title, access and status a file's front matter gives (empty when absent)."""
    found: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            text = fh.read(_HEAD_BYTES)
    except OSError:
        text = ""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        for line in lines[1:]:
            if line.rstrip() == "---":
                break
            if (m := _TOP.match(line)) and m.group(1) not in found:
                found[m.group(1)] = _scalar(m.group(2))
    return Listed(path, found.get("id") or None, found.get("title", ""), found.get("access", ""),
                  found.get("status") or None)


def listing(corpus_dir: Path) -> list[Listed]:
    """Every corpus file (withdrawn ones not), at a glance, in corpus order."""
    corpus_dir = Path(corpus_dir)
    return [head(path) for path in corpus_files(corpus_dir)] if corpus_dir.is_dir() else []


def file_of(corpus_dir: Path, doc_id: str) -> Path | None:
    """The corpus file whose front matter gives this id, or None."""
    return next((item.path for item in listing(corpus_dir) if item.id == doc_id), None)

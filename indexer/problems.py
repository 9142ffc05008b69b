"""A problem with a file, at a line: what `archive check`, `index` and `add` report.

Every stage that reads a file an archivist wrote (the corpus, the gazetteer)
reports through this one type, so every message names its file and line.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with a corpus file, located so an archivist can fix it."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"

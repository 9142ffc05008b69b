"""Where the shared development cases are: `../shared/dev-eval/` beside the project.

Every evaluation command defaults to its file there, so one place knows the path.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEV_EVAL = PROJECT_ROOT.parent / "shared" / "dev-eval"
#: The seed article's text, whose hand-made documents are the bundled corpus
#: (ARCHIVE_SHARED names the shared folder when it is not beside the project).
SEED = Path(os.environ.get("ARCHIVE_SHARED") or PROJECT_ROOT.parent / "shared") / "seeds" / "000_b8c681b13af481d1.txt"


def dev_eval_file(name: str) -> Path:
    """The shared cases file `name` (it may not exist: callers say so)."""
    return DEV_EVAL / name

"""A progress bar for long builds: on a terminal only, silent in pipes and CI."""
from __future__ import annotations

import sys
import time


class Progress:
    """Prints `done/total docs/s time-left` on one line, at most ten times a second."""

    def __init__(self, total: int, label: str = "indexing", stream=None, enabled: bool | None = None):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last >= 0.1 or self.done == self.total):
            self._last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        return (f"{self.label} [{bar}] {self.done}/{self.total} "
                f"{rate:6.1f} docs/s, {left:5.0f}s left")

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

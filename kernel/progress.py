"""A progress bar for long management commands, written to stderr (stdout stays the report).

On a terminal it redraws one line; into a file or pipe it writes a line every ``every``
seconds, so a log of a long import stays readable.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class ProgressBar:
    """``write`` takes text without adding a line end (a command passes
    ``lambda s: self.stderr.write(s, ending="")``); ``tty`` says whether to redraw in place."""

    def __init__(
        self,
        write: Callable[[str], object],
        total: int,
        *,
        tty: bool = False,
        label: str = "",
        every: float = 1.0,
    ):
        self.write, self.total, self.label, self.every = write, total, label, every
        self.tty = tty
        self.done = 0
        self.started = self._shown = time.monotonic()

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.done >= self.total or now - self._shown >= (0.2 if self.tty else self.every):
            self._shown = now
            self._draw()

    def _draw(self) -> None:
        width = 30
        share = self.done / self.total if self.total else 1.0
        filled = int(width * min(share, 1.0))
        bar = "#" * filled + "-" * (width - filled)
        elapsed = time.monotonic() - self.started
        line = f"{self.label}[{bar}] {share:6.1%} {self.done}/{self.total} {elapsed:.1f}s"
        self.write(("\r" + line) if self.tty else line + "\n")

    def finish(self) -> None:
        if self.tty:
            self.write("\n")

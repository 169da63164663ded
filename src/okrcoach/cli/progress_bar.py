"""A one-line progress bar on stderr for long commands (``okr import`` of many sets).

Drawn only when stderr is a terminal, or when ``--progress`` asks for it; ``--no-progress`` turns
it off. Never on stdout, which stays for results that scripts read.
"""
from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 24


def wanted(flag: bool | None, stream: TextIO | None = None) -> bool:
    """``--progress``/``--no-progress`` when given, else whether the stream is a terminal."""
    if flag is not None:
        return flag
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", None) and stream.isatty())


class ProgressBar:
    def __init__(self, label: str, *, stream: TextIO | None = None, enabled: bool = True):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.drawn = False
        self.width = 0

    def update(self, done: int, total: int, note: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        filled = WIDTH * done // total
        bar = "#" * filled + "-" * (WIDTH - filled)
        line = f"{self.label} [{bar}] {done}/{total} {note}"[:120]
        self.stream.write("\r" + line.ljust(self.width))   # spaces, not escapes: logs stay readable
        self.width = len(line)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

"""Errors of the domain and its inputs.

Every adapter (CLI, API, web) turns these into its own kind of answer: exit code 2, HTTP 4xx,
a form message. They carry where the problem is and what was expected, so the person can fix it.
"""
from __future__ import annotations


class OkrError(Exception):
    """Base of every error okrcoach raises on purpose."""


class InputError(OkrError):
    """A document, setting or argument that cannot be read as it stands."""

    def __init__(self, what: str, *, file: str | None = None, line: int | None = None,
                 expected: str | None = None):
        self.what = what
        self.file = file
        self.line = line
        self.expected = expected
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        text = f"{where}: {self.what}" if where else self.what
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class ConfigError(InputError):
    """A configuration value that is not allowed; names the key."""

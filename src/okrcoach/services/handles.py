"""Handles: the short names people type for a person (``lin``, ``张三``) or a unit (``qa-reg``, ``质量部``).

One rule for both, written once so that the API's body schemas and the services (which the command
line calls too) cannot drift apart: 1–64 letters of any script, digits, ``.``, ``_`` or ``-``, starting
with a letter or digit.
"""
from __future__ import annotations

import re

from ..workspace.errors import Invalid

HANDLE = r"^[\w][\w.-]{0,63}$"


def check_handle(value: str, *, what: str = "handle", field: str = "handle") -> str:
    """``value`` stripped of spaces; Invalid on ``field``, naming it ``what``, when it breaks the rule."""
    value = value.strip()
    if not re.fullmatch(HANDLE, value):
        raise Invalid(f"{what} {value!r} must be 1–64 letters, digits, '.', '_' or '-', starting with a "
                      "letter or digit", field=field)
    return value

from __future__ import annotations

from ..finding import Severity
from .base import Rule


class KrRedundant(Rule):
    """TODO"""

    id = "kr-redundant"
    severity = Severity.WARNING
    messages = {"zh": {"default": ("", "")}, "en": {"default": ("", "")}}

    def check(self, ctx):
        return iter(())

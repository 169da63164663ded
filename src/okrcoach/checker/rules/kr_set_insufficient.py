from __future__ import annotations

from ..finding import Severity
from .base import Rule


class KrSetInsufficient(Rule):
    """TODO"""

    id = "kr-set-insufficient"
    severity = Severity.WARNING
    messages = {"zh": {"default": ("", "")}, "en": {"default": ("", "")}}

    def check(self, ctx):
        return iter(())

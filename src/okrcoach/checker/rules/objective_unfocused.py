from __future__ import annotations

from ..finding import Severity
from .base import Rule


class ObjectiveUnfocused(Rule):
    """TODO"""

    id = "objective-unfocused"
    severity = Severity.WARNING
    messages = {"zh": {"default": ("", "")}, "en": {"default": ("", "")}}

    def check(self, ctx):
        return iter(())

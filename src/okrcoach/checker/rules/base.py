"""What every rule is: an id, a default severity, messages in each language, and a ``check``.

A rule's class docstring is its documentation (``okr explain``). It has four sections, in order:
``What it checks``, ``Why it matters``, ``Fires`` and ``Does not fire``; a test keeps them there.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..finding import Severity
from ..repairs import Repair

if TYPE_CHECKING:
    from ..context import SetContext


@dataclass(frozen=True)
class Hit:
    """A rule's verdict at one location; ``params`` fill the message and suggestion templates."""

    location: str
    params: dict[str, object] = field(default_factory=dict)
    variant: str = "default"
    repair: Repair | None = None     # the one-click fix an editor may offer (``checker/repairs.py``)


class Rule:
    id: ClassVar[str]
    severity: ClassVar[Severity]
    # {lang: {variant: (message template, suggestion template)}}
    messages: ClassVar[dict[str, dict[str, tuple[str, str]]]]

    def check(self, ctx: "SetContext") -> Iterator[Hit]:
        raise NotImplementedError

    def render(self, hit: Hit, lang: str) -> tuple[str, str]:
        table = self.messages.get(lang) or self.messages["zh"]
        message, suggestion = table.get(hit.variant) or table["default"]
        return message.format(**hit.params), suggestion.format(**hit.params)

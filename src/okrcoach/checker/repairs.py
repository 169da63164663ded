"""Repairs: the change to a draft that answers a finding, which an editor can apply in one click.

A rule that knows how its finding is fixed attaches a ``Repair`` to its hit: remove the redundant KR,
state the outcome the set was missing, give an unmeasurable KR the target it lacked. The repair names
its KR by index within the objective, so an editor maps it onto its rows; its label is what the
button says, in the reader's language. Rules whose fix needs the author's knowledge (a vague objective
only its author can make concrete) attach none: their suggestion stays advice. ``okr check``'s JSON
output is unchanged: repairs are for editors, not part of the report's contract.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

OPS = ("remove-kr", "replace-kr", "add-kr", "set-title", "set-target", "set-supports")

_LABELS = {
    "zh": {"remove-kr": "删除 KR{n}", "replace-kr": "KR{n} 改为:{text}", "add-kr": "添加 KR:{text}",
           "set-title": "目标改为:{text}", "set-target": "KR{n} 设目标值 {target}{unit}",
           "set-supports": "改为支撑:{text}"},
    "en": {"remove-kr": "Remove KR{n}", "replace-kr": "Change KR{n} to: {text}", "add-kr": "Add KR: {text}",
           "set-title": "Change the objective to: {text}", "set-target": "Set KR{n}'s target to {target}{unit}",
           "set-supports": "Support: {text}"},
}


@dataclass(frozen=True)
class Repair:
    op: str                    # one of OPS
    kr: int | None = None      # the KR's 0-based index within its objective, for the KR operations
    text: str = ""             # the new title, the KR to add, or the parent's title for set-supports
    target: float | None = None
    unit: str = ""
    value: str = ""            # set-supports: the editor's choice value (o:<id> / k:<id>)

    def __post_init__(self):
        if self.op not in OPS:
            raise ValueError(f"unknown repair {self.op!r}; expected one of {', '.join(OPS)}")

    def label(self, lang: str) -> str:
        table = _LABELS.get(lang) or _LABELS["zh"]
        target = "" if self.target is None else f"{self.target:g}"
        return table[self.op].format(n="" if self.kr is None else self.kr + 1, text=self.text, target=target,
                                     unit=self.unit)

    def public(self, lang: str) -> dict:
        """What an editor needs: the operation, its arguments and the button's label."""
        return {**asdict(self), "label": self.label(lang)}


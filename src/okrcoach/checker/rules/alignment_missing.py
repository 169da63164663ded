from __future__ import annotations

from ..finding import Severity
from .base import Hit, Rule


class AlignmentMissing(Rule):
    """A department, team or personal objective names no parent while higher-level OKRs exist.

    What it checks:
        When the files checked together hold an OKR set of a higher level for the same cycle
        (or with no cycle given), every objective of a lower-level set names what it supports
        with ``aligns_to``. A lone department set is not judged: there is nothing to align to.

    Why it matters:
        The seed's first principle is 战略承接: before setting a department or personal OKR,
        understand the company OKR it serves. An unaligned objective may be busy work.

    Fires:
        okrs: company (2026-Q4) and ra (department, 2026-Q4) where ra.O2 has no aligns_to.

    Does not fire:
        ra.O2 with ``aligns_to: company.O1.KR1``; or ra's set checked on its own.
    """

    id = "alignment-missing"
    severity = Severity.WARNING
    messages = {
        "zh": {"default": ("目标“{title}”没有承接任何上级目标,而{parent}已制定本周期 OKR。",
                           "用 aligns_to 写明它支撑的上级目标或关键结果(如 {example});"
                           "若确实不支撑任何上级目标,考虑是否值得本周期投入。")},
        "en": {"default": ("Objective “{title}” names no parent objective, while {parent} has OKRs for this cycle.",
                           "Add aligns_to naming the parent objective or key result it supports (e.g. {example}); "
                           "if it supports none, ask whether it deserves this cycle's effort.")},
    }

    def check(self, ctx):
        own = ctx.okr_set
        higher = [s for s in ctx.all_sets() if s is not own and s.level > own.level
                  and (s.cycle is None or own.cycle is None or s.cycle == own.cycle)]
        if not higher:
            return
        parent = max(higher, key=lambda s: s.level)
        for _, obj, loc in ctx.objectives():
            if not obj.aligns_to:
                example = f"{parent.id}.O1" if parent.id else "company.O1"
                yield Hit(loc, {"title": obj.title, "parent": parent.owner or parent.id or parent.level.name.lower(),
                                "example": example})

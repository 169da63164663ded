from __future__ import annotations

from ..finding import Severity
from .base import Hit, Rule


class ObjectivesTooMany(Rule):
    """One owner has more objectives in one cycle than the configured maximum (default 5).

    What it checks:
        The objectives of each OKR set (one owner, one cycle) against ``max_objectives``.

    Why it matters:
        Focus: the seed asks objectives to concentrate resources on the key problem. A person
        or team with six objectives has no priorities.

    Fires:
        A personal set with 6 objectives for 2026-Q3.

    Does not fire:
        A set with 5 objectives, or two owners with 3 objectives each.
    """

    id = "objectives-too-many"
    severity = Severity.WARNING
    messages = {
        "zh": {"default": ("{owner}本周期有 {count} 个目标,超过上限 {limit} 个。",
                           "保留最重要的 {limit} 个以内,其余放入下个周期或转为日常工作。")},
        "en": {"default": ("{owner} has {count} objectives this cycle, more than the limit of {limit}.",
                           "Keep the {limit} or fewer that matter most; move the rest to the next cycle "
                           "or to day-to-day work.")},
    }

    def check(self, ctx):
        limit = ctx.config.max_objectives
        count = len(ctx.okr_set.objectives)
        if count > limit:
            owner = ctx.okr_set.owner or ctx.okr_set.id or ""
            owner_text = {"zh": f"“{owner}”" if owner else "此 OKR", "en": owner or "This OKR set"}
            yield Hit(ctx.set_location, {"owner": owner_text[ctx.config.lang], "count": count, "limit": limit})

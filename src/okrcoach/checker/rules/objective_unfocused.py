from __future__ import annotations

from itertools import combinations

from ...text.clauses import aims
from ..finding import Severity
from ..repairs import Repair
from .base import Hit, Rule

SAME_AIM_SIMILARITY = 0.42
SAME_AIM_OVERLAP = 0.2


def separate_aims(ctx, title: str) -> list[str]:
    """The objective's aims when at least two of them are unrelated; otherwise []."""
    parts = aims(title)
    for a, b in combinations(parts, 2):
        if (ctx.text.content_similarity(a, b) < SAME_AIM_SIMILARITY
                and ctx.text.overlap(a, b) < SAME_AIM_OVERLAP):
            return parts
    return []


class ObjectiveUnfocused(Rule):
    """The objective bundles two or more aims from different areas.

    What it checks:
        The objective is split at its conjunctions (并, 同时, 以及, and, ;). Clauses that carry
        the first aim on (取得批复, 获人民银行批准), state its purpose (支撑…市场准入, so that …)
        or add a measure of it (注册资本增至 20 亿元) are not aims of their own. Two remaining
        aims about unrelated things (by meaning and by words) make the objective unfocused.

    Why it matters:
        The seed's 聚焦性: an objective concentrates resources on one key problem. Two aims that
        would be achieved independently need their own objectives and key results.

    Fires:
        完成ISO9001复审并搭建公司新官网 / Ship the v3 billing system and rebuild the on-call rotation

    Does not fire:
        本季度提升资质管理专业能力与团队协作水平 (two facets of one person's growth) /
        年底前完成二级升一级资质申报,取得批复 (one aim carried to its end)
    """

    id = "objective-unfocused"
    severity = Severity.WARNING
    messages = {
        "zh": {"default": ("目标“{title}”同时包含互不相关的多个方向:{aims}。",
                           "一个目标只聚焦一件事:把“{second}”拆成单独的目标(配上自己的关键结果),"
                           "或放到更合适的人/团队的 OKR 中。")},
        "en": {"default": ("Objective “{title}” bundles unrelated aims: {aims}.",
                           "Keep one aim per objective: give “{second}” its own objective with its own key "
                           "results, or move it to the OKRs of whoever owns it.")},
    }

    def check(self, ctx):
        for _, obj, loc in ctx.objectives():
            parts = separate_aims(ctx, obj.title)
            if parts:
                yield Hit(loc, {"title": obj.title, "aims": " / ".join(f"“{p}”" for p in parts),
                                "second": parts[1]}, repair=Repair("set-title", text=parts[0]))

from __future__ import annotations

from ...text.offtopic import offtopic_score
from ..finding import Severity
from .base import Hit, Rule

# Relation to the parent, discounted by how much the objective reads like side activity.
SUPPORT_THRESHOLD = 0.15
SIDE_WEIGHT = 0.5


class AlignmentUnrelated(Rule):
    """The objective names a parent that it does not plausibly support.

    What it checks:
        The objective's relation (by meaning, on the full text and on its content words) to
        the parent it names in ``aligns_to``: the parent objective with its KRs, or the parent
        KR with its objective. It fires when that relation is weak, the more readily the more
        the objective reads like workplace side activity (a canteen survey, an office move, a
        team outing) rather than work toward the parent's outcome.

    Why it matters:
        The seed's 战略承接: alignment is a claim that this work moves the company goal.
        A claimed link that does not hold hides unaligned work behind a valid-looking reference.

    Fires:
        本季度完成员工食堂满意度调查   aligns_to   通过 ISO 13485 年度监督审核

    Does not fire:
        10 月中旬前完成 P5 发补资料中的临床评价补充   aligns_to   10 月底前取得 P5 二类注册证
    """

    id = "alignment-unrelated"
    severity = Severity.WARNING
    messages = {
        "zh": {"default": ("目标“{title}”声称支撑“{parent}”,但两者看不出关联。",
                           "确认承接关系:改为它真正支撑的上级目标/KR;若不支撑任何上级目标,"
                           "考虑是否值得本周期投入,或改写目标,说明它如何推动“{parent}”。")},
        "en": {"default": ("Objective “{title}” claims to support “{parent}”, but no link between them is visible.",
                           "Point aligns_to at the parent it really serves; if it serves none, ask whether it "
                           "deserves this cycle, or rewrite it to show how it moves “{parent}”.")},
    }

    def check(self, ctx):
        for _, obj, loc in ctx.objectives():
            if not obj.aligns_to:
                continue
            target = ctx.index.get(obj.aligns_to)
            if target is None:
                continue
            _, parent_obj, parent_kr = target
            parent_texts = [parent_obj.title] + ([parent_kr.title] if parent_kr else
                                                 [k.title for k in parent_obj.key_results])
            relation = max(max(ctx.text.content_similarity(obj.title, p), ctx.text.similarity(obj.title, p))
                           for p in parent_texts)
            if relation - SIDE_WEIGHT * offtopic_score(ctx.text, obj.title) < SUPPORT_THRESHOLD:
                parent = parent_kr.title if parent_kr else parent_obj.title
                yield Hit(loc, {"title": obj.title, "parent": parent})

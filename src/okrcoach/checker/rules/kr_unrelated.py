from __future__ import annotations

from ...text.clauses import aims
from ...text.offtopic import offtopic_score
from ..finding import Severity
from ..repairs import Repair
from .base import Hit, Rule

# How far a KR must lean toward side activity beyond its relation to its objective and siblings.
MARGIN = 0.28
# The objective itself must not be about side activity (then such KRs belong to it).
OBJECTIVE_GAP = 0.2


def relation(ctx, a: str, b: str) -> float:
    return max(ctx.text.content_similarity(a, b), ctx.text.similarity(a, b))


class KrUnrelated(Rule):
    """Reaching the key result would not move its objective: it belongs to another aim.

    What it checks:
        Each KR's relation to its objective (each of the objective's aims) and to its sibling
        KRs, by meaning on the full text and on the content words alone (time phrases, numbers
        and generic management words removed, since they make unrelated KRs look alike). A KR
        fires when it is far closer to workplace side activity (team events, office logistics,
        an unrelated website) than to its objective and siblings, while the objective itself
        is not about such activity. A KR a person confirmed necessary in ``okr review`` is
        trusted.

    Why it matters:
        The seed's 强关联性: every KR must be tied to its objective. An unrelated KR dilutes
        the effort and makes the objective's score meaningless.

    Fires:
        组织部门团建活动 2 次   under   完成甲级资质认证

    Does not fire:
        8 月 31 日前提交全套申报材料   under   完成甲级资质认证
    """

    id = "kr-unrelated"
    severity = Severity.WARNING
    messages = {
        "zh": {"default": ("关键结果“{title}”与目标“{objective}”无关,达成它并不能推动目标。",
                           "删除该 KR,或把它放到与之相关的目标下;换成直接推动“{objective}”的结果。")},
        "en": {"default": ("Key result “{title}” is unrelated to objective “{objective}”: reaching it would not "
                           "move the objective.",
                           "Remove it or move it under an objective it serves; replace it with a result that "
                           "directly moves “{objective}”.")},
    }

    def check(self, ctx):
        for _, obj, loc in ctx.objectives():
            krs = obj.key_results
            if len(krs) < 2:
                continue
            ctx.text.prefetch([obj.title, *(k.title for k in krs)])
            parts = [obj.title, *aims(obj.title)]
            objective_side = offtopic_score(ctx.text, obj.title)
            for ki, kr in enumerate(krs):
                if kr.review and kr.review.necessary:
                    continue
                to_objective = max(relation(ctx, p, kr.title) for p in parts)
                siblings = [relation(ctx, kr.title, k.title) for j, k in enumerate(krs) if j != ki]
                to_siblings = sum(siblings) / len(siblings)
                side = offtopic_score(ctx.text, kr.title)
                if side - max(to_objective, to_siblings) >= MARGIN and side - objective_side >= OBJECTIVE_GAP:
                    yield Hit(f"{loc}.KR{ki + 1}", {"title": kr.title, "objective": obj.title},
                              repair=Repair("remove-kr", kr=ki))

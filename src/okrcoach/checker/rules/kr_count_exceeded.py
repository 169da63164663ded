from __future__ import annotations

from ...text.outcomes import states_outcome
from ..finding import Severity
from ..repairs import Repair
from .base import Hit, Rule
from .kr_unrelated import relation

OBJECTIVE_WEIGHT = 0.5    # of a KR's relation to the objective, beside its mean relation to its siblings


class KrCountExceeded(Rule):
    """The objective has more key results than the configured maximum (default 5, the seed's cap).

    What it checks:
        The number of key results under each objective against ``max_key_results``.

    Why it matters:
        The seed article: keep KRs within 5. More spreads resources thin and hides which
        results really decide the objective.

    Fires:
        An objective with 6 or more key results (with the default maximum of 5).

    Does not fire:
        An objective with exactly 5 key results: the cap is "at most 5".
    """

    id = "kr-count-exceeded"
    severity = Severity.ERROR
    messages = {
        "zh": {"default": ("目标“{title}”有 {count} 个关键结果,超过上限 {limit} 个。",
                           "只保留决定目标成败的 {limit} 个以内;过程性步骤合并为一个 KR,"
                           "或移到任务清单;与目标无关的另立目标。")},
        "en": {"default": ("Objective “{title}” has {count} key results, more than the limit of {limit}.",
                           "Keep the {limit} or fewer that decide the objective; merge process steps into one KR "
                           "or move them to a task list; give unrelated ones their own objective.")},
    }

    def check(self, ctx):
        limit = ctx.config.max_key_results
        for _, obj, loc in ctx.objectives():
            if len(obj.key_results) > limit:
                yield Hit(loc, {"title": obj.title, "count": len(obj.key_results), "limit": limit},
                          repair=Repair("remove-kr", kr=self.least_needed(ctx, obj)))

    @staticmethod
    def least_needed(ctx, obj) -> int:
        """The KR to offer for removal: never one stating the objective's outcome (the sufficiency test
        needs it), else the odd one out - least related to its siblings, then to the objective (on
        qualification OKRs the steps relate to each other more plainly than to a short objective
        title); the later one on a tie."""
        titles = [k.title for k in obj.key_results]
        ctx.text.prefetch([obj.title, *titles])

        def fit(i: int) -> float:
            if states_outcome(titles[i], obj.title):
                return float("inf")
            siblings = [relation(ctx, titles[i], t) for j, t in enumerate(titles) if j != i]
            return sum(siblings) / len(siblings) + OBJECTIVE_WEIGHT * relation(ctx, obj.title, titles[i])

        return min(reversed(range(len(titles))), key=fit)

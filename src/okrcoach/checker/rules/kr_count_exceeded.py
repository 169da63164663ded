from __future__ import annotations

from ..finding import Severity
from ..repairs import Repair
from .base import Hit, Rule


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
                # Authors list KRs by weight more often than not: the last is the first candidate to go.
                yield Hit(loc, {"title": obj.title, "count": len(obj.key_results), "limit": limit},
                          repair=Repair("remove-kr", kr=len(obj.key_results) - 1))

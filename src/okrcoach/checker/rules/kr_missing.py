from __future__ import annotations

from ..finding import Severity
from .base import Hit, Rule


class KrMissing(Rule):
    """The objective has no key result.

    What it checks:
        Every objective lists at least one key result.

    Why it matters:
        An objective without key results is a wish: nothing says what "done" looks like, and
        nobody can check in progress against it.

    Fires:
        目标(O):本季度把危废处置合规率提升到 100%   (and no KR below it)

    Does not fire:
        目标(O):Q3 前完成 12 名内审员的取证培训
          KR1:9 月 10 日前 12 人全部通过考试并取得内审员证书
    """

    id = "kr-missing"
    severity = Severity.ERROR
    messages = {
        "zh": {"default": ("目标“{title}”没有任何关键结果。",
                           "补充 2–5 个关键结果,写明到期时能核验的结果,如“9 月 30 日前取得……证书”或“……达到 95%”。")},
        "en": {"default": ("Objective “{title}” has no key results.",
                           "Add 2–5 key results that say what can be verified at the end, e.g. "
                           "“certificate issued by Sep 30” or “… reaches 95%”.")},
    }

    def check(self, ctx):
        for _, obj, loc in ctx.objectives():
            if not obj.key_results:
                yield Hit(loc, {"title": obj.title})

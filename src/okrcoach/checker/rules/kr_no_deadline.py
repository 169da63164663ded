from __future__ import annotations

from ...text.timebounds import has_time_bound
from ..finding import Severity
from .base import Hit, Rule


class KrNoDeadline(Rule):
    """Nothing gives the key result a time bound: not the KR, not its objective, not the cycle.

    What it checks:
        A KR is bounded in time by a date or period in its own text ("3 周内", "6 月 30 日前",
        "Q3 前", "by March 31"), by a ``due:`` date, by its objective's text ("本季度…",
        "…by Q4 2026") or by the set's ``cycle:``. Response thresholds ("48 小时内响应",
        "within 24 hours of creation") are speeds, not deadlines. A heading above plain text
        ("2026 年第三季度 OKR") is not read as a bound.

    Why it matters:
        Without a time bound nobody can say at the end of a cycle whether the KR was missed.

    Fires:
        O1:取得建筑工程施工总承包一级资质 / KR1:注册一级建造师人数达到 12 人   (no cycle)

    Does not fire:
        cycle: 2026-Q3 above the same KR; or "9 月 30 日前注册一级建造师人数达到 12 人".
    """

    id = "kr-no-deadline"
    severity = Severity.INFO
    messages = {
        "zh": {"default": ("关键结果“{title}”没有时间限制(KR、目标和周期都没有给出期限)。",
                           "写明完成时间,如“9 月 30 日前……”,或为整套 OKR 设定周期(cycle: 2026-Q3)。")},
        "en": {"default": ("Key result “{title}” has no time bound (neither the KR, its objective nor a cycle).",
                           "Say when, e.g. “… by September 30”, or give the OKR set a cycle (cycle: 2026-Q3).")},
    }

    def check(self, ctx):
        if ctx.okr_set.cycle is not None:
            return
        for obj, _, kr, loc in ctx.key_results():
            if kr.due is None and not has_time_bound(kr.title) and not has_time_bound(obj.title):
                yield Hit(loc, {"title": kr.title})

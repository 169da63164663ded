from __future__ import annotations

from ...text.vagueness import vague_reason
from ..finding import Severity
from .base import Hit, Rule


class ObjectiveVague(Rule):
    """The objective names no concrete outcome that someone could later verify as reached or not.

    What it checks:
        An abstract verb (推进, 加强, 做好, 提升, improve, drive, work on) on an abstract object
        (相关工作, 各项工作, 管理水平, processes, things) with no named deliverable, subject area,
        certificate, product, project, standard or number. "X 相关工作" and "X 各项工作" stay
        abstract even with a domain word in front of them.

    Why it matters:
        The seed: "完成某项目甲级资质申报材料编制" beats "推进资质相关工作" because it can be acted
        on and checked. A vague objective could be pasted into any job's OKRs unchanged.

    Fires:
        推进资质相关工作 / 做好本职工作 / 提升工作效率 / Improve our processes

    Does not fire:
        在 Q3 季度前完成某项目甲级资质认证 / 本季度提升资质管理专业能力与团队协作水平
    """

    id = "objective-vague"
    severity = Severity.WARNING
    messages = {
        "zh": {"default": ("目标“{title}”过于笼统,没有写明可以核验的具体成果。",
                           "写清楚要达成的具体成果和对象,如把“推进资质相关工作”改为"
                           "“9 月 30 日前完成某项目甲级资质申报材料编制并提交”。")},
        "en": {"default": ("Objective “{title}” is vague: it names no concrete outcome that could be verified.",
                           "Name the specific outcome and its subject, e.g. instead of “Improve our processes”: "
                           "“Cut supplier onboarding from 30 to 10 days by Q3”.")},
    }

    def check(self, ctx):
        for _, obj, loc in ctx.objectives():
            if vague_reason(obj.title):
                yield Hit(loc, {"title": obj.title})

from __future__ import annotations

import re

from ...text.deliverables import deliverable, milestone, ongoing
from ...text.normalize import normalize
from ...text.quantities import frequency, quantity
from ...text.timebounds import THRESHOLD
from ..finding import Severity
from ..repairs import Repair
from .base import Hit, Rule

_TOPICS = (
    ("communication", re.compile(r"沟通|对接|联系|协调|反馈|跟踪|communicat|liais|stakeholder|follow", re.I)),
    ("awareness", re.compile(r"意识|宣贯|培训|学习|理解|掌握|awareness|training|learn|understand", re.I)),
    ("cooperation", re.compile(r"配合|协助|支持|参与|support|assist|help|cooperat", re.I)),
)


def measure_of(title: str) -> str | None:
    """What makes the text checkable: a number, a threshold, a frequency, a deliverable or a milestone.

    A never-finished activity (持续…, 加强…, keep …) outweighs a milestone verb in the same KR
    ("建立常态化沟通机制" is not a milestone), but not a concrete deliverable.
    """
    numeric = (quantity(title) or frequency(title)
               or (m.group(0) if (m := THRESHOLD.search(normalize(title))) else None))
    if numeric:
        return numeric
    if thing := deliverable(title):
        return thing
    if ongoing(title):
        return None
    return milestone(title)


# The seed's own measurable versions of the activities people write most often as KRs, in the
# language the KR is written in; any other KR is offered a target to reach, which its author adjusts.
_REWRITES = {
    "communication": {"zh": "评审反馈问题 48 小时内响应率 100%",
                      "en": "100% of reviewer questions answered within 48 hours"},
    "awareness": {"zh": "完成 2 场专题培训,考试通过率不低于 90%",
                  "en": "2 training sessions held, pass rate at least 90%"},
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _repair(title: str, variant: str, index: int) -> Repair:
    rewrite = _REWRITES.get(variant)
    if rewrite:
        return Repair("replace-kr", kr=index, text=rewrite["zh" if _CJK.search(title) else "en"])
    return Repair("set-target", kr=index, target=100, unit="%")


class KrUnmeasurable(Rule):
    """No one could say at the end of the cycle, without argument, whether the key result was met.

    What it checks:
        A KR is measurable when it has at least one of: a numeric target (3 项, 100%, ≥95%,
        2 次, from 72% to 85%), a frequency or response threshold (每周 1 次, 48 小时内响应),
        a concrete deliverable whose existence is checkable (形成完整的信息文档, 取得甲级资质证书,
        report signed off), or a structured ``target:``. Numbers that only name something
        (ISO 9001, 二类, 9 月 30 日) do not count.

    Why it matters:
        The seed asks for KRs that can be measured: "可衡量性". An ongoing activity
        ("建立常态化沟通机制", "持续关注政策变化") is never done and never failed.

    Fires:
        与评审机构建立常态化沟通机制,实时跟踪审核进度,及时响应并处理评审反馈问题。
        Keep communicating with the FDA as needed

    Does not fire:
        在 3 周内……形成完整的信息文档。 / 评审反馈问题 48 小时内响应率 100%
    """

    id = "kr-unmeasurable"
    severity = Severity.WARNING
    _zh_msg = "关键结果“{title}”无法衡量:没有数字目标、频次/时限标准或可核验的交付物。"
    _en_msg = ("Key result “{title}” cannot be measured: it has no numeric target, frequency or threshold, "
               "and no checkable deliverable.")
    messages = {
        "zh": {
            "default": (_zh_msg, "改写成到期时能核验的结果:写明数量或比例(如“……达到 95%”)、"
                                 "频次(如“每周 1 次”)或交付物(如“形成……报告并经负责人签字”)。"),
            "communication": (_zh_msg, "加入可核验的标准,如:评审反馈问题 48 小时内响应率 100%,"
                                       "每周至少同步 1 次审核进度,并形成沟通记录。"),
            "awareness": (_zh_msg, "用结果衡量,如:完成 2 场专题培训,覆盖率 100%,考试通过率不低于 90%。"),
            "cooperation": (_zh_msg, "写明你交付的部分和标准,如:“6 月 15 日前提交 3 份检验报告,"
                                     "一次通过率 100%”。"),
        },
        "en": {
            "default": (_en_msg, "Rewrite it as a result that can be verified: a number or rate (“… reaches 95%”), "
                                 "a frequency (“weekly”) or a deliverable (“… report signed off by the director”)."),
            "communication": (_en_msg, "Add a checkable standard, e.g. 100% of reviewer questions answered within "
                                       "48 hours, and a progress sync at least once a week, with minutes kept."),
            "awareness": (_en_msg, "Measure the outcome, e.g. 2 training sessions held, 100% attendance, "
                                   "a pass rate of at least 90%."),
            "cooperation": (_en_msg, "Say what you deliver and to what standard, e.g. “3 test reports submitted "
                                     "by June 15, all accepted first time”."),
        },
    }

    def check(self, ctx):
        for _, ki, kr, loc in ctx.key_results():
            if kr.has_structured_target or measure_of(kr.title):
                continue
            variant = next((name for name, pattern in _TOPICS if pattern.search(kr.title)), "default")
            yield Hit(loc, {"title": kr.title}, variant, repair=_repair(kr.title, variant, ki))

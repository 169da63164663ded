from __future__ import annotations

from ...text.stages import different_steps
from ..finding import Severity
from ..repairs import Repair
from .base import Hit, Rule

# Same content by meaning and by words …
CONTENT_SIMILAR = 0.7
WORD_OVERLAP = 0.25
# … or the later KR's content is mostly contained in the earlier one.
CONTAINED = 0.55
RAW_SIMILAR = 0.6


class KrRedundant(Rule):
    """The key result measures what another KR of the same objective already measures.

    What it checks:
        Pairs of KRs under one objective. The later KR fires when the two say the same thing
        (close in meaning on their content words, and sharing words) or when the later one is
        wholly contained in the earlier one ("新签合同额突破 1000 万元" beside "新签合同额
        1200 万元"). KRs on different steps of one outcome never fire: 提交申请 vs 取得证书,
        初稿 vs 终稿, 培训 vs 考试, an action vs a metric. A KR a person confirmed necessary in
        ``okr review`` is trusted.

    Why it matters:
        The seed's necessity test: remove the KR — is the objective still as reachable? If
        yes, the KR adds nothing but bookkeeping.

    Fires:
        KR1 7 月 31 日前完成全部 11 个部门的内部审核,输出内审报告 /
        KR3 7 月底前把 11 个部门的内审做完并出具内审报告

    Does not fire:
        KR1 提交申报材料初稿 / KR2 提交申报材料终稿
    """

    id = "kr-redundant"
    severity = Severity.WARNING
    messages = {
        "zh": {"default": ("关键结果“{title}”与 KR{other}“{other_title}”衡量的是同一件事。",
                           "按必要性验证:去掉其中一个,目标的可达成性不变。合并为一个 KR,"
                           "或改成衡量另一个必要环节(如评审通过、取得证书)。")},
        "en": {"default": ("Key result “{title}” measures the same thing as KR{other} “{other_title}”.",
                           "The necessity test: removing one leaves the objective just as reachable. Merge them, "
                           "or make one measure another step the objective needs (e.g. review passed).")},
    }

    def check(self, ctx):
        for _, obj, loc in ctx.objectives():
            krs = obj.key_results
            for j in range(1, len(krs)):
                later = krs[j]
                if later.review and later.review.necessary:
                    continue
                for i in range(j):
                    if self.same(ctx, krs[i].title, later.title):
                        yield Hit(f"{loc}.KR{j + 1}", {"title": later.title, "other": i + 1,
                                                      "other_title": krs[i].title},
                                  repair=Repair("remove-kr", kr=j))
                        break

    @staticmethod
    def same(ctx, earlier: str, later: str) -> bool:
        if different_steps(earlier, later):
            return False
        text = ctx.text
        if text.content_similarity(earlier, later) >= CONTENT_SIMILAR and text.overlap(earlier, later) >= WORD_OVERLAP:
            return True
        return text.containment(later, earlier) >= CONTAINED and text.similarity(earlier, later) >= RAW_SIMILAR

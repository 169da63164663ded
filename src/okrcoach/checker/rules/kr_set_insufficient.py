from __future__ import annotations

from ...text.clauses import aims
from ...text.outcomes import numbers, seeks_outcome, states_outcome, target_numbers
from ...text.quantities import universal
from ...text.vagueness import vague_reason
from ..finding import Severity
from ..repairs import Repair
from .base import Hit, Rule
from .objective_unfocused import separate_aims

# A KR this related to an aim (by meaning or words) counts as working on it.
COVERS = 0.35


class KrSetInsufficient(Rule):
    """Meeting every key result would still not mean the objective is met.

    What it checks:
        The seed's sufficiency test, on three kinds of gap:
        - the objective seeks an outcome (取得资质, 通过检查, obtain the CE certificate) and no KR
          states that outcome as reached (取得证书, 通过评审, 严重不符合项 0 项, certificate issued);
        - the objective sets a numeric target (回款额达到 8000 万元, attrition below 15%) and no
          KR measures it;
        - the objective bundles several aims and some aim has no KR at all.
        Not judged for a vague objective (fix that first), one without KRs, or one a person
        confirmed sufficient in ``okr review``.

    Why it matters:
        KRs that cover research, materials and communication can all be met while the
        certificate is still refused. The outcome itself must be a KR.

    Fires:
        在 Q3 季度前完成某项目甲级资质认证: KR1 梳理政策 / KR2 申报材料 100% 符合 / KR3 沟通机制

    Does not fire:
        the same with KR4 9 月 30 日前通过专家评审并取得甲级资质证书
    """

    id = "kr-set-insufficient"
    severity = Severity.WARNING
    messages = {
        "zh": {
            "outcome": ("目标“{title}”的关键结果都达成时,目标仍未必达成:没有 KR 衡量“{aim}”本身。",
                        "按充分性验证补一个结果型 KR,如“9 月 30 日前通过评审并取得证书”,"
                        "让所有 KR 达成即意味着目标达成。"),
            "target": ("目标“{title}”定了数字目标,但没有 KR 衡量它。",
                       "补一个直接衡量该指标的 KR(如“…达到 {number}”),其余 KR 作为达成它的手段。"),
            "aim": ("目标“{title}”中的“{aim}”没有任何关键结果覆盖。",
                    "为“{aim}”补充关键结果,或把它拆成单独的目标。"),
        },
        "en": {
            "outcome": ("Meeting every key result of “{title}” would not mean it is met: no KR measures “{aim}” itself.",
                        "Add an outcome KR, e.g. “review passed and certificate issued by September 30”, so that "
                        "meeting all KRs means meeting the objective."),
            "target": ("Objective “{title}” sets a numeric target that no key result measures.",
                       "Add a KR that measures it directly (e.g. “… reaches {number}”) and keep the others as means."),
            "aim": ("No key result covers “{aim}” in objective “{title}”.",
                    "Add key results for “{aim}”, or make it an objective of its own."),
        },
    }
    messages["zh"]["default"] = messages["zh"]["outcome"]
    messages["en"]["default"] = messages["en"]["outcome"]

    def check(self, ctx):
        for _, obj, loc in ctx.objectives():
            krs = [k.title for k in obj.key_results]
            if not krs or (obj.review and obj.review.sufficient) or vague_reason(obj.title):
                continue
            hit = self.gap(ctx, obj.title, krs)
            if hit:
                variant, params = hit
                # The sufficiency test's own answer: the aim itself, stated as a key result.
                yield Hit(loc, {"title": obj.title, **params}, variant,
                          repair=Repair("add-kr", text=params["aim"]))

    @staticmethod
    def gap(ctx, title: str, krs: list[str]):
        parts = separate_aims(ctx, title)
        if parts:
            for aim in parts:
                if max(max(ctx.text.content_similarity(aim, k), ctx.text.overlap(aim, k)) for k in krs) < COVERS:
                    return "aim", {"aim": aim}
            return None
        aim = (aims(title) or [title])[0]
        if seeks_outcome(aim) and not any(states_outcome(k, aim) for k in krs):
            return "outcome", {"aim": aim}
        wanted = target_numbers(aim)
        if wanted and not any(wanted & numbers(k) or ("100" in wanted and universal(k)) for k in krs):
            return "target", {"number": "/".join(sorted(wanted)), "aim": aim}
        return None

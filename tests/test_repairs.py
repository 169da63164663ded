"""A repair answers its finding: applied to the draft, the rule that offered it no longer fires there.

Each case is a draft a qualification team might write; the repair is applied as an editor applies it
(``web/static/editor.js`` does the same operations on the form's fields) and the draft is checked again.
"""
from __future__ import annotations

import copy

import pytest

from okrcoach.checker.config import CheckerConfig
from okrcoach.checker.engine import run_rules
from okrcoach.checker.repairs import Repair
from okrcoach.domain.model import Document, KeyResult, Level, Objective, OkrSet
from okrcoach.text.analyzer import Analyzer

CONFIG = CheckerConfig()


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer.for_config(CONFIG)


def draft(title: str, *krs: str | tuple[str, float, str]) -> OkrSet:
    key_results = [KeyResult(title=k) if isinstance(k, str) else KeyResult(title=k[0], target=k[1], unit=k[2])
                   for k in krs]
    return OkrSet(objectives=[Objective(title=title, key_results=key_results)], owner="林工", level=Level.PERSONAL)


def hits(okr_set: OkrSet, analyzer) -> dict[str, list]:
    out: dict[str, list] = {}
    for _, rule, _, hit in run_rules([Document(path="draft.yaml", sets=[okr_set])], CONFIG, analyzer):
        out.setdefault(rule.id, []).append(hit)
    return out


def applied(okr_set: OkrSet, repair: Repair) -> OkrSet:
    fixed = copy.deepcopy(okr_set)
    objective = fixed.objectives[0]
    krs = objective.key_results
    if repair.op == "remove-kr":
        del krs[repair.kr]
    elif repair.op == "replace-kr":
        krs[repair.kr].title = repair.text
    elif repair.op == "set-target":
        krs[repair.kr].target, krs[repair.kr].unit = repair.target, repair.unit
    elif repair.op == "add-kr":
        krs.append(KeyResult(title=repair.text))
    elif repair.op == "set-title":
        objective.title = repair.text
    return fixed


OUTCOME = "9 月 30 日前通过专家评审并取得甲级资质证书"

CASES = {
    "six key results": ("kr-count-exceeded", "remove-kr", draft(
        "在 Q3 季度前完成某项目甲级资质认证", "梳理政策要求形成清单 1 份", "申报材料 100% 符合评审要求",
        "评审反馈问题 48 小时内响应率 100%", "完成 2 次内部模拟评审", "培训 3 名资质专员", OUTCOME)),
    "the same measure twice": ("kr-redundant", "remove-kr", draft(
        "在 Q3 季度前完成某项目甲级资质认证", "申报材料 100% 符合要求", "评审反馈问题 48 小时内响应率 100%",
        "申报材料 100% 符合评审要求", OUTCOME)),
    "an ongoing liaison": ("kr-unmeasurable", "replace-kr", draft(
        "在 Q3 季度前完成某项目甲级资质认证", "申报材料 100% 符合评审要求", "与评审机构保持密切沟通", OUTCOME)),
    "learning without a measure": ("kr-unmeasurable", "replace-kr", draft(
        "本季度提升注册法规专业能力", "深入学习医疗器械注册法规", "独立完成 2 份注册申报资料的编写")),
    "an activity without a measure": ("kr-unmeasurable", "set-target", draft(
        "在 Q3 季度前完成某项目甲级资质认证", "申报材料 100% 符合评审要求", "加强资质管理", OUTCOME)),
    "means without the outcome": ("kr-set-insufficient", "add-kr", draft(
        "在 Q3 季度前完成某项目甲级资质认证", "梳理政策要求形成清单 1 份", "申报材料 100% 符合评审要求")),
    "two aims in one": ("objective-unfocused", "set-title", draft(
        "完成 ISO 13485 复审并搭建公司新官网", "9 月 30 日前通过 ISO 13485 复审,不符合项 0 项",
        "官网 10 月 31 日前上线")),
    "a KR from elsewhere": ("kr-unrelated", "remove-kr", draft(
        "在 Q3 季度前完成某项目甲级资质认证", "申报材料 100% 符合评审要求", "组织部门团建活动 2 次", OUTCOME)),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_applying_the_repair_clears_the_finding_it_answers(case, analyzer):
    rule, op, okr_set = CASES[case]
    before = hits(okr_set, analyzer)
    assert rule in before, f"{case}: {rule} did not fire ({sorted(before)})"
    repair = before[rule][0].repair
    assert repair is not None and repair.op == op
    assert len(before[rule]) == 1, f"{case}: a case for one finding, not {len(before[rule])}"
    after = hits(applied(okr_set, repair), analyzer)
    assert rule not in after, f"{case}: {rule} still fires after {repair}"


def test_a_vague_objective_gets_advice_but_no_repair_only_its_author_can_make_it_concrete(analyzer):
    found = hits(draft("推进资质相关工作", "申报材料 100% 符合评审要求", OUTCOME), analyzer)
    assert found["objective-vague"][0].repair is None


def test_labels_say_what_the_button_does_in_the_readers_language():
    assert Repair("remove-kr", kr=5).label("zh") == "删除 KR6"
    assert Repair("set-target", kr=1, target=100, unit="%").label("en") == "Set KR2's target to 100%"
    assert Repair("add-kr", text=OUTCOME).public("zh")["label"] == f"添加 KR:{OUTCOME}"


def test_an_unknown_operation_is_refused_when_the_repair_is_made():
    with pytest.raises(ValueError, match="unknown repair 'rename-cycle'"):
        Repair("rename-cycle")


def test_of_six_krs_the_odd_one_out_is_offered_for_removal_never_the_outcome(analyzer):
    okr_set = draft("提升 ISO 13485 体系运行质量", "内审不符合项关闭率 100%", "管理评审 12 月前完成",
                    "员工体系培训覆盖率 100%", "组织部门团建 2 次", "纠正预防措施按期完成率 95%",
                    "监督审核严重不符合项 0 项")
    repair = hits(okr_set, analyzer)["kr-count-exceeded"][0].repair
    assert okr_set.objectives[0].key_results[repair.kr].title == "组织部门团建 2 次"

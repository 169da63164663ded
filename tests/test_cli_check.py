"""``okr check``, ``okr rules`` and ``okr explain`` end to end, as a user or a CI job runs them.

Rule outcomes asserted here come from the structural rules only (kr-missing, kr-count-exceeded,
objectives-too-many, alignment-missing, kr-no-deadline); the text rules have their own tests.
"""
from __future__ import annotations

import re

import pytest

from conftest import without_text_rules

ALL_RULE_IDS = [
    "objective-vague", "objective-unfocused", "objectives-too-many", "kr-missing", "kr-count-exceeded",
    "kr-unmeasurable", "kr-no-deadline", "kr-unrelated", "kr-redundant", "kr-set-insufficient",
    "alignment-missing", "alignment-unrelated",
]
CJK = re.compile(r"[\u4e00-\u9fff]")

CLEAN = """
    owner: 王芳
    level: personal
    cycle: 2026-Q3
    objectives:
      - title: 在 9 月 30 日前取得 ISO 27001 信息安全管理体系认证证书
        key_results:
          - 7 月 31 日前完成 12 份体系文件的编写并通过内部评审
          - 8 月 31 日前完成 1 次覆盖全部部门的内部审核,不符合项 100% 关闭
          - 9 月 30 日前通过认证机构第二阶段审核,取得认证证书
"""

SIX_OBJECTIVES = """
    owner: 赵磊
    cycle: 2026-Q4
    objectives:
""" + "".join(f"""
      - title: 完成第 {n} 家子公司的安全生产许可证延期申请
        key_results:
          - 11 月 30 日前提交第 {n} 家子公司的延期申请材料 1 套
""" for n in range(1, 7))


def test_a_clean_file_exits_0(okr, write):
    write("clean.yaml", CLEAN)
    run = okr("check", "clean.yaml", *without_text_rules())
    assert run.code == 0, run.stdout + run.stderr
    assert "clean.yaml" in run.stdout


def test_a_clean_file_draws_no_structural_finding_even_with_every_rule_on(okr, write):
    write("clean.yaml", CLEAN)
    run = okr("check", "clean.yaml", "--format", "json")
    assert run.code in (0, 1), run.stderr
    assert not run.rules() & {"kr-missing", "kr-count-exceeded", "objectives-too-many", "alignment-missing",
                              "kr-no-deadline"}


def test_warnings_make_the_exit_status_1(okr, write):
    write("many.yaml", SIX_OBJECTIVES)
    run = okr("check", "many.yaml", "--format", "json", *without_text_rules())
    assert run.code == 1
    assert [(f["rule"], f["severity"], f["location"]) for f in run.json()["findings"]] == [
        ("objectives-too-many", "warning", "")]


def test_fail_on_error_lets_warnings_pass(okr, write):
    write("many.yaml", SIX_OBJECTIVES)
    run = okr("check", "many.yaml", "--fail-on", "error", *without_text_rules())
    assert run.code == 0, run.stdout + run.stderr
    assert "objectives-too-many" in run.stdout


def test_fail_on_error_still_fails_on_an_objective_without_key_results(okr, write):
    write("nokr.yaml", """
        cycle: 2026-Q3
        objectives:
          - title: 在 9 月 30 日前取得 CMMI 3 级评估证书
    """)
    run = okr("check", "nokr.yaml", "--fail-on", "error", "--format", "json")
    assert run.code == 1
    assert ("kr-missing", "error", "O1") in {(f["rule"], f["severity"], f["location"])
                                            for f in run.json()["findings"]}


def test_fail_on_info_fails_on_an_info_finding(okr, write):
    write("nodeadline.txt", """
        O1: 取得电子与智能化工程专业承包二级资质
        KR1: 注册建造师人数达到 8 人
    """)
    assert okr("check", "nodeadline.txt", *without_text_rules()).code == 0
    assert okr("check", "nodeadline.txt", "--fail-on", "info", *without_text_rules()).code == 1


def test_json_output_has_exactly_the_documented_shape_and_nothing_else(okr, write):
    write("nokr.yaml", """
        objectives:
          - title: 在 12 月 31 日前通过高新技术企业认定
          - title: 在 12 月 31 日前取得 ISO 9001 质量管理体系认证证书
            key_results:
              - 10 月 31 日前完成管理评审 1 次
    """)
    run = okr("check", "nokr.yaml", "--format", "json")
    data = run.json()  # the whole of stdout is one JSON object
    assert set(data) == {"findings", "summary"}
    assert set(data["summary"]) == {"files", "objectives", "key_results", "error", "warning", "info"}
    assert data["summary"]["files"] == 1
    assert data["summary"]["objectives"] == 2
    assert data["summary"]["key_results"] == 1
    assert data["findings"], "an objective without key results is a finding"
    for f in data["findings"]:
        assert set(f) == {"file", "rule", "severity", "location", "message", "suggestion"}
        assert f["file"] == "nokr.yaml"
        assert f["rule"] in ALL_RULE_IDS
        assert f["severity"] in ("error", "warning", "info")
        assert re.fullmatch(r"(O\d+(\.KR\d+)?)?", f["location"])
        assert f["message"] and f["suggestion"]
    counts = {s: sum(f["severity"] == s for f in data["findings"]) for s in ("error", "warning", "info")}
    assert {s: data["summary"][s] for s in counts} == counts


def test_messages_are_chinese_by_default_and_english_with_lang_en(okr, write):
    write("en.yaml", """
        cycle: 2026-Q3
        objectives:
          - title: Pass the FDA 510(k) submission for the infusion pump by September 30
    """)
    zh = okr("check", "en.yaml", "--format", "json").json()["findings"]
    en = okr("check", "en.yaml", "--format", "json", "--lang", "en").json()["findings"]
    zh_missing = [f for f in zh if f["rule"] == "kr-missing"]
    en_missing = [f for f in en if f["rule"] == "kr-missing"]
    assert zh_missing and en_missing
    assert CJK.search(zh_missing[0]["message"])
    assert not CJK.search(en_missing[0]["message"] + en_missing[0]["suggestion"])


def test_english_text_output_uses_english_labels(okr, write):
    write("many.yaml", SIX_OBJECTIVES)
    run = okr("check", "many.yaml", "--lang", "en", *without_text_rules())
    assert "warning" in run.stdout and "suggestion" in run.stdout
    assert "警告" not in run.stdout


BAD_INPUTS = {
    "broken YAML": ("broken.yaml", "objectives:\n  - title: 取得资质\n    key_results: [完成 3 份材料\n", 3),
    "a KR before any objective": ("loose.txt", "资质部工作安排\n\n下面是本季度的计划。\nKR1: 完成 3 份申报材料\n"
                                  "O1: 在 9 月前取得测绘乙级资质\n", 4),
    "an unknown aligns_to": ("orphan.yaml", "cycle: 2026-Q3\nobjectives:\n  - title: 取得测绘乙级资质\n"
                             "    aligns_to: company.O9\n    key_results:\n      - 9 月前提交申报材料\n", 3),
    "a wrong cycle": ("q5.yaml", "owner: 李四\ncycle: 2026-Q5\nobjectives:\n  - title: 取得 CMMI 3 级证书\n"
                      "    key_results:\n      - 9 月前完成正式评估\n", 2),
    "a wrong cycle in text": ("q5.txt", "负责人:李四\n周期:2026-Q5\n目标(O):取得 CMMI 3 级证书\n"
                              "  KR1:9 月前完成正式评估\n", 2),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_exits_2_naming_the_file_and_line_without_a_traceback(okr, write, case):
    name, text, line = BAD_INPUTS[case]
    write(name, text)
    for fmt in ("text", "json"):
        run = okr("check", name, "--format", fmt)
        assert run.code == 2, run.stdout + run.stderr
        assert f"{name}:{line}" in run.stderr
        assert "Traceback" not in run.stderr
        assert run.stdout == ""


@pytest.mark.parametrize("name,content,words", [
    ("notes.txt", "资质部周会纪要\n\n本周讨论了年度计划,暂无结论。\n", "objective"),
    ("empty.md", "", "empty"),
    ("blank.txt", "\n   \n\n", "empty"),
    ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("latin1.txt", "O1: Zertifizierung bis März\n".encode("latin-1"), "UTF-8"),
    ("nothing.yaml", "owner: 张三\ncycle: 2026-Q3\n", "objective"),
], ids=["no objective", "empty", "blank", "binary", "not utf-8", "yaml without objectives"])
def test_unreadable_documents_exit_2_naming_the_file(okr, write, name, content, words):
    write(name, content)
    run = okr("check", name, "--format", "json")
    assert run.code == 2
    assert name in run.stderr and words in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_a_missing_path_exits_2(okr):
    run = okr("check", "does-not-exist.yaml")
    assert run.code == 2 and "does-not-exist.yaml" in run.stderr and "Traceback" not in run.stderr


def test_an_unknown_rule_to_disable_is_a_usage_error(okr, write):
    write("clean.yaml", CLEAN)
    run = okr("check", "clean.yaml", "--disable", "kr-unmesurable")
    assert run.code == 2 and "kr-unmesurable" in run.stderr


def test_an_unknown_option_is_a_usage_error(okr):
    run = okr("check", "--format", "xml")
    assert run.code == 2 and "Traceback" not in run.stderr


def test_a_folder_argument_checks_every_okr_document_in_it(okr, write):
    write("okrs/a.yaml", CLEAN)
    write("okrs/team/b.txt", """
        目标(O):在 12 月 31 日前取得安全生产标准化二级证书
        关键结果(KR)
          KR1:11 月 30 日前完成 13 个要素的自评报告
    """)
    write("okrs/c.md", """
        # 资质组 2026 年下半年 OKR

        ## Objective: 在 12 月 31 日前完成 ISO 45001 监督审核
        - KR1: 11 月 15 日前完成 1 次内部审核
    """)
    write("okrs/build.py", "print('not an OKR')\n")
    run = okr("check", "okrs", "--format", "json", *without_text_rules())
    assert run.code == 0, run.stdout + run.stderr
    assert run.json()["summary"]["files"] == 3
    assert run.json()["summary"]["objectives"] == 3


COMPANY = """
    id: company
    level: company
    cycle: 2026-Q3
    objectives:
      - title: 在 9 月 30 日前取得建筑工程施工总承包一级资质
        key_results:
          - 8 月 31 日前注册一级建造师达到 12 人
          - 9 月 15 日前提交一级资质申报材料 1 套
"""
DEPARTMENT = """
    id: hr
    level: department
    cycle: 2026-Q3
    objectives:
      - title: 在 8 月 31 日前完成一级建造师的招聘与注册
        aligns_to: {aligns}
        key_results:
          - 7 月 31 日前新招聘持证一级建造师 4 人
          - 8 月 31 日前完成 4 人的注册变更
"""


def test_aligns_to_resolves_across_files_given_together(okr, write):
    write("company.yaml", COMPANY)
    write("hr.yaml", DEPARTMENT.format(aligns="company.O1.KR1"))
    run = okr("check", "company.yaml", "hr.yaml", "--format", "json", *without_text_rules())
    assert run.code == 0, run.stdout + run.stderr
    assert run.json()["summary"]["files"] == 2
    alone = okr("check", "hr.yaml")
    assert alone.code == 2 and "company.O1.KR1" in alone.stderr


def test_an_unaligned_department_objective_is_reported_when_the_company_okrs_are_checked_with_it(okr, write):
    write("company.yaml", COMPANY)
    write("hr.yaml", DEPARTMENT.replace("        aligns_to: {aligns}\n", ""))
    run = okr("check", "company.yaml", "hr.yaml", "--format", "json", *without_text_rules())
    assert run.code == 1
    assert [(f["file"], f["rule"], f["location"]) for f in run.json()["findings"]] == [
        ("hr.yaml", "alignment-missing", "O1")]


def test_text_output_groups_findings_under_their_objective_and_key_result(okr, write):
    write("plan.txt", """
        O1: 取得消防设施工程专业承包二级资质
        KR1: 注册消防工程师达到 6 人
        KR2: 提交资质申报材料 1 套
        O2: 取得 ISO 14001 环境管理体系认证
    """)
    run = okr("check", "plan.txt", *without_text_rules())
    lines = run.stdout.splitlines()
    assert lines[0] == "plan.txt"
    o1 = next(i for i, ln in enumerate(lines) if ln.strip().startswith("O1 "))
    kr1 = next(i for i, ln in enumerate(lines) if ln.strip().startswith("KR1 "))
    kr2 = next(i for i, ln in enumerate(lines) if ln.strip().startswith("KR2 "))
    o2 = next(i for i, ln in enumerate(lines) if ln.strip().startswith("O2 "))
    assert o1 < kr1 < kr2 < o2
    assert "kr-no-deadline" in lines[kr1 + 1] and "kr-no-deadline" in lines[kr2 + 1]
    assert "kr-missing" in lines[o2 + 1]
    indent = len(lines[kr1]) - len(lines[kr1].lstrip())
    assert indent > len(lines[o1]) - len(lines[o1].lstrip())


def test_with_no_path_it_checks_the_built_in_seed_examples(okr):
    run = okr("check", "--format", "json")
    assert run.code in (0, 1), run.stderr
    summary = run.json()["summary"]
    assert (summary["files"], summary["objectives"], summary["key_results"]) == (1, 2, 6)


def test_rules_lists_all_twelve_rule_ids(okr):
    run = okr("rules")
    assert run.code == 0
    listed = [line.split()[0] for line in run.stdout.splitlines() if line.strip()]
    assert listed == ALL_RULE_IDS


def test_explain_prints_a_rules_documentation(okr):
    run = okr("explain", "kr-unmeasurable")
    assert run.code == 0
    assert run.stdout.startswith("kr-unmeasurable")
    assert "What it checks" in run.stdout and "Fires" in run.stdout


def test_explain_of_an_unknown_rule_exits_2_and_lists_the_known_ones(okr):
    run = okr("explain", "nope")
    assert run.code == 2
    assert "nope" in run.stderr and "kr-missing" in run.stderr
    assert run.stdout == ""


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """``okr rules | head -1``: the pipe closes before okr writes; okr ends quietly."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "okrcoach.cli.main", "rules"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    proc.stdout.close()  # before the interpreter has even started: every write hits a closed pipe
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr

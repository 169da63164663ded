"""``okr export --format xlsx``: the OKRs, findings and check-ins as a workbook people open in Excel,
and one that ``okr import`` reads back without loss."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from okrcoach.cli.main import main
from okrcoach.storage import models as m
from okrcoach.storage.db import Database
from okrcoach.workspace.progress import kr_progress

from .test_transfer import export_text, import_text

WORKSPACE = """\
okrs:
  - id: company
    owner: 华康医疗
    level: company
    cycle: 2026-Q4
    objectives:
      - id: co-launch
        title: Q4 季度实现三款新型设备上市
        key_results:
          - 3 款新型设备取得 NMPA 注册证
          - id: co-sales
            title: 新产品销售额达到 1200 万元
            start: 0
            target: 1200
            current: 300
            unit: 万元
            due: 2026-12-31
  - id: qa
    owner: 质量与注册部
    level: department
    cycle: 2026-Q4
    objectives:
      - title: 在 Q4 季度末前完成某项目甲级资质认证
        aligns_to: company.O1.KR1
        key_results:
          - title: 申报材料 100% 符合评审要求
            target: 100
            current: 40
            unit: "%"
            due: 2026-11-30
          - title: 不合格项从 40 项降到 10 项
            start: 40
            target: 10
            current: 25
            unit: 项
      - title: 建立资质台账
  - id: wufang
    owner: 吴芳
    cycle: 2026-Q4
    objectives:
      - title: 本季度提升资质管理专业能力与团队协作水平
        aligns_to: co-launch
        key_results:
          - 完成 3 项资质管理相关专业课程学习,并输出学习总结报告
"""


def owned_and_checked_in(database) -> None:
    """吴芳 owns a KR of the department's, and checks in on it."""
    with database.session() as s:
        wufang = s.scalar(select(m.Person).where(m.Person.handle == "wufang"))
        kr = s.scalar(select(m.KeyResult).where(m.KeyResult.title == "申报材料 100% 符合评审要求"))
        kr.owner_id, kr.confidence = wufang.id, 0.7
        s.add(m.CheckIn(kr_id=kr.id, author_id=wufang.id, value=40, confidence=0.7, note="材料已提交 4 份",
                        created_at=dt.datetime(2026, 11, 10, 2, 30, tzinfo=dt.timezone.utc)))


@pytest.fixture
def empty(tmp_path, sqlite_template):
    """A second, empty workspace (SQLite) to import the exported workbook into."""
    path = tmp_path / "empty.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def filled(database):
    import_text(database, WORKSPACE, "okrs.yaml")
    owned_and_checked_in(database)
    return database


def krs_of(database) -> list[tuple]:
    with database.session() as s:
        people = {p.id: p.name for p in s.scalars(select(m.Person))}
        return [(k.title, k.current, k.due, people.get(k.owner_id)) for k in
                s.scalars(select(m.KeyResult).join(m.Objective).order_by(m.Objective.id, m.KeyResult.position))]


def test_an_export_reimports_losslessly(filled, empty, okr_here, tmp_path):
    path = tmp_path / "okrs.xlsx"
    run = okr_here("export", "--format", "xlsx", "--out", str(path))
    assert run.code == 0, run.stderr
    yaml_before, krs_before = export_text(filled), krs_of(filled)
    assert main(["import", str(path), "--database-url", empty.url]) == 0
    assert export_text(empty) == yaml_before
    assert krs_of(empty) == krs_before
    assert ("申报材料 100% 符合评审要求", 40, dt.date(2026, 11, 30), "吴芳") in krs_of(empty)


def test_reimporting_a_workbook_keeps_the_reviewers_answers_it_has_no_column_for(filled, okr_here, tmp_path):
    with filled.session() as s:
        kr = s.scalar(select(m.KeyResult).where(m.KeyResult.title == "申报材料 100% 符合评审要求"))
        kr.review = {"necessary": True, "note": "缺了它目标就达不成"}
        kr.objective.review = {"sufficient": False, "note": "还缺现场审核一项"}
    path = tmp_path / "okrs.xlsx"
    assert okr_here("export", "--format", "xlsx", "--out", str(path)).code == 0
    assert okr_here("import", str(path)).code == 0
    with filled.session() as s:
        kr = s.scalar(select(m.KeyResult).where(m.KeyResult.title == "申报材料 100% 符合评审要求"))
        assert kr.review == {"necessary": True, "note": "缺了它目标就达不成"}
        assert kr.objective.review == {"sufficient": False, "note": "还缺现场审核一项"}


def test_the_workbook_shows_progress_findings_and_check_ins_in_chinese(filled, okr_here, tmp_path):
    path = tmp_path / "qa.xlsx"
    assert okr_here("export", "--format", "xlsx", "--out", str(path), "--unit", "qa", "--cycle", "2026-Q4").code == 0
    book = load_workbook(path)
    assert book.sheetnames == ["OKR", "检查结果", "签到"]
    sheet = book["OKR"]
    headers = [c.value for c in sheet[1]]
    assert headers[:16] == ["周期", "层级", "部门", "负责人", "目标", "关键结果", "关键结果负责人", "起始值", "目标值",
                            "当前值", "单位", "进度", "截止日期", "状态", "信心", "得分"]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    column = {h: i + 1 for i, h in enumerate(headers)}
    assert sheet.column_dimensions["R"].hidden and sheet.column_dimensions["E"].width >= 30
    assert "E2:E3" in {str(r) for r in sheet.merged_cells.ranges}        # the objective over its two KRs
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[column["目标"] - 1] for r in rows] == ["在 Q4 季度末前完成某项目甲级资质认证", None, "建立资质台账"]
    first, second = sheet.cell(2, column["进度"]), sheet.cell(3, column["进度"])
    assert first.value == pytest.approx(kr_progress("percentage", None, 100, 40)) and first.number_format == "0%"
    assert second.value == pytest.approx(kr_progress("metric", 40, 10, 25))    # 0.5: a metric going down
    assert sheet.cell(2, column["截止日期"]).value == dt.datetime(2026, 11, 30)
    assert sheet.cell(2, column["关键结果负责人"]).value == "吴芳" and sheet.cell(2, column["信心"]).value == 0.7
    assert sheet.cell(2, column["状态"]).value == "草稿" and sheet.cell(2, column["对齐"]).value == "company.O1.KR1"
    findings = list(book["检查结果"].iter_rows(values_only=True))
    assert findings[0] == ("周期", "OKR 集", "目标", "位置", "规则", "级别", "说明", "建议")
    assert any(r[4] == "kr-missing" and r[5] == "错误" and r[2] == "建立资质台账" for r in findings[1:])
    check_ins = list(book["签到"].iter_rows(values_only=True))
    assert check_ins[1][1:] == ("申报材料 100% 符合评审要求", dt.datetime(2026, 11, 10, 10, 30), 40, 0.7, "吴芳",
                                "材料已提交 4 份")


def test_the_english_workbook_has_english_headers_and_reads_back(filled, empty, okr_here, tmp_path):
    path = tmp_path / "en.xlsx"
    assert okr_here("export", "--format", "xlsx", "--lang", "en", "--out", str(path)).code == 0
    book = load_workbook(path)
    assert book.sheetnames == ["OKR", "Findings", "Check-ins"]
    assert [c.value for c in book["OKR"][1]][:6] == ["Cycle", "Level", "Owning unit", "Owner", "Objective",
                                                    "Key result"]
    yaml_before = export_text(filled)
    assert main(["import", str(path), "--database-url", empty.url]) == 0
    assert export_text(empty) == yaml_before


def test_an_xlsx_export_needs_a_file_and_a_match(filled, okr_here, tmp_path):
    run = okr_here("export", "--format", "xlsx")
    assert run.code == 2 and "--out FILE.xlsx" in run.stderr
    run = okr_here("export", "--format", "xlsx", "--owner", "nobody-here", "--out", str(tmp_path / "x.xlsx"))
    assert run.code == 2 and "--owner nobody-here" in run.stderr

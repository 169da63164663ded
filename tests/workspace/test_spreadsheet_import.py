"""Excel workbooks into the workspace: ``okr import okrs.xlsx`` reads the sheets companies keep.

The workbooks are built here: with openpyxl for ours, and, for one written by another program, as a
flat ODS text that LibreOffice converts to .xlsx (skipped, visibly, where ``soffice`` is absent).
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from okrcoach.documents.load import read_documents
from okrcoach.documents.spreadsheet import WorkbookError, read_workbook
from okrcoach.domain.model import Level
from okrcoach.storage import models as m
from okrcoach.workspace.progress import kr_progress

# --- workbooks ----------------------------------------------------------------------------------

FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <number:percentage-style style:name="N10"><number:number number:decimal-places="0"
   number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
  <number:date-style style:name="N20"><number:year number:style="long"/><number:text>-</number:text>
   <number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>
  </number:date-style>
  <style:style style:name="pct" style:family="table-cell" style:parent-style-name="Default"
   style:data-style-name="N10"/>
  <style:style style:name="day" style:family="table-cell" style:parent-style-name="Default"
   style:data-style-name="N20"/>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
"""
FODS_TAIL = " </office:spreadsheet></office:body>\n</office:document>\n"
MERGED = object()   # the cell under a merged one (table:covered-table-cell)


class Span:
    """A cell merged down ``rows`` rows."""

    def __init__(self, value, rows: int):
        self.value, self.rows = value, rows


class Pct(float):
    """A percentage cell: the value 0.6 shown as 60%."""


def _fods_cell(value) -> str:
    span = ""
    if isinstance(value, Span):
        span, value = f' table:number-rows-spanned="{value.rows}" table:number-columns-spanned="1"', value.value
    if value is MERGED:
        return "<table:covered-table-cell/>"
    if value is None:
        return f"<table:table-cell{span}/>"
    if isinstance(value, Pct):
        return (f'<table:table-cell{span} table:style-name="pct" office:value-type="percentage" '
                f'office:value="{float(value)}"><text:p>{round(value * 100)}%</text:p></table:table-cell>')
    if isinstance(value, dt.date):
        return (f'<table:table-cell{span} table:style-name="day" office:value-type="date" '
                f'office:date-value="{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        return (f'<table:table-cell{span} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell{span} office:value-type="string"><text:p>{escape(str(value))}</text:p>'
            "</table:table-cell>")


def fods(sheets: dict[str, list[list]]) -> str:
    """A flat ODS document: each sheet's rows of cells (str, number, date, Pct, Span, MERGED, None)."""
    body = []
    for name, rows in sheets.items():
        body.append(f' <table:table table:name="{escape(name)}">')
        for row in rows:
            body.append("  <table:table-row>" + "".join(_fods_cell(v) for v in row) + "</table:table-row>")
        body.append(" </table:table>")
    return FODS_HEAD + "\n".join(body) + "\n" + FODS_TAIL


def libreoffice_xlsx(tmp_path: Path, text: str) -> Path:
    """The flat ODS converted to .xlsx by LibreOffice, headless, in a profile of its own."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the foreign-workbook test did not run")
    source = tmp_path / "okrs.fods"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "converted"
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                           "xlsx", "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=120)
    target = out / "okrs.xlsx"
    assert target.exists(), f"LibreOffice did not convert the file: {done.stdout}\n{done.stderr}"
    return target


def workbook(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    """An .xlsx made with openpyxl: rows of values per sheet, and merged ranges such as ``"D3:D4"``."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for block in (merges or {}).get(name, []):
            sheet.merge_cells(block)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def counts(database) -> dict[str, int]:
    with database.session() as s:
        return {model.__tablename__: s.scalar(select(func.count()).select_from(model))
                for model in (m.Unit, m.Person, m.Cycle, m.Objective, m.KeyResult, m.Alignment)}


# --- a workbook from another program ------------------------------------------------------------

FOREIGN = {
    "说明": [["本表由质量部维护"], ["每季度更新一次"]],
    "2026年Q4": [
        ["华康医疗 2026 年第四季度 OKR"],
        [],
        ["截止日期", "关键结果(KR)", "责任人", "完成进度", "目标（O）", "部门", "周期"],
        [dt.date(2026, 12, 31), "提交资质申报材料 12 份", "林工", Pct(0.6),
         Span("在 Q4 季度末前取得某项目甲级资质证书", 2), Span("质量部", 2), Span("2026年第四季度", 2)],
        ["2026年11月30日", "完成 2 次注册资料内审", "梅经理", "40%", MERGED, MERGED, MERGED],
        [],
        ["2026/12/15", "3 款设备取得二类医疗器械注册证", "梅经理", 60, "完成 3 款设备的注册申报", "质量部",
         "2026-Q4"],
        [dt.date(2026, 12, 20), "注册申报一次通过率 90%", "林工", 0.25, None, None, None],
    ],
}


def test_a_workbook_written_by_libreoffice_imports_correctly(database, people, okr_here, tmp_path):
    path = libreoffice_xlsx(tmp_path, fods(FOREIGN))
    run = okr_here("import", str(path))
    assert run.code == 0, run.stderr
    with database.session() as s:
        objectives = s.scalars(select(m.Objective).where(m.Objective.unit_id == people.units["qa"],
                                                         m.Objective.owner_id.is_(None))
                               .order_by(m.Objective.position)).all()
        assert [o.title for o in objectives] == ["在 Q4 季度末前取得某项目甲级资质证书", "完成 3 款设备的注册申报"]
        assert {o.cycle_id for o in objectives} == {people.cycle_id}
        assert {o.level for o in objectives} == {"department"}
        krs = [(k.title, k.owner_id, k.due, k.start, k.target, k.unit, k.current)
               for o in objectives for k in o.key_results]
        lin, mei = people.ids["lin"], people.ids["mei"]
        assert krs == [
            ("提交资质申报材料 12 份", lin, dt.date(2026, 12, 31), 0, 100, "%", 60),
            ("完成 2 次注册资料内审", mei, dt.date(2026, 11, 30), 0, 100, "%", 40),
            ("3 款设备取得二类医疗器械注册证", mei, dt.date(2026, 12, 15), 0, 100, "%", 60),
            ("注册申报一次通过率 90%", lin, dt.date(2026, 12, 20), 0, 100, "%", 25),
        ]
        first = objectives[0].key_results[0]
        assert kr_progress(first.kind, first.start, first.target, first.current, first.direction) == pytest.approx(0.6)
        assert s.scalar(select(func.count()).select_from(m.Unit)) == 4   # 质量部 is the one already there


# --- reading: headers, values, sets -------------------------------------------------------------

def test_english_headers_title_rows_and_value_forms_are_read():
    raw = workbook({
        "Notes": [["nothing here"]],
        "Team": [
            ["Team OKRs"],
            ["Objective", "KR", "Owner", "Target", "Start", "Progress", "Due date", "Cycle", "Level", "Unit"],
            ["Ship the registry", "Register 12 devices", "Lin", 12, 0, "50%", "2026.12.31", "2026 Q4", "Team",
             "台"],
            [None, "Close 30 findings", "Mei", 40, 10, 0.5, 46387, "2026Q4", None, None],
            [None, "Publish the checklist", "Lin", None, None, 100, None, None, None, None],
        ]})
    doc = read_workbook(raw, "team.xlsx")
    [okr_set] = doc.sets
    assert (okr_set.level, okr_set.owner, okr_set.cycle.label) == (Level.TEAM, None, "2026-Q4")
    [objective] = okr_set.objectives
    a, b, c = objective.key_results
    assert (a.target, a.start, a.current, a.unit, a.due, a.owner) == (12, 0, 6, "台", dt.date(2026, 12, 31), "Lin")
    assert (b.current, b.due, b.owner) == (25, dt.date(2026, 12, 31), "Mei")
    assert (c.target, c.unit, c.current) == (100, "%", 100)


def test_a_personal_sheet_keeps_the_owner_of_a_kr_someone_else_owns():
    raw = workbook({"个人": [
        ["目标", "关键结果", "负责人", "层级", "周期"],
        ["完成注册资料内审", "内审 2 次", "林工", "个人", "2026-Q4"],
        [None, "整改 5 项", "梅经理", None, None],
        ["提升专业能力", "完成 3 门课程", "梅经理", "个人", "2026-Q4"],
    ]})
    lin, mei = read_workbook(raw, "people.xlsx").sets
    assert (lin.owner, lin.level, [o.title for o in lin.objectives]) == ("林工", Level.PERSONAL, ["完成注册资料内审"])
    assert [k.owner for k in lin.objectives[0].key_results] == [None, "梅经理"]
    assert (mei.owner, mei.objectives[0].key_results[0].owner) == ("梅经理", None)


def test_every_bad_cell_is_reported_at_once_with_sheet_row_and_column():
    raw = workbook({"OKR": [
        ["目标", "关键结果", "截止日期", "进度", "周期"],
        [None, "孤立的关键结果", "2026-12-31", "10%", "2026-Q4"],
        ["取得证书", "提交材料", "下周五", "很多", "明年"],
    ]})
    with pytest.raises(WorkbookError) as caught:
        read_workbook(raw, "bad.xlsx")
    found = {(p.sheet, p.row, p.column, p.kind, p.value) for p in caught.value.problems}
    assert found == {("OKR", 2, "目标", "orphan", None), ("OKR", 3, "截止日期", "date", "下周五"),
                     ("OKR", 3, "进度", "progress", "很多"), ("OKR", 3, "周期", "cycle", "明年")}


def test_a_workbook_without_a_header_row_is_refused():
    raw = workbook({"Sheet1": [["姓名", "电话"], ["林工", "123"]]})
    with pytest.raises(WorkbookError, match="no sheet has a header row"):
        read_workbook(raw, "contacts.xlsx")


# --- okr import: all or nothing -----------------------------------------------------------------

BAD = {"OKR": [
    ["华康医疗 OKR"],
    ["关键结果", "目标", "负责人", "截止日期"],
    ["没有目标的关键结果", None, "林工", "2026-12-31"],
    ["取得证书", "取得某项目甲级资质证书", "林工", "2026-12-31"],
    ["提交申报材料", None, "林工", "下周五"],
]}


def test_a_bad_workbook_names_both_rows_exits_2_and_writes_nothing(database, people, okr_here, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook({"OKR": [["目标", "关键结果", "负责人"], ["已有的目标", "已有的关键结果", "林工"]]}))
    assert okr_here("import", str(good)).code == 0
    before = counts(database)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(BAD))
    run = okr_here("import", str(bad))
    assert run.code == 2
    assert "2 problems, nothing imported" in run.stderr
    assert "[OKR] row 3 column '目标': a key result with no objective" in run.stderr
    assert "[OKR] row 5 column '截止日期': cannot read 截止日期 ('下周五')" in run.stderr
    assert counts(database) == before


def test_a_file_that_is_not_a_workbook_is_refused_clearly(database, okr_here, tmp_path):
    fake = tmp_path / "okrs.xlsx"
    fake.write_text("目标,关键结果\n", encoding="utf-8")
    run = okr_here("import", str(fake))
    assert run.code == 2 and "okrs.xlsx: the file is not an Excel workbook" in run.stderr
    old = tmp_path / "okrs.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\x00\x00")
    run = okr_here("import", str(old))
    assert run.code == 2 and "the old Excel format (.xls)" in run.stderr and "saved as .xlsx" in run.stderr
    assert counts(database)["objectives"] == 0


def test_okr_check_reads_a_workbook_too(tmp_path):
    path = tmp_path / "check.xlsx"
    path.write_bytes(workbook({"OKR": [["目标", "关键结果"], ["取得证书", "提交材料 12 份"]]}))
    [doc] = read_documents([path])
    assert doc.format == "xlsx" and doc.sets[0].objectives[0].key_results[0].line == 2


def test_a_folder_is_read_with_its_workbooks_and_without_excels_lock_files(tmp_path):
    folder = tmp_path / "okrs"
    folder.mkdir()
    (folder / "qa.xlsx").write_bytes(workbook({"OKR": [["目标", "关键结果", "负责人"],
                                                       ["取得甲级资质证书", "提交材料 12 份", "林工"]]}))
    (folder / "~$qa.xlsx").write_bytes(b"\x05lock")          # Excel's lock file beside the open workbook
    (folder / "sales.yaml").write_text("objectives:\n  - title: 新产品销售额达到 1200 万元\n", encoding="utf-8")
    docs = read_documents([folder])
    assert sorted(d.format for d in docs) == ["xlsx", "yaml"]

"""Excel on ``/admin/transfer``: an uploaded workbook previewed and imported like a YAML file, a bad one
refused with its rows named, and the workbook download (also offered on a unit's dashboard)."""
from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from okrcoach.storage import models as m

from ..test_spreadsheet_import import workbook
from .test_pages import sign_in
from .test_transfer_pages import confirm, hidden, open_page, preview, stored

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD = {"质量部": [
    ["质量部 2026 年第四季度 OKR"],
    ["目标", "关键结果", "负责人", "部门", "周期", "进度", "截止日期"],
    ["在 Q4 季度末前取得某项目甲级资质证书", "提交资质申报材料 12 份", "林工", "质量部", "2026-Q4", "50%", "2026-12-31"],
    [None, "完成 2 次注册资料内审", "梅经理", None, None, 0.2, "2026/11/30"],
]}
BAD = {"质量部": [
    ["目标", "关键结果", "负责人", "截止日期"],
    [None, "没有目标的关键结果", "林工", "2026-12-31"],
    ["取得证书", "提交材料", "林工", "下周五"],
]}


def xlsx_file(name: str, sheets: dict) -> tuple:
    return ("files", (name, workbook(sheets), XLSX))


def test_an_uploaded_workbook_is_previewed_then_imported(browser, database, people):
    csrf = open_page(browser)
    before = stored(database)
    shown = preview(browser, csrf, xlsx_file("质量部.xlsx", GOOD))
    assert shown.status_code == 200, shown.text
    assert "在 Q4 季度末前取得某项目甲级资质证书" in shown.text and hidden(shown.text, "file_name") == ["质量部.xlsx"]
    assert stored(database) == before
    done = confirm(browser, shown.text)
    assert done.status_code == 200, done.text
    with database.session() as s:
        objective = s.scalar(select(m.Objective).where(m.Objective.title == "在 Q4 季度末前取得某项目甲级资质证书"))
        assert objective.unit_id == people.units["qa"] and objective.owner_id is None
        assert [(k.title, k.current, k.owner_id) for k in objective.key_results] == [
            ("提交资质申报材料 12 份", 50, people.ids["lin"]), ("完成 2 次注册资料内审", 20, people.ids["mei"])]


def test_a_bad_workbook_lists_its_rows_and_nothing_is_stored(browser, database, people):
    csrf = open_page(browser)
    before = stored(database)
    r = preview(browser, csrf, xlsx_file("bad.xlsx", BAD))
    assert r.status_code == 422
    assert 'data-code="cell-orphan"' in r.text and 'data-code="cell-date"' in r.text
    assert 'data-row="2"' in r.text and 'data-row="3"' in r.text and "第 3 行" in r.text
    assert "列“截止日期”" in r.text and "下周五" in r.text and "工作表“质量部”" in r.text
    assert "不是日期" in r.text
    assert stored(database) == before


def test_a_file_named_xlsx_that_is_no_workbook_is_refused(browser, database, people):
    csrf = open_page(browser)
    r = preview(browser, csrf, ("files", ("okrs.xlsx", "目标,关键结果\n".encode("utf-8"), XLSX)))
    assert r.status_code == 422 and 'data-code="cell-not_workbook"' in r.text and "不是 Excel 工作簿" in r.text


def test_the_export_downloads_a_workbook_with_the_expected_headers(browser, database, people):
    csrf = open_page(browser)
    confirm(browser, preview(browser, csrf, xlsx_file("质量部.xlsx", GOOD)).text)
    r = browser.get("/admin/transfer/export", params={"format": "xlsx", "cycle": "2026-Q4", "unit": "qa",
                                                      "sub_units": "1"})
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert re.search(r'filename="okrs-huakang-2026-Q4-qa\.xlsx"', r.headers["content-disposition"])
    book = load_workbook(io.BytesIO(r.content))
    headers = [c.value for c in book["OKR"][1]]
    assert headers[:7] == ["周期", "层级", "部门", "负责人", "目标", "关键结果", "关键结果负责人"] and "进度" in headers
    assert book["OKR"]["F3"].value == "完成 2 次注册资料内审"


def test_the_unit_dashboard_offers_the_excel_export_to_admins_only(browser, database, people):
    sign_in(browser, "ada")
    page = browser.get(f"/units/{people.units['qa']}").text
    assert 'id="export-excel"' in page and "format=xlsx" in page and "导出 Excel" in page
    browser.cookies.clear()
    sign_in(browser, "mei")
    assert 'id="export-excel"' not in browser.get(f"/units/{people.units['qa']}").text

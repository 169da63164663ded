"""``GET /api/v1/reports/{unit_key}``: the end-of-cycle report as a file, holding only what the caller may read."""
from __future__ import annotations

import io
import zipfile

import pytest

from okrcoach.reports.fonts import find_cjk_fonts

from ..test_cycle_report import seed_quarter


def unzip(response) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_markdown_report_is_a_zip_of_the_text_and_its_charts_in_the_callers_language(api, database, people):
    seed_quarter(database, people)
    r = api.as_("ada").get("/api/v1/reports/hk", params={"cycle": "2026-Q4", "format": "md", "lang": "en"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert 'filename="report-hk-2026-Q4.zip"' in r.headers["content-disposition"]
    files = unzip(r)
    assert set(files) == {"report-hk-2026-Q4.md", "report-hk-2026-Q4-charts/progress.svg",
                          "report-hk-2026-Q4-charts/scores.svg", "report-hk-2026-Q4-charts/history.svg"}
    text = files["report-hk-2026-Q4.md"]
    assert "# End-of-cycle OKR report: 华康医疗 · 2026-Q4" in text and "销售机密目标" in text
    assert "The key result has no number to measure" in text


def test_a_private_objective_is_absent_from_the_report_of_a_reader_who_may_not_see_it(api, database, people):
    seed_quarter(database, people)
    r = api.as_("lin").get("/api/v1/reports/hk", params={"format": "md"})   # the active cycle, lin's language
    assert r.status_code == 200
    everything = "".join(unzip(r).values())
    assert "销售机密目标" not in everything and "注册申报一次通过" in everything
    assert "| 3 | 6 |" not in everything and "| 3 | 5 |" in everything   # 3 objectives, 5 KRs counted


def test_the_pdf_report_is_sent_as_a_pdf(api, database, people):
    if find_cjk_fonts() is None:
        pytest.skip("no Chinese font installed (fonts-noto-cjk): the PDF report cannot be written")
    seed_quarter(database, people)
    r = api.as_("mei").get("/api/v1/reports/qa", params={"cycle": "2026-Q4"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


@pytest.mark.parametrize("url, field", [("/api/v1/reports/nope?cycle=2026-Q4", "unit"),
                                        ("/api/v1/reports/qa?cycle=2099-Q1", "cycle")])
def test_an_unknown_unit_or_cycle_is_404_naming_it(api, people, url, field):
    r = api.as_("ada").get(url)
    assert r.status_code == 404 and r.json()["error"]["field"] == field

"""The unit page's report downloads: PDF and Markdown (zip), in the reader's language, with what they may read."""
from __future__ import annotations

import io
import zipfile

from ..test_cycle_report import seed_quarter
from .test_pages import sign_in


def test_the_unit_page_links_to_its_cycles_report(browser, database, people):
    seed_quarter(database, people)
    sign_in(browser, "mei")
    page = browser.get(f"/units/{people.units['qa']}").text
    assert "周期总结报告" in page and "下载 PDF" in page
    assert f'href="/units/{people.units["qa"]}/report.pdf?cycle={people.cycle_id}"' in page
    assert f'href="/units/{people.units["qa"]}/report.zip?cycle={people.cycle_id}"' in page


def test_a_readers_report_leaves_out_the_private_objectives_they_may_not_see(browser, database, people):
    seed_quarter(database, people)
    sign_in(browser, "lin")
    r = browser.get(f"/units/{people.units['hk']}/report.zip?cycle={people.cycle_id}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        text = archive.read("report-hk-2026-Q4.md").decode("utf-8")
    assert "注册申报一次通过" in text and "销售机密目标" not in text
    assert "# OKR 周期总结报告" in text   # the reader's language: zh by default


def test_an_unknown_unit_or_cycle_is_a_404_page(browser, people):
    sign_in(browser, "lin")
    assert browser.get("/units/9999/report.pdf").status_code == 404
    assert browser.get(f"/units/{people.units['qa']}/report.zip?cycle=9999").status_code == 404

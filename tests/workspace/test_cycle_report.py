"""The end-of-cycle report: its figures, the PDF a manager opens, the Markdown beside its charts, the CLI.

The PDF is read back as a person would see it: rendered to PNG by poppler's ``pdftoppm`` (the first
page kept in ``screenshots/`` to look at) and its text extracted with ``pdftotext``. Where poppler
is absent those tests are skipped with the reason shown.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from okrcoach.reports import markdown, pdf
from okrcoach.reports.fonts import find_cjk_fonts
from okrcoach.services import unit_dashboard
from okrcoach.services.access import actor_for
from okrcoach.services.cycle_report import cycle_report, find_cycle, find_unit
from okrcoach.services.progress import compute
from okrcoach.storage import models as m

from .conftest import ROOT, TODAY
from .factories import make_check_in, make_objective

SCREENSHOTS = ROOT / "screenshots"
UTC = dt.timezone.utc


def seed_quarter(database, people) -> dict[str, int]:
    """A company objective, QA's objective aligned to its first KR (scored, reflected on, with a finding
    left open and check-ins), Lin's objective aligned to nothing, and Sam's private one in Sales."""
    company = make_objective(database, people, None, unit="hk", title="三款新型设备上市",
                             krs=[dict(title="取得三张注册证", kind="metric", start=0, target=3, current=1, unit="张"),
                                  dict(title="新品销售额", kind="metric", start=0, target=1200, current=300)])
    qa = make_objective(database, people, None, unit="qa", title="注册申报一次通过",
                        aligned_to_kr=company.kr_ids[0],
                        krs=[dict(title="提交注册资料", kind="metric", start=0, target=4, current=3, score=0.7,
                                  confidence=0.8, due=dt.date(2026, 12, 15)),
                             dict(title="发补意见按时答复率", kind="percentage", start=0, target=100, current=90,
                                  score=0.9, weight=1.0)])
    make_check_in(database, people, qa.kr_ids[0], "mei", value=1, confidence=0.6,
                  at=dt.datetime(2026, 10, 12, 9, tzinfo=UTC))
    make_check_in(database, people, qa.kr_ids[0], "mei", value=3, confidence=0.8,
                  at=dt.datetime(2026, 11, 9, 9, tzinfo=UTC))
    make_check_in(database, people, qa.kr_ids[1], "mei", value=91, at=dt.datetime(2026, 11, 10, 9, tzinfo=UTC))
    lin = make_objective(database, people, "lin", title="提升资质管理能力",
                         krs=[dict(title="完成法规培训", kind="milestone", current=0)])
    sam = make_objective(database, people, "sam", title="销售机密目标", visibility="private",
                         krs=[dict(title="签约大客户", kind="metric", start=0, target=5, current=1)])
    with database.session() as s:
        o = s.get(m.Objective, qa.id)
        o.reflection = "提前与审评机构沟通,一次通过率明显提高;临床评价报告仍然偏慢。"
        o.review = {"sufficient": True, "note": "两个关键结果足以说明目标达成"}
        s.add(m.StoredFinding(objective_id=qa.id, rule="kr-unmeasurable", severity="warning", location="O1.KR2",
                              texts={"zh": {"message": "关键结果缺少可衡量的数字", "suggestion": ""},
                                     "en": {"message": "The key result has no number to measure", "suggestion": ""}}))
    return {"company": company.id, "qa": qa.id, "lin": lin.id, "sam": sam.id}


def report_for(database, people, *, unit: str | None = None, reader: str | None = None, lang: str = "zh"):
    with database.session() as s:
        actor = actor_for(s, s.get(m.Person, people.ids[reader])) if reader else None
        return cycle_report(s, unit=find_unit(s, people.org_id, unit), cycle=find_cycle(s, people.org_id, "2026-Q4"),
                            actor=actor, today=TODAY, lang=lang)


def need(binary: str) -> None:
    if shutil.which(binary) is None:
        pytest.skip(f"{binary} (poppler-utils) is not installed: the PDF was not read back")


def pdf_text(path: Path) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def first_page_png(path: Path, name: str) -> Path:
    need("pdftoppm")
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / name
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(target.with_suffix(""))], check=True)
    return target


def test_the_report_figures_agree_with_the_dashboard_and_the_scoring_rule(database, people):
    ids = seed_quarter(database, people)
    report = report_for(database, people, reader="ada")
    with database.session() as s:
        ada = actor_for(s, s.get(m.Person, people.ids["ada"]))
        board = unit_dashboard.unit_dashboard(s, actor=ada, unit_id=people.units["hk"], cycle_id=None, today=TODAY)
        progress = compute(s, ids.values(), today=TODAY)
    s = report.summary
    assert s.objectives == board.objectives_count == 4
    assert s.average_progress == pytest.approx(board.subtree_progress, abs=1e-4)
    assert s.at_risk == board.at_risk_count
    by_title = {o.title: o for o in report.objectives}
    assert by_title["注册申报一次通过"].progress == pytest.approx(progress[ids["qa"]].progress)
    assert by_title["注册申报一次通过"].score == pytest.approx(0.8)   # the weighted mean of 0.7 and 0.9
    assert by_title["三款新型设备上市"].score is None                  # not every KR scored: no score
    assert (s.key_results, s.scored, s.check_ins, s.aligned, s.orphans) == (6, 1, 3, 1, 2)
    assert s.score_bands == ((0, 0), (0, 0), (1, 2))
    qa = by_title["注册申报一次通过"]
    assert qa.top.objective_title == "三款新型设备上市" and qa.top.kr_title == "取得三张注册证"
    assert [h.progress for h in report.history][-1] == pytest.approx(qa.progress / 4)   # only QA checked in


def test_a_report_never_shows_an_objective_its_reader_may_not_see(database, people):
    seed_quarter(database, people)
    assert "销售机密目标" in {o.title for o in report_for(database, people, reader="ada").objectives}
    seen_by_lin = report_for(database, people, reader="lin")
    assert "销售机密目标" not in {o.title for o in seen_by_lin.objectives}
    assert seen_by_lin.summary.objectives == 3
    assert "销售机密目标" not in pdf_free_text(seen_by_lin)


def pdf_free_text(report) -> str:
    """What the Markdown report says, charts included: the cheapest full rendering to search."""
    rendered = markdown.render(report, "charts")
    return rendered.text + "".join(rendered.files.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_report_reads_as_a_manager_expects(database, people, tmp_path, lang):
    if find_cjk_fonts() is None:
        pytest.skip("no Chinese font installed (fonts-noto-cjk): the PDF report cannot be written")
    seed_quarter(database, people)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.render(report_for(database, people, lang=lang)))
    png = first_page_png(path, "report-first-page.png" if lang == "zh" else "report-first-page-en.png")
    assert png.stat().st_size > 20_000
    words = "".join(pdf_text(path).split())   # pdftotext keeps or drops the spaces between CJK and digits
    expected = {"zh": ["OKR 周期总结报告", "概览", "对齐情况", "目标详情", "仍未解决的检查问题", "关键结果缺少可衡量的数字",
                       "第1/4页"],
                "en": ["End-of-cycle OKR report", "Summary", "Alignment", "Objectives in detail", "Findings still open",
                       "The key result has no number to measure", "Page 1 of 4"]}[lang]
    for text in [*expected, "注册申报一次通过", "三款新型设备上市", "提前与审评机构沟通", "33%", "83%", "0.8"]:
        assert text.replace(" ", "") in words, text


def test_a_chinese_pdf_without_a_chinese_font_names_the_package_to_install(database, people, monkeypatch):
    seed_quarter(database, people)
    monkeypatch.setenv("OKRCOACH_REPORT_FONT", "/nonexistent/font.ttc")
    with pytest.raises(Exception, match="fonts-noto-cjk"):
        pdf.render(report_for(database, people))


def test_the_markdown_report_has_its_sections_tables_and_charts_beside_it(database, people, tmp_path, okr_here):
    seed_quarter(database, people)
    out = tmp_path / "out" / "qa.md"
    run = okr_here("report", "--cycle", "2026-Q4", "--unit", "qa", "--format", "md", "--out", str(out))
    assert run.code == 0 and "qa-charts" in run.stdout
    text = out.read_text(encoding="utf-8")
    for heading in ("# OKR 周期总结报告: 质量部 · 2026-Q4", "## 概览", "## 图表", "## 对齐情况", "## 目标详情",
                    "### O1 注册申报一次通过", "## 仍未解决的检查问题"):
        assert heading in text, heading
    assert "| KR1 提交注册资料 | 0 → 4 | 3 | 75% | 0.7 | 80% | 2026-12-15 |" in text
    assert "三款新型设备上市 → 取得三张注册证" in text and "> 提前与审评机构沟通" in text
    assert "关键结果缺少可衡量的数字" in text and "两个关键结果足以说明目标达成" in text
    images = [line.split("](")[1].rstrip(")") for line in text.splitlines() if line.startswith("![")]
    assert images == ["qa-charts/progress.svg", "qa-charts/scores.svg", "qa-charts/history.svg"]
    for image in images:
        root = ET.parse(out.parent / image).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.find("{http://www.w3.org/2000/svg}title").text


def test_okr_report_writes_a_pdf_named_for_the_unit_and_cycle_by_default(database, people, tmp_path, okr_here,
                                                                       monkeypatch):
    if find_cjk_fonts() is None:
        pytest.skip("no Chinese font installed (fonts-noto-cjk): the PDF report cannot be written")
    seed_quarter(database, people)
    monkeypatch.chdir(tmp_path)
    run = okr_here("report", "--cycle", "2026-Q4")
    assert run.code == 0, run.stderr
    assert (tmp_path / "report-hk-2026-Q4.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("args, named", [(("--cycle", "2099-Q1"), "--cycle 2099-Q1"),
                                         (("--cycle", "2026-Q4", "--unit", "nope"), "--unit nope")])
def test_okr_report_refuses_an_unknown_cycle_or_unit_naming_it(database, people, tmp_path, okr_here, args, named):
    run = okr_here("report", *args, "--out", str(tmp_path / "r.pdf"))
    assert run.code == 2 and named in run.stderr
    assert not (tmp_path / "r.pdf").exists()

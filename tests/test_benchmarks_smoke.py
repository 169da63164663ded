"""The workspace benchmarks run: the company generator and every measure, at a tiny scale, on SQLite.

A benchmark that cannot run is a defect found too late (on the day someone wants its figures), so
these run the real code paths (the generator, cycle_tree against the reference SQL, uvicorn under
the load generator, ``okr import``) with 50 people and sub-second durations, and assert only that
each produces numbers, never how fast anything is, nor that the endpoints under test answer without
error: that is the benchmark's finding to report, not the benchmark failing.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_workspace  # noqa: E402
import company  # noqa: E402

from okrcoach.services import tokens  # noqa: E402
from okrcoach.storage import models as m  # noqa: E402
from okrcoach.storage.db import Database  # noqa: E402


def test_the_company_generator_builds_a_small_company_with_check_ins_and_working_tokens(tmp_path):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    summary = company.build(url, people=50, seed=3, tokens=10, log=lambda msg: None)

    counts = summary["counts"]
    assert counts["people"] == 50 and counts["units"] >= 3
    assert set(summary["objectives_by_level"]) == {"company", "department", "team", "personal"}
    assert counts["key_results"] > counts["objectives"] and counts["check_ins"] > counts["key_results"]
    database = Database(url)
    try:
        with database.session() as s:
            not_company = s.scalars(select(m.Objective.id).where(m.Objective.level != "company")).all()
            aligned = set(s.scalars(select(m.Alignment.child_id)).all())
            assert set(not_company) <= aligned, "every non-company objective supports something one level up"
            latest = s.execute(select(m.CheckIn.kr_id, m.CheckIn.value).order_by(m.CheckIn.created_at, m.CheckIn.id)).all()
            last_value = dict(latest)
            for kr in s.scalars(select(m.KeyResult).where(m.KeyResult.id.in_(list(last_value)[:50]))):
                assert kr.current == last_value[kr.id]
            assert s.scalar(select(func.count()).select_from(m.AuditEvent)) == 0, "bulk load bypasses the audit hook"
            sample = json.loads(Path(summary["tokens_file"]).read_text(encoding="utf-8"))["people"][0]
            assert tokens.person_for(s, sample["token"]).id == sample["person_id"]
    finally:
        database.dispose()


def test_the_company_generator_refuses_a_database_that_already_holds_an_organisation(tmp_path):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    company.build(url, people=20, tokens=2, log=lambda msg: None)
    with pytest.raises(SystemExit, match="empty database"):
        company.build(url, people=20, tokens=2, log=lambda msg: None)


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """Run bench_workspace.py's main with some measures at a tiny scale; the company is built once."""
    workdir = tmp_path_factory.mktemp("bench-workspace")

    def run(measures: str) -> dict:
        results = workdir / f"results-{measures}.json"
        code = bench_workspace.main(["--people", "50", "--backend", "sqlite", "--measures", measures, "--runs", "1",
                                     "--duration", "0.5", "--warmup", "0.2", "--clients", "4", "--workers", "1",
                                     "--import-sets", "5", "--workdir", str(workdir / "work"),
                                     "--results", str(results)])
        assert code == 0
        return json.loads(results.read_text(encoding="utf-8"))["runs"][-1]["backends"][0]

    return run


def test_the_tree_measure_times_cycle_tree_and_the_reference_sql_and_they_agree(bench, capsys):
    a = bench("a")["a"]
    assert "(a) ratio" in capsys.readouterr().out
    assert a["tree_best_s"] > 0 and a["reference_best_s"] > 0 and a["ratio"] > 0
    assert a["checked_objectives"] > 0 and a["mismatches"] == 0, a["mismatch_samples"]


def test_the_load_measure_reports_throughput_and_latency_for_every_endpoint_or_says_why_not(bench):
    b = bench("b")["b"]["workers_1"]
    assert "skipped" not in b["health"], "the health endpoint always exists"
    assert b["health"]["errors"] == 0, b["health"]["error_samples"] or b["health"]["failures"]
    for name in bench_workspace.ENDPOINTS:
        figures = b[name]
        if "skipped" in figures:
            assert "no such endpoint" in figures["skipped"]
            continue
        assert figures["requests"] > 0 and figures["throughput_rps"] > 0 and figures["p99_ms"] > 0
        assert isinstance(figures["errors"], int) and "tracebacks" in figures["server_errors"]
    assert b["token_first_use"]["requests"] > 0
    assert b["sequential"], "one-at-a-time timings of each kind of request"


def test_the_import_measure_times_okr_import_or_says_it_does_not_exist(bench):
    c = bench("c")["c"]
    if "skipped" in c:
        assert "no import command" in c["skipped"]
    else:
        assert c["exit"] == 0, c["stderr_tail"]
        assert c["sets"] == 5 and c["sets_per_s"] > 0 and c["rows_objectives"] > 0


def test_the_pages_measure_opens_every_page_as_its_reader_and_times_it(bench, capsys):
    d = bench("d")["d"]
    assert "(d) company dashboard" in capsys.readouterr().out
    pages = {label: figures for label, figures in d.items() if label != "load_before"}
    assert len(pages) == 14 and "(fetched by its page)" in " ".join(pages)   # 12 pages, 2 heat maps
    for label, figures in pages.items():   # a page failing the person it is opened as is a bug, not a figure
        assert "best_ms" in figures, f"{label}: {figures}"
        assert figures["best_ms"] > 0 and figures["bytes"] > 1000


def test_the_notification_measure_times_a_first_and_a_steady_scan_from_the_company_as_generated(bench, capsys):
    e = bench("e")["e"]
    assert "(e) notification scan" in capsys.readouterr().out
    assert e["first_queued"] > 0 and e["notices"] == e["first_queued"]
    assert e["steady_queued"] == 0 and e["steady_best_s"] > 0     # a second scan finds nothing new
    assert bench("e")["e"]["first_queued"] == e["first_queued"]    # a second run starts afresh too

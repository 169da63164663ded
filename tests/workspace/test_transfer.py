"""``okr import`` and ``okr export``: documents into the workspace and back, without loss.

The main CLI paths run ``okr`` in a subprocess against the test database (both backends), as a
user would; the others call ``okr``'s ``main`` in-process (``okr_here``), and the round trip over the
evaluation's dev cases calls the services directly: a subprocess costs seconds of imports each. The dev cases
are read from ``../shared/eval/dev/cases`` (never copied here) and skipped, visibly, when absent.
"""
from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conftest import Run, run_okr
from okrcoach.documents.load import load_documents, load_text, read_documents
from okrcoach.domain.errors import InputError
from okrcoach.services import transfer
from okrcoach.storage import models as m
from okrcoach.storage.db import Database

from .conftest import ROOT, TODAY, _truncate

CASES = ROOT.parent / "shared" / "eval" / "dev" / "cases"
SEED_EXAMPLES = [ROOT / "src/okrcoach/examples/seed-article.txt",
                 *sorted((ROOT / "src/okrcoach/templates").glob("*.yaml"))]

COMPANY = """\
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
            unit: 万元
            due: 2026-12-31
"""

QA = """\
id: qa
owner: 质量与注册部
level: department
cycle: 2026-Q4
objectives:
  - title: 在 Q4 季度末前完成某项目甲级资质认证
    aligns_to: company.O1.KR1
    key_results:
      - 在 3 周内梳理资质申报所需的政策法规,形成信息文档
      - title: 申报材料 100% 符合评审要求
        target: 100
        unit: "%"
"""

PERSONAL = """\
id: wufang
owner: 吴芳
cycle: 2026-Q4
objectives:
  - title: 本季度提升资质管理专业能力与团队协作水平
    aligns_to: co-launch
    key_results:
      - 完成 3 项资质管理相关专业课程学习,并输出学习总结报告
"""


# --- helpers ------------------------------------------------------------------------------------

def okr_db(database: Database, *args: str) -> Run:
    """``okr ARGS`` in a subprocess on the test database."""
    return run_okr(*args, "--database-url", database.url)


def count(database: Database, model) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def counts(database: Database) -> dict[str, int]:
    models = (m.Organisation, m.Unit, m.Person, m.Membership, m.Cycle, m.Objective, m.KeyResult, m.Alignment)
    return {model.__tablename__: count(database, model) for model in models}


def import_paths(database: Database, paths, **options) -> transfer.ImportReport:
    docs = read_documents(paths)
    with database.session() as s:
        return transfer.import_documents(s, docs, today=TODAY, **options)


def import_text(database: Database, text: str, name: str = "export.yaml") -> transfer.ImportReport:
    with database.session() as s:
        return transfer.import_documents(s, [load_text(text, name)], today=TODAY)


def export_text(database: Database, fmt: str = "yaml", **filters) -> str:
    with database.session() as s:
        return transfer.render_many(transfer.export_sets(s, **filters), fmt)


KR_FIELDS = ("title", "key", "kind", "direction", "start", "target", "current", "unit", "due", "review",
             "weight")


def snapshot(database: Database) -> dict:
    """What the workspace holds, normalised: sets, objectives, KRs with their fields, alignments; no ids."""
    with database.session() as s:
        people = {p.id: p for p in s.scalars(select(m.Person))}
        units = {u.id: u for u in s.scalars(select(m.Unit))}
        cycles = {c.id: c for c in s.scalars(select(m.Cycle))}
        objectives = s.scalars(select(m.Objective).options(selectinload(m.Objective.key_results))
                               .order_by(m.Objective.position, m.Objective.id)).all()
        grouped = defaultdict(list)
        for o in objectives:
            grouped[(o.cycle_id, o.owner_id, None if o.owner_id else o.unit_id)].append(o)
        sets, place = {}, {}
        for (cycle_id, owner_id, unit_id), objs in grouped.items():
            c = cycles[cycle_id]
            name = ("person", people[owner_id].handle) if owner_id else ("unit", units[unit_id].key)
            sets[(*name, c.name)] = {
                "owner": people[owner_id].name if owner_id else units[unit_id].name,
                "cycle": (c.kind, c.start_date.isoformat(), c.end_date.isoformat()),
                "objectives": [
                    {"title": o.title, "key": o.key, "level": o.level, "status": o.status, "review": o.review,
                     "unit": units[o.unit_id].key,
                     "key_results": [{f: getattr(k, f) for f in KR_FIELDS} for k in o.key_results]}
                    for o in objs]}
            for i, o in enumerate(objs, 1):
                place[("o", o.id)] = (*name, c.name, i)
                for j, k in enumerate(o.key_results, 1):
                    place[("k", k.id)] = (*name, c.name, i, j)
        links = sorted((place[("o", a.child_id)], place[("o", a.parent_objective_id)] if a.parent_objective_id
                        else place[("k", a.parent_kr_id)]) for a in s.scalars(select(m.Alignment)))
    return {"sets": sets, "alignments": links}


@pytest.fixture
def fresh(database, tmp_path, sqlite_template):
    """Hand out empty databases on the test's backend: new SQLite files, or the PostgreSQL one emptied."""
    made: list[Database] = []

    def _fresh() -> Database:
        if database.dialect != "sqlite":
            _truncate(database)
            return database
        while made:   # one at a time: the previous one is done with
            old = made.pop()
            old.dispose()
            for f in tmp_path.glob("fresh.db*"):
                f.unlink()
        path = tmp_path / "fresh.db"
        shutil.copy(sqlite_template, path)
        made.append(Database(f"sqlite:///{path}"))
        return made[-1]

    yield _fresh
    for db in made:
        db.dispose()


def round_trip(fresh, paths) -> tuple[str, str, dict, dict, Database]:
    """Import into an empty workspace, export; import that export into another empty one, export again."""
    first = fresh()
    import_paths(first, paths)
    exported, before = export_text(first), snapshot(first)
    second = fresh()
    import_text(second, exported)
    return exported, export_text(second), before, snapshot(second), second


def dev_cases() -> list[Path]:
    if not CASES.is_dir():
        pytest.skip(f"the evaluation's dev cases are not here ({CASES}): "
                    "the round trip over them did not run")
    return sorted(p for p in CASES.iterdir() if p.suffix in (".yaml", ".yml", ".json", ".txt", ".md"))


def readable(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The cases ``okr check`` reads, and those it rejects with exit 2 (read or alignment errors)."""
    good, bad = [], []
    for p in paths:
        try:
            load_documents([p])
            good.append(p)
        except InputError:
            bad.append(p)
    return good, bad


# --- okr import ---------------------------------------------------------------------------------

def test_import_creates_the_sets_and_prints_a_summary(database, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "qa.yaml").write_text(QA, encoding="utf-8")
    (tmp_path / "wufang.yaml").write_text(PERSONAL, encoding="utf-8")
    run = okr_db(database, "import", "--lang", "en", str(tmp_path))
    assert run.code == 0, run.stderr
    assert "Imported 3 file(s)" in run.stdout
    assert "sets: created 3, updated 0, unchanged 0" in run.stdout
    assert "objectives: created 3" in run.stdout
    assert "key results: created 5" in run.stdout
    assert "alignments: created 2" in run.stdout
    assert "Findings:" in run.stdout
    assert run.stderr == ""   # no terminal: no progress bar
    with database.session() as s:
        company = s.scalar(select(m.Unit).where(m.Unit.key == "company"))
        qa = s.scalar(select(m.Unit).where(m.Unit.key == "qa"))
        wufang = s.scalar(select(m.Person).where(m.Person.handle == "wufang"))
        assert company.parent_id is None and company.kind == "company" and company.name == "华康医疗"
        assert qa.parent_id == company.id and qa.kind == "department"
        assert wufang.name == "吴芳"
        kr = s.scalar(select(m.KeyResult).where(m.KeyResult.key == "co-sales"))
        assert (kr.kind, kr.start, kr.target, kr.unit, str(kr.due)) == ("metric", 0, 1200, "万元", "2026-12-31")
        percent = s.scalar(select(m.KeyResult).where(m.KeyResult.title.like("申报材料%")))
        assert percent.kind == "percentage"
        assert s.scalar(select(m.Cycle.kind).where(m.Cycle.name == "2026-Q4")) == "quarter"


def test_the_summary_is_in_chinese_by_default(okr_here, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    run = okr_here("import", str(tmp_path / "company.yaml"))
    assert run.code == 0, run.stderr
    assert "OKR 集:新建 1" in run.stdout and "检查结果:" in run.stdout


def test_an_unreadable_file_exits_2_naming_its_line_and_writes_nothing(database, tmp_path):
    (tmp_path / "good.yaml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("objectives:\n  - title: 完成甲级资质认证\n    key_results: [\n",
                                       encoding="utf-8")
    run = okr_db(database, "import", str(tmp_path / "good.yaml"), str(tmp_path / "bad.yaml"))
    assert run.code == 2
    assert "bad.yaml:3" in run.stderr
    assert run.stdout == ""
    assert counts(database)["organisations"] == 0 and counts(database)["objectives"] == 0


def test_an_alignment_that_names_nothing_exits_2_and_rolls_everything_back(database, okr_here, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "qa.yaml").write_text(QA.replace("company.O1.KR1", "company.O3"), encoding="utf-8")
    run = okr_here("import", str(tmp_path / "company.yaml"), str(tmp_path / "qa.yaml"))
    assert run.code == 2
    assert "qa.yaml:6" in run.stderr and "'company.O3'" in run.stderr
    assert counts(database)["objectives"] == 0 and counts(database)["people"] == 0


def test_reimporting_the_same_documents_changes_nothing(database, tmp_path):
    for name, text in (("company.yaml", COMPANY), ("qa.yaml", QA), ("wufang.yaml", PERSONAL)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths(database, [tmp_path])
    before = counts(database)
    snap = snapshot(database)
    again = okr_db(database, "import", "--lang", "en", str(tmp_path))
    assert again.code == 0, again.stderr
    assert counts(database) == before and snapshot(database) == snap
    assert "sets: created 0, updated 0, unchanged 3" in again.stdout
    assert "objectives: created 0, updated 0, unchanged 3, deleted 0, kept 0" in again.stdout
    assert "alignments: created 0, unchanged 2, deleted 0" in again.stdout


def test_a_reimport_updates_in_place_deletes_drafts_and_keeps_live_objectives(database, okr_here, tmp_path):
    path = tmp_path / "lin.yaml"
    path.write_text("id: lin\nowner: 林工\ncycle: 2026-Q4\nobjectives:\n"
                    "  - title: 完成甲级资质认证\n    key_results: [梳理政策法规, 提交申报材料]\n"
                    "  - title: 建立注册申报知识库\n    key_results: [整理 20 份申报案例]\n"
                    "  - title: 提升客户满意度\n    key_results: [满意度调查 90 分]\n", encoding="utf-8")
    import_paths(database, [path])
    with database.session() as s:
        ids = {o.title: o.id for o in s.scalars(select(m.Objective))}
        s.get(m.Objective, ids["提升客户满意度"]).status = "active"
    path.write_text("id: lin\nowner: 林工\ncycle: 2026-Q4\nobjectives:\n"
                    "  - title: 9 月 30 日前完成甲级资质认证\n    key_results: [梳理政策法规, 提交申报材料, 取得证书]\n",
                    encoding="utf-8")
    run = okr_here("import", "--lang", "en", str(path))
    assert run.code == 0, run.stderr
    assert "objectives: created 0, updated 1, unchanged 0, deleted 1, kept 1" in run.stdout
    assert "key results: created 1, updated 0, unchanged 2" in run.stdout
    assert "提升客户满意度" in run.stdout and "(active)" in run.stdout
    with database.session() as s:
        rows = s.scalars(select(m.Objective).order_by(m.Objective.position)).all()
        assert [(o.id, o.title) for o in rows] == [(ids["完成甲级资质认证"], "9 月 30 日前完成甲级资质认证"),
                                                   (ids["提升客户满意度"], "提升客户满意度")]


def test_alignment_resolves_across_two_files_given_together(database, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "qa.yaml").write_text(QA, encoding="utf-8")
    report = import_paths(database, [tmp_path / "qa.yaml", tmp_path / "company.yaml"])
    assert report.alignments.created == 1
    with database.session() as s:
        link = s.scalars(select(m.Alignment)).one()
        parent = s.get(m.KeyResult, link.parent_kr_id)
        assert parent.title == "3 款新型设备取得 NMPA 注册证"
        assert s.get(m.Objective, link.child_id).title == "在 Q4 季度末前完成某项目甲级资质认证"


def test_alignment_resolves_against_what_the_workspace_already_holds(database, okr_here, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "qa.yaml").write_text(QA, encoding="utf-8")
    (tmp_path / "wufang.yaml").write_text(PERSONAL, encoding="utf-8")
    assert okr_here("import", str(tmp_path / "company.yaml")).code == 0
    run = okr_here("import", "--lang", "en", str(tmp_path / "qa.yaml"), str(tmp_path / "wufang.yaml"))
    assert run.code == 0, run.stderr
    assert "alignments: created 2" in run.stdout
    with database.session() as s:
        by_child = {s.get(m.Objective, a.child_id).title: a for a in s.scalars(select(m.Alignment))}
        qa_link = by_child["在 Q4 季度末前完成某项目甲级资质认证"]
        assert s.get(m.KeyResult, qa_link.parent_kr_id).title == "3 款新型设备取得 NMPA 注册证"   # company.O1.KR1
        own_key = by_child["本季度提升资质管理专业能力与团队协作水平"]
        assert s.get(m.Objective, own_key.parent_objective_id).key == "co-launch"                  # by its id


def test_sets_without_a_cycle_go_to_the_cycle_named_on_the_command_line(database, okr_here, tmp_path):
    (tmp_path / "okr.txt").write_text("负责人:刘敏\n目标(O):完成甲级资质认证\nKR1:提交申报材料\n", encoding="utf-8")
    run = okr_here("import", "--cycle", "2027-H1", str(tmp_path / "okr.txt"))
    assert run.code == 0, run.stderr
    with database.session() as s:
        objective = s.scalars(select(m.Objective)).one()
        cycle = s.get(m.Cycle, objective.cycle_id)
        assert (cycle.name, cycle.kind, str(cycle.start_date), str(cycle.end_date)) == \
            ("2027-H1", "half", "2027-01-01", "2027-06-30")
        person = s.get(m.Person, objective.owner_id)
        assert (person.handle, person.name) == ("刘敏", "刘敏")


def test_import_into_an_existing_organisation_uses_its_active_cycle_and_units(database, people, tmp_path):
    (tmp_path / "mei.yaml").write_text("id: mei\nobjectives:\n  - title: 完成注册证延续申请\n", encoding="utf-8")
    report = import_paths(database, [tmp_path / "mei.yaml"])
    assert report.people.created == 0 and report.cycles.created == 0
    with database.session() as s:
        objective = s.scalars(select(m.Objective)).one()
        assert objective.owner_id == people.ids["mei"] and objective.cycle_id == people.cycle_id
        assert objective.unit_id == people.units["qa"]          # her own unit


def test_import_records_who_did_it_in_the_audit_trail(database, people, okr_here, tmp_path):
    (tmp_path / "qa.yaml").write_text(QA.replace("    aligns_to: company.O1.KR1\n", ""), encoding="utf-8")
    run = okr_here("import", "--as", "MEI@huakang.test", str(tmp_path / "qa.yaml"))
    assert run.code == 0, run.stderr
    with database.session() as s:
        actors = set(s.scalars(select(m.AuditEvent.actor_id).where(m.AuditEvent.entity == "objectives")))
        assert actors == {people.ids["mei"]}
    unknown = okr_here("import", "--as", "nobody@huakang.test", str(tmp_path / "qa.yaml"))
    assert unknown.code == 2 and "--as nobody@huakang.test" in unknown.stderr


def test_personal_sets_join_the_unit_named_on_the_command_line(database, people, tmp_path):
    (tmp_path / "zhou.yaml").write_text("id: zhouyan\nowner: 周燕\nobjectives:\n  - title: 完成甲级资质认证\n",
                                        encoding="utf-8")
    import_paths(database, [tmp_path / "zhou.yaml"], unit="qa-reg")
    with database.session() as s:
        person = s.scalar(select(m.Person).where(m.Person.handle == "zhouyan"))
        membership = s.scalars(select(m.Membership).where(m.Membership.person_id == person.id)).one()
        assert (membership.unit_id, membership.role) == (people.units["qa-reg"], "member")
        assert s.scalars(select(m.Objective.unit_id)).one() == people.units["qa-reg"]
    with pytest.raises(InputError, match="--unit nowhere"):
        import_paths(database, [tmp_path / "zhou.yaml"], unit="nowhere")


def test_a_quarterly_set_aligns_to_the_annual_company_set_in_the_workspace(database, tmp_path):
    (tmp_path / "company.yaml").write_text(
        "id: company\nlevel: company\ncycle: 2026\nobjectives:\n  - title: 全年取得 5 张注册证\n"
        "    key_results: [取得 5 张注册证]\n", encoding="utf-8")
    (tmp_path / "qa.yaml").write_text(
        "id: qa\nlevel: department\ncycle: 2026-Q3\nobjectives:\n  - title: Q3 取得 2 张注册证\n"
        "    aligns_to: company.O1.KR1\n    key_results: [取得 2 张注册证]\n", encoding="utf-8")
    import_paths(database, [tmp_path / "company.yaml"])
    import_paths(database, [tmp_path / "qa.yaml"])
    with database.session() as s:
        link = s.scalars(select(m.Alignment)).one()
        assert s.get(m.KeyResult, link.parent_kr_id).title == "取得 5 张注册证"
    assert "aligns_to: company.O1.KR1" in export_text(database)


def test_alignment_that_loops_back_is_refused_with_its_line(database, tmp_path):
    (tmp_path / "loop.yaml").write_text(
        "okrs:\n  - id: a\n    objectives:\n      - title: 甲\n        aligns_to: b.O1\n"
        "  - id: b\n    objectives:\n      - title: 乙\n        aligns_to: a.O1\n", encoding="utf-8")
    with pytest.raises(InputError, match="loop") as error:
        import_paths(database, [tmp_path / "loop.yaml"])
    assert "loop.yaml:" in str(error.value)


def test_the_progress_bar_goes_to_stderr_when_asked_for(okr_here, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    run = okr_here("import", "--progress", str(tmp_path / "company.yaml"))
    assert run.code == 0, run.stderr
    assert "okr import [" in run.stderr and "1/1" in run.stderr
    assert "okr import [" not in run.stdout


def test_the_stored_findings_are_the_checkers(database, tmp_path):
    six = "objectives:\n  - title: 完成甲级资质认证\n    key_results: [一, 二, 三, 四, 五, 六]\n"
    (tmp_path / "six.yaml").write_text(six, encoding="utf-8")
    report = import_paths(database, [tmp_path / "six.yaml"])
    assert report.findings["error"] >= 1
    with database.session() as s:
        assert "kr-count-exceeded" in set(s.scalars(select(m.StoredFinding.rule)))


# --- okr export ---------------------------------------------------------------------------------

def test_export_writes_exactly_what_the_reader_reads(database, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "qa.yaml").write_text(QA, encoding="utf-8")
    (tmp_path / "review.yaml").write_text(
        "id: zhang\nowner: 张三\ncycle: {start: 2026-10-08, end: 2026-12-20}\nobjectives:\n"
        "  - title: 完成甲级资质认证\n    review: {sufficient: false, note: 缺结果型 KR}\n"
        "    key_results:\n      - title: 梳理政策法规\n        review: {necessary: true}\n", encoding="utf-8")
    import_paths(database, sorted(tmp_path.glob("*.yaml")))
    run = okr_db(database, "export")
    assert run.code == 0, run.stderr
    text = run.stdout
    assert "\\u" not in text and "华康医疗" in text                            # Chinese stays readable
    assert "      - 3 款新型设备取得 NMPA 注册证\n" in text                        # title only: a plain string
    assert "aligns_to: company.O1.KR1" in text
    assert "review: {sufficient: false, note: 缺结果型 KR}" in text
    assert "review: {necessary: true}" in text
    assert "cycle: {start: 2026-10-08, end: 2026-12-20}" in text
    assert "current" not in text and "&" not in text                          # unset fields, aliases: none
    data = yaml.safe_load(text)
    assert [s["id"] for s in data["okrs"]] == ["company", "qa", "zhang"]
    assert list(data["okrs"][0]) == ["id", "owner", "level", "cycle", "objectives"]
    kr = data["okrs"][0]["objectives"][0]["key_results"][1]
    assert kr == {"id": "co-sales", "title": "新产品销售额达到 1200 万元", "start": 0, "target": 1200,
                  "unit": "万元", "due": __import__("datetime").date(2026, 12, 31)}
    (tmp_path / "export.yaml").write_text(text, encoding="utf-8")
    read_back = load_documents([tmp_path / "export.yaml"])
    assert [s.id for d in read_back for s in d.sets] == ["company", "qa", "zhang"]


def test_export_as_json_reads_back_the_same(database, fresh, tmp_path):
    (tmp_path / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "qa.yaml").write_text(QA, encoding="utf-8")
    first = fresh()
    import_paths(first, [tmp_path / "company.yaml", tmp_path / "qa.yaml"])
    text, before = export_text(first, "json"), snapshot(first)
    assert text.lstrip().startswith("{") and "华康医疗" in text
    second = fresh()
    import_text(second, text, "export.json")
    assert export_text(second, "json") == text and snapshot(second) == before


def test_export_filters_by_cycle_unit_and_owner(database, okr_here, tmp_path):
    for name, text in (("company.yaml", COMPANY), ("qa.yaml", QA), ("wufang.yaml", PERSONAL)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths(database, sorted(tmp_path.glob("*.yaml")))
    ids = lambda **f: [s["id"] for s in yaml.safe_load(export_text(database, **f))["okrs"]]   # noqa: E731
    assert ids() == ["company", "qa", "wufang"]
    assert ids(unit="qa") == ["qa"]
    assert ids(owner="wufang") == ["wufang"]
    assert ids(cycle="2026-Q4") == ["company", "qa", "wufang"]
    run = okr_here("export", "--cycle", "2030-Q1")
    assert run.code == 2 and "--cycle 2030-Q1" in run.stderr


def test_export_to_a_folder_writes_one_file_per_set(database, okr_here, tmp_path):
    for name, text in (("company.yaml", COMPANY), ("qa.yaml", QA)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths(database, [tmp_path / "company.yaml", tmp_path / "qa.yaml"])
    out = tmp_path / "out"
    run = okr_here("export", "--out", f"{out}/")
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["company.yaml", "qa.yaml"]
    qa = yaml.safe_load((out / "qa.yaml").read_text(encoding="utf-8"))
    assert (qa["id"], qa["level"], qa["cycle"]) == ("qa", "department", "2026-Q4")
    assert qa["objectives"][0]["aligns_to"] == "company.O1.KR1"
    assert len(load_documents([out])) == 2                                    # the folder reads back


def test_export_of_an_empty_workspace_exits_2(okr_here):
    run = okr_here("export")
    assert run.code == 2 and "empty" in run.stderr


# --- the round trip -----------------------------------------------------------------------------

def test_the_seed_articles_examples_survive_a_round_trip(fresh):
    exported, again, before, after, _ = round_trip(fresh, SEED_EXAMPLES)
    assert again == exported
    assert after == before
    assert "在 Q3 季度前完成某项目甲级资质认证" in exported


def test_a_sample_of_dev_cases_survives_a_round_trip_byte_for_byte(fresh):
    cases, rejected = readable(dev_cases()[::6])
    assert {p.suffix for p in cases} >= {".yaml", ".txt"}
    for case in cases:
        exported, again, before, after, second = round_trip(fresh, [case])
        assert again == exported, case.name
        assert after == before, case.name
        report = import_text(second, exported)                  # and importing it once more changes nothing
        assert (report.objectives.created, report.objectives.updated, report.key_results.created,
                report.key_results.updated, report.alignments.created) == (0, 0, 0, 0, 0), case.name
        assert snapshot(second) == after, case.name
    print(f"round trip: {len(cases)} dev cases identical, {len(rejected)} skipped (okr check rejects them)")


def test_every_dev_case_survives_a_round_trip_on_sqlite(database, fresh):
    if database.dialect != "sqlite":
        pytest.skip("the full dev set runs on SQLite only (the sample test covers PostgreSQL)")
    cases, rejected = readable(dev_cases())
    different = []
    for case in cases:
        exported, again, before, after, _ = round_trip(fresh, [case])
        if again != exported or after != before:
            different.append(case.name)
    print(f"round trip: {len(cases) - len(different)} of {len(cases)} dev cases identical, "
          f"{len(rejected)} skipped (okr check rejects them: "
          f"{', '.join(p.name for p in rejected) or 'none'})")
    assert different == []

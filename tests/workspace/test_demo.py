"""``okr demo``: the seed article's company as a live workspace, current whatever the date."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from conftest import run_okr
from okrcoach.cli import demo_cmd
from okrcoach.cli.main import build_parser
from okrcoach.documents.load import load_text, resolve_alignment
from okrcoach.services import demo, tokens, transfer
from okrcoach.services.passwords import verify_password
from okrcoach.storage import models as m

SHANGHAI = ZoneInfo("Asia/Shanghai")


def seed(database, today: dt.date, now: dt.datetime) -> demo.DemoResult:
    with database.session() as s:
        return demo.seed(s, today=today, tz=SHANGHAI, now=now)


def test_the_demo_tells_the_seed_articles_story(database, okr_here):
    run = okr_here("demo")
    assert run.code == 0, run.stderr
    assert "wangjg@huakang-demo.example" in run.stdout and demo.PASSWORD in run.stdout
    assert "okr serve" in run.stdout
    secret = next(w for w in run.stdout.split() if w.startswith("okr_"))
    today = dt.datetime.now(SHANGHAI).date()
    with database.session() as s:
        assert s.scalars(select(m.Organisation.name)).one() == "华康医疗器械"
        cycle = s.scalars(select(m.Cycle)).one()
        assert (cycle.state, cycle.kind) == ("active", "quarter")
        assert cycle.start_date <= today <= cycle.end_date

        launch = s.scalars(select(m.KeyResult).where(m.KeyResult.title.contains("三款新型设备上市"))).one()
        company = s.get(m.Objective, launch.objective_id)
        assert company.level == "company" and company.owner_id is None
        certification = s.scalars(select(m.Objective).where(m.Objective.title.contains("甲级资质认证"))).one()
        link = s.scalars(select(m.Alignment).where(m.Alignment.child_id == certification.id)).one()
        assert link.parent_kr_id == launch.id
        assert s.get(m.Unit, certification.unit_id).name == "质量与注册部"
        assert len(certification.key_results) >= 3 and all(k.due for k in certification.key_results)
        growth = s.scalars(select(m.Objective).where(m.Objective.title.contains("提升资质管理专业能力"))).one()
        assert growth.level == "personal" and growth.owner_id is not None

        units = {u.name for u in s.scalars(select(m.Unit))}
        assert {"研发部", "质量与注册部", "销售部"} <= units
        people = s.scalars(select(m.Person)).all()
        assert 8 <= len(people) <= 15
        assert [p.handle for p in people if p.is_admin] == ["wangjg"]
        roles = set(s.scalars(select(m.Membership.role)))
        assert roles == {"manager", "member"}
        admin = next(p for p in people if p.is_admin)
        assert verify_password(admin.password_hash, demo.PASSWORD)
        assert tokens.person_for(s, secret).id == admin.id

        confidences = s.scalars(select(m.CheckIn.confidence)).all()
        assert len(confidences) >= 30
        assert min(confidences) < 0.5 <= 0.7 <= max(confidences)          # some at risk, some on track
        assert s.scalar(select(func.count()).select_from(m.Comment)) >= 3
        weights = set(s.scalars(select(m.KeyResult.weight)))
        assert len(weights) > 1

        draft = next(o for o in s.scalars(select(m.Objective).where(m.Objective.status == "draft"))
                     if len(o.key_results) == 6)
        rules = {(f.rule, f.severity) for f in s.scalars(select(m.StoredFinding)
                                                          .where(m.StoredFinding.objective_id == draft.id))}
        assert ("kr-count-exceeded", "error") in rules


def test_the_demo_refuses_a_database_that_holds_data(database, people):
    run = run_okr("demo", "--database-url", database.url)
    assert run.code == 2
    assert "--reset" in run.stderr
    with database.session() as s:
        assert s.scalars(select(m.Organisation.name)).one() == "华康医疗"    # untouched


def test_demo_reset_replaces_everything_with_the_demo(database, people, okr_here):
    run = okr_here("demo", "--reset")
    assert run.code == 0, run.stderr
    with database.session() as s:
        assert s.scalars(select(m.Organisation.name)).one() == "华康医疗器械"
        assert s.scalar(select(m.Person).where(m.Person.handle == "ada")) is None


def test_the_demo_is_the_same_on_every_run_of_a_day(database):
    now = dt.datetime(2027, 2, 10, 6, 0, tzinfo=dt.timezone.utc)

    def values():
        with database.session() as s:
            return s.execute(select(m.KeyResult.title, m.CheckIn.value, m.CheckIn.confidence, m.CheckIn.note,
                                    m.CheckIn.created_at).join(m.KeyResult, m.KeyResult.id == m.CheckIn.kr_id)
                             .order_by(m.CheckIn.id)).all()

    seed(database, dt.date(2027, 2, 10), now)
    first = values()
    with database.session() as s:
        demo.wipe(s)
        assert demo.is_empty(s)
    seed(database, dt.date(2027, 2, 10), now)
    assert values() == first


@pytest.mark.parametrize("today", [dt.date(2027, 2, 10), dt.date(2027, 1, 2)])
def test_the_demo_always_lies_in_the_current_quarter_and_never_in_the_future(database, today):
    now = dt.datetime.combine(today, dt.time(15), SHANGHAI).astimezone(dt.timezone.utc)
    result = seed(database, today, now)
    assert result.cycle == "2027-Q1"
    start = dt.datetime(2027, 1, 1, tzinfo=SHANGHAI)
    with database.session() as s:
        moments = [*s.scalars(select(m.CheckIn.created_at)), *s.scalars(select(m.Comment.created_at))]
        per_kr = s.execute(select(m.CheckIn.kr_id, func.count()).group_by(m.CheckIn.kr_id)).all()
    assert all(start <= t <= now for t in moments)
    assert min(n for _, n in per_kr) >= 3          # a few weeks of check-ins, even early in the quarter


def test_the_demo_exports_to_a_document_okr_check_reads(database):
    seed(database, dt.date(2027, 2, 10), dt.datetime(2027, 2, 10, 6, tzinfo=dt.timezone.utc))
    with database.session() as s:
        text = transfer.render_many(transfer.export_sets(s))
    doc = load_text(text, "demo.yaml")
    resolve_alignment([doc])
    assert "hk.O1.KR1" in text and len(doc.sets) >= 8


def test_the_password_in_the_help_is_the_demos():
    assert demo_cmd.DEMO_PASSWORD == demo.PASSWORD
    help_text = build_parser()._subparsers._group_actions[0].choices["demo"].format_help()
    assert demo.PASSWORD in help_text

"""The units' digests (``storage/unit_digests.py``) count what counting each objective counts.

A unit's dashboard adds up the digests its reader may read all of, and reads the rest one by one.
Here the same dashboard is also counted objective by objective (``CountedOneByOne``: every objective
the reader may read, with its rollup), for readers who see everything, part or little of the
company, and every number must agree; and the digests kept at each flush must equal digests summed
up again from scratch, after every kind of change.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from okrcoach.services import checkins, objectives
from okrcoach.services.access import actor_for
from okrcoach.services.unit_dashboard import _Board
from okrcoach.storage import models as m
from okrcoach.storage import unit_digests

from .conftest import TODAY
from .factories import act, make_check_in, make_objective

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class CountedOneByOne(_Board):
    """The dashboard from every objective the reader may read, one by one: no digest."""

    def _count(self) -> None:
        self._add_rows(row[:8] for row in self._read_rows())
        self._count_people()


def assert_same(dashboard, counted) -> None:
    """Every number equal; a mean to within one in its last shown digit (0.01%), as sums added up in
    another order may differ in their last bit and round either way at an exact tie."""
    def near(value):
        return None if value is None else pytest.approx(value, abs=1.01e-4)

    assert (dashboard.own_progress, dashboard.subtree_progress) == (near(counted.own_progress),
                                                                    near(counted.subtree_progress))
    for rows, counted_rows in ((dashboard.sub_units, counted.sub_units), (dashboard.members, counted.members)):
        assert [dataclasses.replace(r, progress=near(r.progress)) for r in counted_rows] == rows
    same = ("objectives_count", "by_status", "distribution", "at_risk_count", "at_risk", "findings_by_rule",
            "objectives", "freshness", "unit", "cycle")
    assert {f: getattr(dashboard, f) for f in same} == {f: getattr(counted, f) for f in same}


def both_ways(database, people, handle: str, unit: str, today: dt.date = TODAY):
    with database.session() as s:
        actor = actor_for(s, s.get(m.Person, people.ids[handle]))
        args = (s, actor, s.get(m.Unit, people.units[unit]), s.get(m.Cycle, people.cycle_id), today, SHANGHAI)
        return _Board(*args).dashboard(0, 50), CountedOneByOne(*args).dashboard(0, 50)


def digests(connection) -> dict:
    d = m.UnitDigest
    return {(row.unit_id, row.cycle_id, row.visibility): row._asdict()
            for row in connection.execute(select(d.__table__))}


def assert_digests_true(database) -> None:
    with database.engine.connect() as conn:
        kept = digests(conn)
        unit_digests.rebuild(conn)
        again = digests(conn)
        conn.rollback()
    assert kept.keys() == again.keys()
    for key, row in kept.items():
        assert row == {**again[key], "progress_sum": pytest.approx(again[key]["progress_sum"]),
                       "own_progress_sum": pytest.approx(again[key]["own_progress_sum"])}, key


def a_quarter_of_work(database, people) -> dict[str, int]:
    """Every case the counting distinguishes: a company objective without KRs rolled up from its
    departments', one behind schedule, one of low confidence near done, one done, a draft without
    KRs, a closed one, the people's own, KRs checked in at every age; public, unit-wide and private ones
    (one of them a unit's, a KR of which is lin's)."""
    company = make_objective(database, people, None, unit="hk", title="三款新设备上市")
    qa = make_objective(database, people, None, unit="qa", title="取得三张注册证", aligned_to=company.id,
                        krs=[dict(kind="metric", start=0, target=3, current=2, confidence=0.3),
                             dict(kind="percentage", current=95, confidence=0.9)])
    make_objective(database, people, None, unit="sales", title="签约三家经销商", aligned_to=company.id,
                   krs=[dict(kind="metric", start=0, target=10, current=1, confidence=0.8)])
    done = make_objective(database, people, "lin", title="完成体系内审", aligned_to=qa.id,
                          krs=[dict(kind="milestone", current=1)])
    draft = make_objective(database, people, "lin", title="草稿:还没写关键结果", status="draft")
    make_objective(database, people, "mei", unit="qa", title="带教两名新人", level="personal",
                   krs=[dict(kind="percentage", current=40, confidence=0.6)])
    make_objective(database, people, "sam", title="私人目标", visibility="private",
                   krs=[dict(kind="percentage", current=5)])
    make_objective(database, people, None, unit="qa-reg", title="组内目标", visibility="unit",
                   krs=[dict(kind="percentage", current=30, confidence=0.7)])
    make_objective(database, people, None, unit="sales", title="销售部内部目标", visibility="unit",
                   krs=[dict(kind="percentage", current=15, confidence=0.45)])
    make_objective(database, people, "lin", title="林工的私人目标", visibility="private",
                   krs=[dict(kind="percentage", current=30, confidence=0.4)])
    make_objective(database, people, None, unit="qa", title="质量部保密目标", visibility="private",   # lin owns a KR
                   krs=[dict(kind="percentage", current=20, owner="lin"), dict(kind="milestone")])
    make_objective(database, people, "sam", title="私人草稿", visibility="private", status="draft")
    make_objective(database, people, None, unit="qa-reg", title="上季度遗留", status="closed",
                   krs=[dict(kind="percentage", current=100)])
    week_start = dt.datetime.combine(TODAY - dt.timedelta(days=7), dt.time(0), SHANGHAI)
    make_check_in(database, people, qa.kr_ids[0], value=2, at=week_start)                      # fresh: on the edge
    make_check_in(database, people, qa.kr_ids[1], value=95, at=week_start - dt.timedelta(seconds=1))   # stale
    make_check_in(database, people, done.kr_ids[0], value=1, at=week_start - dt.timedelta(days=30))
    return {"company": company.id, "qa": qa.id, "done": done.id, "draft": draft.id}


# the admin, a department's manager, a member inside it, an outsider: all, part and little of it readable
READERS = [("ada", "hk"), ("ada", "qa-reg"), ("ada", "sales"), ("mei", "hk"), ("mei", "qa"), ("lin", "hk"),
           ("lin", "qa"), ("lin", "qa-reg"), ("sam", "hk"), ("sam", "qa")]


@pytest.mark.parametrize(("handle", "unit"), READERS)
def test_the_digests_and_each_objective_counted_give_the_same_dashboard(database, people, handle, unit):
    a_quarter_of_work(database, people)
    from_digests, counted = both_ways(database, people, handle, unit)
    assert_same(from_digests, counted)
    if unit == "hk":   # and the case is not empty: every kind of number is there, as each reader may see it
        seen = (counted.objectives_count, counted.at_risk_count, counted.freshness["overdue"], len(counted.at_risk))
        assert seen == {"ada": (13, 6, 9, 6), "mei": (10, 4, 7, 4), "lin": (10, 4, 7, 4), "sam": (10, 4, 5, 4)}[handle]
        assert counted.freshness["fresh"] == counted.freshness["stale"] == 1 and counted.by_status["closed"] == 1


def test_the_digests_stay_true_after_check_ins_edits_moves_and_deletions(database, people):
    made = a_quarter_of_work(database, people)
    assert_digests_true(database)

    qa_krs = act(database, people, "ada",
                 lambda s, a: [kr.id for kr in s.get(m.Objective, made["qa"]).key_results])
    act(database, people, "mei", lambda s, a: checkins.record(s, actor=a, kr_id=qa_krs[0], value=3, confidence=0.9,
                                                              note="拿证"))
    assert_digests_true(database)

    def move_to_sales(s, a):   # an objective that changes unit leaves its old unit's digest
        s.get(m.Objective, made["done"]).unit_id = people.units["sales"]
    act(database, people, "ada", move_to_sales)
    assert_digests_true(database)

    version = act(database, people, "ada", lambda s, a: s.get(m.Objective, made["qa"]).version)
    act(database, people, "ada", lambda s, a: objectives.update(s, actor=a, objective_id=made["qa"],
                                                                version=version, changes={"status": "closed"}))
    assert_digests_true(database)

    act(database, people, "lin", lambda s, a: objectives.delete(s, actor=a, objective_id=made["draft"]))
    assert_digests_true(database)


def test_the_worst_at_risk_are_found_among_each_units_lowest_whatever_the_cut(database, people, monkeypatch):
    """Two listed and two kept per unit: the unit's two lowest are not at risk, so its worst are found
    among its lowest of low confidence."""
    from okrcoach.services import unit_dashboard

    monkeypatch.setattr(unit_digests, "LOWEST", 2)
    monkeypatch.setattr(unit_dashboard, "AT_RISK_SHOWN", 2)
    for title, current, confidence in [("进度 70%,信心足", 70, 0.9), ("进度 75%,信心足", 75, 0.9),
                                       ("进度 90%,信心低", 90, 0.1), ("进度 95%,信心低", 95, 0.3),
                                       ("进度 99%,信心低", 99, 0.2), ("进度 80%", 80, 0.9)]:
        make_objective(database, people, None, unit="qa", title=title,
                       krs=[dict(kind="percentage", current=current, confidence=confidence)])
    late = TODAY + dt.timedelta(days=30)   # 84% of the cycle gone: under 59% is behind
    from_digests, counted = both_ways(database, people, "ada", "qa", late)
    assert [a.title for a in counted.at_risk] == ["进度 90%,信心低", "进度 95%,信心低"]
    assert_same(from_digests, counted)
    assert counted.at_risk_count == 3

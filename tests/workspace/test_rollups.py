"""The stored rollups (``storage/rollups.py``) say what ``services.progress`` works out, after every kind
of change, on both databases: a dashboard that adds them up in SQL shows the objective pages' numbers."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from okrcoach.services import checkins, key_results, objectives
from okrcoach.services.progress import compute
from okrcoach.storage import models as m
from okrcoach.storage import unit_digests
from okrcoach.storage.rollups import rebuild, stamp

from .conftest import TODAY
from .factories import act, make_objective
from .test_unit_digests import assert_digests_true


def stored(database) -> dict[int, tuple[float, float | None]]:
    with database.session() as s:
        return {o: (p, c) for o, p, c in s.execute(select(m.ObjectiveRollup.objective_id, m.ObjectiveRollup.progress,
                                                          m.ObjectiveRollup.confidence))}


def assert_rollups_agree(database) -> None:
    with database.session() as s:
        with_krs = set(s.scalars(select(m.KeyResult.objective_id).distinct()))
        computed = compute(s, with_krs, today=TODAY)
        latest = dict(s.execute(select(m.CheckIn.kr_id, func.max(m.CheckIn.created_at)).group_by(m.CheckIn.kr_id)).all())
        checked = dict(s.execute(select(m.KeyResult.id, m.KeyResult.checked_in_at)).all())
        kr_objective = dict(s.execute(select(m.KeyResult.id, m.KeyResult.objective_id)).all())
        check_ins = dict(s.execute(select(m.ObjectiveRollup.objective_id, m.ObjectiveRollup.check_ins)).all())
    rows = stored(database)
    assert set(rows) == with_krs                      # an objective without KRs has none
    for objective_id, (progress, confidence) in rows.items():
        assert progress == pytest.approx(computed[objective_id].progress, abs=1e-12)
        assert confidence == computed[objective_id].confidence
    assert {k: v for k, v in checked.items() if v is not None} == latest
    for objective_id in rows:                         # each KR's latest check-in, oldest first; "-" for none
        times = sorted(latest.get(kr) for kr, o in kr_objective.items() if o == objective_id and kr in latest)
        never = sum(1 for kr, o in kr_objective.items() if o == objective_id and kr not in latest)
        assert check_ins[objective_id] == " ".join(["-"] * never + [stamp(t) for t in times])
    assert_digests_true(database)                     # and the units' digests, which add the rollups up



def test_check_ins_kr_edits_and_deletions_keep_the_stored_rollups_true(database, people):
    made = make_objective(database, people, "lin", title="年底前取得 P5 二类注册证",
                          krs=[dict(title="提交申报资料", kind="milestone"),
                               dict(title="发补问题按时答复", kind="percentage", weight=2),
                               dict(title="缺陷数降到 10 个", kind="metric", start=40, target=10, direction="down")])
    assert_rollups_agree(database)                      # written with the objective

    act(database, people, "lin", lambda s, a: checkins.record(s, actor=a, kr_id=made.kr_ids[1], value=60,
                                                             confidence=0.4, note=""))
    act(database, people, "lin", lambda s, a: checkins.record(s, actor=a, kr_id=made.kr_ids[2], value=25,
                                                             confidence=None, note=""))
    assert stored(database)[made.id] == (pytest.approx((0 + 2 * 0.6 + 0.5) / 4), 0.4)
    assert_rollups_agree(database)

    kr = act(database, people, "lin", lambda s, a: s.get(m.KeyResult, made.kr_ids[1]).version)
    act(database, people, "lin", lambda s, a: key_results.update(s, actor=a, kr_id=made.kr_ids[1], version=kr,
                                                                 changes={"weight": 1.0}))
    act(database, people, "lin", lambda s, a: key_results.create(s, actor=a, objective_id=made.id,
                                                                 data={"title": "取得注册证", "kind": "milestone"}))
    assert_rollups_agree(database)

    act(database, people, "lin", lambda s, a: key_results.delete(s, actor=a, kr_id=made.kr_ids[1]))
    assert stored(database)[made.id][1] is None       # the low confidence went with its KR
    assert_rollups_agree(database)


def test_a_deleted_draft_takes_its_rollup_with_it_and_a_new_objective_brings_one(database, people):
    draft = make_objective(database, people, "lin", status="draft", krs=[dict(kind="milestone", current=1)])
    created = act(database, people, "lin", lambda s, a: objectives.create(s, actor=a, data={
        "cycle_id": people.cycle_id, "level": "personal", "title": "取得二类注册证",
        "key_results": [{"title": "提交注册申报资料", "kind": "milestone"}]}).objective.id)
    assert set(stored(database)) == {draft.id, created}
    act(database, people, "lin", lambda s, a: objectives.delete(s, actor=a, objective_id=draft.id))
    assert set(stored(database)) == {created}
    assert_rollups_agree(database)


def test_rebuild_after_rows_written_without_the_orm_gives_the_same_rollups(database, people):
    made = make_objective(database, people, "lin", krs=[dict(kind="percentage"), dict(kind="milestone")])
    act(database, people, "lin", lambda s, a: checkins.record(s, actor=a, kr_id=made.kr_ids[0], value=30,
                                                             confidence=0.8, note=""))
    before = stored(database)
    at = dt.datetime(2026, 11, 20, 8, tzinfo=dt.timezone.utc)
    with database.session() as s:      # as a bulk loader writes: Core, no events
        s.execute(m.CheckIn.__table__.insert(), [{"kr_id": made.kr_ids[1], "author_id": people.ids["lin"],
                                                  "value": 1, "confidence": 0.9, "note": "", "created_at": at}])
        s.execute(m.KeyResult.__table__.update().where(m.KeyResult.id == made.kr_ids[1])
                  .values(current=1, confidence=0.9))
    assert stored(database) == before                  # not seen yet
    with database.session() as s:      # as the loader does next (benchmarks/company.py)
        rebuild(s.connection())
        unit_digests.rebuild(s.connection())
    assert stored(database)[made.id] == (pytest.approx(0.65), 0.8)
    assert_rollups_agree(database)


def test_a_check_in_that_changes_no_value_still_counts_as_fresh(database, people):
    made = make_objective(database, people, "lin", krs=[dict(title="发补问题按时答复", kind="percentage", current=60,
                                                              confidence=0.8)])
    assert stored_check_ins(database, made.id) == "-"
    act(database, people, "lin", lambda s, a: checkins.record(s, actor=a, kr_id=made.kr_ids[0], value=60,
                                                             confidence=0.8, note="本周无变化"))
    assert stored_check_ins(database, made.id) != "-"
    assert_rollups_agree(database)                    # and it is that check-in's time


def test_stamps_compare_as_the_times_they_were_made_from():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    midnight = dt.datetime(2026, 11, 20, 0, 0, tzinfo=shanghai)          # 2026-11-19T16:00:00 UTC
    assert stamp(midnight) == "2026-11-19T16:00:00"
    just_before = midnight - dt.timedelta(microseconds=1)
    assert stamp(just_before) < stamp(midnight) <= stamp(midnight + dt.timedelta(microseconds=1))
    assert stamp(None) < stamp(dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))


def stored_check_ins(database, objective_id: int) -> str:
    with database.session() as s:
        return s.get(m.ObjectiveRollup, objective_id).check_ins

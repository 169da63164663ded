"""An objective's life through the services, as the API and the CLI drive it: one transaction a step."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import select

from okrcoach.services import findings, key_results, objectives, scoring
from okrcoach.services.access import actor_for, objective_for
from okrcoach.storage import models as m
from okrcoach.workspace.errors import Blocked, Forbidden, Invalid

from .conftest import TODAY


@contextmanager
def step(database, people, who: str):
    """One transaction acting as ``who``: ``with step(database, people, "lin") as (session, actor):``."""
    with database.session(actor_id=people.ids[who]) as session:
        yield session, actor_for(session, session.get(m.Person, people.ids[who]))


def new(database, people, who: str = "lin", **data) -> int:
    data.setdefault("cycle_id", people.cycle_id)
    data.setdefault("level", "personal")
    data.setdefault("title", "让注册申报又快又稳")
    data.setdefault("key_results", [{"title": "完成 12 家医院的注册申报", "target": 12}])
    with step(database, people, who) as (s, actor):
        return objectives.create(s, actor=actor, data=data).objective.id


def rules_of(database, objective_id: int) -> set[str]:
    with database.session() as s:
        return {f.rule for f in findings.for_objective(s, objective_id)}


def test_an_objective_goes_from_draft_to_scored_and_closed(database, people):
    oid = new(database, people)
    with step(database, people, "lin") as (s, actor):
        objectives.transition(s, actor=actor, objective_id=oid, to="in_review")
    with pytest.raises(Forbidden), step(database, people, "lin") as (s, actor):
        objectives.transition(s, actor=actor, objective_id=oid, to="active")
    with step(database, people, "mei") as (s, actor):
        objectives.transition(s, actor=actor, objective_id=oid, to="active", note="同意")
    with step(database, people, "lin") as (s, actor):
        kr_id = s.scalar(select(m.KeyResult.id).where(m.KeyResult.objective_id == oid))
        scoring.score(s, actor=actor, objective_id=oid, scores=[{"id": kr_id, "score": 0.7}], reflection="按期")
        objectives.transition(s, actor=actor, objective_id=oid, to="closed")
    with step(database, people, "sam") as (s, actor):
        view = objectives.describe(s, actor, objective_for(s, actor, oid), today=TODAY)
        events, total = objectives.history(s, actor=actor, objective_id=oid, offset=0, limit=50)
    assert (view["status"], view["approved_by_id"], view["score"], view["reflection"]) == \
        ("closed", people.ids["mei"], 0.7, "按期")
    statuses = [e["after"]["status"] for e in reversed(events) if e["entity"] == "objectives" and
                e["action"] == "update" and "status" in e["after"]]
    assert statuses == ["in_review", "active", "closed"]
    assert total == len(events)


def test_a_refused_submission_changes_nothing(database, people):
    oid = new(database, people, key_results=[])
    with pytest.raises(Blocked) as refused, step(database, people, "lin") as (s, actor):
        objectives.transition(s, actor=actor, objective_id=oid, to="in_review")
    assert [f["rule"] for f in refused.value.details["findings"]] == ["kr-missing"]
    with database.session() as s:
        assert s.get(m.Objective, oid).status == "draft"


def test_deleting_a_draft_leaves_its_krs_and_links_in_the_audit_trail(database, people):
    parent = new(database, people, "mei", level="department", unit_id=people.units["qa"], title="质量部：新品按期上市")
    oid = new(database, people, aligns_to=[{"objective_id": parent}])
    with database.session() as s:
        kr_id = s.scalar(select(m.KeyResult.id).where(m.KeyResult.objective_id == oid))
        link_id = s.scalar(select(m.Alignment.id).where(m.Alignment.child_id == oid))
    with step(database, people, "lin") as (s, actor):
        objectives.delete(s, actor=actor, objective_id=oid)
    with database.session() as s:
        deleted = set(s.execute(select(m.AuditEvent.entity, m.AuditEvent.entity_id)
                                .where(m.AuditEvent.action == "delete")).all())
    assert {("objectives", oid), ("key_results", kr_id), ("alignments", link_id)} <= deleted


def test_an_objective_handed_to_someone_else_is_rechecked_in_the_set_it_left(database, people):
    ids = [new(database, people, title=title) for title in
           ("注册申报提速", "降低不良事件", "完善质量体系", "培训新人", "优化申报模板", "建立法规数据库")]
    assert all("objectives-too-many" in rules_of(database, i) for i in ids)
    with step(database, people, "ada") as (s, actor):
        objectives.update(s, actor=actor, objective_id=ids[-1], version=1,
                          changes={"owner_id": people.ids["sam"]})
    assert not any("objectives-too-many" in rules_of(database, i) for i in ids[:-1])


def test_a_kr_edit_is_checked_like_a_new_one(database, people):
    oid = new(database, people)
    with database.session() as s:
        kr_id = s.scalar(select(m.KeyResult.id).where(m.KeyResult.objective_id == oid))
    with pytest.raises(Invalid) as bad, step(database, people, "lin") as (s, actor):
        key_results.update(s, actor=actor, kr_id=kr_id, version=1, changes={"kind": "milestone", "target": 1})
    assert bad.value.field == "target"
    with pytest.raises(Invalid) as bad, step(database, people, "lin") as (s, actor):
        key_results.update(s, actor=actor, kr_id=kr_id, version=1, changes={"current": 5})
    assert bad.value.field == "current"

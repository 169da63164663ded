"""The SQL visibility clause says exactly what ``permissions.can_read`` says, on both databases."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from okrcoach.services.access import actor_for, owned
from okrcoach.services.visibility import ancestor_paths, visible_ids, visible_objectives
from okrcoach.storage import models as m
from okrcoach.workspace.permissions import can_read

VISIBILITIES = ("public", "unit", "private")


@pytest.fixture
def world(database, people):
    """Objectives in every unit × every owner (or none) × every visibility, and two extra people.

    Kai belongs to the registration team and manages Sales (two roles in two branches);
    Olga works for another organisation, whose one public objective nobody here may read.
    """
    with database.session() as s:
        kai = m.Person(org_id=people.org_id, handle="kai", name="凯")
        other = m.Organisation(name="别家公司", slug="other")
        s.add_all([kai, other])
        s.flush()
        other_unit = m.Unit(org_id=other.id, key="x", name="X 公司", kind="company")
        other_cycle = m.Cycle(org_id=other.id, name="2026-Q4", kind="quarter",
                              start_date=dt.date(2026, 10, 1), end_date=dt.date(2026, 12, 31), state="active")
        s.add_all([other_unit, other_cycle])
        s.flush()
        other_unit.path = f"/{other_unit.id}/"
        olga = m.Person(org_id=other.id, handle="olga", name="Olga", is_admin=True)
        s.add(olga)
        s.flush()
        s.add_all([
            m.Membership(person_id=kai.id, unit_id=people.units["qa-reg"], role="member", is_primary=True),
            m.Membership(person_id=kai.id, unit_id=people.units["sales"], role="manager", is_primary=False),
            m.Membership(person_id=olga.id, unit_id=other_unit.id, role="manager", is_primary=True)])
        owners = [None, *people.ids.values(), kai.id]
        for unit_id, owner_id, visibility in itertools.product(people.units.values(), owners, VISIBILITIES):
            s.add(m.Objective(org_id=people.org_id, cycle_id=people.cycle_id, unit_id=unit_id,
                              owner_id=owner_id, level="personal" if owner_id else "team",
                              title=f"{unit_id}/{owner_id}/{visibility}", visibility=visibility))
        s.add(m.Objective(org_id=other.id, cycle_id=other_cycle.id, unit_id=other_unit.id, level="company",
                          title="别家公司的目标", visibility="public"))
        return {**people.ids, "kai": kai.id, "olga": olga.id}


def test_the_clause_agrees_with_can_read_for_every_persona_visibility_and_owner(database, world):
    with database.session() as s:
        objectives = s.scalars(select(m.Objective)).all()
        seen_counts = {}
        for handle, person_id in world.items():
            actor = actor_for(s, s.get(m.Person, person_id))
            in_sql = set(s.scalars(select(m.Objective.id).join(m.Unit, m.Unit.id == m.Objective.unit_id)
                                   .where(visible_objectives(actor))))
            in_python = {o.id for o in objectives if can_read(actor, owned(o))}
            assert in_sql == in_python, handle
            assert visible_ids(s, actor, [o.id for o in objectives]) == in_python
            seen_counts[handle] = len(in_sql)
    total_here = len(objectives) - 1
    assert seen_counts["ada"] == total_here and seen_counts["olga"] == 1
    assert seen_counts["sam"] < seen_counts["lin"] < seen_counts["mei"] < total_here
    assert seen_counts["lin"] < seen_counts["kai"] < total_here


def test_unit_visibility_reaches_members_below_and_not_the_unit_beside(database, world, people):
    with database.session() as s:
        sam = actor_for(s, s.get(m.Person, world["sam"]))
        lin = actor_for(s, s.get(m.Person, world["lin"]))
        qa_unit_objective = s.scalar(select(m.Objective.id).where(
            m.Objective.unit_id == people.units["qa"], m.Objective.owner_id.is_(None),
            m.Objective.visibility == "unit"))
        assert visible_ids(s, lin, [qa_unit_objective]) == {qa_unit_objective}
        assert visible_ids(s, sam, [qa_unit_objective]) == set()


def test_ancestor_paths_are_every_prefix_that_is_a_unit():
    assert ancestor_paths(["/1/4/9/", "/1/5/"]) == {"/1/", "/1/4/", "/1/4/9/", "/1/5/"}
    assert ancestor_paths([]) == set()

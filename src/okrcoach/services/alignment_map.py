"""The alignment map, a level at a time: the company's objectives, then what supports each one.

The whole cycle's tree (``progress.cycle_tree``) is seconds of work for a 10,000-person company; a
person looks at a few branches. So the map starts from the company's objectives and opens a node's
children when asked, each level in a few queries, with the same rolled-up progress and risk as
everywhere (``progress.compute``), and lists the objectives aligned to nothing, which the seed's
战略承接 says should not exist.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.permissions import Actor
from ..workspace.values import ObjectiveLevel
from .progress import ObjectiveProgress, compute
from .visibility import readable_rows, visible_objectives

UNALIGNED_SHOWN = 50


@dataclass
class MapNode:
    id: int
    title: str
    level: str
    status: str
    owner: str                  # the person's name, or the unit's for a unit's objective
    progress: ObjectiveProgress
    children: int               # objectives aligned to it or to one of its KRs that the reader may see
    via_kr: str | None = None   # the parent KR's title, when it supports a KR rather than the objective


def _links(parent_ids: list[int]):
    """(parent objective, child, parent KR title) for links to these objectives or to their KRs."""
    direct = select(m.Alignment.parent_objective_id.label("parent"), m.Alignment.child_id.label("child"),
                    m.Alignment.id.label("link"), m.KeyResult.title.label("kr_title")) \
        .outerjoin(m.KeyResult, m.KeyResult.id == m.Alignment.parent_kr_id) \
        .where(m.Alignment.parent_objective_id.in_(parent_ids))
    via_kr = select(m.KeyResult.objective_id.label("parent"), m.Alignment.child_id.label("child"),
                    m.Alignment.id.label("link"), m.KeyResult.title.label("kr_title")) \
        .join(m.Alignment, m.Alignment.parent_kr_id == m.KeyResult.id) \
        .where(m.KeyResult.objective_id.in_(parent_ids))
    return union_all(direct, via_kr).subquery()


def _nodes(session: Session, actor: Actor, rows: list, today: dt.date, via: dict[int, str | None]) -> list[MapNode]:
    ids = [r.id for r in rows]
    if not ids:
        return []
    progress = compute(session, ids, today=today, visible=readable_rows(actor))
    links = _links(ids)
    counts = Counter(dict(session.execute(
        select(links.c.parent, func.count(func.distinct(links.c.child)))
        .join(m.Objective, m.Objective.id == links.c.child).join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(visible_objectives(actor)).group_by(links.c.parent)).all()))
    return [MapNode(r.id, r.title, r.level, r.status, r.person_name or r.unit_name, progress[r.id], counts[r.id],
                    via.get(r.id)) for r in rows if r.id in progress]


def _objective_rows(condition, actor: Actor):
    return select(m.Objective.id, m.Objective.title, m.Objective.level, m.Objective.status,
                  m.Unit.name.label("unit_name"), m.Person.name.label("person_name")) \
        .join(m.Unit, m.Unit.id == m.Objective.unit_id).outerjoin(m.Person, m.Person.id == m.Objective.owner_id) \
        .where(condition, visible_objectives(actor))


def roots(session: Session, *, actor: Actor, cycle_id: int, today: dt.date) -> list[MapNode]:
    """The cycle's company objectives the actor may read."""
    rows = session.execute(_objective_rows(
        (m.Objective.cycle_id == cycle_id) & (m.Objective.level == ObjectiveLevel.COMPANY.value), actor)
        .order_by(m.Objective.position, m.Objective.id)).all()
    return _nodes(session, actor, rows, today, {})


def children(session: Session, *, actor: Actor, objective_id: int, today: dt.date) -> list[MapNode]:
    """What supports this objective (it or its KRs) that the actor may read, in unit and set order."""
    links = _links([objective_id])
    rows = session.execute(_objective_rows(m.Objective.id.in_(select(links.c.child)), actor)
                           .order_by(m.Unit.path, m.Objective.position, m.Objective.id)).all()
    via = {child: kr_title for child, kr_title in session.execute(
        select(links.c.child, links.c.kr_title).order_by(links.c.link))}
    return _nodes(session, actor, rows, today, via)


def unaligned(session: Session, *, actor: Actor, cycle_id: int) -> tuple[list[tuple[int, str, str]], int]:
    """Objectives below the company level that support nothing: (id, title, owner), and how many."""
    condition = (m.Objective.cycle_id == cycle_id) & (m.Objective.level != ObjectiveLevel.COMPANY.value) \
        & ~m.Objective.id.in_(select(m.Alignment.child_id))
    query = _objective_rows(condition, actor)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(m.Unit.path, m.Objective.id).limit(UNALIGNED_SHOWN)).all()
    return [(r.id, r.title, r.person_name or r.unit_name) for r in rows], total

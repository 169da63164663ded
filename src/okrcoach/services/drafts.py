"""Coaching a draft before it is saved: what an objective would support, and what the checker would say.

A draft is checked by really creating it, with its KRs and its alignment, in a transaction of its own
that is then rolled back: the checker sees it exactly as it would see the saved objective (in its
owner's set for the cycle, against its real parent), and nothing of it is ever stored.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ..storage import models as m
from ..workspace.permissions import Actor
from ..workspace.values import ObjectiveLevel
from . import findings, objectives
from .visibility import visible_objectives


@dataclass
class Choice:
    objective_id: int
    title: str
    level: str
    key_results: list[tuple[int, str]]


def _above(paths: tuple[str, ...]) -> set[str]:
    """The units on the way up from these (``/1/4/9/`` → ``/1/``, ``/1/4/``, ``/1/4/9/``)."""
    out = set()
    for path in paths:
        parts = path.strip("/").split("/")
        out |= {"/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)}
    return out


def alignment_choices(session: Session, *, actor: Actor, cycle_id: int) -> list[Choice]:
    """What a new objective of the actor can support (the seed's 战略承接): the cycle's objectives of the
    units on the way up from theirs — company, department, team — that they may read, with their KRs.
    (The API links to any objective the actor may read, across units too.)"""
    rows = session.scalars(
        select(m.Objective).join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(m.Objective.cycle_id == cycle_id, m.Objective.level != ObjectiveLevel.PERSONAL.value,
               m.Unit.path.in_(sorted(_above(actor.member_paths))), visible_objectives(actor))
        .options(selectinload(m.Objective.key_results))
        .order_by(m.Unit.path, m.Objective.position, m.Objective.id)).all()
    return [Choice(o.id, o.title, o.level, [(k.id, k.title) for k in sorted(o.key_results,
                                                                            key=lambda k: (k.position, k.id))])
            for o in rows]


def check(sessions: sessionmaker, *, actor_id: int, actor: Actor, data: dict, lang: str) -> list[dict]:
    """The findings the draft (``objectives.create``'s data) would get: objective-level ones, then each
    KR's with its index (``kr_index``, 0-based) in the draft."""
    with sessions() as session:
        session.info["actor_id"] = actor_id
        transaction = session.begin()
        try:
            access = objectives.create(session, actor=actor, data=data)
            o = access.objective
            index = {k.id: i for i, k in enumerate(sorted(o.key_results, key=lambda k: (k.position, k.id)))}
            out = [{**findings.public(f, lang), "kr_index": index.get(f.kr_id)}
                   for f in findings.for_objective(session, o.id)]
        finally:
            transaction.rollback()
    return sorted(out, key=lambda f: (f["kr_index"] is not None, f["kr_index"] or 0,
                                      {"error": 0, "warning": 1}.get(f["severity"], 2)))

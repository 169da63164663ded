"""Alignment: an objective says which objective or key result above it it supports.

The writer of the child decides (aligning is a statement about one's own objective); the parent
only has to be readable, in any unit. Links stay acyclic, so progress can roll up and the
checker can walk from child to parent: a link that would close a loop is refused and the loop
is named. Objectives the actor cannot read are never named, not even inside a loop.
"""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Conflict, Invalid, NotFound
from ..workspace.permissions import Actor
from . import findings
from .access import key_result_for, objective_for
from .visibility import visible_ids


def _parent_of(session: Session, actor: Actor, child: m.Objective, target: dict,
               prefix: str) -> tuple[int, int | None, str]:
    """(parent objective id, parent KR id or None, the field that named it), checked readable."""
    objective_id, kr_id = target.get("objective_id"), target.get("key_result_id")
    if (objective_id is None) == (kr_id is None):
        raise Invalid(f"{prefix}objective_id: give the objective_id or the key_result_id this objective "
                      "supports (exactly one of them)", field=prefix + "objective_id")
    if kr_id is not None:
        field = prefix + "key_result_id"
        try:
            kr, _ = key_result_for(session, actor, kr_id)
        except NotFound as e:
            raise NotFound(e.message, field=field) from None
        if kr.objective_id == child.id:
            raise Invalid(f"{field}: key result {kr_id} belongs to this objective; an objective cannot "
                          "support its own key result", field=field)
        return kr.objective_id, kr_id, field
    field = prefix + "objective_id"
    try:
        objective_for(session, actor, objective_id)
    except NotFound as e:
        raise NotFound(e.message, field=field) from None
    if objective_id == child.id:
        raise Invalid(f"{field}: an objective cannot be aligned to itself", field=field)
    return objective_id, None, field


def chain_below(session: Session, top: int, target: int) -> list[int] | None:
    """The chain target → … → top when ``target`` is aligned under ``top``, directly, via a KR or further."""
    came_from: dict[int, int | None] = {top: None}
    frontier = {top}
    while frontier:
        parent = func.coalesce(m.Alignment.parent_objective_id, m.KeyResult.objective_id)
        rows = session.execute(
            select(m.Alignment.child_id, parent)
            .outerjoin(m.KeyResult, m.KeyResult.id == m.Alignment.parent_kr_id)
            .where(or_(m.Alignment.parent_objective_id.in_(frontier), m.KeyResult.objective_id.in_(frontier)))
            .order_by(m.Alignment.id)).all()
        frontier = set()
        for child_id, parent_id in rows:
            if child_id in came_from:
                continue
            came_from[child_id] = parent_id
            if child_id == target:
                chain, node = [], child_id
                while node is not None:
                    chain.append(node)
                    node = came_from[node]
                return chain
            frontier.add(child_id)
    return None


def link(session: Session, *, actor: Actor, child: m.Objective, target: dict,
         prefix: str = "") -> m.Alignment:
    """Add the link (not rechecked: the caller refreshes findings once for everything it changed)."""
    parent_id, kr_id, field = _parent_of(session, actor, child, target, prefix)
    chain = chain_below(session, child.id, parent_id)
    if chain is not None:
        shown = visible_ids(session, actor, chain)
        names = " → ".join(str(i) if i in shown else "(an objective you cannot see)" for i in chain)
        raise Invalid(f"{field}: objective {parent_id} already supports objective {child.id} ({names}); "
                      "aligning to it would make a loop", field=field,
                      details={"loop": [i if i in shown else None for i in chain]})
    duplicate = select(m.Alignment.id).where(m.Alignment.child_id == child.id)
    duplicate = duplicate.where(m.Alignment.parent_kr_id == kr_id) if kr_id is not None else \
        duplicate.where(m.Alignment.parent_objective_id == parent_id)
    existing = session.scalar(duplicate)
    if existing is not None:
        what = f"key result {kr_id}" if kr_id is not None else f"objective {parent_id}"
        raise Conflict(f"{field}: objective {child.id} is already aligned to {what} (alignment {existing})",
                       field=field, details={"alignment_id": existing})
    alignment = m.Alignment(child_id=child.id, parent_objective_id=None if kr_id is not None else parent_id,
                            parent_kr_id=kr_id, created_by_id=actor.person_id)
    session.add(alignment)
    session.flush()
    return alignment


def align(session: Session, *, actor: Actor, objective_id: int, target: dict) -> m.Alignment:
    child = objective_for(session, actor, objective_id, write=True).objective
    alignment = link(session, actor=actor, child=child, target=target)
    findings.refresh(session, [objective_id])
    return alignment


def unalign(session: Session, *, actor: Actor, objective_id: int, alignment_id: int) -> None:
    objective_for(session, actor, objective_id, write=True)
    alignment = session.get(m.Alignment, alignment_id)
    if alignment is None or alignment.child_id != objective_id:
        raise NotFound(f"objective {objective_id} has no alignment {alignment_id}")
    session.delete(alignment)
    findings.refresh(session, [objective_id])

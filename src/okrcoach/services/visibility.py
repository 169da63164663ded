"""``permissions.can_read`` as SQL, so lists, counts and searches never touch a hidden objective.

Filtering rows in Python after a paginated query would make totals and pages lie; this clause
goes into the query itself. It must say exactly what ``can_read`` says (a test compares them for
every persona, visibility and owner): an admin reads the whole organisation; anyone else reads,
within the organisation, public objectives, their own, everything under a unit they manage, and
unit-visible objectives of a unit they belong to or that sits above one they belong to, and
objectives in which they own a key result.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.permissions import Actor, OwnedThing, can_read
from ..workspace.values import Visibility


def ancestor_paths(paths: Iterable[str]) -> set[str]:
    """Every ancestor-or-self of materialised paths: ``/1/4/9/`` → ``/1/``, ``/1/4/``, ``/1/4/9/``."""
    out = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        out |= {"/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)}
    return out


def visible_objectives(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause over ``Objective`` joined with its ``Unit``: the objectives ``actor`` may read."""
    same_org = m.Objective.org_id == actor.org_id
    if actor.is_admin:
        return same_org
    readable = [m.Objective.visibility == Visibility.PUBLIC.value, m.Objective.owner_id == actor.person_id]
    if actor.contributes_to:
        readable.append(m.Objective.id.in_(sorted(actor.contributes_to)))
    readable += [m.Unit.path.startswith(path, autoescape=True) for path in actor.managed_paths]
    units = ancestor_paths(actor.member_paths)
    if units:
        readable.append(and_(m.Objective.visibility == Visibility.UNIT.value, m.Unit.path.in_(sorted(units))))
    return and_(same_org, or_(*readable))


def reads_all_of(actor: Actor, unit_path: str, visibility: str, member_units: set[str]) -> bool:
    """Whether ``actor`` may read every objective of this visibility in this unit, by the rules of
    ``visible_objectives`` (``member_units``: ``ancestor_paths(actor.member_paths)``); when not, they
    may still read those they own or contribute to."""
    return (actor.is_admin or actor.manages(unit_path) or visibility == Visibility.PUBLIC.value
            or (visibility == Visibility.UNIT.value and unit_path in member_units))


def readable_rows(actor: Actor):
    """``can_read`` over rows carrying ``org_id``, ``unit_path``, ``owner_id`` and ``visibility``: the
    ``visible=`` of ``services.progress``, which keeps hidden objectives out of rolled-up progress too."""
    return lambda r: can_read(actor, OwnedThing(org_id=r.org_id, unit_path=r.unit_path, owner_id=r.owner_id,
                                                visibility=r.visibility, objective_id=r.id))


def visible_ids(session: Session, actor: Actor, objective_ids: Iterable[int]) -> set[int]:
    """Which of these objectives the actor may read (one query)."""
    ids = set(objective_ids)
    if not ids:
        return set()
    return set(session.scalars(select(m.Objective.id).join(m.Unit, m.Unit.id == m.Objective.unit_id)
                               .where(m.Objective.id.in_(ids), visible_objectives(actor))))


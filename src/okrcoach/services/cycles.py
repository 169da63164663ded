"""Cycles: the periods OKRs are set for, and their planning → active → closed lifecycle.

A year, half or quarter is named the way documents name it (``2026``, ``2026-H2``, ``2026-Q4``)
and its dates follow from the name, exactly as ``okr check`` reads a document's ``cycle:``; a
custom cycle names its own dates. Only admins create, change and move cycles.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.cycles import parse_cycle
from ..storage import models as m
from ..workspace.errors import Conflict, Forbidden, Invalid, NotFound
from ..workspace.lifecycle import TransitionError, check_cycle_transition
from ..workspace.permissions import Actor, can_administer
from ..workspace.values import CycleKind, CycleState
from .versions import check_version


def _kind_of_label(label: str) -> CycleKind:
    """The kind a parsed name stands for: ``2026-Q4`` a quarter, ``2026-H2`` a half, ``2026`` a year."""
    return CycleKind.QUARTER if "-Q" in label else CycleKind.HALF if "-H" in label else CycleKind.YEAR


def _dates(name: str, kind: CycleKind, start: dt.date | None,
           end: dt.date | None) -> tuple[str, dt.date, dt.date]:
    """The cycle's name and dates: given, or derived from a year/half/quarter name."""
    if (start is None) != (end is None):
        missing = "start_date" if start is None else "end_date"
        raise Invalid(f"give both start_date and end_date, or neither ({missing} is missing)", field=missing)
    if start is None:
        if kind is CycleKind.CUSTOM:
            raise Invalid("a custom cycle needs start_date and end_date", field="start_date")
        try:
            parsed = parse_cycle(name)
        except ValueError as e:
            raise Invalid(f"{e}; or give start_date and end_date", field="name") from None
        named = _kind_of_label(parsed.label)
        if named is not kind:
            raise Invalid(f"{parsed.label} names a {named.value}, not a {kind.value}", field="kind")
        return parsed.label, parsed.start, parsed.end
    _check_order(start, end)
    return name, start, end


def _check_order(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise Invalid(f"end_date {end} is before start_date {start}", field="end_date")


def _check_admin(actor: Actor, org_id: int) -> None:
    if not can_administer(actor, org_id):
        raise Forbidden("only admins may create, change or move cycles")


def _name_taken(session: Session, org_id: int, name: str, cycle_id: int | None = None) -> None:
    query = select(m.Cycle.id).where(m.Cycle.org_id == org_id, m.Cycle.name == name)
    if cycle_id is not None:
        query = query.where(m.Cycle.id != cycle_id)
    if session.scalar(query) is not None:
        raise Conflict(f"a cycle named {name} already exists", field="name")


def cycle_for(session: Session, actor: Actor, cycle_id: int) -> m.Cycle:
    """The cycle, or NotFound when it does not exist in the actor's organisation."""
    cycle = session.get(m.Cycle, cycle_id)
    if cycle is None or cycle.org_id != actor.org_id:
        raise NotFound(f"cycle {cycle_id} does not exist")
    return cycle


def list_cycles(session: Session, *, actor: Actor, state: CycleState | str | None = None,
                offset: int = 0, limit: int = 50) -> tuple[list[m.Cycle], int]:
    """The organisation's cycles, latest first."""
    query = select(m.Cycle).where(m.Cycle.org_id == actor.org_id)
    if state is not None:
        query = query.where(m.Cycle.state == CycleState(state).value)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(m.Cycle.start_date.desc(), m.Cycle.id.desc())
                           .offset(offset).limit(limit))
    return list(rows), total


def create_cycle(session: Session, *, actor: Actor, name: str, kind: CycleKind | str,
                 start_date: dt.date | None = None, end_date: dt.date | None = None) -> m.Cycle:
    """A new cycle, in planning."""
    _check_admin(actor, actor.org_id)
    name, start, end = _dates(name.strip(), CycleKind(kind), start_date, end_date)
    _name_taken(session, actor.org_id, name)
    cycle = m.Cycle(org_id=actor.org_id, name=name, kind=CycleKind(kind).value, start_date=start,
                    end_date=end, state=CycleState.PLANNING.value)
    session.add(cycle)
    session.flush()
    return cycle


def update_cycle(session: Session, *, actor: Actor, cycle_id: int, version: int | None,
                 name: str | None = None, kind: CycleKind | str | None = None,
                 start_date: dt.date | None = None, end_date: dt.date | None = None) -> m.Cycle:
    """Rename a cycle or change its kind or dates (what is not given stays)."""
    cycle = cycle_for(session, actor, cycle_id)
    _check_admin(actor, cycle.org_id)
    check_version(cycle, version, f"cycle {cycle.name}")
    if name is not None and name.strip() != cycle.name:
        _name_taken(session, cycle.org_id, name.strip(), cycle.id)
        cycle.name = name.strip()
    if kind is not None:
        cycle.kind = CycleKind(kind).value
    _check_order(start_date or cycle.start_date, end_date or cycle.end_date)
    if start_date is not None:
        cycle.start_date = start_date
    if end_date is not None:
        cycle.end_date = end_date
    session.flush()
    return cycle


def transition(session: Session, *, actor: Actor, cycle_id: int, to: CycleState | str,
               version: int | None = None) -> m.Cycle:
    """Move a cycle along its lifecycle; a version, when given, must still be current."""
    cycle = cycle_for(session, actor, cycle_id)
    _check_admin(actor, cycle.org_id)
    check_version(cycle, version, f"cycle {cycle.name}", required=False)
    try:
        check_cycle_transition(cycle.state, to)
    except TransitionError as e:
        raise Invalid(str(e), field="to") from None
    cycle.state = CycleState(to).value
    session.flush()
    return cycle

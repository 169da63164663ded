"""Objectives, key results, check-ins and other organisations written straight to the database, for tests
of what reads them.

The routes that create objectives have tests of their own; the tests of check-ins, comments and
progress views only need OKRs to exist, in any status, with check-ins at chosen times::

    o = make_objective(database, people, owner="lin", krs=[dict(title="注册证获批", kind="milestone")])
    o.id, o.kr_ids[0]
"""
from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import event, select

from okrcoach.services import tokens
from okrcoach.services.access import actor_for
from okrcoach.storage import models as m
from okrcoach.storage.db import Database

from .personas import Personas


@dataclass
class Made:
    id: int
    kr_ids: list[int] = field(default_factory=list)


def primary_unit(database: Database, people: Personas, handle: str) -> int:
    with database.session() as s:
        return s.scalar(select(m.Membership.unit_id).where(m.Membership.person_id == people.ids[handle],
                                                           m.Membership.is_primary.is_(True)))


def make_objective(database: Database, people: Personas, owner: str | None = "lin", *, unit: str | None = None,
                   title: str = "提升医疗器械注册申报一次通过率", visibility: str = "public", status: str = "active",
                   level: str | None = None, krs: list[dict] | tuple = (), aligned_to: int | None = None,
                   aligned_to_kr: int | None = None, cycle_id: int | None = None, position: int = 0) -> Made:
    """An objective owned by a person (``owner`` handle, in their primary unit) or by a unit (``owner=None``).

    Each KR dict takes the ``KeyResult`` columns, with ``owner`` as a handle; ``aligned_to`` links the
    objective to a parent objective, ``aligned_to_kr`` to a parent key result.
    """
    unit_id = people.units[unit] if unit else primary_unit(database, people, owner)
    with database.session() as s:
        if level is None:
            level = "personal" if owner else s.get(m.Unit, unit_id).kind
        objective = m.Objective(org_id=people.org_id, cycle_id=cycle_id or people.cycle_id, unit_id=unit_id,
                                owner_id=people.ids[owner] if owner else None, level=level, title=title,
                                visibility=visibility, status=status, position=position)
        for i, spec in enumerate(krs):
            spec = dict(spec)
            kr_owner = spec.pop("owner", None)
            spec.setdefault("title", f"关键结果 {i + 1}")
            objective.key_results.append(m.KeyResult(position=i, owner_id=people.ids[kr_owner] if kr_owner else None,
                                                     **spec))
        s.add(objective)
        s.flush()
        if aligned_to is not None or aligned_to_kr is not None:
            s.add(m.Alignment(child_id=objective.id, parent_objective_id=aligned_to, parent_kr_id=aligned_to_kr))
        return Made(objective.id, [kr.id for kr in objective.key_results])


def make_check_in(database: Database, people: Personas, kr_id: int, author: str = "lin", *,
                  value: float | None = None, confidence: float | None = None, note: str = "",
                  at: dt.datetime | None = None) -> int:
    """A check-in as if recorded at ``at``; like a real one, what it leaves out keeps the KR's latest."""
    with database.session() as s:
        kr = s.get(m.KeyResult, kr_id)
        kr.current = kr.current if value is None else value
        kr.confidence = kr.confidence if confidence is None else confidence
        row = m.CheckIn(kr_id=kr_id, author_id=people.ids[author], value=kr.current, confidence=kr.confidence,
                        note=note, created_at=at or m.utcnow())
        s.add(row)
        s.flush()
        return row.id


def make_finding(database: Database, objective_id: int, rule: str, severity: str = "warning") -> None:
    with database.session() as s:
        s.add(m.StoredFinding(objective_id=objective_id, rule=rule, severity=severity, location="O1",
                              texts={"zh": {"message": rule, "suggestion": ""},
                                     "en": {"message": rule, "suggestion": ""}}))


def set_status(database: Database, objective_id: int, status: str) -> None:
    with database.session() as s:
        s.get(m.Objective, objective_id).status = status


def add_outsider(database: Database, people: Personas) -> None:
    """Olga, admin of another organisation (外企) on the same installation: ``api.as_("olga")``."""
    with database.session() as s:
        org = m.Organisation(name="外企", slug="other")
        s.add(org)
        s.flush()
        olga = m.Person(org_id=org.id, handle="olga", name="Olga", email="olga@other.test", is_admin=True)
        s.add(olga)
        s.flush()
        people.tokens["olga"] = tokens.issue(s, person=olga, name="tests")[1]


@contextlib.contextmanager
def counting(database: Database):
    """The SQL statements sent to the database inside the block, to show a view's queries do not grow."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def act(database: Database, people: Personas, handle: str, work):
    """``work(session, actor)`` as the persona ``handle``, through the services, in a transaction of its own."""
    with database.session(actor_id=people.ids[handle]) as s:
        return work(s, actor_for(s, s.get(m.Person, people.ids[handle])))

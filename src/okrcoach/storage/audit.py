"""The audit trail: every insert, update and delete of a workspace row, with who, when, before and after.

Mapper events rather than calls sprinkled through the services, so that no change can forget to
be recorded, including rows the ORM deletes by cascade or as orphans. The event row is written
on the same connection, inside the same transaction as the change. The actor is
``session.info["actor_id"]`` (set by whoever opens the session: the API for the token's person,
the CLI for ``--as``). Check-ins, comments and findings are records in their own right
(append-only or derived) and are not audited again. Bulk Core inserts (the benchmarks' generator)
bypass the ORM and so the trail.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import object_session, sessionmaker

from . import models as m

AUDITED = (m.Unit, m.Person, m.Membership, m.Cycle, m.Objective, m.KeyResult, m.Alignment, m.ApiToken)
SECRET = {"password_hash", "token_hash"}
QUIET = {"version", "updated_at", "last_used_at"}   # bookkeeping, not a change anyone made


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _columns(obj) -> dict[str, Any]:
    return {a.key: _plain(getattr(obj, a.key)) for a in inspect(obj).mapper.column_attrs if a.key not in SECRET}


def _changes(obj) -> tuple[dict, dict]:
    before, after = {}, {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in SECRET or attr.key in QUIET:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = _plain(hist.deleted[0]) if hist.deleted else None
            new = _plain(hist.added[0]) if hist.added else None
            if old != new:
                before[attr.key], after[attr.key] = old, new
    return before, after


def _org(connection, target) -> int | None:
    """Memberships and tokens have no org_id of their own: theirs is their person's."""
    if isinstance(target, (m.Membership, m.ApiToken)):
        return connection.execute(select(m.Person.org_id).where(m.Person.id == target.person_id)).scalar()
    return getattr(target, "org_id", None)


def _record(connection, target, action: str, before: dict | None, after: dict | None) -> None:
    session = object_session(target)
    actor = session.info.get("actor_id") if session is not None else None
    connection.execute(m.AuditEvent.__table__.insert(), {
        "org_id": _org(connection, target), "actor_id": actor, "at": m.utcnow(),
        "entity": target.__tablename__, "entity_id": target.id, "action": action,
        "before": before, "after": after})


def _after_insert(mapper, connection, target) -> None:
    _record(connection, target, "create", None, _columns(target))


def _before_update(mapper, connection, target) -> None:
    # history is gone after the UPDATE; keep it until the row is written
    target.__dict__["_audit_changes"] = _changes(target)


def _after_update(mapper, connection, target) -> None:
    before, after = target.__dict__.pop("_audit_changes", ({}, {}))
    if before or after:
        _record(connection, target, "update", before, after)


def _after_delete(mapper, connection, target) -> None:
    _record(connection, target, "delete", _columns(target), None)


def _install_mappers() -> None:
    for cls in AUDITED:
        if not event.contains(cls, "after_insert", _after_insert):
            event.listen(cls, "after_insert", _after_insert)
            event.listen(cls, "before_update", _before_update)
            event.listen(cls, "after_update", _after_update)
            event.listen(cls, "after_delete", _after_delete)


def install(factory: sessionmaker) -> None:
    """Mapper events are global to the mapped classes; installing twice is harmless."""
    _install_mappers()

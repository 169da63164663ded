"""The audit trail: every insert, update and delete of a workspace row, with who, when, before and after.

A session hook rather than calls sprinkled through the services, so that no change can forget
to be recorded. The actor is ``session.info["actor_id"]`` (set by whoever opens the session:
the API for the token's person, the CLI for ``--as``). Check-ins, comments and findings are
records in their own right (append-only or derived) and are not audited again.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from . import models as m

AUDITED = (m.Unit, m.Person, m.Membership, m.Cycle, m.Objective, m.KeyResult, m.Alignment, m.ApiToken)
SECRET = {"password_hash", "token_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _columns(obj) -> dict[str, Any]:
    state = inspect(obj)
    return {a.key: _plain(getattr(obj, a.key)) for a in state.mapper.column_attrs if a.key not in SECRET}


def _changes(obj) -> tuple[dict, dict]:
    before, after = {}, {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in SECRET or attr.key in ("version", "updated_at"):
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            before[attr.key] = _plain(hist.deleted[0]) if hist.deleted else None
            after[attr.key] = _plain(hist.added[0]) if hist.added else None
    return before, after


def _org(obj) -> int | None:
    return getattr(obj, "org_id", None)


def _before_flush(session: Session, flush_context, instances) -> None:
    actor = session.info.get("actor_id")
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.dirty:
        if isinstance(obj, AUDITED) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after or before:
                session.add(m.AuditEvent(org_id=_org(obj), actor_id=actor, entity=obj.__tablename__,
                                         entity_id=obj.id, action="update", before=before, after=after))
    for obj in session.deleted:
        if isinstance(obj, AUDITED):
            session.add(m.AuditEvent(org_id=_org(obj), actor_id=actor, entity=obj.__tablename__,
                                     entity_id=obj.id, action="delete", before=_columns(obj), after=None))
    pending.extend(o for o in session.new if isinstance(o, AUDITED))


def _after_flush(session: Session, flush_context) -> None:
    # New rows have ids only after the flush; record them now, in the same transaction.
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor = session.info.get("actor_id")
    rows = [{"org_id": _org(o), "actor_id": actor, "at": m.utcnow(), "entity": o.__tablename__,
             "entity_id": o.id, "action": "create", "before": None, "after": _columns(o)} for o in pending]
    session.execute(m.AuditEvent.__table__.insert(), rows)


def install(factory: sessionmaker) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)

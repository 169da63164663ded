"""Reading the audit trail: who changed what and when, newest first, for admins of the organisation.

Events are written by ``storage.audit``'s mapper hooks (memberships and tokens under their
person's organisation); this module only filters them.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Forbidden
from ..workspace.permissions import Actor, can_administer


def query(session: Session, *, actor: Actor, entity: str | None = None, entity_id: int | None = None,
          actor_id: int | None = None, offset: int = 0, limit: int = 50) -> tuple[list[m.AuditEvent], int]:
    """A page of the organisation's audit events matching the filters, and how many match in all."""
    if not can_administer(actor, actor.org_id):
        raise Forbidden("only admins may read the audit trail")
    conditions = [m.AuditEvent.org_id == actor.org_id]
    if entity is not None:
        conditions.append(m.AuditEvent.entity == entity)
    if entity_id is not None:
        conditions.append(m.AuditEvent.entity_id == entity_id)
    if actor_id is not None:
        conditions.append(m.AuditEvent.actor_id == actor_id)
    total = session.scalar(select(func.count()).select_from(m.AuditEvent).where(*conditions))
    rows = session.scalars(select(m.AuditEvent).where(*conditions)
                           .order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
                           .offset(offset).limit(limit))
    return list(rows), total

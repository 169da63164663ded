"""Bodies for the audit trail."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from ...storage import models as m


class AuditEventPublic(BaseModel):
    id: int
    at: dt.datetime
    actor_id: int | None = Field(description="none: a change made at the console or by the system")
    entity: str = Field(description="the table changed: units, people, memberships, cycles, objectives, …")
    entity_id: int
    action: str = Field(description="create, update or delete")
    before: dict | None = Field(description="the changed columns before (secrets never appear)")
    after: dict | None

    @classmethod
    def of(cls, event: m.AuditEvent) -> AuditEventPublic:
        return cls(id=event.id, at=event.at, actor_id=event.actor_id, entity=event.entity,
                   entity_id=event.entity_id, action=event.action, before=event.before, after=event.after)

"""Routes: the audit trail (admins)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...services import audit_log
from ..deps import ActorDep, SessionDep
from ..schemas.audit import AuditEventPublic
from ..schemas.common import Page, PageDep

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=Page[AuditEventPublic],
            summary="Who changed what and when, newest first (admins)")
def list_audit_events(
        session: SessionDep, actor: ActorDep, page: PageDep,
        entity: Annotated[str | None, Query(max_length=32, description="a table: units, people, …")] = None,
        entity_id: Annotated[int | None, Query(description="with entity: one row's history")] = None,
        actor_id: Annotated[int | None, Query(description="only what this person did")] = None,
) -> dict:
    rows, total = audit_log.query(session, actor=actor, entity=entity, entity_id=entity_id, actor_id=actor_id,
                                  offset=page.offset, limit=page.per_page)
    return page.of([AuditEventPublic.of(e) for e in rows], total)

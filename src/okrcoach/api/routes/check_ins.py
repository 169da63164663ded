"""Routes: check-ins on a key result — record one (safely retried with ``Idempotency-Key``), list them."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from ...services import checkins
from ...storage import models as m
from ..deps import ActorDep, SessionDep
from ..schemas.check_ins import CheckInCreate, CheckInPublic
from ..schemas.common import ErrorBody, Page, PageDep

router = APIRouter(tags=["check-ins"])

IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=1, max_length=128,
    description="any string you choose per check-in (a UUID); a retry with the same key and body is stored once")]


def _public(row: m.CheckIn, progress: float) -> CheckInPublic:
    return CheckInPublic(id=row.id, kr_id=row.kr_id, value=row.value, confidence=row.confidence, note=row.note,
                         author_id=row.author_id, created_at=row.created_at, progress=progress)


@router.post("/key-results/{kr_id}/check-ins", status_code=201, response_model=CheckInPublic,
             summary="Record a check-in: the KR's value and confidence now",
             responses={200: {"model": CheckInPublic,
                              "description": "A retry of an earlier request with the same Idempotency-Key: the "
                                             "stored check-in, with header `Idempotent-Replayed: true`"},
                        409: {"model": ErrorBody, "description": "The objective is not active, or the Idempotency-Key was used for "
                                             "another request"}})
def create_check_in(kr_id: int, body: CheckInCreate, session: SessionDep, actor: ActorDep, response: Response,
                    idempotency_key: IdempotencyKey = None) -> CheckInPublic:
    recorded = checkins.record(session, actor=actor, kr_id=kr_id, value=body.value, confidence=body.confidence,
                               note=body.note, idempotency_key=idempotency_key)
    if recorded.replayed:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return _public(recorded.check_in, recorded.progress)


@router.get("/key-results/{kr_id}/check-ins", response_model=Page[CheckInPublic],
            summary="A key result's check-ins, newest first")
def list_check_ins(kr_id: int, session: SessionDep, actor: ActorDep, page: PageDep) -> dict:
    kr, rows, total = checkins.list_for(session, actor=actor, kr_id=kr_id, offset=page.offset, limit=page.per_page)
    return page.of([_public(r, checkins.progress_at(kr, r.value)) for r in rows], total)

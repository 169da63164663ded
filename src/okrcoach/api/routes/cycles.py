"""Routes: cycles and their planning → active → closed lifecycle (admins change them)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ...services import cycles
from ...services.versions import base_version
from ...workspace.values import CycleState
from ..deps import ActorDep, IfMatchDep, SessionDep
from ..etag import set_etag
from ..schemas.common import Page, PageDep
from ..schemas.cycles import CycleCreate, CyclePublic, CycleTransition, CycleUpdate

router = APIRouter(tags=["cycles"])


@router.get("/cycles", response_model=Page[CyclePublic], summary="The organisation's cycles, latest first")
def list_cycles(session: SessionDep, actor: ActorDep, page: PageDep,
                state: Annotated[CycleState | None, Query(description="only cycles in this state")] = None
                ) -> dict:
    rows, total = cycles.list_cycles(session, actor=actor, state=state, offset=page.offset,
                                     limit=page.per_page)
    return page.of([CyclePublic.of(c) for c in rows], total)


@router.get("/cycles/{cycle_id}", response_model=CyclePublic, summary="One cycle")
def get_cycle(cycle_id: int, session: SessionDep, actor: ActorDep, response: Response) -> CyclePublic:
    cycle = cycles.cycle_for(session, actor, cycle_id)
    set_etag(response, cycle.version)
    return CyclePublic.of(cycle)


@router.post("/cycles", status_code=status.HTTP_201_CREATED, response_model=CyclePublic,
             summary="Add a cycle, in planning (admins); a year, half or quarter takes its dates from "
                     "its name")
def create_cycle(body: CycleCreate, session: SessionDep, actor: ActorDep, response: Response) -> CyclePublic:
    cycle = cycles.create_cycle(session, actor=actor, name=body.name, kind=body.kind,
                                start_date=body.start_date, end_date=body.end_date)
    set_etag(response, cycle.version)
    return CyclePublic.of(cycle)


@router.patch("/cycles/{cycle_id}", response_model=CyclePublic,
              summary="Rename a cycle or change its dates (admins)")
def update_cycle(cycle_id: int, body: CycleUpdate, session: SessionDep, actor: ActorDep, if_match: IfMatchDep,
                 response: Response) -> CyclePublic:
    cycle = cycles.update_cycle(session, actor=actor, cycle_id=cycle_id,
                                version=base_version(if_match, body.version), name=body.name, kind=body.kind,
                                start_date=body.start_date, end_date=body.end_date)
    set_etag(response, cycle.version)
    return CyclePublic.of(cycle)


@router.post("/cycles/{cycle_id}/transitions", response_model=CyclePublic,
             summary="Move a cycle to planning, active or closed (admins)")
def transition_cycle(cycle_id: int, body: CycleTransition, session: SessionDep, actor: ActorDep,
                     if_match: IfMatchDep, response: Response) -> CyclePublic:
    cycle = cycles.transition(session, actor=actor, cycle_id=cycle_id, to=body.to,
                              version=base_version(if_match, body.version))
    set_etag(response, cycle.version)
    return CyclePublic.of(cycle)

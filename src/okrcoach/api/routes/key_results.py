"""Routes: key results of an objective. Their progress comes from check-ins, not from these routes."""
from __future__ import annotations

from fastapi import APIRouter, Response

from ...services import key_results
from ...services.access import key_result_for
from ...services.objectives import key_result_detail
from ...services.versions import base_version
from ..deps import ActorDep, IfMatchDep, SessionDep, TodayDep
from ..etag import set_etag
from ..schemas.key_results import KeyResultCreate, KeyResultPublic, KeyResultUpdate

router = APIRouter(tags=["key-results"])


def _detail(session, actor, kr, response: Response, today) -> dict:
    set_etag(response, kr.version)
    return key_result_detail(session, actor, kr, today=today)


@router.post("/objectives/{objective_id}/key-results", status_code=201, response_model=KeyResultPublic,
             summary="Add a key result to an objective")
def create_key_result(objective_id: int, body: KeyResultCreate, session: SessionDep, actor: ActorDep,
                      today: TodayDep, response: Response) -> dict:
    kr = key_results.create(session, actor=actor, objective_id=objective_id, data=body.model_dump())
    return _detail(session, actor, kr, response, today)


@router.get("/key-results/{kr_id}", response_model=KeyResultPublic,
            summary="One key result with its progress and risk")
def get_key_result(kr_id: int, session: SessionDep, actor: ActorDep, today: TodayDep,
                   response: Response) -> dict:
    kr, _ = key_result_for(session, actor, kr_id)
    return _detail(session, actor, kr, response, today)


@router.patch("/key-results/{kr_id}", summary="Change a key result (needs its version)",
              response_model=KeyResultPublic)
def update_key_result(kr_id: int, body: KeyResultUpdate, session: SessionDep, actor: ActorDep,
                      if_match: IfMatchDep, today: TodayDep, response: Response) -> dict:
    kr = key_results.update(session, actor=actor, kr_id=kr_id,
                            version=base_version(if_match, body.version),
                            changes=body.model_dump(exclude_unset=True, exclude={"version"}))
    return _detail(session, actor, kr, response, today)


@router.delete("/key-results/{kr_id}", status_code=204, summary="Remove a key result",
               response_class=Response)
def delete_key_result(kr_id: int, session: SessionDep, actor: ActorDep) -> Response:
    key_results.delete(session, actor=actor, kr_id=kr_id)
    return Response(status_code=204)

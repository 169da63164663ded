"""Routes: objectives, their alignment links, status transitions, end-of-cycle scoring and history."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from ...services import alignments, objectives, scoring
from ...services.access import objective_for
from ...services.versions import base_version
from ...workspace.values import ObjectiveLevel, ObjectiveStatus, Visibility
from ..deps import ActorDep, IfMatchDep, SessionDep, TodayDep
from ..etag import set_etag
from ..schemas.common import Page, PageDep
from ..schemas.findings import Lang
from ..schemas.objectives import (AlignmentCreate, AlignmentPublic, HistoryEvent, ObjectiveCreate,
                                  ObjectivePublic, ObjectiveSummary, ObjectiveUpdate, ScoreCreate,
                                  TransitionCreate)

router = APIRouter(tags=["objectives"])

LangQuery = Annotated[Lang, Query(description="language of the findings' messages")]
SubtreeQuery = Annotated[bool, Query(description="with unit_id: the unit's whole subtree")]
RiskQuery = Annotated[bool | None, Query(description="only objectives at risk (true) or on track (false)")]
TitleQuery = Annotated[str | None, Query(max_length=200, description="a piece of the title")]


def _detail(session, actor, access, response: Response, today, lang: str) -> dict:
    set_etag(response, access.objective.version)
    return objectives.describe(session, actor, access, today=today, lang=lang)


@router.get("/objectives", summary="List the objectives you can see", response_model=Page[ObjectiveSummary])
def list_objectives(session: SessionDep, actor: ActorDep, page: PageDep, today: TodayDep,
                    cycle_id: int | None = None, unit_id: int | None = None,
                    include_subunits: SubtreeQuery = False, owner_id: int | None = None,
                    status: ObjectiveStatus | None = None, level: ObjectiveLevel | None = None,
                    visibility: Visibility | None = None, at_risk: RiskQuery = None,
                    q: TitleQuery = None) -> dict:
    filters = objectives.Filters(cycle_id=cycle_id, unit_id=unit_id, include_subunits=include_subunits,
                                 owner_id=owner_id, status=status, level=level, visibility=visibility, q=q)
    items, total = objectives.list_objectives(session, actor=actor, filters=filters, at_risk=at_risk,
                                              offset=page.offset, limit=page.per_page, today=today)
    return page.of(items, total)


@router.post("/objectives", status_code=201, response_model=ObjectivePublic,
             summary="Create an objective (a draft), with its KRs and alignment")
def create_objective(body: ObjectiveCreate, session: SessionDep, actor: ActorDep, today: TodayDep,
                     response: Response, lang: LangQuery = "zh") -> dict:
    access = objectives.create(session, actor=actor, data=body.model_dump())
    return _detail(session, actor, access, response, today, lang)


@router.get("/objectives/{objective_id}", response_model=ObjectivePublic,
            summary="One objective with its KRs, links, progress and findings")
def get_objective(objective_id: int, session: SessionDep, actor: ActorDep, today: TodayDep,
                  response: Response, lang: LangQuery = "zh") -> dict:
    access = objective_for(session, actor, objective_id)
    return _detail(session, actor, access, response, today, lang)


@router.patch("/objectives/{objective_id}", summary="Change an objective (needs its version)",
              response_model=ObjectivePublic)
def update_objective(objective_id: int, body: ObjectiveUpdate, session: SessionDep, actor: ActorDep,
                     if_match: IfMatchDep, today: TodayDep, response: Response,
                     lang: LangQuery = "zh") -> dict:
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    access = objectives.update(session, actor=actor, objective_id=objective_id,
                               version=base_version(if_match, body.version), changes=changes)
    return _detail(session, actor, access, response, today, lang)


@router.delete("/objectives/{objective_id}", status_code=204, summary="Delete a draft objective",
               response_class=Response)
def delete_objective(objective_id: int, session: SessionDep, actor: ActorDep) -> Response:
    objectives.delete(session, actor=actor, objective_id=objective_id)
    return Response(status_code=204)


@router.get("/objectives/{objective_id}/history", response_model=Page[HistoryEvent],
            summary="Who changed the objective, its KRs and links, newest first")
def objective_history(objective_id: int, session: SessionDep, actor: ActorDep, page: PageDep) -> dict:
    items, total = objectives.history(session, actor=actor, objective_id=objective_id, offset=page.offset,
                                      limit=page.per_page)
    return page.of(items, total)


@router.post("/objectives/{objective_id}/alignments", status_code=201, response_model=AlignmentPublic,
             summary="Align the objective to a parent objective or KR")
def add_alignment(objective_id: int, body: AlignmentCreate, session: SessionDep, actor: ActorDep):
    return alignments.align(session, actor=actor, objective_id=objective_id, target=body.model_dump())


@router.delete("/objectives/{objective_id}/alignments/{alignment_id}", status_code=204,
               summary="Remove an alignment link", response_class=Response)
def remove_alignment(objective_id: int, alignment_id: int, session: SessionDep, actor: ActorDep) -> Response:
    alignments.unalign(session, actor=actor, objective_id=objective_id, alignment_id=alignment_id)
    return Response(status_code=204)


@router.post("/objectives/{objective_id}/transitions", response_model=ObjectivePublic,
             summary="Submit, approve, send back, close or reopen an objective")
def transition_objective(objective_id: int, body: TransitionCreate, session: SessionDep, actor: ActorDep,
                         today: TodayDep, response: Response, lang: LangQuery = "zh") -> dict:
    access = objectives.transition(session, actor=actor, objective_id=objective_id, to=body.to.value,
                                   note=body.note, lang=lang)
    return _detail(session, actor, access, response, today, lang)


@router.post("/objectives/{objective_id}/score", response_model=ObjectivePublic,
             summary="Score the KRs at the end of the cycle and reflect")
def score_objective(objective_id: int, body: ScoreCreate, session: SessionDep, actor: ActorDep,
                    today: TodayDep, response: Response, lang: LangQuery = "zh") -> dict:
    access = scoring.score(session, actor=actor, objective_id=objective_id,
                           scores=[s.model_dump() for s in body.key_results], reflection=body.reflection)
    return _detail(session, actor, access, response, today, lang)

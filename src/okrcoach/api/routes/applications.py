"""Routes: applications for certificates, moved stage by stage, with their history and measures."""
from __future__ import annotations

from fastapi import APIRouter, Response, status

from ...services import applications, bound_krs
from ...services.versions import base_version
from ..deps import ActorDep, IfMatchDep, SessionDep, TodayDep
from ..etag import set_etag
from ..schemas.applications import ApplicationCreate, ApplicationPublic, StageMove

router = APIRouter(tags=["certificates"])


def _public(session, actor, application, today) -> ApplicationPublic:
    return ApplicationPublic.of(
        application, bound_krs.measures(session, actor=actor, application_id=application.id, today=today),
        applications.history(session, actor=actor, application_id=application.id))


@router.post("/applications", status_code=status.HTTP_201_CREATED, response_model=ApplicationPublic,
             summary="Start an application for a certificate (those who may write the certificate)")
def create_application(body: ApplicationCreate, session: SessionDep, actor: ActorDep, today: TodayDep,
                       response: Response) -> ApplicationPublic:
    a = applications.create(session, actor=actor, certificate_id=body.certificate_id, kind=body.kind.value,
                            title=body.title, today=today, owner_id=body.owner_id, target_grade=body.target_grade,
                            due_on=body.due_on)
    set_etag(response, a.version)
    return _public(session, actor, a, today)


@router.get("/applications/{application_id}", response_model=ApplicationPublic,
            summary="One application: its stage, its road so far, and what its work measures")
def get_application(application_id: int, session: SessionDep, actor: ActorDep, today: TodayDep,
                    response: Response) -> ApplicationPublic:
    a = applications.application_for(session, actor, application_id)
    set_etag(response, a.version)
    return _public(session, actor, a, today)


@router.post("/applications/{application_id}/moves", response_model=ApplicationPublic,
             summary="Move an application to its next stage; the KRs bound to it follow")
def move_application(application_id: int, body: StageMove, session: SessionDep, actor: ActorDep, today: TodayDep,
                     if_match: IfMatchDep, response: Response) -> ApplicationPublic:
    a = applications.move(session, actor=actor, application_id=application_id,
                          version=base_version(if_match, body.version), to=body.to.value, on=body.on or today,
                          today=today, note=body.note)
    set_etag(response, a.version)
    return _public(session, actor, a, today)

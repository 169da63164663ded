"""Routes: applications for certificates - their stages, checklist, review feedback and communication log -
the KRs bound to them, and the chain from a company KR down to that work."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ...services import application_work as work
from ...services import applications, bound_krs, qualification_chain
from ...services.versions import base_version
from ..deps import ActorDep, IfMatchDep, SessionDep, TodayDep
from ..etag import set_etag
from ..schemas.applications import (ApplicationCreate, ApplicationPublic, ApplicationSummary, BindingPublic,
                                    BindingSet, ChecklistAdd, ChecklistItemPublic, ContactAdd, ContactPublic,
                                    DraftCreate, FeedbackAdd, FeedbackPublic, FeedbackResponse, ItemMark, StageMove)
from ..schemas.chain import ChainPublic

router = APIRouter(tags=["certificates"])


def _public(session, actor, application, today) -> ApplicationPublic:
    return ApplicationPublic.of(
        application, bound_krs.measures(session, actor=actor, application_id=application.id, today=today),
        applications.history(session, actor=actor, application_id=application.id),
        work.work_of(session, actor=actor, application_id=application.id))


@router.get("/applications", response_model=list[ApplicationSummary],
            summary="The organisation's applications, newest first")
def list_applications(session: SessionDep, actor: ActorDep, certificate_id: Annotated[int | None, Query()] = None,
                      open_only: Annotated[bool, Query(alias="open")] = False) -> list[ApplicationSummary]:
    return [ApplicationSummary.model_validate(a, from_attributes=True) for a in applications.list_applications(
        session, actor=actor, certificate_id=certificate_id, open_only=open_only)]


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
            summary="One application: its stage, its road so far, its work, and what the work measures")
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


@router.post("/applications/{application_id}/checklist", status_code=status.HTTP_201_CREATED,
             response_model=list[ChecklistItemPublic],
             summary="Add materials checklist items: the requirements given, or the library's for the category")
def add_checklist(application_id: int, body: ChecklistAdd, session: SessionDep, actor: ActorDep,
                  today: TodayDep) -> list[ChecklistItemPublic]:
    if body.template:
        items = work.add_checklist_from_template(session, actor=actor, application_id=application_id, today=today,
                                                 lang=body.lang, reviewer_id=body.reviewer_id)
    else:
        items = work.add_checklist(session, actor=actor, application_id=application_id,
                                   requirements=body.requirements, today=today, reviewer_id=body.reviewer_id)
    return [ChecklistItemPublic.model_validate(i, from_attributes=True) for i in items]


@router.patch("/checklist-items/{item_id}", response_model=ChecklistItemPublic,
              summary="Mark a checklist item's compliance; the KRs bound to its application follow")
def mark_item(item_id: int, body: ItemMark, session: SessionDep, actor: ActorDep,
              today: TodayDep) -> ChecklistItemPublic:
    item = work.mark_item(session, actor=actor, item_id=item_id, status=body.status.value, today=today,
                          note=body.note)
    return ChecklistItemPublic.model_validate(item, from_attributes=True)


@router.post("/applications/{application_id}/feedback", status_code=status.HTTP_201_CREATED,
             response_model=FeedbackPublic, summary="Record a point the authority's reviewers raised")
def add_feedback(application_id: int, body: FeedbackAdd, session: SessionDep, actor: ActorDep,
                 today: TodayDep) -> FeedbackPublic:
    item = work.add_feedback(session, actor=actor, application_id=application_id, summary=body.summary,
                             received_on=body.received_on, response_due=body.response_due, today=today)
    return FeedbackPublic.model_validate(item, from_attributes=True)


@router.post("/feedback/{feedback_id}/response", response_model=FeedbackPublic,
             summary="Record the answer to review feedback (and close it)")
def respond(feedback_id: int, body: FeedbackResponse, session: SessionDep, actor: ActorDep,
            today: TodayDep) -> FeedbackPublic:
    item = work.respond(session, actor=actor, feedback_id=feedback_id, on=body.on or today, today=today,
                        close=body.close)
    return FeedbackPublic.model_validate(item, from_attributes=True)


@router.post("/applications/{application_id}/contacts", status_code=status.HTTP_201_CREATED,
             response_model=ContactPublic, summary="Log an exchange with the reviewing body")
def log_contact(application_id: int, body: ContactAdd, session: SessionDep, actor: ActorDep,
                today: TodayDep) -> ContactPublic:
    contact = work.log_contact(session, actor=actor, application_id=application_id, on=body.on or today,
                               channel=body.channel.value, counterpart=body.counterpart, summary=body.summary,
                               today=today)
    return ContactPublic.model_validate(contact, from_attributes=True)


@router.put("/key-results/{kr_id}/binding", response_model=BindingPublic,
            summary="Bind a KR to an application's measure: its value and check-ins then follow the work")
def bind(kr_id: int, body: BindingSet, session: SessionDep, actor: ActorDep, today: TodayDep) -> BindingPublic:
    found = bound_krs.bind(session, actor=actor, kr_id=kr_id, application_id=body.application_id,
                           measure=body.measure, today=today)
    return BindingPublic(kr_id=found.kr_id, application_id=found.application_id, measure=found.measure)


@router.put("/key-results/{kr_id}/certificates/{certificate_id}", status_code=status.HTTP_204_NO_CONTENT,
            summary="Record that a KR needs a certificate (those who may edit the KR's objective)")
def need(kr_id: int, certificate_id: int, session: SessionDep, actor: ActorDep) -> Response:
    qualification_chain.need(session, actor=actor, kr_id=kr_id, certificate_id=certificate_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/key-results/{kr_id}/certificates/{certificate_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="The KR no longer needs the certificate")
def unneed(kr_id: int, certificate_id: int, session: SessionDep, actor: ActorDep) -> Response:
    qualification_chain.unneed(session, actor=actor, kr_id=kr_id, certificate_id=certificate_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/applications/{application_id}/draft-okr", status_code=status.HTTP_201_CREATED,
             summary="Write the qualification team's draft OKR for an application, its KRs bound to the work",
             description="Returns the draft objective's id; read it at `/objectives/{id}`. The draft is aligned "
                         "to the first KR that needs the application's certificate and passes `okr check`.")
def draft_okr(application_id: int, body: DraftCreate, session: SessionDep, actor: ActorDep, today: TodayDep,
              response: Response) -> dict:
    o = qualification_chain.draft_from_application(session, actor=actor, application_id=application_id,
                                                   cycle_id=body.cycle_id, unit_id=body.unit_id, lang=body.lang,
                                                   today=today)
    response.headers["Location"] = f"/api/v1/objectives/{o.id}"
    return {"objective_id": o.id}


@router.get("/chain", response_model=list[ChainPublic],
            summary="Company KRs → the certificates they need → applications → the KRs bound to them")
def chain(session: SessionDep, actor: ActorDep, today: TodayDep,
          cycle_id: Annotated[int | None, Query()] = None) -> list[ChainPublic]:
    return [ChainPublic.of(c) for c in qualification_chain.chains(session, actor=actor, today=today,
                                                                  cycle_id=cycle_id)]

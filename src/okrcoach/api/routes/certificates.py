"""Routes: the certificate registry, its expiry alerts and an iCalendar feed of the expiries."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ...services import certificates
from ...services.calendar_feed import certificate_calendar, deadlines, reminder_days
from ...services.versions import base_version
from ...storage import models as m
from ...workspace.qualifications import CATEGORIES, DEFAULT_ALERT_DAYS, RESPONSE_ALERT_DAYS, CertificateStatus
from ..deps import ActorDep, FeedActorDep, IfMatchDep, SessionDep, TodayDep
from ..etag import set_etag
from ..schemas.certificates import (AlertPublic, CategoryPublic, CertificateCreate, CertificatePublic,
                                    CertificateUpdate)

router = APIRouter(tags=["certificates"])
AlertDays = Annotated[str | None, Query(description="the alert thresholds in days before expiry, e.g. 180,90,30")]
ResponseDays = Annotated[str | None, Query(description="the alert thresholds in days before a response to review "
                                                       "feedback is due, e.g. 7,3,1")]


@router.get("/certificates/categories", response_model=list[CategoryPublic],
            summary="The registry's categories and the grades each knows")
def list_categories(actor: ActorDep) -> list[CategoryPublic]:
    return [CategoryPublic(key=c.key, zh=c.zh, en=c.en, grades=list(c.grades)) for c in CATEGORIES.values()]


@router.get("/certificates", response_model=list[CertificatePublic],
            summary="The organisation's certificates, soonest expiry first, with their status today")
def list_certificates(session: SessionDep, actor: ActorDep, today: TodayDep,
                      category: Annotated[str | None, Query()] = None,
                      status_: Annotated[CertificateStatus | None, Query(alias="status")] = None,
                      ) -> list[CertificatePublic]:
    return [CertificatePublic.of(x) for x in certificates.list_certificates(
        session, actor=actor, today=today, category=category, status=status_)]


@router.post("/certificates", status_code=status.HTTP_201_CREATED, response_model=CertificatePublic,
             summary="Register a certificate held or sought (admins, managers of the unit that looks after it)")
def create_certificate(body: CertificateCreate, session: SessionDep, actor: ActorDep, today: TodayDep,
                       response: Response) -> CertificatePublic:
    c = certificates.create(session, actor=actor, data=body.changes())
    set_etag(response, c.version)
    return CertificatePublic.of(certificates.listed(session, c, today))


@router.get("/certificates/alerts", response_model=list[AlertPublic],
            summary="Expiries and responses to review feedback that have reached an alert threshold, or passed")
def list_alerts(session: SessionDep, actor: ActorDep, today: TodayDep, days: AlertDays = None,
                response_days: ResponseDays = None) -> list[AlertPublic]:
    found = certificates.alerts(session, actor=actor, today=today,
                                days=reminder_days(days, DEFAULT_ALERT_DAYS),
                                response_days=reminder_days(response_days, RESPONSE_ALERT_DAYS, "response_days"))
    return [AlertPublic.of(a) for a in found]


@router.get("/certificates/calendar.ics", response_class=Response,
            summary="An iCalendar feed of certificate expiries and application deadlines, with reminders",
            description="Calendar applications cannot send headers: besides `Authorization: Bearer`, the "
                        "token may be given as `?token=`. Subscribe with that address.")
def calendar(session: SessionDep, actor: FeedActorDep, today: TodayDep, days: AlertDays = None,
             response_days: ResponseDays = None) -> Response:
    org = session.get(m.Organisation, actor.org_id)
    text = certificate_calendar(certificates.list_certificates(session, actor=actor, today=today),
                                name=f"{org.name} 资质到期与申报截止", now=dt.datetime.now(dt.timezone.utc),
                                days=reminder_days(days, DEFAULT_ALERT_DAYS),
                                due=deadlines(session, org_id=actor.org_id),
                                response_days=reminder_days(response_days, RESPONSE_ALERT_DAYS, "response_days"))
    return Response(text, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="certificates.ics"'})


@router.get("/certificates/{certificate_id}", response_model=CertificatePublic, summary="One certificate")
def get_certificate(certificate_id: int, session: SessionDep, actor: ActorDep, today: TodayDep,
                    response: Response) -> CertificatePublic:
    c = certificates.certificate_for(session, actor, certificate_id)
    set_etag(response, c.version)
    return CertificatePublic.of(certificates.listed(session, c, today))


@router.patch("/certificates/{certificate_id}", response_model=CertificatePublic,
              summary="Change a certificate (admins, managers of the unit that looks after it)")
def update_certificate(certificate_id: int, body: CertificateUpdate, session: SessionDep, actor: ActorDep,
                       if_match: IfMatchDep, today: TodayDep, response: Response) -> CertificatePublic:
    c = certificates.update(session, actor=actor, certificate_id=certificate_id,
                            version=base_version(if_match, body.version), changes=body.changes())
    set_etag(response, c.version)
    return CertificatePublic.of(certificates.listed(session, c, today))

"""Applications: a certificate sought, upgraded, renewed or changed, moved stage by stage to a verdict.

An application belongs to a certificate of the registry (a new one's certificate is registered as
sought first) and is written by whoever may write that certificate (``services.certificates``).
It begins at policy research and moves only as ``workspace.qualifications.STAGE_MOVES`` allows; each
move is kept with its day, its author and why, so the application's page can show its road. An
approval brings the certificate it sought into the registry as held; the KRs bound to the
application follow every move (``services.bound_krs``).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Invalid, NotFound
from ..workspace.permissions import Actor
from ..workspace.values import CycleState
from ..workspace.qualifications import ApplicationKind, QualificationError, Stage, check_stage_move, label
from . import bound_krs
from .certificates import certificate_for, check_unit_and_owner, check_writer
from .versions import check_version

MAX_NOTE = 2000


def application_for(session: Session, actor: Actor, application_id: int) -> m.Application:
    application = session.get(m.Application, application_id)
    if application is None or application.org_id != actor.org_id:
        raise NotFound(f"application {application_id} does not exist")
    return application


def create(session: Session, *, actor: Actor, certificate_id: int, kind: str, title: str, today: dt.date,
           owner_id: int | None = None, target_grade: str | None = None, due_on: dt.date | None = None,
           ) -> m.Application:
    certificate = certificate_for(session, actor, certificate_id)
    check_writer(session, actor, certificate.unit_id)
    if kind not in {k.value for k in ApplicationKind}:
        raise Invalid(f"kind must be one of {', '.join(k.value for k in ApplicationKind)}, not {kind!r}",
                      field="kind")
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise Invalid("an application needs a title of at most 200 characters", field="title")
    check_unit_and_owner(session, actor, None, owner_id)
    if due_on is not None:
        _check_due(session, actor, due_on)
    application = m.Application(org_id=actor.org_id, certificate_id=certificate.id, kind=kind, title=title,
                                stage=Stage.POLICY_RESEARCH.value, owner_id=owner_id, target_grade=target_grade,
                                due_on=due_on)
    session.add(application)
    session.flush()
    session.add(m.ApplicationStageChange(application_id=application.id, from_stage=None,
                                         to_stage=application.stage, on=today, by_id=actor.person_id))
    session.flush()
    return application


def _check_due(session: Session, actor: Actor, due_on: dt.date) -> None:
    """An application is due in time still to be worked: not in a cycle already closed."""
    closed = session.scalar(select(m.Cycle.name).where(
        m.Cycle.org_id == actor.org_id, m.Cycle.state == CycleState.CLOSED.value, m.Cycle.start_date <= due_on,
        m.Cycle.end_date >= due_on).limit(1))
    if closed is not None:
        raise Invalid(f"the due date {due_on} falls in cycle {closed}, which is closed; choose a day in a cycle "
                      "still open", field="due_on")


def move(session: Session, *, actor: Actor, application_id: int, version: int | None, to: str, on: dt.date,
         today: dt.date, note: str = "") -> m.Application:
    """Move an application to its next stage on day ``on`` (not after ``today``, not before its last move)."""
    application = application_for(session, actor, application_id)
    certificate = session.get(m.Certificate, application.certificate_id)
    check_writer(session, actor, certificate.unit_id)
    check_version(application, version, f"application {application_id}")
    try:
        check_stage_move(application.stage, to)
    except (QualificationError, ValueError) as e:
        raise Invalid(str(e), field="to") from None
    last = session.scalar(select(m.ApplicationStageChange.on)
                          .where(m.ApplicationStageChange.application_id == application.id)
                          .order_by(m.ApplicationStageChange.id.desc()).limit(1))
    if on > today or (last is not None and on < last):
        raise Invalid(f"the move's day {on} is after today or before the application's last move ({last})",
                      field="on")
    if len(note) > MAX_NOTE:
        raise Invalid(f"a note has at most {MAX_NOTE} characters", field="note")
    session.add(m.ApplicationStageChange(application_id=application.id, from_stage=application.stage,
                                         to_stage=to, on=on, by_id=actor.person_id, note=note.strip()))
    application.stage = Stage(to).value
    if application.stage == Stage.APPROVED.value and not certificate.held:
        certificate.held = True
    session.flush()
    bound_krs.sync(session, actor=actor, application_id=application.id, today=today,
                   reason=f"申请「{application.title[:40]}」进入{label(application.stage)}阶段")
    return application


def list_applications(session: Session, *, actor: Actor, certificate_id: int | None = None,
                      open_only: bool = False) -> list[m.Application]:
    """The organisation's applications (everyone may read them, as the registry), the newest first."""
    query = select(m.Application).where(m.Application.org_id == actor.org_id)
    if certificate_id is not None:
        query = query.where(m.Application.certificate_id == certificate_id)
    if open_only:
        query = query.where(m.Application.stage.not_in([Stage.APPROVED.value, Stage.REJECTED.value]))
    return list(session.scalars(query.order_by(m.Application.id.desc())))


def history(session: Session, *, actor: Actor, application_id: int) -> list[m.ApplicationStageChange]:
    application = application_for(session, actor, application_id)
    return list(session.scalars(select(m.ApplicationStageChange)
                                .where(m.ApplicationStageChange.application_id == application.id)
                                .order_by(m.ApplicationStageChange.id)))

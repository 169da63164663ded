"""KRs bound to an application: their value is the application's, checked in automatically with the reason.

The seed article's qualification KRs measure the pipeline's work: "材料 100% 符合评审要求" is the
checklist's compliance, "及时响应评审反馈" the share of feedback answered by its due day, "每周与评审
机构同步" the contacts a week in the communication log, a stage reached, a certificate obtained. A
KR bound to an application takes that number: a percentage KR its share (0-100), a metric KR the
contacts a week, a milestone KR 1 once the certificate is obtained. Whenever the application's
work changes (``services.application_work``, ``services.applications``), ``sync`` records a
check-in on each bound KR whose value moved, authored by the person who made the change and noting
what changed and that it was automatic; a KR whose objective is not yet active (a draft being
written) just takes the value, as check-ins begin once it is approved.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid
from ..workspace.permissions import Actor, can_check_in
from ..workspace.qualifications import Stage, checklist_compliance, contacts_per_week, feedback_on_time, stage_reached
from ..workspace.values import KrKind, ObjectiveStatus
from . import applications   # the module: applications imports this one
from .access import key_result_for, owned

MEASURES = {"checklist_compliance": KrKind.PERCENTAGE, "feedback_on_time": KrKind.PERCENTAGE,
            "contacts_per_week": KrKind.METRIC, "stage_reached": KrKind.PERCENTAGE,
            "certificate_obtained": KrKind.MILESTONE}


@dataclass(frozen=True)
class Measures:
    checklist_compliance: float | None
    feedback_on_time: float | None
    contacts_per_week: float
    stage_reached: float
    certificate_obtained: bool


def measures(session: Session, *, actor: Actor, application_id: int, today: dt.date) -> Measures:
    """What an application's work adds up to today, by the formulas of ``workspace.qualifications``."""
    application = applications.application_for(session, actor, application_id)
    statuses = session.scalars(select(m.ChecklistItem.status)
                               .where(m.ChecklistItem.application_id == application.id)).all()
    feedback = session.execute(select(m.FeedbackItem.response_due, m.FeedbackItem.responded_on)
                               .where(m.FeedbackItem.application_id == application.id)).all()
    contacts = session.scalars(select(m.Contact.on).where(m.Contact.application_id == application.id)).all()
    began = session.scalar(select(func.min(m.ApplicationStageChange.on))
                           .where(m.ApplicationStageChange.application_id == application.id)) or today
    return Measures(checklist_compliance=checklist_compliance(list(statuses)),
                    feedback_on_time=feedback_on_time([(due, answered) for due, answered in feedback], today),
                    contacts_per_week=round(contacts_per_week(list(contacts), began, today), 2),
                    stage_reached=stage_reached(application.stage),
                    certificate_obtained=application.stage == Stage.APPROVED.value)


def value_of(found: Measures, measure: str) -> float | None:
    """A measure as its KR holds it: a share in percent, a certificate as 1 or 0, a count as it is."""
    value = getattr(found, measure)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if value is None or MEASURES[measure] is KrKind.METRIC:
        return value
    return round(value * 100, 2)


def bind(session: Session, *, actor: Actor, kr_id: int, application_id: int, measure: str,
         today: dt.date) -> m.KrBinding:
    """Bind a KR to an application's measure (whoever may check in on the KR), and take its value now."""
    kr, access = key_result_for(session, actor, kr_id)
    if not can_check_in(actor, owned(access.objective), kr.owner_id):
        raise Forbidden(f"you may not bind key result {kr_id}: only those who may check in on it may")
    application = applications.application_for(session, actor, application_id)
    if measure not in MEASURES:
        raise Invalid(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}", field="measure")
    if kr.kind != MEASURES[measure].value:
        raise Invalid(f"{measure} is a {MEASURES[measure].value} measure; key result {kr_id} is a {kr.kind}",
                      field="measure")
    binding = session.get(m.KrBinding, kr.id) or m.KrBinding(kr_id=kr.id)
    binding.application_id, binding.measure = application.id, measure
    if kr.kind == KrKind.PERCENTAGE.value:
        kr.start, kr.target = 0.0, 100.0
    session.add(binding)
    session.flush()
    sync(session, actor=actor, application_id=application.id, today=today, reason="绑定到资质申请")
    return binding


def sync(session: Session, *, actor: Actor, application_id: int, today: dt.date, reason: str) -> list[m.CheckIn]:
    """Bring every KR bound to this application to its measure; a check-in for each that moved."""
    bindings = session.scalars(select(m.KrBinding).where(m.KrBinding.application_id == application_id)).all()
    if not bindings:
        return []
    found = measures(session, actor=actor, application_id=application_id, today=today)
    made = []
    for binding in bindings:
        value = value_of(found, binding.measure)
        kr = session.get(m.KeyResult, binding.kr_id)
        if value is None or kr.current == value:
            continue
        kr.current = value
        if session.get(m.Objective, kr.objective_id).status == ObjectiveStatus.ACTIVE.value:
            row = m.CheckIn(kr_id=kr.id, author_id=actor.person_id, value=value, confidence=kr.confidence,
                            note=f"{reason}(自动记录)")
            session.add(row)
            made.append(row)
    session.flush()
    return made

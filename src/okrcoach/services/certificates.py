"""The certificate registry: the qualifications an organisation holds or seeks, and their deadlines.

Everyone in the organisation may read the registry (a qualification is no secret inside the company
that holds it); admins, and the managers of the unit that looks after a certificate, write it. Every
field is checked before anything is stored (``workspace.qualifications``: a known category, a grade
of that category, an expiry not before the issue date), and a refused change names the field at
fault. A certificate's status is worked out for the day it is read, never stored: a date passing
changes it without anyone writing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid, NotFound
from ..workspace.permissions import Actor
from ..workspace.qualifications import (DEFAULT_ALERT_DAYS, RESPONSE_ALERT_DAYS, ApplicationKind, CertificateStatus,
                                        QualificationError, Stage, alert_due, certificate_status, check_certificate)
from ..workspace.values import StrEnum
from .versions import check_version

TEXT_LIMITS = {"name": 200, "authority": 200, "number": 100, "holder": 200, "scope": 4000, "grade": 32}
EDITABLE = frozenset({*TEXT_LIMITS, "category", "issued_on", "expires_on", "held", "suspended", "documents",
                      "unit_id", "owner_id"})
MAX_DOCUMENTS = 50


@dataclass
class Listed:
    certificate: m.Certificate
    status: CertificateStatus


class AlertKind(StrEnum):
    EXPIRY = "expiry"                 # a certificate held expires
    RESPONSE_DUE = "response_due"     # an answer to the authority's review feedback is due


@dataclass
class Alert:
    kind: AlertKind
    certificate: m.Certificate
    due_on: dt.date
    days_left: int
    threshold: int          # the alert reached: 180, 90, 30 (days before), or 0 once the date has passed
    application: m.Application | None = None     # for a response due: whose feedback
    feedback: m.FeedbackItem | None = None
    status: CertificateStatus | None = None        # the certificate's today


def certificate_for(session: Session, actor: Actor, certificate_id: int) -> m.Certificate:
    certificate = session.get(m.Certificate, certificate_id)
    if certificate is None or certificate.org_id != actor.org_id:
        raise NotFound(f"certificate {certificate_id} does not exist")
    return certificate


def create(session: Session, *, actor: Actor, data: dict) -> m.Certificate:
    _check_known(data)
    certificate = m.Certificate(org_id=actor.org_id, documents=[])
    _apply(session, actor, certificate, {"held": True, "suspended": False, **data})
    session.add(certificate)
    session.flush()
    return certificate


def update(session: Session, *, actor: Actor, certificate_id: int, version: int | None,
           changes: dict) -> m.Certificate:
    certificate = certificate_for(session, actor, certificate_id)
    check_writer(session, actor, certificate.unit_id)
    check_version(certificate, version, f"certificate {certificate_id}")
    _check_known(changes)
    _apply(session, actor, certificate, changes)
    session.flush()
    return certificate


def list_certificates(session: Session, *, actor: Actor, today: dt.date, category: str | None = None,
                      status: CertificateStatus | str | None = None) -> list[Listed]:
    """The registry, soonest expiry first (those without one last)."""
    query = select(m.Certificate).where(m.Certificate.org_id == actor.org_id)
    if category is not None:
        query = query.where(m.Certificate.category == category)
    rows = session.scalars(query).all()
    renewing = _renewing(session, [c.id for c in rows])
    listed = [Listed(c, _status(c, today, c.id in renewing)) for c in rows]
    if status is not None:
        listed = [x for x in listed if x.status is CertificateStatus(status)]
    return sorted(listed, key=lambda x: (x.certificate.expires_on is None, x.certificate.expires_on or dt.date.max,
                                         x.certificate.id))


def alerts(session: Session, *, actor: Actor, today: dt.date, days: tuple[int, ...] = DEFAULT_ALERT_DAYS,
           response_days: tuple[int, ...] = RESPONSE_ALERT_DAYS) -> list[Alert]:
    """What must not be missed, soonest first: certificates held whose expiry has reached one of the
    alert thresholds ``days`` (or passed), and answers to review feedback, not yet given, whose due day
    has reached one of ``response_days``."""
    horizon = today + dt.timedelta(days=max(days, default=0))
    rows = session.scalars(select(m.Certificate).where(
        m.Certificate.org_id == actor.org_id, m.Certificate.held.is_(True), m.Certificate.expires_on.is_not(None),
        m.Certificate.expires_on <= horizon).order_by(m.Certificate.expires_on, m.Certificate.id)).all()
    out = []
    for c in rows:
        threshold = alert_due(c.expires_on, today, days)
        if threshold is not None:
            out.append(Alert(AlertKind.EXPIRY, c, c.expires_on, (c.expires_on - today).days, threshold))
    horizon = today + dt.timedelta(days=max(response_days, default=0))
    for item, application, c in session.execute(
            select(m.FeedbackItem, m.Application, m.Certificate)
            .join(m.Application, m.Application.id == m.FeedbackItem.application_id)
            .join(m.Certificate, m.Certificate.id == m.Application.certificate_id)
            .where(m.Application.org_id == actor.org_id, m.FeedbackItem.responded_on.is_(None),
                   m.FeedbackItem.closed.is_(False), m.FeedbackItem.response_due <= horizon)).all():
        threshold = alert_due(item.response_due, today, response_days)
        if threshold is not None:
            out.append(Alert(AlertKind.RESPONSE_DUE, c, item.response_due, (item.response_due - today).days,
                             threshold, application, item))
    renewing = _renewing(session, list({a.certificate.id for a in out}))
    for a in out:
        a.status = _status(a.certificate, today, a.certificate.id in renewing)
    return sorted(out, key=lambda a: (a.due_on, a.kind.value, a.certificate.id))


def status_of(session: Session, certificate: m.Certificate, today: dt.date) -> CertificateStatus:
    return _status(certificate, today, bool(_renewing(session, [certificate.id])))


def listed(session: Session, certificate: m.Certificate, today: dt.date) -> Listed:
    return Listed(certificate, status_of(session, certificate, today))


def _status(certificate: m.Certificate, today: dt.date, renewing: bool) -> CertificateStatus:
    return certificate_status(certificate.expires_on, today, held=certificate.held,
                              suspended=certificate.suspended, renewing=renewing)


def _renewing(session: Session, certificate_ids: list[int]) -> set[int]:
    """Those of these certificates with a renewal application still open: "renewal in progress"."""
    if not certificate_ids:
        return set()
    return set(session.scalars(select(m.Application.certificate_id).where(
        m.Application.certificate_id.in_(certificate_ids), m.Application.kind == ApplicationKind.RENEWAL.value,
        m.Application.stage.not_in([Stage.APPROVED.value, Stage.REJECTED.value]))))


def _check_known(fields: dict) -> None:
    unknown = sorted(set(fields) - EDITABLE)
    if unknown:
        raise Invalid(f"unknown field {unknown[0]!r}", field=unknown[0])


def _apply(session: Session, actor: Actor, certificate: m.Certificate, changes: dict) -> None:
    """Every change checked before any is made: a refused one leaves the certificate as it was."""
    merged = {f: getattr(certificate, f) for f in EDITABLE} | changes
    for field, limit in TEXT_LIMITS.items():
        value = merged.get(field)
        if value is not None and not isinstance(value, str):
            raise Invalid(f"{field} is text, not {type(value).__name__}", field=field)
        if value and len(value) > limit:
            raise Invalid(f"{field} is longer than {limit} characters", field=field)
    if not (merged.get("name") or "").strip():
        raise Invalid("a certificate needs a name", field="name")
    for field in ("issued_on", "expires_on"):
        if merged.get(field) is not None and not isinstance(merged[field], dt.date):
            raise Invalid(f"{field} is a date (YYYY-MM-DD)", field=field)
    try:
        check_certificate(merged.get("category") or "", merged.get("grade") or None, merged.get("issued_on"),
                          merged.get("expires_on"))
    except QualificationError as e:
        raise Invalid(str(e), field=e.field) from None
    _check_documents(merged.get("documents") or [])
    check_unit_and_owner(session, actor, merged.get("unit_id"), merged.get("owner_id"))
    check_writer(session, actor, merged.get("unit_id"))
    for field, value in changes.items():
        setattr(certificate, field, value.strip() if isinstance(value, str) and field != "scope" else value)
    if "grade" in changes and not changes["grade"]:
        certificate.grade = None


def _check_documents(documents) -> None:
    if not isinstance(documents, list) or len(documents) > MAX_DOCUMENTS:
        raise Invalid(f"documents is a list of at most {MAX_DOCUMENTS} entries", field="documents")
    for i, doc in enumerate(documents):
        if not isinstance(doc, dict) or not isinstance(doc.get("name"), str) or not doc["name"].strip():
            raise Invalid(f"document {i + 1} needs a name", field=f"documents[{i}].name")
        extra = set(doc) - {"name", "kind", "reference"}
        if extra or any(not isinstance(v, str) or len(v) > 500 for v in doc.values()):
            raise Invalid(f"document {i + 1} has a name, a kind and a reference, each text of at most 500 "
                          "characters", field=f"documents[{i}]")


def check_unit_and_owner(session: Session, actor: Actor, unit_id: int | None, owner_id: int | None) -> None:
    if unit_id is not None:
        unit = session.get(m.Unit, unit_id)
        if unit is None or unit.org_id != actor.org_id:
            raise Invalid(f"unit {unit_id} does not exist", field="unit_id")
    if owner_id is not None:
        person = session.get(m.Person, owner_id)
        if person is None or person.org_id != actor.org_id:
            raise Invalid(f"person {owner_id} does not exist", field="owner_id")


def check_writer(session: Session, actor: Actor, unit_id: int | None) -> None:
    """Admins write the registry; so do the managers of the unit that looks after a certificate."""
    if actor.is_admin:
        return
    unit = session.get(m.Unit, unit_id) if unit_id is not None else None
    if unit is None or not actor.manages(unit.path):
        raise Forbidden("only admins and the managers of the unit that looks after a certificate may change it")

"""From strategy to the qualification team's work and back: company KR → certificates → applications → KRs.

The seed article's company goal "Q4 三款新型设备上市" cannot be met without each device's
registration certificate; the qualification team's OKR is the work of getting them. This module
keeps the first link (which certificates a KR needs, ``need``), shows the whole chain down to the
team and personal KRs bound to each application and their progress (``chains``), and writes the
qualification team's draft OKR from an application (``draft_from_application``): an objective to
obtain the certificate, aligned to the KR that needs it, with four KRs already bound to the
application's measures. The draft's wording passes ``okr check`` without a finding: each KR is
measurable, the set is necessary (each measures a different part of the work) and sufficient (the
last is the certificate itself).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid
from ..workspace.permissions import Actor, can_write
from ..workspace.progress import mean
from ..workspace.values import KrKind, ObjectiveLevel
from . import bound_krs, objectives, progress
from .access import key_result_for, owned
from .applications import application_for
from .certificates import Listed, certificate_for, list_certificates
from .visibility import visible_ids


def need(session: Session, *, actor: Actor, kr_id: int, certificate_id: int) -> m.CertificateNeed:
    """Record that a KR needs a certificate (whoever may edit the KR's objective)."""
    kr, access = key_result_for(session, actor, kr_id)
    if not can_write(actor, owned(access.objective)):
        raise Forbidden(f"you may not change key result {kr_id}: only those who may edit its objective may "
                        "say which certificates it needs")
    certificate = certificate_for(session, actor, certificate_id)
    found = session.get(m.CertificateNeed, (kr.id, certificate.id))
    if found is None:
        found = m.CertificateNeed(kr_id=kr.id, certificate_id=certificate.id)
        session.add(found)
        session.flush()
    return found


def unneed(session: Session, *, actor: Actor, kr_id: int, certificate_id: int) -> None:
    kr, access = key_result_for(session, actor, kr_id)
    if not can_write(actor, owned(access.objective)):
        raise Forbidden(f"you may not change key result {kr_id}")
    found = session.get(m.CertificateNeed, (kr.id, certificate_id))
    if found is not None:
        session.delete(found)
        session.flush()


def needed_by(session: Session, *, actor: Actor, certificate_id: int) -> list[tuple[m.KeyResult, m.Objective]]:
    """The KRs the actor may read that need this certificate, with their objectives."""
    rows = session.execute(select(m.KeyResult, m.Objective)
                           .join(m.CertificateNeed, m.CertificateNeed.kr_id == m.KeyResult.id)
                           .join(m.Objective, m.Objective.id == m.KeyResult.objective_id)
                           .where(m.CertificateNeed.certificate_id == certificate_id,
                                  m.Objective.org_id == actor.org_id)).all()
    readable = visible_ids(session, actor, {o.id for _, o in rows})
    return [(kr, o) for kr, o in rows if o.id in readable]


@dataclass
class BoundKr:
    kr: m.KeyResult
    objective: m.Objective
    measure: str
    progress: float              # 0-1, as the objective's page shows it


@dataclass
class ChainApplication:
    application: m.Application
    measures: bound_krs.Measures
    bound: list[BoundKr] = field(default_factory=list)


@dataclass
class ChainCertificate:
    listed: Listed
    applications: list[ChainApplication] = field(default_factory=list)


@dataclass
class Chain:
    kr: m.KeyResult | None            # None: the certificates no KR the actor may read says it needs
    objective: m.Objective | None
    progress: float | None            # the KR's own, 0-1, from its check-ins
    # the mean progress of the readable objectives aligned to the KR (``workspace.progress.mean``, the
    # rule by which an objective without KRs rolls up its children): how far the work beneath it has come
    below: float | None = None
    certificates: list[ChainCertificate] = field(default_factory=list)


def chains(session: Session, *, actor: Actor, today: dt.date, cycle_id: int | None = None) -> list[Chain]:
    """Every KR the actor may read that needs certificates (of ``cycle_id``'s objectives, when given), each
    with its certificates, their applications and the KRs bound to those; then the certificates with
    applications that no such KR needs, so no work is left out of the view."""
    query = (select(m.CertificateNeed, m.KeyResult, m.Objective)
             .join(m.KeyResult, m.KeyResult.id == m.CertificateNeed.kr_id)
             .join(m.Objective, m.Objective.id == m.KeyResult.objective_id)
             .where(m.Objective.org_id == actor.org_id))
    if cycle_id is not None:
        query = query.where(m.Objective.cycle_id == cycle_id)
    rows = session.execute(query.order_by(m.Objective.position, m.Objective.id, m.KeyResult.position)).all()
    readable = visible_ids(session, actor, {o.id for _, _, o in rows})
    rows = [(n, kr, o) for n, kr, o in rows if o.id in readable]
    registry = {x.certificate.id: x for x in list_certificates(session, actor=actor, today=today)}
    apps = _applications(session, actor, today, set(registry))
    out: dict[int, Chain] = {}
    needed: set[int] = set()
    for need_row, kr, o in rows:
        chain = out.setdefault(kr.id, Chain(kr, o, None))
        chain.certificates.append(ChainCertificate(registry[need_row.certificate_id],
                                                   apps.get(need_row.certificate_id, [])))
        needed.add(need_row.certificate_id)
    children = session.execute(select(m.Alignment.parent_kr_id, m.Alignment.child_id)
                               .where(m.Alignment.parent_kr_id.in_(list(out)))).all() if out else []
    readable = visible_ids(session, actor, {child for _, child in children})
    shown = progress.compute(session, {c.objective.id for c in out.values()} | readable, today=today)
    for chain in out.values():
        own = shown.get(chain.objective.id)
        chain.progress = next((k.progress for k in own.key_results if k.id == chain.kr.id), None) if own else None
        chain.below = mean(shown[child].progress for kr_id, child in children
                           if kr_id == chain.kr.id and child in readable and child in shown)
    rest = [ChainCertificate(registry[cid], apps[cid]) for cid in registry if cid in apps and cid not in needed]
    return list(out.values()) + ([Chain(None, None, None, None, rest)] if rest else [])


def _applications(session: Session, actor: Actor, today: dt.date,
                  certificate_ids: set[int]) -> dict[int, list[ChainApplication]]:
    """Applications by certificate, each with its measures and the readable KRs bound to it."""
    found = session.scalars(select(m.Application).where(m.Application.org_id == actor.org_id)
                            .order_by(m.Application.id)).all()
    by_app = bound_to(session, actor=actor, today=today, application_ids=[a.id for a in found])
    out: dict[int, list[ChainApplication]] = {}
    for a in found:
        if a.certificate_id in certificate_ids:
            out.setdefault(a.certificate_id, []).append(ChainApplication(
                a, bound_krs.measures(session, actor=actor, application_id=a.id, today=today),
                by_app.get(a.id, [])))
    return out


def bound_to(session: Session, *, actor: Actor, today: dt.date, application_ids: list[int]) -> dict[int, list[BoundKr]]:
    """The KRs the actor may read that are bound to these applications, with their progress, by application."""
    if not application_ids:
        return {}
    bindings = session.execute(
        select(m.KrBinding, m.KeyResult, m.Objective)
        .join(m.KeyResult, m.KeyResult.id == m.KrBinding.kr_id)
        .join(m.Objective, m.Objective.id == m.KeyResult.objective_id)
        .where(m.KrBinding.application_id.in_(application_ids))
        .order_by(m.Objective.level, m.Objective.id, m.KeyResult.position)).all()
    readable = visible_ids(session, actor, {o.id for _, _, o in bindings})
    shown = progress.compute(session, readable, today=today)
    out: dict[int, list[BoundKr]] = {}
    for binding, kr, o in bindings:
        if o.id in shown:
            kr_progress = next((k.progress for k in shown[o.id].key_results if k.id == kr.id), 0.0)
            out.setdefault(binding.application_id, []).append(BoundKr(kr, o, binding.measure, kr_progress))
    return out


# The draft's wording, by language: each KR measures one part of the work, the last the certificate itself.
DRAFT_TEXT = {
    "zh": {"objective": "{due}前取得{name}",
           "checklist": "{short}申报材料清单合规率达到 100%(申报材料 100% 符合评审要求)",
           "feedback": "{short}评审反馈意见在答复期限内响应的比例达到 100%",
           "contacts": "每周至少与评审机构沟通 1 次,并形成沟通记录",
           "certificate": "{due}前通过审评,取得{name}",
           "per_week": "次/周"},
    "en": {"objective": "Obtain the {name} by {due}",
           "checklist": "100% of the {short} dossier checklist items comply with the review requirements",
           "feedback": "100% of {short} review feedback items answered within their response deadline",
           "contacts": "At least 1 documented contact per week with the reviewing body",
           "certificate": "Pass the review and obtain the {name} by {due}",
           "per_week": "per week"},
}


def _due_text(day: dt.date, lang: str) -> str:
    return f"{day.month} 月 {day.day} 日" if lang == "zh" else day.strftime("%B %-d")


def draft_from_application(session: Session, *, actor: Actor, application_id: int, cycle_id: int,
                           unit_id: int | None = None, lang: str = "zh", today: dt.date) -> m.Objective:
    """The qualification team's draft OKR for an application: in the unit that looks after the certificate
    (or ``unit_id``), aligned to the first KR that needs the certificate, its KRs owned by the
    application's owner and bound to the application's checklist, feedback, communication log and
    verdict. A draft: the team reads it, changes what it wants, and submits it for approval."""
    if lang not in DRAFT_TEXT:
        raise Invalid(f"lang must be one of {', '.join(DRAFT_TEXT)}, not {lang!r}", field="lang")
    application = application_for(session, actor, application_id)
    certificate = certificate_for(session, actor, application.certificate_id)
    unit_id = unit_id if unit_id is not None else certificate.unit_id
    if unit_id is None:
        raise Invalid("the certificate is looked after by no unit; say in which unit the draft goes",
                      field="unit_id")
    cycle = session.get(m.Cycle, cycle_id)
    if cycle is None or cycle.org_id != actor.org_id:
        raise Invalid(f"cycle {cycle_id} does not exist", field="cycle_id")
    due = application.due_on if application.due_on and cycle.start_date <= application.due_on <= cycle.end_date \
        else cycle.end_date
    words = DRAFT_TEXT[lang]
    fill = {"name": certificate.name, "due": _due_text(due, lang),
            "short": f"「{application.title}」" if lang == "zh" else f"“{application.title}”"}
    parent = session.scalar(select(m.CertificateNeed.kr_id).where(m.CertificateNeed.certificate_id == certificate.id)
                            .order_by(m.CertificateNeed.created_at, m.CertificateNeed.kr_id).limit(1))
    owner = application.owner_id
    key_results = [
        ("checklist_compliance", {"title": words["checklist"].format(**fill), "kind": KrKind.PERCENTAGE.value}),
        ("feedback_on_time", {"title": words["feedback"].format(**fill), "kind": KrKind.PERCENTAGE.value}),
        ("contacts_per_week", {"title": words["contacts"], "kind": KrKind.METRIC.value, "start": 0.0,
                               "target": 1.0, "unit": words["per_week"]}),
        ("certificate_obtained", {"title": words["certificate"].format(**fill), "kind": KrKind.MILESTONE.value,
                                  "due": due}),
    ]
    made = objectives.create(session, actor=actor, data={
        "cycle_id": cycle.id, "level": ObjectiveLevel.TEAM.value, "unit_id": unit_id,
        "title": words["objective"].format(**fill),
        "key_results": [{**data, "owner_id": owner} for _, data in key_results],
        "aligns_to": [{"key_result_id": parent}] if parent is not None else []}).objective
    for (measure, _), kr in zip(key_results, sorted(made.key_results, key=lambda k: k.position), strict=True):
        bound_krs.bind(session, actor=actor, kr_id=kr.id, application_id=application.id, measure=measure,
                       today=today)
    return made

"""Qualification pages: the certificate registry with its alerts, one certificate with its applications,
and the chain from the company's KRs down to the work (``services.certificates``,
``services.applications``, ``services.qualification_chain``).

Everyone reads them; the services say who writes. A refused form shows its page again with the reason
beside the form, the field at fault marked, and nothing of it stored.
"""
from __future__ import annotations

from fastapi import APIRouter, Request

from ...api.deps import SessionDep, TodayDep
from ...services import applications, certificates, dashboards, drafts, qualification_chain
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import Invalid, WorkspaceError
from ...workspace.qualifications import CATEGORIES, ApplicationKind, CertificateStatus, label
from ..render import render
from .admin import choice, date, done, text, whole
from .deps import CsrfChecked, FormDep, PersonDep, write

router = APIRouter(include_in_schema=False)
TEXT_FIELDS = ("name", "authority", "number", "holder", "grade")


def certificate_data(form) -> dict:
    """``certificates.create``'s data from the registry's form; the service checks what it means."""
    category = str(form.get("category") or "").strip()
    if category not in CATEGORIES:
        raise Invalid(f"unknown category {category[:40]!r}; choose one of the list", field="category")
    data = {"category": category, "name": text(form, "name", "the name"), "held": form.get("held") != "sought",
            "issued_on": date(form, "issued_on"), "expires_on": date(form, "expires_on"),
            "scope": str(form.get("scope") or "").strip()}
    for field in TEXT_FIELDS[1:]:
        data[field] = str(form.get(field) or "").strip()
    raw = str(form.get("unit_id") or "").strip()
    if raw and not raw.isdigit():
        raise Invalid("unit_id is not a choice of the list", field="unit_id")
    data["unit_id"] = int(raw) if raw else None
    document = str(form.get("document") or "").strip()
    data["documents"] = [{"name": document[:500]}] if document else []
    return data


def _registry(request: Request, session, person: m.Person, today, *, error: WorkspaceError | None = None,
              form=None):
    actor = actor_for(session, person)
    return render(request, "qualifications.html", status=error.status if error else 200, person=person,
                  listed=certificates.list_certificates(session, actor=actor, today=today),
                  alerts=certificates.alerts(session, actor=actor, today=today), categories=CATEGORIES,
                  units=session.query(m.Unit).filter(m.Unit.org_id == actor.org_id).order_by(m.Unit.path).all(),
                  statuses=list(CertificateStatus), label=label, error=error, failed="create" if error else None,
                  form=form or {}, today=today)


@router.get("/qualifications")
def registry_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    """The registry, soonest expiry first, with the alerts that are due and a form to register one."""
    return _registry(request, session, person, today)


@router.post("/qualifications", dependencies=[CsrfChecked])
def register(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, form: FormDep):
    made, refusal = write(request, person, lambda s, a: certificates.create(s, actor=a, data=certificate_data(form)).id)
    if refusal:
        return _registry(request, session, person, today, error=refusal, form=form)
    return done(f"/qualifications/certificates/{made}", "created")


def _certificate(request: Request, session, person: m.Person, today, certificate_id: int, *,
                 error: WorkspaceError | None = None, form=None, failed: str = "apply"):
    actor = actor_for(session, person)
    certificate = certificates.certificate_for(session, actor, certificate_id)
    cycle = dashboards.resolve_cycle(session, actor, None, today)
    return render(request, "certificate.html", status=error.status if error else 200, person=person,
                  needed_by=qualification_chain.needed_by(session, actor=actor, certificate_id=certificate.id),
                  choices=drafts.alignment_choices(session, actor=actor, cycle_id=cycle.id),
                  item=certificates.listed(session, certificate, today),
                  category=CATEGORIES.get(certificate.category),
                  applications=applications.list_applications(session, actor=actor, certificate_id=certificate.id),
                  kinds=list(ApplicationKind), label=label, error=error, failed=failed if error else None,
                  form=form or {})


@router.get("/qualifications/certificates/{certificate_id:int}")
def certificate_page(certificate_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    return _certificate(request, session, person, today, certificate_id)


@router.post("/qualifications/certificates/{certificate_id:int}/applications", dependencies=[CsrfChecked])
def start_application(certificate_id: int, request: Request, session: SessionDep, person: PersonDep,
                      today: TodayDep, form: FormDep):
    """A new, upgrade, renewal or change application; a due date in a closed cycle is refused."""
    made, refusal = write(request, person, lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate_id, kind=choice(form, "kind", ApplicationKind).value,
        title=text(form, "title", "the title"), today=today, due_on=date(form, "due_on"),
        target_grade=str(form.get("target_grade") or "").strip() or None, owner_id=a.person_id).id)
    if refusal:
        return _certificate(request, session, person, today, certificate_id, error=refusal, form=form)
    return done(f"/applications/{made}", "created")


@router.post("/qualifications/certificates/{certificate_id:int}/needs", dependencies=[CsrfChecked])
def record_need(certificate_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                form: FormDep):
    """A KR needs this certificate: the first link of the chain view."""
    _, refusal = write(request, person, lambda s, a: qualification_chain.need(
        s, actor=a, kr_id=whole(form, "kr_id", "a key result"), certificate_id=certificate_id))
    if refusal:
        return _certificate(request, session, person, today, certificate_id, error=refusal, form=form,
                            failed="need")
    return done(f"/qualifications/certificates/{certificate_id}", "saved")


@router.get("/chain")
def chain_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    """Company KRs → the certificates they need → applications → the team and personal KRs bound to them."""
    actor = actor_for(session, person)
    return render(request, "chain.html", person=person, label=label,
                  chains=qualification_chain.chains(session, actor=actor, today=today))

"""An application's page: its stages, materials checklist, review feedback and communication log, what the
work measures and the KRs that follow it; and the forms that move it (``services.applications``,
``services.application_work``, ``services.qualification_chain``).

Each form is one change in a transaction of its own; the KRs bound to the application are checked in
automatically in that same transaction. A refusal shows the page again with the reason beside the form
it belongs to; nothing of it is stored.
"""
from __future__ import annotations

from fastapi import APIRouter, Request

from ...api.deps import SessionDep, TodayDep
from ...services import application_work as work
from ...services import applications, bound_krs, certificates, dashboards, qualification_chain
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import Invalid, WorkspaceError
from ...workspace.qualifications import STAGE_MOVES, Channel, ItemStatus, Stage, label
from ..render import language, render
from .admin import choice, date, done, text
from .deps import CsrfChecked, FormDep, PersonDep, version, write

router = APIRouter(include_in_schema=False)


def _page(request: Request, session, person: m.Person, today, application_id: int, *,
          error: WorkspaceError | None = None, failed: str | None = None, form=None):
    actor = actor_for(session, person)
    application = applications.application_for(session, actor, application_id)
    certificate = session.get(m.Certificate, application.certificate_id)
    items, feedback, contacts = work.work_of(session, actor=actor, application_id=application.id)
    bound = qualification_chain.bound_to(session, actor=actor, today=today, application_ids=[application.id])
    return render(request, "application.html", status=error.status if error else 200, person=person,
                  application=application, certificate=certificate,
                  certificate_status=certificates.status_of(session, certificate, today),
                  measures=bound_krs.measures(session, actor=actor, application_id=application.id, today=today),
                  history=applications.history(session, actor=actor, application_id=application.id),
                  items=items, feedback=feedback, contacts=contacts, bound=bound.get(application.id, []),
                  moves=[s.value for s in Stage if s in STAGE_MOVES[Stage(application.stage)]],
                  item_statuses=list(ItemStatus), channels=list(Channel), label=label, today=today,
                  cycle=dashboards.resolve_cycle(session, actor, None, today),
                  error=error, failed=failed, form=form or {})


def _of_application(s, model, row_id: int, application_id: int, what: str, field: str) -> None:
    """A row named in this application's URL must be this application's: the page shows no other."""
    row = s.get(model, row_id)
    if row is None or row.application_id != application_id:
        raise Invalid(f"{what} {row_id} is not this application's", field=field)


def _after(request, session, person, today, application_id: int, failed: str, form, work_done):
    _, refusal = write(request, person, work_done)
    if refusal:
        return _page(request, session, person, today, application_id, error=refusal, failed=failed, form=form)
    return done(f"/applications/{application_id}", "saved")


@router.get("/applications/{application_id:int}")
def application_page(application_id: int, request: Request, session: SessionDep, person: PersonDep,
                     today: TodayDep):
    return _page(request, session, person, today, application_id)


@router.post("/applications/{application_id:int}/move", dependencies=[CsrfChecked])
def move(application_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
         form: FormDep):
    return _after(request, session, person, today, application_id, "move", form, lambda s, a: applications.move(
        s, actor=a, application_id=application_id, version=version(form), to=choice(form, "to", Stage).value,
        on=date(form, "on") or today, today=today, note=str(form.get("note") or "").strip()))


@router.post("/applications/{application_id:int}/checklist", dependencies=[CsrfChecked])
def add_checklist(application_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                  form: FormDep):
    """From the library's checklist for the certificate's category, or the requirements typed, one a line."""
    if form.get("template"):
        def add(s, a):
            return work.add_checklist_from_template(s, actor=a, application_id=application_id, today=today,
                                                    lang=language(request, person))
    else:
        lines = [line for line in str(form.get("requirements") or "").splitlines() if line.strip()]

        def add(s, a):
            return work.add_checklist(s, actor=a, application_id=application_id, requirements=lines, today=today)
    return _after(request, session, person, today, application_id, "checklist", form, add)


@router.post("/applications/{application_id:int}/checklist/{item_id:int}", dependencies=[CsrfChecked])
def mark_item(application_id: int, item_id: int, request: Request, session: SessionDep, person: PersonDep,
              today: TodayDep, form: FormDep):
    def mark(s, a):
        _of_application(s, m.ChecklistItem, item_id, application_id, "checklist item", "item")
        return work.mark_item(s, actor=a, item_id=item_id, status=choice(form, "status", ItemStatus).value,
                              today=today)
    return _after(request, session, person, today, application_id, f"item-{item_id}", form, mark)


@router.post("/applications/{application_id:int}/feedback", dependencies=[CsrfChecked])
def add_feedback(application_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                 form: FormDep):
    def add(s, a):
        received, due = date(form, "received_on"), date(form, "response_due")
        if received is None or due is None:
            raise Invalid("feedback needs the day it came and the day its answer is due",
                          field="received_on" if received is None else "response_due")
        return work.add_feedback(s, actor=a, application_id=application_id, summary=text(
            form, "summary", "the summary", max_length=2000), received_on=received, response_due=due, today=today)
    return _after(request, session, person, today, application_id, "feedback", form, add)


@router.post("/applications/{application_id:int}/feedback/{feedback_id:int}", dependencies=[CsrfChecked])
def respond(application_id: int, feedback_id: int, request: Request, session: SessionDep, person: PersonDep,
            today: TodayDep, form: FormDep):
    def answer(s, a):
        _of_application(s, m.FeedbackItem, feedback_id, application_id, "feedback", "feedback")
        return work.respond(s, actor=a, feedback_id=feedback_id, on=date(form, "on") or today, today=today,
                            close=form.get("close") == "1")
    return _after(request, session, person, today, application_id, f"feedback-{feedback_id}", form, answer)


@router.post("/applications/{application_id:int}/contacts", dependencies=[CsrfChecked])
def log_contact(application_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                form: FormDep):
    return _after(request, session, person, today, application_id, "contact", form, lambda s, a: work.log_contact(
        s, actor=a, application_id=application_id, on=date(form, "on") or today,
        channel=choice(form, "channel", Channel).value, summary=text(form, "summary", "the summary", max_length=2000),
        counterpart=str(form.get("counterpart") or "").strip(), today=today))


@router.post("/applications/{application_id:int}/draft-okr", dependencies=[CsrfChecked])
def draft_okr(application_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
              form: FormDep):
    """The team's draft OKR, its KRs bound to this application; opens in the editor."""
    def draft(s, a):
        cycle = dashboards.resolve_cycle(s, a, None, today)
        return qualification_chain.draft_from_application(s, actor=a, application_id=application_id,
                                                          cycle_id=cycle.id, lang=language(request, person),
                                                          today=today).id
    made, refusal = write(request, person, draft)
    if refusal:
        return _page(request, session, person, today, application_id, error=refusal, failed="draft", form=form)
    return done(f"/objectives/{made}", "drafted")

"""The OKR editor: a new objective with its KRs and the one it supports, the coach reviewing the draft
as it is typed (debounced htmx requests), saved as a draft all or nothing."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ...api.deps import SessionDep, TodayDep
from ...services import dashboards, drafts, objectives
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import Invalid, WorkspaceError
from ..render import language, render
from .deps import CsrfChecked, FormDep, PersonDep, write

router = APIRouter(include_in_schema=False)

MAX_KRS_IN_FORM = 12     # the checker warns from the sixth; the form refuses only the absurd


def draft_from(form, cycle_id: int) -> dict:
    """``objectives.create``'s data from the editor's fields; Invalid names the field that is wrong.

    A KR with a target is a metric (a percentage when its unit is %), one without is a milestone."""
    title = (form.get("title") or "").strip()
    if not title:
        raise Invalid("the objective needs a title", field="title")
    if len(title) > 500:
        raise Invalid("the title is longer than 500 characters", field="title")
    data = {"cycle_id": cycle_id, "level": "personal", "title": title,
            "description": (form.get("description") or "").strip()[:10_000],
            "visibility": form.get("visibility") or "public", "key_results": [], "aligns_to": []}
    rows = list(zip(form.getlist("kr_title"), form.getlist("kr_target"), form.getlist("kr_unit")))
    if len(rows) > MAX_KRS_IN_FORM:
        raise Invalid(f"at most {MAX_KRS_IN_FORM} key results in one form", field="kr_title")
    for i, (kr_title, raw_target, unit) in enumerate(rows):
        kr_title, unit = kr_title.strip(), unit.strip()[:32] or None
        if not kr_title:
            continue
        target = None
        if raw_target.strip():
            try:
                target = float(raw_target.strip().replace(",", ""))
            except ValueError:
                raise Invalid(f"the target of key result {i + 1} is not a number", field=f"kr_target.{i}") from None
        kind = "milestone" if target is None else "percentage" if unit == "%" else "metric"
        data["key_results"].append({"title": kr_title[:500], "kind": kind, "target": target,
                                    "unit": None if kind != "metric" else unit})
    supports = form.get("supports") or ""
    if supports.startswith("o:") and supports[2:].isdigit():
        data["aligns_to"].append({"objective_id": int(supports[2:])})
    elif supports.startswith("k:") and supports[2:].isdigit():
        data["aligns_to"].append({"key_result_id": int(supports[2:])})
    return data


def _editor(request: Request, session, person: m.Person, today, *, status: int = 200, error: str | None = None,
            form=None):
    actor = actor_for(session, person)
    cycle = dashboards.resolve_cycle(session, actor, None, today)
    return render(request, "editor.html", status=status, person=person, cycle=cycle, error=error,
                  choices=drafts.alignment_choices(session, actor=actor, cycle_id=cycle.id), form=form)


@router.get("/objectives/new")
def new_objective_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    return _editor(request, session, person, today)


@router.post("/objectives/check", dependencies=[CsrfChecked])
def check_draft(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, form: FormDep):
    """The coach's findings on the draft being typed; the draft is checked in a transaction of its own
    that is rolled back (``services.drafts``), so nothing is stored."""
    actor = actor_for(session, person)
    try:
        data = draft_from(form, dashboards.resolve_cycle(session, actor, None, today).id)
        if not data["key_results"]:
            return render(request, "_coach.html", person=person, findings=[], problem=None, waiting=True)
        found = drafts.check(request.app.state.database.sessions, actor_id=person.id, actor=actor, data=data,
                             lang=language(request, person))
    except WorkspaceError as error:
        return render(request, "_coach.html", person=person, findings=[], problem=error.message)
    return render(request, "_coach.html", person=person, findings=found, problem=None)


@router.post("/objectives/new", dependencies=[CsrfChecked])
def create_objective(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, form: FormDep):
    def create(s, actor) -> int:   # all or nothing: a refused field leaves no half-made objective behind
        data = draft_from(form, dashboards.resolve_cycle(s, actor, None, today).id)
        return objectives.create(s, actor=actor, data=data).objective.id

    objective_id, refusal = write(request, person, create)
    if refusal:
        return _editor(request, session, person, today, status=refusal.status, error=refusal.message, form=form)
    return RedirectResponse(f"/objectives/{objective_id}", status_code=303)

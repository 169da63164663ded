"""The OKR editor: a new objective, or a stored one, with its KRs and the one it supports; the coach
reviews the draft as it is typed (debounced htmx requests) and offers one-click repairs; saved all or
nothing."""
from __future__ import annotations

from itertools import zip_longest

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import FormData

from ...api.deps import SessionDep, TodayDep
from ...services import dashboards, drafts, objectives
from ...services.access import actor_for, objective_for
from ...storage import models as m
from ...documents.templates import description, template_document, template_files, template_text
from ...domain.errors import InputError
from ...workspace.errors import Invalid, NotFound, WorkspaceError
from ..render import language, number, refusal_text, render
from .deps import CsrfChecked, FormDep, PersonDep, version, write

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
    rows = list(zip_longest(form.getlist("kr_title"), form.getlist("kr_target"), form.getlist("kr_unit"),
                            form.getlist("kr_id"), fillvalue=""))
    if len(rows) > MAX_KRS_IN_FORM:
        raise Invalid(f"at most {MAX_KRS_IN_FORM} key results in one form", field="kr_title")
    for i, (kr_title, raw_target, unit, raw_id) in enumerate(rows):
        kr_title, unit = kr_title.strip(), unit.strip()[:32] or None
        if not kr_title:        # an emptied row is a KR removed
            continue
        if raw_id.strip() and not raw_id.strip().isdigit():
            raise Invalid(f"key result {i + 1} names no stored key result", field=f"kr_id.{i}")
        target = None
        if raw_target.strip():
            try:
                target = float(raw_target.strip().replace(",", ""))
            except ValueError:
                raise Invalid(f"the target of key result {i + 1} is not a number", field=f"kr_target.{i}") from None
        kind = "milestone" if target is None else "percentage" if unit == "%" else "metric"
        data["key_results"].append({"title": kr_title[:500], "kind": kind, "target": target,
                                    "unit": None if kind != "metric" else unit,
                                    "id": int(raw_id) if raw_id.strip() else None})
    supports = form.get("supports") or ""
    if supports.startswith("o:") and supports[2:].isdigit():
        data["aligns_to"].append({"objective_id": int(supports[2:])})
    elif supports.startswith("k:") and supports[2:].isdigit():
        data["aligns_to"].append({"key_result_id": int(supports[2:])})
    return data


def _editor(request: Request, session, person: m.Person, today, *, status: int = 200, error: str | None = None,
            form=None, objective: m.Objective | None = None):
    actor = actor_for(session, person)
    cycle = session.get(m.Cycle, objective.cycle_id) if objective else dashboards.resolve_cycle(session, actor,
                                                                                               None, today)
    lang = language(request, person)
    templates = [] if objective else [(name, description(template_text(name, lang))) for name in template_files()]
    return render(request, "editor.html", status=status, person=person, cycle=cycle, error=error, objective=objective,
                  choices=_choices(session, actor, cycle.id, objective), form=form, templates=templates)


def _choices(session, actor, cycle_id: int, objective: m.Objective | None) -> list[drafts.Choice]:
    """What the draft may support; a stored objective's current parent stays listed even when it lies
    outside the usual choices (a link made through the API to another unit)."""
    choices = drafts.alignment_choices(session, actor=actor, cycle_id=cycle_id)
    if objective is not None:
        choices = [c for c in choices if c.objective_id != objective.id]
        current = drafts.supported(session, objective.id)
        listed = {f"o:{c.objective_id}" for c in choices} | {f"k:{k}" for c in choices for k, _ in c.key_results}
        if current and current not in listed:
            choices.append(drafts.choice_for(session, current))
    return choices


def _stored_form(session, o: m.Objective) -> FormData:
    """A stored objective as the editor's fields, so the page is the same whether new or edited."""
    fields = [("title", o.title), ("description", o.description or ""), ("visibility", o.visibility),
              ("supports", drafts.supported(session, o.id)), ("version", str(o.version))]
    for k in sorted(o.key_results, key=lambda k: (k.position, k.id)):
        target = "" if k.kind == "milestone" or k.target is None else number(k.target)
        unit = "%" if k.kind == "percentage" else (k.unit or "")
        fields += [("kr_title", k.title), ("kr_target", target), ("kr_unit", unit), ("kr_id", str(k.id))]
    return FormData(fields)


@router.get("/objectives/new")
def new_objective_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                       template: str | None = None):
    """An empty form, or one filled from a template of the library (``?template=NAME``)."""
    if not template:
        return _editor(request, session, person, today)
    try:
        form = _template_form(template, language(request, person))
    except InputError as e:
        return _editor(request, session, person, today, status=404,
                       error=refusal_text(request, person, NotFound(f"{e.what}; {e.expected}", field="template")))
    return _editor(request, session, person, today, form=form)


def _template_form(name: str, lang: str) -> FormData:
    """A template's first objective as the editor's fields (a KR with a target keeps it and its unit)."""
    objective = template_document(name, lang).sets[0].objectives[0]
    fields = [("title", objective.title), ("visibility", "public"), ("template", name)]
    for k in objective.key_results:
        fields += [("kr_title", k.title), ("kr_target", "" if k.target is None else number(k.target)),
                   ("kr_unit", k.unit or ""), ("kr_id", "")]
    return FormData(fields)


@router.post("/objectives/check", dependencies=[CsrfChecked])
def check_draft(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, form: FormDep):
    """The coach's findings on the draft being typed; the draft is checked in a transaction of its own
    that is rolled back (``services.drafts``), so nothing is stored."""
    actor = actor_for(session, person)
    cycle = dashboards.resolve_cycle(session, actor, None, today)
    return _coach(request, person, form, cycle.id, lambda data: drafts.check(
        request.app.state.database.sessions, actor_id=person.id, actor=actor, data=data,
        lang=language(request, person), choices=lambda: _choices(session, actor, cycle.id, None)))


def _coach(request: Request, person: m.Person, form, cycle_id: int, check):
    try:
        data = draft_from(form, cycle_id)
        if not data["key_results"]:
            return render(request, "_coach.html", person=person, findings=[], problem=None, waiting=True)
        found = check(data)
    except StaleDataError:
        # The objective was saved while the coach was reading the edit (its own Save, most often): the
        # coach keeps what it said, and reads the draft again at the next change.
        return Response(status_code=204)
    except WorkspaceError as error:
        return render(request, "_coach.html", person=person, findings=[], problem=refusal_text(request, person, error))
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


@router.get("/objectives/{objective_id:int}/edit")
def edit_objective_page(objective_id: int, request: Request, session: SessionDep, person: PersonDep,
                        today: TodayDep):
    """The editor on a stored objective, for those who may change it (others: the API's refusal)."""
    o = objective_for(session, actor_for(session, person), objective_id, write=True).objective
    return _editor(request, session, person, today, form=_stored_form(session, o), objective=o)


@router.post("/objectives/{objective_id:int}/check", dependencies=[CsrfChecked])
def check_revision(objective_id: int, request: Request, session: SessionDep, person: PersonDep, form: FormDep):
    actor = actor_for(session, person)
    o = objective_for(session, actor, objective_id, write=True).objective
    return _coach(request, person, form, o.cycle_id, lambda data: drafts.check_revision(
        request.app.state.database.sessions, actor_id=person.id, actor=actor, objective_id=objective_id, data=data,
        lang=language(request, person), choices=lambda: _choices(session, actor, o.cycle_id, o)))


@router.post("/objectives/{objective_id:int}/edit", dependencies=[CsrfChecked])
def save_revision(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                  form: FormDep):
    """Saved all or nothing; a form based on an older version is refused (409), never merged silently."""
    def revise(s, actor) -> None:
        o = objective_for(s, actor, objective_id, write=True).objective
        drafts.revise(s, actor=actor, objective_id=objective_id, version=version(form),
                      data=draft_from(form, o.cycle_id))

    _, refusal = write(request, person, revise)
    if refusal:
        o = objective_for(session, actor_for(session, person), objective_id, write=True).objective
        return _editor(request, session, person, today, status=refusal.status, error=refusal.message, form=form,
                       objective=o)
    return RedirectResponse(f"/objectives/{objective_id}", status_code=303)

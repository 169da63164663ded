"""Admin pages for cycles: the list with each one's state, creating one (2027-Q1 and its dates follow from
the name), editing it, and moving it along planning → active → closed.

Only admins change cycles (``services.cycles``); unit managers see the list as it is.
"""
from __future__ import annotations

from fastapi import APIRouter, Request

from ...api.deps import SessionDep
from ...services import cycles
from ...storage import models as m
from ...workspace.errors import WorkspaceError
from ...workspace.lifecycle import CYCLE_TRANSITIONS
from ...workspace.permissions import Actor, can_administer
from ...workspace.values import CycleKind, CycleState
from ..render import render
from .admin import AdminDep, choice, date, done, text
from .deps import CsrfChecked, FormDep, PersonDep, version, write

router = APIRouter(include_in_schema=False)
MAX_CYCLES_SHOWN = 200
# A cycle's next states by its state, as its buttons show them: forwards first.
NEXT = {state.value: [to.value for to in sorted(targets, key=[CycleState.ACTIVE, CycleState.CLOSED,
                                                               CycleState.PLANNING].index)]
        for state, targets in CYCLE_TRANSITIONS.items()}


def _list_page(request: Request, session, person: m.Person, actor: Actor, *,
               error: WorkspaceError | None = None, failed: str | None = None, form=None):
    rows, total = cycles.list_cycles(session, actor=actor, limit=MAX_CYCLES_SHOWN)
    return render(request, "admin/cycles.html", status=error.status if error else 200, person=person, rows=rows,
                  total=total, next_states=NEXT, is_admin=can_administer(actor, actor.org_id), error=error,
                  failed=failed, form=form or {"kind": CycleKind.QUARTER.value})


@router.get("/admin/cycles")
def cycles_page(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep):
    """Latest first; a form for the next one."""
    return _list_page(request, session, person, actor)


@router.post("/admin/cycles", dependencies=[CsrfChecked])
def create_cycle(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep, form: FormDep):
    """A new cycle in planning; without dates, a year, half or quarter takes them from its name."""
    _, refusal = write(request, person, lambda s, a: cycles.create_cycle(
        s, actor=a, name=text(form, "name", "the name", max_length=64), kind=choice(form, "kind", CycleKind),
        start_date=date(form, "start_date"), end_date=date(form, "end_date")))
    if refusal:
        return _list_page(request, session, person, actor, error=refusal, failed="create", form=form)
    return done("/admin/cycles", "created")


def _cycle_page(request: Request, session, person: m.Person, actor: Actor, cycle_id: int, *,
                error: WorkspaceError | None = None, failed: str | None = None, form=None):
    cycle = cycles.cycle_for(session, actor, cycle_id)
    return render(request, "admin/cycle.html", status=error.status if error else 200, person=person, cycle=cycle,
                  next_states=NEXT[cycle.state], is_admin=can_administer(actor, cycle.org_id),
                  error=error, failed=failed, form=form)


@router.get("/admin/cycles/{cycle_id:int}")
def cycle_page(cycle_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep):
    return _cycle_page(request, session, person, actor, cycle_id)


@router.post("/admin/cycles/{cycle_id:int}/edit", dependencies=[CsrfChecked])
def update_cycle(cycle_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep,
                 form: FormDep):
    """Its name, kind and dates, based on the version the form showed."""
    _, refusal = write(request, person, lambda s, a: cycles.update_cycle(
        s, actor=a, cycle_id=cycle_id, version=version(form),
        name=text(form, "name", "the name", max_length=64), kind=choice(form, "kind", CycleKind),
        start_date=date(form, "start_date"), end_date=date(form, "end_date")))
    if refusal:
        return _cycle_page(request, session, person, actor, cycle_id, error=refusal, failed="edit", form=form)
    return done(f"/admin/cycles/{cycle_id}", "saved")


@router.post("/admin/cycles/{cycle_id:int}/transition", dependencies=[CsrfChecked])
def transition(cycle_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep,
               form: FormDep):
    """Start, close, reopen or send back to planning; a form from before another change is a 409."""
    _, refusal = write(request, person, lambda s, a: cycles.transition(
        s, actor=a, cycle_id=cycle_id, to=choice(form, "to", CycleState), version=version(form)))
    on_its_page = form.get("back") == "cycle"
    if refusal and on_its_page:
        return _cycle_page(request, session, person, actor, cycle_id, error=refusal, failed="transition")
    if refusal:
        return _list_page(request, session, person, actor, error=refusal, failed=f"cycle-{cycle_id}")
    return done(f"/admin/cycles/{cycle_id}" if on_its_page else "/admin/cycles", "moved")

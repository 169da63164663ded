"""Admin pages for the organisation chart: the unit tree, adding, renaming, moving and deleting units, and
who belongs to a unit in which role.

``services.units`` decides: a unit's managers (or those above) rename it, add sub-units and members;
only admins and the managers above a unit make or unmake its managers; only admins move units and
delete them, and only empty ones (the refusal says what is left in it).
"""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request

from ...api.deps import SessionDep
from ...services import accounts, units
from ...storage import models as m
from ...workspace.errors import WorkspaceError
from ...workspace.permissions import Actor, can_administer, can_manage_unit
from ...workspace.values import Role, UnitKind
from ..render import render
from .admin import AdminDep, choice, done, manageable, text, whole
from .deps import CsrfChecked, FormDep, PersonDep, version, write

router = APIRouter(include_in_schema=False)
MAX_MEMBERS_SHOWN = 500


def _tree_page(request: Request, session, person: m.Person, actor: Actor, *,
               error: WorkspaceError | None = None, form=None):
    tree = units.overview(session, actor=actor)
    return render(request, "admin/units.html", status=error.status if error else 200, person=person, tree=tree,
                  choices=manageable(actor, tree), error=error, form=form or {"kind": UnitKind.TEAM.value})


@router.get("/admin/units")
def units_page(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep, parent: str = ""):
    """The tree, company first, each unit with its direct members and managers; and a form to add one
    (under ``parent`` when a unit's page asked for a sub-unit)."""
    return _tree_page(request, session, person, actor, form={"kind": UnitKind.TEAM.value, "parent_id": parent})


@router.post("/admin/units", dependencies=[CsrfChecked])
def create_unit(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep, form: FormDep):
    unit_id, refusal = write(request, person, lambda s, a: units.create_unit(
        s, actor=a, parent_id=whole(form, "parent_id", "the unit above"), name=text(form, "name", "the name"),
        key=text(form, "key", "the key", max_length=64), kind=choice(form, "kind", UnitKind)).id)
    if refusal:
        return _tree_page(request, session, person, actor, error=refusal, form=form)
    return done(f"/admin/units/{unit_id}", "created")


@dataclass
class MemberRow:
    membership: m.Membership
    may_change: bool      # remove them: the unit's managers (or above) for members; appointers for managers


def _unit_page(request: Request, session, person: m.Person, actor: Actor, unit_id: int, *,
               error: WorkspaceError | None = None, failed: str | None = None, form=None):
    """One unit: its details, its members and roles, its sub-units. ``failed`` names the refused form."""
    unit = units.unit_for(session, actor, unit_id)
    tree = units.overview(session, actor=actor)
    members, total = units.list_members(session, actor=actor, unit_id=unit_id, limit=MAX_MEMBERS_SHOWN)
    may_manage = can_manage_unit(actor, unit.org_id, unit.path)
    appoints = units.may_appoint_manager(actor, unit, session)
    rows = [MemberRow(x, may_manage and (x.role == Role.MEMBER.value or appoints)) for x in members]
    return render(request, "admin/unit.html", status=error.status if error else 200, person=person, unit=unit,
                  parent=next((r.unit for r in tree if r.unit.id == unit.parent_id), None),
                  parents=[r for r in tree if not r.unit.path.startswith(unit.path)],
                  children=[r for r in tree if r.unit.parent_id == unit.id], members=rows, total=total,
                  may_manage=may_manage, appoints=appoints, is_admin=can_administer(actor, unit.org_id),
                  error=error, failed=failed, form=form or {})


@router.get("/admin/units/{unit_id:int}")
def unit_page(unit_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep):
    return _unit_page(request, session, person, actor, unit_id)


def _changed(request: Request, session, person: m.Person, actor: Actor, unit_id: int, form, failed: str, work,
             what: str):
    _, refusal = write(request, person, work)
    if refusal:
        return _unit_page(request, session, person, actor, unit_id, error=refusal, failed=failed, form=form)
    return done(f"/admin/units/{unit_id}", what)


@router.post("/admin/units/{unit_id:int}/edit", dependencies=[CsrfChecked])
def update_unit(unit_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep,
                form: FormDep):
    """Rename it, change its key, move it under another parent (the form sends a parent to admins only)."""
    def update(s, a) -> None:
        parent = whole(form, "parent_id", "the unit above") if form.get("parent_id") else None
        units.update_unit(s, actor=a, unit_id=unit_id, version=version(form),
                          name=text(form, "name", "the name"), key=text(form, "key", "the key", max_length=64),
                          parent_id=parent)

    return _changed(request, session, person, actor, unit_id, form, "details", update, "saved")


@router.post("/admin/units/{unit_id:int}/delete", dependencies=[CsrfChecked])
def delete_unit(unit_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep):
    _, refusal = write(request, person, lambda s, a: units.delete_unit(s, actor=a, unit_id=unit_id))
    if refusal:
        return _unit_page(request, session, person, actor, unit_id, error=refusal, failed="delete")
    return done("/admin/units", "deleted")


@router.post("/admin/units/{unit_id:int}/members", dependencies=[CsrfChecked])
def add_member(unit_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep,
               form: FormDep):
    """Someone already in the organisation, named by handle or email, joins the unit in a role."""
    def join(s, a) -> None:
        someone = accounts.find_person(s, actor=a, who=text(form, "person", "the person", max_length=254))
        units.set_member(s, actor=a, unit_id=unit_id, person_id=someone.id, role=choice(form, "role", Role))

    return _changed(request, session, person, actor, unit_id, form, "add", join, "member")


@router.post("/admin/units/{unit_id:int}/members/{person_id:int}", dependencies=[CsrfChecked])
def change_role(unit_id: int, person_id: int, request: Request, session: SessionDep, person: PersonDep,
                actor: AdminDep, form: FormDep):
    def change(s, a) -> None:
        units.set_member(s, actor=a, unit_id=unit_id, person_id=person_id, role=choice(form, "role", Role))

    return _changed(request, session, person, actor, unit_id, form, "members", change, "member")


@router.post("/admin/units/{unit_id:int}/members/{person_id:int}/remove", dependencies=[CsrfChecked])
def remove_member(unit_id: int, person_id: int, request: Request, session: SessionDep, person: PersonDep,
                  actor: AdminDep, form: FormDep):
    def leave(s, a) -> None:
        units.remove_member(s, actor=a, unit_id=unit_id, person_id=person_id)

    return _changed(request, session, person, actor, unit_id, form, "members", leave, "removed")

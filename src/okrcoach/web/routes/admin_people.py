"""Admin pages for people: find them, add them, edit their account and password, and their units and roles.

Adding people is for admins and, in the units they manage, managers; an account (name, email, admin,
deactivated) and a password are admins' to change (``services.accounts``). A person's memberships
change as on a unit's page, through ``units.set_member`` and ``units.remove_member``.
"""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request

from ...api.deps import SessionDep
from ...services import accounts, units
from ...services.passwords import MIN_LENGTH
from ...storage import models as m
from ...workspace.errors import Invalid, WorkspaceError
from ...workspace.permissions import Actor, can_administer, can_manage_unit
from ...workspace.values import Role
from ..render import render
from .admin import PER_PAGE, AdminDep, choice, done, manageable, text, whole
from .deps import CsrfChecked, FormDep, PersonDep, version, write

router = APIRouter(include_in_schema=False)


@router.get("/admin/people")
def people_page(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep, q: str = "",
                unit: str = "", page: int = 1):
    """Everyone in the organisation by name, found by part of a name, handle or email, or by unit."""
    page, q = max(page, 1), q.strip()[:200]
    unit_id = int(unit) if unit.isdigit() else None
    rows, total = accounts.list_people(session, actor=actor, unit_id=unit_id, q=q or None,
                                       offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    tree = units.overview(session, actor=actor)
    return render(request, "admin/people.html", person=person, rows=rows, total=total, page=page,
                  pages=max(1, -(-total // PER_PAGE)), q=q, unit_id=unit_id, tree=tree,
                  may_add=bool(manageable(actor, tree)))


def _new_page(request: Request, session, person: m.Person, actor: Actor, form, *,
              error: WorkspaceError | None = None):
    return render(request, "admin/person_new.html", status=error.status if error else 200, person=person,
                  form=form, error=error, choices=manageable(actor, units.overview(session, actor=actor)),
                  may_make_admins=can_administer(actor, actor.org_id), min_password=MIN_LENGTH)


@router.get("/admin/people/new")
def new_person_page(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep, unit: str = ""):
    return _new_page(request, session, person, actor, {"unit_id": unit, "role": Role.MEMBER.value})


@router.post("/admin/people/new", dependencies=[CsrfChecked])
def create_person(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep, form: FormDep):
    """A new person in a unit, with a first password to sign in with (or none: tokens only)."""
    def create(s, a) -> int:
        password = str(form.get("password") or "")
        return accounts.create_person(
            s, actor=a, handle=text(form, "handle", "the handle", max_length=64),
            name=text(form, "name", "the name"), email=text(form, "email", "the email", max_length=254),
            unit_id=whole(form, "unit_id", "a unit"), role=choice(form, "role", Role),
            password=password or None, is_admin=form.get("is_admin") == "on").id

    person_id, refusal = write(request, person, create)
    if refusal:
        return _new_page(request, session, person, actor, form, error=refusal)
    return done(f"/admin/people/{person_id}", "created")


@dataclass
class MembershipRow:
    membership: m.Membership
    may_change: bool      # remove it, make it primary: its unit's managers (or above), admins
    may_set_role: bool    # make or unmake a manager there: admins and the managers above the unit


def _person_page(request: Request, session, person: m.Person, actor: Actor, person_id: int, *,
                 error: WorkspaceError | None = None, failed: str | None = None, form=None):
    """One person: their account, password and units. ``failed`` names the form a refusal belongs to."""
    someone = accounts.person_for(session, actor, person_id)
    rows = []
    for x in sorted(someone.memberships, key=lambda x: (not x.is_primary, x.unit.path)):
        appoints = units.may_appoint_manager(actor, x.unit, session)
        rows.append(MembershipRow(x, can_manage_unit(actor, x.unit.org_id, x.unit.path)
                                  and (x.role == Role.MEMBER.value or appoints), appoints))
    return render(request, "admin/person.html", status=error.status if error else 200, person=person,
                  someone=someone, memberships=rows, is_admin=can_administer(actor, actor.org_id),
                  choices=manageable(actor, units.overview(session, actor=actor)), min_password=MIN_LENGTH,
                  error=error, failed=failed, form=form or {})


@router.get("/admin/people/{person_id:int}")
def person_page(person_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep):
    return _person_page(request, session, person, actor, person_id)


def _changed(request: Request, session, person: m.Person, actor: Actor, person_id: int, form, failed: str,
             work, what: str):
    _, refusal = write(request, person, work)
    if refusal:
        return _person_page(request, session, person, actor, person_id, error=refusal, failed=failed, form=form)
    return done(f"/admin/people/{person_id}", what)


@router.post("/admin/people/{person_id:int}/account", dependencies=[CsrfChecked])
def update_account(person_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep,
                   form: FormDep):
    """Name, email, admin or not, active or deactivated (admins); based on the version the form showed."""
    def update(s, a) -> None:
        accounts.update_person(s, actor=a, person_id=person_id, version=version(form),
                               name=text(form, "name", "the name"),
                               email=text(form, "email", "the email", max_length=254),
                               is_admin=form.get("is_admin") == "on", is_active=form.get("is_active") == "on")

    return _changed(request, session, person, actor, person_id, form, "account", update, "saved")


@router.post("/admin/people/{person_id:int}/password", dependencies=[CsrfChecked])
def reset_password(person_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep,
                   form: FormDep):
    """A new password set by an admin; the person's sessions and tokens stop working (not the admin's own)."""
    def reset(s, a) -> None:
        password = str(form.get("password") or "")
        if password != str(form.get("password_again") or ""):
            raise Invalid("the two passwords differ; type the same one twice", field="password_again")
        accounts.reset_password(s, actor=a, person_id=person_id, password=password,
                                keep_token_id=request.state.token_id)

    return _changed(request, session, person, actor, person_id, {}, "password", reset, "password")


@router.post("/admin/people/{person_id:int}/memberships", dependencies=[CsrfChecked])
def set_membership(person_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep,
                   form: FormDep):
    """Add the person to a unit, change their role there, or make it their primary unit."""
    def join(s, a) -> None:
        primary = True if form.get("primary") == "yes" else None   # else as it is (a first unit: primary)
        units.set_member(s, actor=a, unit_id=whole(form, "unit_id", "a unit"), person_id=person_id,
                         role=choice(form, "role", Role), is_primary=primary)

    return _changed(request, session, person, actor, person_id, form, "membership", join, "member")


@router.post("/admin/people/{person_id:int}/memberships/{unit_id:int}/remove", dependencies=[CsrfChecked])
def remove_membership(person_id: int, unit_id: int, request: Request, session: SessionDep, person: PersonDep,
                      actor: AdminDep, form: FormDep):
    def leave(s, a) -> None:
        units.remove_member(s, actor=a, unit_id=unit_id, person_id=person_id)

    return _changed(request, session, person, actor, person_id, form, "membership", leave, "removed")

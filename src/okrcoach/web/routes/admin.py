"""The admin pages (``/admin/...``): people, units and memberships, cycles; what the API's people, units
and cycles endpoints do, as forms. ``admin_people``, ``admin_units`` and ``admin_cycles`` hold the pages;
this module what they share.

The pages open for admins and unit managers (``units.check_manages_any``: anyone else gets the 403 the
API gives them for every change there); what each may change is the services' to say, so a manager
sees and changes exactly what the API lets them. A form that a service refuses shows its page again
with the reason beside that form and the service's status, nothing of it stored; a form carries the
version of what it edits, so a stale one is a 409, never a silent overwrite.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse

from ...api.deps import SessionDep
from ...services import units
from ...services.access import actor_for
from ...workspace.errors import Invalid
from ...workspace.permissions import Actor, can_manage_unit
from .deps import PersonDep

router = APIRouter(include_in_schema=False)
E = TypeVar("E", bound=Enum)
PER_PAGE = 25


def admin_actor(session: SessionDep, person: PersonDep) -> Actor:
    actor = actor_for(session, person)
    units.check_manages_any(actor)
    return actor


AdminDep = Annotated[Actor, Depends(admin_actor)]


@router.get("/admin")
def admin_home(actor: AdminDep) -> RedirectResponse:
    return RedirectResponse("/admin/people", status_code=303)


def done(url: str, what: str) -> RedirectResponse:
    """After a change: the page again (303), saying what was done (``admin/_tabs.html`` words it)."""
    return RedirectResponse(f"{url}{'&' if '?' in url else '?'}done={what}", status_code=303)


def manageable(actor: Actor, tree: list[units.UnitRow]) -> list[units.UnitRow]:
    """The units of ``units.overview`` the actor may add people and sub-units to, in tree order."""
    return [r for r in tree if can_manage_unit(actor, r.unit.org_id, r.unit.path)]


def text(form, name: str, what: str, *, max_length: int = 200) -> str:
    value = str(form.get(name) or "").strip()
    if not value:
        raise Invalid(f"{what} is required", field=name)
    if len(value) > max_length:
        raise Invalid(f"{what} is longer than {max_length} characters", field=name)
    return value


def whole(form, name: str, what: str) -> int:
    raw = str(form.get(name) or "").strip()
    if not raw.isdigit():
        raise Invalid(f"choose {what}", field=name)
    return int(raw)


def choice(form, name: str, values: type[E]) -> E:
    raw = str(form.get(name) or "")
    try:
        return values(raw)
    except ValueError:
        allowed = ", ".join(v.value for v in values)
        raise Invalid(f"{name} must be one of {allowed}, not {raw[:40]!r}", field=name) from None


def date(form, name: str) -> dt.date | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"{name} {raw[:40]!r} is not a date (YYYY-MM-DD)", field=name) from None

"""The organisation's structure: units in a tree, and who belongs to which unit in what role.

Every unit stores its materialised ``path`` (``/1/4/9/``: its ancestors' ids and its own), which
is what the access policy compares, so whatever changes the tree (creating a unit, moving one
under another parent) rewrites the paths of the whole moved subtree in the same transaction.

Managers are appointed from above: a unit's own manager may rename it, add sub-units and add or
remove members, but only an admin or a manager of a unit above it may make or unmake a manager
there, so nobody promotes a peer or themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..storage import models as m
from ..workspace.errors import Conflict, Forbidden, Invalid, NotFound
from ..workspace.permissions import Actor, can_administer, can_manage_unit
from ..workspace.values import Role, UnitKind
from .handles import check_handle
from .versions import check_version

COMPANY_KEY = "company"


def _check_key(key: str) -> str:
    return check_handle(key, what="unit key", field="key")


def _key_taken(session: Session, org_id: int, key: str, unit_id: int | None = None) -> None:
    query = select(m.Unit.id).where(m.Unit.org_id == org_id, m.Unit.key == key)
    if unit_id is not None:
        query = query.where(m.Unit.id != unit_id)
    if session.scalar(query) is not None:
        raise Conflict(f"the key {key!r} is already used by another unit", field="key")


def depth(unit: m.Unit) -> int:
    """0 for the company, 1 for its departments, and so on."""
    return unit.path.strip("/").count("/")


def _path_order(unit: m.Unit) -> tuple[int, ...]:
    # Numeric, not textual: text collations differ between SQLite and PostgreSQL.
    return tuple(int(part) for part in unit.path.strip("/").split("/") if part)


def create_organisation(session: Session, *, name: str, slug: str,
                        company_key: str = COMPANY_KEY) -> tuple[m.Organisation, m.Unit]:
    """A new organisation with its top unit (kind company, named like the organisation)."""
    if session.scalar(select(m.Organisation.id).where(m.Organisation.slug == slug)) is not None:
        raise Conflict(f"an organisation with slug {slug!r} already exists", field="slug")
    org = m.Organisation(name=name, slug=slug)
    session.add(org)
    session.flush()
    company = m.Unit(org_id=org.id, parent_id=None, key=_check_key(company_key), name=name,
                     kind=UnitKind.COMPANY.value)
    session.add(company)
    session.flush()
    company.path = f"/{company.id}/"
    session.flush()
    return org, company


def root_unit(session: Session, org_id: int) -> m.Unit | None:
    return session.scalars(select(m.Unit).where(m.Unit.org_id == org_id, m.Unit.parent_id.is_(None))
                           .order_by(m.Unit.id)).first()


def unit_for(session: Session, actor: Actor, unit_id: int, *, field: str | None = None) -> m.Unit:
    """The unit, or NotFound when it does not exist in the actor's organisation."""
    unit = session.get(m.Unit, unit_id)
    if unit is None or unit.org_id != actor.org_id:
        raise NotFound(f"unit {unit_id} does not exist", field=field)
    return unit


def unit_by_key(session: Session, org_id: int, key: str) -> m.Unit:
    unit = session.scalar(select(m.Unit).where(m.Unit.org_id == org_id, m.Unit.key == key))
    if unit is None:
        raise NotFound(f"no unit with key {key!r}", field="unit")
    return unit


def may_appoint_manager(actor: Actor, unit: m.Unit, session: Session) -> bool:
    """Admins, and managers of a unit above this one (its own managers may not appoint peers)."""
    parent = session.get(m.Unit, unit.parent_id) if unit.parent_id is not None else None
    if parent is None:
        return can_administer(actor, unit.org_id)
    return can_manage_unit(actor, unit.org_id, parent.path)


def check_manages_any(actor: Actor) -> None:
    """Refuse (403) whoever manages no unit and is no admin: the web app's admin pages are theirs alone.

    What each may change there is still each service's to say; a plain member could change nothing.
    """
    if not (can_administer(actor, actor.org_id) or actor.managed_paths):
        raise Forbidden("managing people, units and cycles is for admins and the managers of units")


@dataclass
class UnitRow:
    """One line of the organisation chart: the unit, how deep it sits, its direct members and managers."""

    unit: m.Unit
    depth: int
    members: int
    managers: list[m.Person]


def overview(session: Session, *, actor: Actor) -> list[UnitRow]:
    """Every unit of the organisation in tree order, with its direct members counted and its managers by
    name: the admin pages' organisation chart, in three queries whatever its size."""
    rows = sorted(session.scalars(select(m.Unit).where(m.Unit.org_id == actor.org_id)), key=_path_order)
    in_org = select(m.Unit.id).where(m.Unit.org_id == actor.org_id)
    counts = dict(session.execute(select(m.Membership.unit_id, func.count())
                                  .where(m.Membership.unit_id.in_(in_org)).group_by(m.Membership.unit_id)).all())
    managers: dict[int, list[m.Person]] = {}
    appointed = (select(m.Membership).join(m.Person, m.Person.id == m.Membership.person_id)
                 .where(m.Membership.unit_id.in_(in_org), m.Membership.role == Role.MANAGER.value)
                 .options(selectinload(m.Membership.person)).order_by(m.Person.name, m.Person.id))
    for membership in session.scalars(appointed):
        managers.setdefault(membership.unit_id, []).append(membership.person)
    return [UnitRow(u, depth(u), counts.get(u.id, 0), managers.get(u.id, [])) for u in rows]


def list_units(session: Session, *, actor: Actor, parent_id: int | None = None, offset: int = 0,
               limit: int = 50) -> tuple[list[m.Unit], int]:
    """A page of the organisation's units in tree order (each unit followed by its subtree), and the total."""
    query = select(m.Unit).where(m.Unit.org_id == actor.org_id)
    if parent_id is not None:
        unit_for(session, actor, parent_id, field="parent_id")
        query = query.where(m.Unit.parent_id == parent_id)
    rows = sorted(session.scalars(query), key=_path_order)
    return rows[offset:offset + limit], len(rows)


def create_unit(session: Session, *, actor: Actor, parent_id: int, key: str, name: str,
                kind: UnitKind | str) -> m.Unit:
    parent = unit_for(session, actor, parent_id, field="parent_id")
    if not can_manage_unit(actor, parent.org_id, parent.path):
        raise Forbidden(f"you may not add units under {parent.name}: only its managers (or those above) and "
                        "admins may")
    kind = UnitKind(kind)
    if kind is UnitKind.COMPANY:
        raise Invalid("only the organisation's top unit is a company; choose department or team",
                      field="kind")
    key = _check_key(key)
    _key_taken(session, actor.org_id, key)
    unit = m.Unit(org_id=actor.org_id, parent_id=parent.id, key=key, name=name, kind=kind.value)
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path}{unit.id}/"
    session.flush()
    return unit


def update_unit(session: Session, *, actor: Actor, unit_id: int, version: int | None, name: str | None = None,
                key: str | None = None, parent_id: int | None = None) -> m.Unit:
    """Rename (managers of the unit or above, admins) and move under another parent (admins only)."""
    unit = unit_for(session, actor, unit_id)
    renames = (name is not None and name != unit.name) or (key is not None and key != unit.key)
    moves = parent_id is not None and parent_id != unit.parent_id
    if renames and not can_manage_unit(actor, unit.org_id, unit.path):
        raise Forbidden(f"you may not rename {unit.name}: only its managers (or those above) and admins may")
    if moves and not can_administer(actor, unit.org_id):
        raise Forbidden("only admins may move a unit under another parent", field="parent_id")
    check_version(unit, version, f"unit {unit.key}")
    if key is not None and key != unit.key:
        key = _check_key(key)
        _key_taken(session, unit.org_id, key, unit.id)
        unit.key = key
    if name is not None:
        unit.name = name
    if moves:
        _move(session, unit, unit_for(session, actor, parent_id, field="parent_id"))
    session.flush()
    return unit


def _move(session: Session, unit: m.Unit, parent: m.Unit) -> None:
    if parent.path.startswith(unit.path):
        raise Invalid(f"{unit.name} cannot move under {parent.name}: that is itself or one of its own "
                      "sub-units", field="parent_id")
    old, new = unit.path, f"{parent.path}{unit.id}/"
    subtree = session.scalars(select(m.Unit).where(m.Unit.org_id == unit.org_id,
                                                   m.Unit.path.startswith(old, autoescape=True)))
    for each in subtree:
        each.path = new + each.path[len(old):]
    unit.parent_id = parent.id


def delete_unit(session: Session, *, actor: Actor, unit_id: int) -> None:
    """Admins delete empty units only: sub-units, members and objectives must be moved away first."""
    unit = unit_for(session, actor, unit_id)
    if not can_administer(actor, unit.org_id):
        raise Forbidden("only admins may delete units")
    remaining = {label: session.scalar(select(func.count()).where(column == unit.id))
                 for label, column in (("sub_units", m.Unit.parent_id), ("members", m.Membership.unit_id),
                                       ("objectives", m.Objective.unit_id))}
    if any(remaining.values()):
        words = {"sub_units": ("sub-unit", "sub-units"), "members": ("member", "members"),
                 "objectives": ("objective", "objectives")}
        what = ", ".join(f"{n} {words[label][n != 1]}" for label, n in remaining.items() if n)
        raise Conflict(f"unit {unit.key} still has {what}: move or remove them first", details=remaining)
    session.delete(unit)
    session.flush()


def list_members(session: Session, *, actor: Actor, unit_id: int, offset: int = 0,
                 limit: int = 50) -> tuple[list[m.Membership], int]:
    """A page of the unit's direct members, managers first, and how many there are."""
    unit = unit_for(session, actor, unit_id)
    query = select(m.Membership).where(m.Membership.unit_id == unit.id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.join(m.Person, m.Person.id == m.Membership.person_id)
                           .options(selectinload(m.Membership.person))
                           .order_by(m.Membership.role != Role.MANAGER.value, m.Person.name, m.Person.id)
                           .offset(offset).limit(limit))
    return list(rows), total


def _person_in_org(session: Session, actor: Actor, person_id: int) -> m.Person:
    person = session.get(m.Person, person_id)
    if person is None or person.org_id != actor.org_id:
        raise NotFound(f"person {person_id} does not exist", field="person_id")
    return person


def _check_may_change(session: Session, actor: Actor, unit: m.Unit, roles: set[str]) -> None:
    if not can_manage_unit(actor, unit.org_id, unit.path):
        raise Forbidden(f"you may not change who belongs to {unit.name}: only its managers (or those above) "
                        "and admins may")
    if Role.MANAGER.value in roles and not may_appoint_manager(actor, unit, session):
        raise Forbidden(f"only admins and managers above {unit.name} may appoint or remove its managers",
                        field="role")


def set_member(session: Session, *, actor: Actor, unit_id: int, person_id: int, role: Role | str,
               is_primary: bool | None = None) -> tuple[m.Membership, bool]:
    """Add a person to a unit or change their role there; returns the membership and whether it is new.

    A person's primary unit is where their own OKRs live: making one membership primary makes their
    others secondary, and a first membership is primary unless told otherwise.
    """
    unit = unit_for(session, actor, unit_id)
    person = _person_in_org(session, actor, person_id)
    role = Role(role).value
    membership = session.scalar(select(m.Membership).where(m.Membership.unit_id == unit.id,
                                                           m.Membership.person_id == person.id))
    _check_may_change(session, actor, unit, {role} | ({membership.role} if membership else set()))
    created = membership is None
    if created:
        if is_primary is None:
            is_primary = not any(x.is_primary for x in person.memberships)
        membership = m.Membership(person_id=person.id, unit_id=unit.id, role=role, is_primary=False)
        person.memberships.append(membership)
    membership.role = role
    if is_primary:
        for other in person.memberships:
            if other is not membership and other.is_primary:
                other.is_primary = False
        membership.is_primary = True
    elif is_primary is False:
        membership.is_primary = False
    session.flush()
    return membership, created


def remove_member(session: Session, *, actor: Actor, unit_id: int, person_id: int) -> None:
    """Remove a person from a unit; if it was their primary unit, their oldest other unit becomes primary."""
    unit = unit_for(session, actor, unit_id)
    person = _person_in_org(session, actor, person_id)
    membership = next((x for x in person.memberships if x.unit_id == unit.id), None)
    if membership is None:
        raise NotFound(f"{person.name} is not a member of {unit.name}", field="person_id")
    _check_may_change(session, actor, unit, {membership.role})
    person.memberships.remove(membership)
    if membership.is_primary and person.memberships:
        min(person.memberships, key=lambda x: x.id).is_primary = True
    session.flush()

"""Who is acting, and the one helper that fetches a thing together with what the actor may do with it.

Routes never paste ownership checks: they call ``objective_for`` (or ``key_result_for``), which
answers 404 for what the actor may not see and says whether they may write.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid, NotFound
from ..workspace.permissions import Actor, OwnedThing, can_read, can_write
from ..workspace.values import Role


def actor_for(session: Session, person: m.Person) -> Actor:
    rows = session.execute(
        select(m.Unit.path, m.Membership.role).join(m.Membership, m.Membership.unit_id == m.Unit.id)
        .where(m.Membership.person_id == person.id)).all()
    contributes = session.scalars(select(m.KeyResult.objective_id).where(m.KeyResult.owner_id == person.id))
    return Actor(person_id=person.id, org_id=person.org_id, is_admin=person.is_admin,
                 managed_paths=tuple(p for p, role in rows if role == Role.MANAGER.value),
                 member_paths=tuple(p for p, _ in rows), contributes_to=frozenset(contributes))


def owned(objective: m.Objective, unit_path: str | None = None) -> OwnedThing:
    path = unit_path if unit_path is not None else objective.unit.path
    return OwnedThing(org_id=objective.org_id, unit_path=path, owner_id=objective.owner_id,
                      visibility=objective.visibility, objective_id=objective.id)


@dataclass
class Access:
    objective: m.Objective
    can_write: bool


def objective_for(session: Session, actor: Actor, objective_id: int, *, write: bool = False) -> Access:
    """The objective, or NotFound when it does not exist or the actor may not see it.

    With ``write=True`` an objective the actor can see but not change raises Forbidden.
    """
    objective = session.get(m.Objective, objective_id)
    if objective is None or not can_read(actor, owned(objective)):
        raise NotFound(f"objective {objective_id} does not exist")
    writable = can_write(actor, owned(objective))
    if write and not writable:
        raise Forbidden(f"you may not change objective {objective_id}: only its owner, the managers of its "
                        "unit and admins may")
    return Access(objective, writable)


def key_result_for(session: Session, actor: Actor, kr_id: int) -> tuple[m.KeyResult, Access]:
    kr = session.get(m.KeyResult, kr_id)
    if kr is None:
        raise NotFound(f"key result {kr_id} does not exist")
    try:
        access = objective_for(session, actor, kr.objective_id)
    except NotFound:
        raise NotFound(f"key result {kr_id} does not exist") from None
    return kr, access


def person_in_org(session: Session, actor: Actor, person_id: int, field: str) -> m.Person:
    """A person the actor may name in ``field`` (an owner): active, in the actor's organisation.

    Anyone else is Invalid (422 on ``field``), not NotFound: the input is what is wrong. A
    deactivated person cannot sign in, so they could not keep what they would own up to date.
    """
    person = session.get(m.Person, person_id)
    if person is None or person.org_id != actor.org_id:
        raise Invalid(f"{field}: person {person_id} is not in your organisation", field=field)
    if not person.is_active:
        raise Invalid(f"{field}: {person.name} ({person_id}) is deactivated", field=field)
    return person

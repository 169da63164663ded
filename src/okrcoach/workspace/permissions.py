"""Who may read and write what: the one access policy every adapter asks.

Roles: an admin (a flag on the person) may do everything in the organisation. A unit
manager may read and write everything owned in their unit and the units beneath it, and
approves what is submitted there. A member edits their own OKRs and check-ins and reads
what is visible to them. Visibility: public objectives are read by the whole organisation,
unit objectives by the people of that unit's subtree, private ones only by the owner,
the managers above them, and admins. Callers turn "cannot read" into 404, so a private
objective's existence never leaks. Whoever owns one of an objective's key results reads the
objective, whatever its visibility: they check in on that KR and must see what it serves.

Units are addressed by materialised paths such as ``/1/4/9/``: a unit's subtree is every
path that starts with its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .values import Visibility


@dataclass(frozen=True)
class Actor:
    """The person acting, with what the policy needs to know about them."""

    person_id: int
    org_id: int
    is_admin: bool = False
    managed_paths: tuple[str, ...] = ()          # paths of the units this person manages
    member_paths: tuple[str, ...] = field(default=())  # paths of every unit this person belongs to
    contributes_to: frozenset[int] = frozenset()  # objectives in which this person owns a key result

    def manages(self, unit_path: str | None) -> bool:
        """Manager of this unit or of a unit above it."""
        return unit_path is not None and any(unit_path.startswith(p) for p in self.managed_paths)

    def belongs_to(self, unit_path: str | None) -> bool:
        """Member of this unit or of a unit beneath it."""
        return unit_path is not None and any(p.startswith(unit_path) for p in self.member_paths)


@dataclass(frozen=True)
class OwnedThing:
    """What the policy needs of an objective (or of anything owned like one)."""

    org_id: int
    unit_path: str | None
    owner_id: int | None = None
    visibility: Visibility | str = Visibility.PUBLIC
    objective_id: int | None = None


def can_read(actor: Actor, thing: OwnedThing) -> bool:
    if actor.org_id != thing.org_id:
        return False
    if actor.is_admin or actor.person_id == thing.owner_id or actor.manages(thing.unit_path):
        return True
    if thing.objective_id is not None and thing.objective_id in actor.contributes_to:
        return True  # the owner of one of its KRs must see what their KR serves
    visibility = Visibility(thing.visibility)
    if visibility is Visibility.PUBLIC:
        return True
    if visibility is Visibility.UNIT:
        return actor.belongs_to(thing.unit_path)
    return False


def can_write(actor: Actor, thing: OwnedThing) -> bool:
    """Edit, check in, submit: the owner, the managers above the owning unit, admins."""
    if actor.org_id != thing.org_id:
        return False
    return actor.is_admin or (thing.owner_id is not None and actor.person_id == thing.owner_id) \
        or actor.manages(thing.unit_path)


def can_approve(actor: Actor, thing: OwnedThing) -> bool:
    """Approve a submitted objective: a manager above it who is not its owner, or an admin."""
    if actor.org_id != thing.org_id:
        return False
    return actor.is_admin or (actor.manages(thing.unit_path) and actor.person_id != thing.owner_id)


def can_check_in(actor: Actor, thing: OwnedThing, kr_owner_id: int | None) -> bool:
    """A KR's own owner may check in on it even when someone else owns the objective."""
    return can_write(actor, thing) or (kr_owner_id is not None and actor.person_id == kr_owner_id)


def can_manage_unit(actor: Actor, org_id: int, unit_path: str) -> bool:
    """Rename a unit, add sub-units, add or remove its members: its managers (or above) and admins."""
    return actor.org_id == org_id and (actor.is_admin or actor.manages(unit_path))


def can_administer(actor: Actor, org_id: int) -> bool:
    """Cycles, organisation settings, making admins."""
    return actor.org_id == org_id and actor.is_admin

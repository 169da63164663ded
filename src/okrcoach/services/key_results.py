"""Key results: add, change and remove the measurable results of an objective.

A KR's numbers must make sense before they are stored, because progress is computed from
them everywhere: a metric needs a target, a percentage runs 0 → 100 % unless told otherwise,
a milestone is done or not done (no start, no target), and the direction must agree with the
numbers (up needs a target at or above the start). ``current`` and ``confidence`` are not
edited here: they are the latest check-in's, so the history of check-ins stays the truth.

Editing writes to the KR's own version; the objective's version is left alone, so someone
editing the objective's wording is not refused because a colleague changed a KR.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid
from ..workspace.permissions import Actor
from ..workspace.progress import default_start, direction_of
from ..workspace.values import Direction, KrKind
from . import findings
from .access import Access, key_result_for, objective_for, person_in_org
from .versions import check_version

FROM_CHECK_INS = ("current", "confidence")
NOT_NULL = ("title", "kind", "weight", "position")


def _consistent(direction: Direction, start: float, target: float) -> bool:
    return target >= start if direction is Direction.UP else target <= start


def normalised(kind: str, start: float | None, target: float | None, unit: str | None, direction: str | None,
               *, prefix: str = "") -> dict:
    """The numbers a KR of this kind stores, with defaults filled in; Invalid names the field at fault."""
    kind = KrKind(kind)
    if kind is KrKind.MILESTONE:
        for name, value in (("start", start), ("target", target)):
            if value is not None:
                raise Invalid(f"{prefix}{name}: a milestone is done or not done and has no {name}; "
                              "leave it out, or use kind metric", field=prefix + name)
        if direction not in (None, Direction.UP.value):
            raise Invalid(f"{prefix}direction: a milestone has no direction", field=prefix + "direction")
        return {"kind": kind.value, "start": None, "target": None, "unit": unit,
                "direction": Direction.UP.value}
    if kind is KrKind.PERCENTAGE:
        start = 0.0 if start is None else start
        target = 100.0 if target is None else target
        unit = unit or "%"
    elif target is None:
        raise Invalid(f"{prefix}target: a metric key result needs a target, the number it should reach",
                      field=prefix + "target")
    effective_start = default_start(kind) if start is None else start
    if direction is None:
        chosen = direction_of(effective_start, target)
    else:
        chosen = Direction(direction)
        if not _consistent(chosen, effective_start, target):
            need = "at or above" if chosen is Direction.UP else "at or below"
            raise Invalid(f"{prefix}direction: {chosen.value} needs a target {need} the start "
                          f"({effective_start:g} → {target:g}); change the direction or the numbers",
                          field=prefix + "direction")
    return {"kind": kind.value, "start": start, "target": target, "unit": unit, "direction": chosen.value}


def _weight(value: float | None, field: str) -> float:
    if value is None:
        return 1.0
    if value <= 0:
        raise Invalid(f"{field}: a weight must be above 0 (1 is the usual weight)", field=field)
    return value


def build(session: Session, actor: Actor, objective: m.Objective, data: dict, *,
          prefix: str = "") -> m.KeyResult:
    """A new KR appended to ``objective`` (not flushed); ``data`` holds KeyResultCreate's fields."""
    numbers = normalised(data.get("kind") or KrKind.METRIC.value, data.get("start"), data.get("target"),
                         data.get("unit"), data.get("direction"), prefix=prefix)
    if data.get("owner_id") is not None:
        person_in_org(session, actor, data["owner_id"], prefix + "owner_id")
    position = data.get("position")
    if position is None:
        position = max((k.position for k in objective.key_results), default=-1) + 1
    kr = m.KeyResult(title=data["title"], weight=_weight(data.get("weight"), prefix + "weight"),
                     owner_id=data.get("owner_id"), due=data.get("due"), position=position,
                     review=data.get("review"), **numbers)
    objective.key_results.append(kr)
    return kr


def create(session: Session, *, actor: Actor, objective_id: int, data: dict) -> m.KeyResult:
    access = objective_for(session, actor, objective_id, write=True)
    kr = build(session, actor, access.objective, data)
    findings.refresh(session, [objective_id])
    return kr


def writable(session: Session, actor: Actor, kr_id: int) -> tuple[m.KeyResult, Access]:
    kr, access = key_result_for(session, actor, kr_id)
    if not access.can_write:
        raise Forbidden(f"you may not change key result {kr_id}: only the objective's owner, the managers of "
                        "its unit and admins may")
    return kr, access


def update(session: Session, *, actor: Actor, kr_id: int, version: int | None, changes: dict) -> m.KeyResult:
    """Apply a PATCH; ``changes`` holds only the fields the client sent."""
    kr, _ = writable(session, actor, kr_id)
    for name in FROM_CHECK_INS:
        if name in changes:
            raise Invalid(f"{name} is not edited on the key result: it is the latest check-in's; record a "
                          "check-in instead", field=name)
    check_version(kr, version, f"key result {kr_id}")
    for name in NOT_NULL:
        if name in changes and changes[name] is None:
            raise Invalid(f"{name} cannot be empty", field=name)
    if changes.get("owner_id") is not None:
        person_in_org(session, actor, changes["owner_id"], "owner_id")
    if "weight" in changes:
        _weight(changes["weight"], "weight")

    kind = changes.get("kind", kr.kind)
    switched_to_milestone = "kind" in changes and kind == KrKind.MILESTONE.value and kr.kind != kind
    start = changes.get("start", None if switched_to_milestone else kr.start)
    target = changes.get("target", None if switched_to_milestone else kr.target)
    unit = changes.get("unit", kr.unit)
    direction = changes.get("direction")
    if "direction" not in changes and kind != KrKind.MILESTONE.value and target is not None:
        effective_start = default_start(kind) if start is None else start
        direction = kr.direction if _consistent(Direction(kr.direction), effective_start, target) else None
    numbers = normalised(kind, start, target, unit, direction)

    for name in ("title", "weight", "owner_id", "due", "position", "review"):
        if name in changes:
            setattr(kr, name, changes[name])
    for name, value in numbers.items():
        setattr(kr, name, value)
    findings.refresh(session, [kr.objective_id])
    return kr


def delete(session: Session, *, actor: Actor, kr_id: int) -> None:
    """Remove a KR; objectives aligned to it lose that link (in the audit trail too) and are rechecked."""
    kr, access = writable(session, actor, kr_id)
    links = session.scalars(select(m.Alignment).where(m.Alignment.parent_kr_id == kr_id)).all()
    children = {link.child_id for link in links}
    for link in links:
        session.delete(link)
    access.objective.key_results.remove(kr)   # through the collection too, so the checker sees the KR gone
    session.delete(kr)                        # explicitly: the audit hook does not see delete-orphan
    findings.refresh(session, [access.objective.id, *children])

"""Objectives: list, create, read, change, delete, move through their lifecycle, and their history.

Every query that lists or counts goes through ``visibility.visible_objectives``, so a hidden
objective is never on a page, in a total or in a search for findings. Every change to what
the checker reads (wording, level, owner, unit, order, KRs, alignment) refreshes the stored
findings of the sets it touches, the set it left included.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from ..checker.finding import Severity
from ..checker.registry import rule_ids
from ..storage import models as m
from ..workspace.errors import Blocked, Conflict, Forbidden, Invalid
from ..workspace.lifecycle import TransitionError, check_objective_transition, needs_approver
from ..workspace.permissions import Actor, OwnedThing, can_approve, can_write
from ..workspace.progress import score_objective
from ..workspace.values import CycleState, ObjectiveLevel, ObjectiveStatus, Visibility
from . import alignments, findings, key_results, notification_events
from .access import Access, objective_for, owned, person_in_org
from .progress import ObjectiveProgress, compute
from .versions import check_version
from .visibility import readable_rows, visible_ids, visible_objectives

NOT_NULL = ("title", "description", "level", "visibility", "unit_id", "position", "reflection")
PLACEMENT = ("level", "owner_id", "unit_id")
CHECKED = ("title", "description", "level", "owner_id", "unit_id", "position", "review")


@dataclass(frozen=True)
class Filters:
    """What lists of objectives (and of their findings) may be narrowed by."""

    cycle_id: int | None = None
    unit_id: int | None = None
    include_subunits: bool = False
    owner_id: int | None = None
    status: str | None = None
    level: str | None = None
    visibility: str | None = None
    q: str | None = None


def _where(session: Session, actor: Actor, filters: Filters) -> list[ColumnElement[bool]]:
    """Conditions over Objective joined with Unit; always starts with what the actor may read."""
    clauses = [visible_objectives(actor)]
    if filters.include_subunits and filters.unit_id is None:
        raise Invalid("include_subunits needs unit_id: the unit whose subtree to take",
                      field="include_subunits")
    if filters.unit_id is not None:
        unit = session.get(m.Unit, filters.unit_id)
        if unit is None or unit.org_id != actor.org_id:
            raise Invalid(f"unit_id: unit {filters.unit_id} is not in your organisation", field="unit_id")
        clauses.append(m.Unit.path.startswith(unit.path, autoescape=True) if filters.include_subunits
                       else m.Objective.unit_id == unit.id)
    for name in ("cycle_id", "owner_id", "status", "level", "visibility"):
        value = getattr(filters, name)
        if value is not None:
            clauses.append(getattr(m.Objective, name) == (value.value if isinstance(value, Enum) else value))
    if filters.q:
        clauses.append(m.Objective.title.icontains(filters.q, autoescape=True))
    return clauses


def _count(session: Session, query: Select) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


# --- reading ---------------------------------------------------------------------------------

def list_objectives(session: Session, *, actor: Actor, filters: Filters, at_risk: bool | None, offset: int,
                    limit: int, today: dt.date) -> tuple[list[dict], int]:
    """One page of objective summaries and the number of matches over all pages."""
    query = select(m.Objective.id).join(m.Unit, m.Unit.id == m.Objective.unit_id) \
        .where(*_where(session, actor, filters)).order_by(m.Objective.position, m.Objective.id)
    if at_risk is None:
        total = _count(session, query)
        ids = list(session.scalars(query.offset(offset).limit(limit)))
        progress = compute(session, ids, today=today, visible=readable_rows(actor))
    else:   # risk is computed, not stored: compute it for every match, then page
        every = list(session.scalars(query))
        progress = compute(session, every, today=today, visible=readable_rows(actor))
        matching = [i for i in every if progress[i].risk.at_risk == at_risk]
        total, ids = len(matching), matching[offset:offset + limit]
    return summaries(session, ids, progress), total


def summaries(session: Session, ids: list[int], progress: dict[int, ObjectiveProgress]) -> list[dict]:
    if not ids:
        return []
    rows = {o.id: o for o in session.scalars(select(m.Objective).where(m.Objective.id.in_(ids)))}
    kr_counts = dict(session.execute(select(m.KeyResult.objective_id, func.count())
                                     .where(m.KeyResult.objective_id.in_(ids))
                                     .group_by(m.KeyResult.objective_id)).all())
    severities: dict[int, Counter] = {i: Counter() for i in ids}
    for oid, severity, n in session.execute(
            select(m.StoredFinding.objective_id, m.StoredFinding.severity, func.count())
            .where(m.StoredFinding.objective_id.in_(ids))
            .group_by(m.StoredFinding.objective_id, m.StoredFinding.severity)):
        severities[oid][severity] = n
    out = []
    for oid in ids:
        o = rows[oid]
        out.append({"id": o.id, "cycle_id": o.cycle_id, "unit_id": o.unit_id, "owner_id": o.owner_id,
                    "level": o.level, "title": o.title, "status": o.status, "visibility": o.visibility,
                    "position": o.position, "version": o.version, "progress": progress[oid].as_dict(),
                    "kr_count": kr_counts.get(oid, 0),
                    "findings": {s.value: severities[oid][s.value] for s in Severity}})
    return out


def kr_public(kr: m.KeyResult, progress) -> dict:
    """A KR with its progress and risk (``progress`` is its ``services.progress.KrProgress``)."""
    return {"id": kr.id, "objective_id": kr.objective_id, "position": kr.position, "title": kr.title,
            "kind": kr.kind, "start": kr.start, "target": kr.target, "current": kr.current, "unit": kr.unit,
            "direction": kr.direction, "weight": kr.weight, "owner_id": kr.owner_id, "due": kr.due,
            "score": kr.score, "review": kr.review, "version": kr.version,
            "progress": round(progress.progress, 4), "confidence": kr.confidence,
            "at_risk": progress.risk.at_risk, "risk_reasons": list(progress.risk.reasons)}


def key_result_detail(session: Session, actor: Actor, kr: m.KeyResult, *, today: dt.date) -> dict:
    progress = compute(session, [kr.objective_id], today=today, visible=readable_rows(actor))[kr.objective_id]
    return kr_public(kr, next(k for k in progress.key_results if k.id == kr.id))


def _parents(session: Session, actor: Actor, objective_id: int) -> list[dict]:
    rows = session.execute(
        select(m.Alignment.id, m.Alignment.parent_objective_id, m.Alignment.parent_kr_id,
               m.KeyResult.objective_id, m.KeyResult.title)
        .outerjoin(m.KeyResult, m.KeyResult.id == m.Alignment.parent_kr_id)
        .where(m.Alignment.child_id == objective_id).order_by(m.Alignment.id)).all()
    parent_ids = {r.parent_objective_id or r.objective_id for r in rows}
    shown = visible_ids(session, actor, parent_ids)
    titles = dict(session.execute(select(m.Objective.id, m.Objective.title)
                                  .where(m.Objective.id.in_(shown))).all())
    return [{"alignment_id": r.id, "objective_id": pid, "objective_title": titles[pid],
             "key_result_id": r.parent_kr_id, "key_result_title": r.title}
            for r in rows if (pid := r.parent_objective_id or r.objective_id) in shown]


def _children(session: Session, actor: Actor, objective_id: int, today: dt.date) -> list[dict]:
    # links to the objective and links to its KRs, each by its own index (one OR across an outer join
    # scans every alignment)
    link = (m.Alignment.id, m.Alignment.child_id, m.Alignment.parent_kr_id)
    links = union_all(
        select(*link).where(m.Alignment.parent_objective_id == objective_id),
        select(*link).join(m.KeyResult, m.KeyResult.id == m.Alignment.parent_kr_id)
        .where(m.KeyResult.objective_id == objective_id)).subquery()
    rows = session.execute(
        select(m.Objective.id, m.Objective.title, links.c.parent_kr_id)
        .join(links, links.c.child_id == m.Objective.id)
        .join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(visible_objectives(actor))
        .order_by(m.Objective.position, m.Objective.id, links.c.id)).all()
    progress = compute(session, {r.id for r in rows}, today=today, visible=readable_rows(actor))
    return [{"id": r.id, "title": r.title, "key_result_id": r.parent_kr_id,
             "progress": round(progress[r.id].progress, 4)} for r in rows]


def describe(session: Session, actor: Actor, access: Access, *, today: dt.date, lang: str = "zh") -> dict:
    """The full view of one objective the actor may read."""
    o = access.objective
    progress = compute(session, [o.id], today=today, visible=readable_rows(actor))[o.id]
    kr_progress = {k.id: k for k in progress.key_results}
    krs = sorted(o.key_results, key=lambda k: (k.position, k.id))
    return {"id": o.id, "cycle_id": o.cycle_id, "unit_id": o.unit_id, "owner_id": o.owner_id,
            "level": o.level, "title": o.title, "description": o.description, "visibility": o.visibility,
            "status": o.status, "position": o.position, "approved_by_id": o.approved_by_id,
            "approved_at": o.approved_at,
            "reflection": o.reflection, "review": o.review, "created_by_id": o.created_by_id,
            "created_at": o.created_at, "updated_at": o.updated_at, "version": o.version,
            "key_results": [kr_public(k, kr_progress[k.id]) for k in krs],
            "parents": _parents(session, actor, o.id), "children": _children(session, actor, o.id, today),
            "progress": progress.as_dict(), "score": score_objective((k.score, k.weight) for k in krs),
            "findings": [findings.public(f, lang) for f in findings.for_objective(session, o.id)],
            "can_write": access.can_write}


# --- creating and changing -------------------------------------------------------------------

def _cycle(session: Session, actor: Actor, cycle_id: int) -> m.Cycle:
    cycle = session.get(m.Cycle, cycle_id)
    if cycle is None or cycle.org_id != actor.org_id:
        raise Invalid(f"cycle_id: cycle {cycle_id} is not in your organisation", field="cycle_id")
    if cycle.state == CycleState.CLOSED.value:
        raise Invalid(f"cycle_id: cycle {cycle.name} is closed; objectives are added to open cycles",
                      field="cycle_id")
    return cycle


def _unit(session: Session, actor: Actor, unit_id: int) -> m.Unit:
    unit = session.get(m.Unit, unit_id)
    if unit is None or unit.org_id != actor.org_id:
        raise Invalid(f"unit_id: unit {unit_id} is not in your organisation", field="unit_id")
    return unit


def _placement(session: Session, actor: Actor, level: str, owner_id: int | None,
               unit_id: int | None) -> tuple[int | None, m.Unit]:
    """Owner and unit of an objective at this level, defaults filled in and checked.

    A personal objective belongs to a person and sits in one of their units (their primary one
    unless told); a company, department or team objective belongs to a unit, with an optional owner.
    """
    if owner_id is not None:
        person_in_org(session, actor, owner_id, "owner_id")
    if ObjectiveLevel(level) is not ObjectiveLevel.PERSONAL:
        if unit_id is None:
            raise Invalid(f"unit_id: a {level} objective belongs to a unit; give unit_id", field="unit_id")
        return owner_id, _unit(session, actor, unit_id)
    if owner_id is None:
        raise Invalid("owner_id: a personal objective needs an owner", field="owner_id")
    units = session.execute(select(m.Membership.unit_id).where(m.Membership.person_id == owner_id)
                            .order_by(m.Membership.is_primary.desc(), m.Membership.id)).scalars().all()
    if unit_id is None:
        if not units:
            raise Invalid(f"unit_id: person {owner_id} belongs to no unit; give unit_id", field="unit_id")
        unit_id = units[0]
    elif unit_id not in units:
        raise Invalid(f"unit_id: a personal objective sits in one of its owner's units; person {owner_id} "
                      f"is not in unit {unit_id}", field="unit_id")
    return owner_id, _unit(session, actor, unit_id)


def _set_ids(session: Session, o: m.Objective) -> list[int]:
    """The objectives of the set ``o`` is in: its owner's in the cycle, or its unit's if it has no owner."""
    same_owner = m.Objective.owner_id == o.owner_id if o.owner_id is not None else \
        and_(m.Objective.owner_id.is_(None), m.Objective.unit_id == o.unit_id)
    return list(session.scalars(select(m.Objective.id).where(m.Objective.cycle_id == o.cycle_id, same_owner)))


def _next_position(session: Session, cycle_id: int, owner_id: int | None, unit_id: int) -> int:
    same_owner = m.Objective.owner_id == owner_id if owner_id is not None else \
        and_(m.Objective.owner_id.is_(None), m.Objective.unit_id == unit_id)
    last = session.scalar(select(func.max(m.Objective.position))
                          .where(m.Objective.cycle_id == cycle_id, same_owner))
    return 0 if last is None else last + 1


WHO_CREATES = ("members create their own personal objectives, managers those of their units and of the "
               "people in them, admins any")


def create(session: Session, *, actor: Actor, data: dict) -> Access:
    """A new draft objective, with its KRs and alignment links; ``data`` holds ObjectiveCreate's fields."""
    cycle = _cycle(session, actor, data["cycle_id"])
    level = ObjectiveLevel(data["level"]).value
    owner_id = data.get("owner_id")
    if owner_id is None and level == ObjectiveLevel.PERSONAL.value:
        owner_id = actor.person_id
    owner_id, unit = _placement(session, actor, level, owner_id, data.get("unit_id"))
    visibility = Visibility(data.get("visibility") or Visibility.PUBLIC).value
    if not can_write(actor, OwnedThing(actor.org_id, unit.path, owner_id, visibility)):
        raise Forbidden(f"you may not create this objective in {unit.name}: {WHO_CREATES}")
    position = data.get("position")
    if position is None:
        position = _next_position(session, cycle.id, owner_id, unit.id)
    o = m.Objective(org_id=actor.org_id, cycle_id=cycle.id, unit_id=unit.id, owner_id=owner_id, level=level,
                    title=data["title"], description=data.get("description") or "", visibility=visibility,
                    position=position,
                    review=data.get("review"), created_by_id=actor.person_id)
    session.add(o)
    for i, kr in enumerate(data.get("key_results") or []):
        key_results.build(session, actor, o, kr, prefix=f"key_results.{i}.")
    session.flush()
    for i, target in enumerate(data.get("aligns_to") or []):
        alignments.link(session, actor=actor, child=o, target=target, prefix=f"aligns_to.{i}.")
    findings.refresh(session, [o.id])
    return Access(o, True)


def update(session: Session, *, actor: Actor, objective_id: int, version: int | None,
           changes: dict) -> Access:
    """Apply a PATCH; ``changes`` holds only the fields the client sent."""
    access = objective_for(session, actor, objective_id, write=True)
    o = access.objective
    check_version(o, version, f"objective {objective_id}")
    for name in NOT_NULL:
        if name in changes and changes[name] is None:
            raise Invalid(f"{name} cannot be empty", field=name)
    left_set = []
    if any(name in changes for name in PLACEMENT):
        level = ObjectiveLevel(changes.get("level", o.level)).value
        owner_id = changes.get("owner_id", o.owner_id)
        unit_id = changes.get("unit_id", None if owner_id != o.owner_id else o.unit_id)
        if unit_id is None and level != ObjectiveLevel.PERSONAL.value:
            unit_id = o.unit_id
        owner_id, unit = _placement(session, actor, level, owner_id, unit_id)
        if not can_write(actor, OwnedThing(actor.org_id, unit.path, owner_id, o.visibility)):
            raise Forbidden(f"you may not move objective {objective_id} there: you could no longer change it "
                            f"({WHO_CREATES})")
        left_set = _set_ids(session, o)
        o.level, o.owner_id, o.unit_id = level, owner_id, unit.id
    if "visibility" in changes:
        o.visibility = Visibility(changes["visibility"]).value
    for name in ("title", "description", "position", "reflection", "review"):
        if name in changes:
            setattr(o, name, changes[name])
    session.flush()
    if any(name in changes for name in CHECKED):
        findings.refresh(session, [o.id, *left_set])
    return Access(o, True)


def delete(session: Session, *, actor: Actor, objective_id: int) -> None:
    """Delete a draft. Anything further along has a history worth keeping: close it instead."""
    o = objective_for(session, actor, objective_id, write=True).objective
    if o.status != ObjectiveStatus.DRAFT.value:
        raise Conflict(f"objective {objective_id} is {o.status}: only drafts are deleted; close it instead "
                       f"(POST /api/v1/objectives/{objective_id}/transitions with {{\"to\": \"closed\"}})")
    kr_ids = [k.id for k in o.key_results]
    links = session.scalars(select(m.Alignment).where(or_(
        m.Alignment.child_id == o.id, m.Alignment.parent_objective_id == o.id,
        m.Alignment.parent_kr_id.in_(kr_ids)))).all()
    rechecked = {link.child_id for link in links} | set(_set_ids(session, o))
    for link in links:   # through the ORM, not the foreign key's cascade, so the audit trail records them
        session.delete(link)
    session.delete(o)
    session.flush()
    findings.refresh(session, rechecked - {objective_id})


def transition(session: Session, *, actor: Actor, objective_id: int, to: str, note: str = "",
               lang: str = "zh") -> Access:
    """Move an objective along its lifecycle: submitting needs a clean checker, approving an approver."""
    access = objective_for(session, actor, objective_id)
    o = access.objective
    current = o.status
    if not access.can_write and not can_approve(actor, owned(o)):  # outsiders learn nothing of the lifecycle
        raise Forbidden(f"you may not change the status of objective {objective_id}: only its owner, the "
                        "managers of its unit and admins may")
    try:
        check_objective_transition(current, to)
    except TransitionError as e:
        raise Invalid(str(e), field="to") from None
    if needs_approver(current, to):
        if not can_approve(actor, owned(o)):
            raise Forbidden(f"you may not approve objective {objective_id}: a manager above its unit who "
                            "does not own it, or an admin, approves")
    elif not access.can_write:
        raise Forbidden(f"you may not change the status of objective {objective_id}: only its owner, the "
                        "managers of its unit and admins may")
    if current == ObjectiveStatus.CLOSED.value and o.cycle.state == CycleState.CLOSED.value:
        raise Invalid(f"to: cycle {o.cycle.name} is closed; its objectives stay closed", field="to")
    if to == ObjectiveStatus.IN_REVIEW.value:
        findings.refresh(session, [o.id])
        errors = findings.errors_of(session, o.id)
        if errors:
            names = ", ".join(sorted({f.rule for f in errors}))
            raise Blocked(f"objective {objective_id} has {len(errors)} error-level finding(s) from the "
                          f"checker ({names}); fix them before submitting it",
                          details={"findings": [findings.public(f, lang) for f in errors]})
    o.status = to
    if to == ObjectiveStatus.ACTIVE.value and current == ObjectiveStatus.IN_REVIEW.value:
        o.approved_by_id, o.approved_at = actor.person_id, m.utcnow()
    elif to == ObjectiveStatus.DRAFT.value:
        o.approved_by_id = o.approved_at = None
    if note:
        session.add(m.Comment(objective_id=o.id, author_id=actor.person_id, body=f"{current} → {to}: {note}"))
    session.flush()
    notification_events.objective_moved(session, o, current, to, actor, note=note, now=m.utcnow(),
                                        email=session.info.get("notify_email", False))
    return access


# --- history and findings --------------------------------------------------------------------

def _ids_ever(entity: str, key: str, objective_id: int) -> ColumnElement[bool]:
    """Rows of ``entity`` that belonged to the objective at creation, including rows deleted since."""
    created = select(m.AuditEvent.entity_id).where(
        m.AuditEvent.entity == entity, m.AuditEvent.action == "create",
        m.AuditEvent.after[key].as_integer() == objective_id)
    return and_(m.AuditEvent.entity == entity, m.AuditEvent.entity_id.in_(created))


def history(session: Session, *, actor: Actor, objective_id: int, offset: int,
            limit: int) -> tuple[list[dict], int]:
    """Audit events of the objective, its KRs and the links it makes to parents, newest first."""
    objective_for(session, actor, objective_id)
    current_krs = select(m.KeyResult.id).where(m.KeyResult.objective_id == objective_id)
    current_links = select(m.Alignment.id).where(m.Alignment.child_id == objective_id)
    where = or_(and_(m.AuditEvent.entity == "objectives", m.AuditEvent.entity_id == objective_id),
                _ids_ever("key_results", "objective_id", objective_id),
                and_(m.AuditEvent.entity == "key_results", m.AuditEvent.entity_id.in_(current_krs)),
                _ids_ever("alignments", "child_id", objective_id),
                and_(m.AuditEvent.entity == "alignments", m.AuditEvent.entity_id.in_(current_links)))
    query = select(m.AuditEvent, m.Person.name).outerjoin(m.Person, m.Person.id == m.AuditEvent.actor_id) \
        .where(where).order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
    total = _count(session, select(m.AuditEvent.id).where(where))
    rows = session.execute(query.offset(offset).limit(limit)).all()
    hidden = _hidden_parents(session, actor, [e for e, _ in rows if e.entity == "alignments"])
    items = []
    for event, name in rows:
        before, after = event.before, event.after
        if event.entity == "alignments":
            before, after = _redact(before, hidden), _redact(after, hidden)
        items.append({"id": event.id, "at": event.at, "actor_id": event.actor_id, "actor_name": name,
                      "entity": event.entity, "entity_id": event.entity_id, "action": event.action,
                      "before": before, "after": after})
    return items, total


def _hidden_parents(session: Session, actor: Actor, events: list[m.AuditEvent]) -> set[tuple[str, int]]:
    """Parents named in alignment events that the actor may not read, as (column, id)."""
    named = {(k, d[k]) for e in events for d in (e.before or {}, e.after or {})
             for k in ("parent_objective_id", "parent_kr_id") if d.get(k) is not None}
    kr_ids = [i for k, i in named if k == "parent_kr_id"]
    kr_objective = dict(session.execute(select(m.KeyResult.id, m.KeyResult.objective_id)
                                        .where(m.KeyResult.id.in_(kr_ids))).all()) if kr_ids else {}
    objective_of = {(k, i): i if k == "parent_objective_id" else kr_objective.get(i) for k, i in named}
    shown = visible_ids(session, actor, {o for o in objective_of.values() if o is not None})
    return {key for key, o in objective_of.items() if o not in shown}


def _redact(values: dict | None, hidden: set[tuple[str, int]]) -> dict | None:
    if values is None:
        return None
    return {k: None if (k, v) in hidden else v for k, v in values.items()}


def search_findings(session: Session, *, actor: Actor, filters: Filters, rule: str | None,
                    severity: str | None, lang: str, offset: int, limit: int) -> tuple[list[dict], int]:
    """The checker's current findings on the objectives the actor may read, in objective order."""
    if rule is not None and rule not in rule_ids():
        valid = rule_ids()
        raise Invalid(f"rule: {rule!r} is not a rule id; expected one of {', '.join(valid)}", field="rule",
                      details={"valid": valid})
    clauses = _where(session, actor, filters)
    if rule is not None:
        clauses.append(m.StoredFinding.rule == rule)
    if severity is not None:
        clauses.append(m.StoredFinding.severity == severity)
    query = select(m.StoredFinding, m.Objective.title) \
        .join(m.Objective, m.Objective.id == m.StoredFinding.objective_id) \
        .join(m.Unit, m.Unit.id == m.Objective.unit_id).where(*clauses)
    total = _count(session, query.with_only_columns(m.StoredFinding.id))
    rows = session.execute(query.order_by(m.Objective.cycle_id, m.Objective.position, m.Objective.id,
                                          m.StoredFinding.id).offset(offset).limit(limit)).all()
    return [{**findings.public(f, lang), "objective_title": title} for f, title in rows], total

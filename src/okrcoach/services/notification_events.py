"""What is worth telling whom: the events that become notices in the outbox (``services/outbox.py``).

Two sources. A review request or decision is told in the transaction that made it
(``objective_moved``, called by ``objectives.transition``): it is sent only if that commits. The
rest is found by the scheduler's periodic ``scan``: check-in reminders on each person's cadence,
objectives whose "at risk" state changed since the last scan (``RiskWatch``), and the qualification
deadlines of ``certificates.alerts``. Each event has a dedupe key naming it (the week, the flip
count, the alert threshold), so scanning again, or from two processes, adds nothing.

Who hears: the responsible person by e-mail, as their preferences allow (``notification_settings``),
and the channels of the unit concerned and of the units above it that take that kind. Without an
SMTP server no e-mail notice is queued at all, so a workspace without mail keeps a clean log.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage.upsert import insert_new
from ..workspace.permissions import Actor
from ..workspace.values import CycleState, ObjectiveStatus, Role
from . import certificates, progress
from .notification_settings import preferences_of, wants
from .outbox import Recipient, enqueue


@dataclass(frozen=True)
class Scan:
    """One scan's clock and means: ``now`` (UTC), the organisation's time zone, whether e-mail can go."""

    now: dt.datetime
    tz: dt.tzinfo
    email: bool

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.tz).date()


# --- who ----------------------------------------------------------------------------------------

def _channels(session: Session, org_id: int, unit_path: str | None, kind: str) -> list[Recipient]:
    """The enabled channels taking ``kind`` of the unit at ``unit_path`` and of every unit above it."""
    if unit_path is None:
        return []
    ancestors = [int(i) for i in unit_path.strip("/").split("/") if i]
    rows = session.scalars(select(m.NotificationChannel).where(
        m.NotificationChannel.org_id == org_id, m.NotificationChannel.enabled.is_(True),
        m.NotificationChannel.unit_id.in_(ancestors))).all()
    return [Recipient.channel(c) for c in rows if kind in (c.kinds or [])]


def _people(session: Session, people: list[m.Person], kind: str, email: bool) -> list[Recipient]:
    if not email:
        return []
    prefs = preferences_of(session, [p.id for p in people])
    return [Recipient.person(p) for p in people
            if p.is_active and p.email and wants(prefs.get(p.id), kind)]


def _managers(session: Session, unit_path: str, *, but: int | None = None) -> list[m.Person]:
    """Managers of the unit at ``unit_path`` or above it (nearest first), except ``but``; admins when none."""
    ancestors = [int(i) for i in unit_path.strip("/").split("/") if i]
    rows = session.execute(select(m.Person, m.Unit.path).join(m.Membership, m.Membership.person_id == m.Person.id)
                           .join(m.Unit, m.Unit.id == m.Membership.unit_id)
                           .where(m.Membership.unit_id.in_(ancestors), m.Membership.role == Role.MANAGER.value,
                                  m.Person.is_active.is_(True))).all()
    found = [p for p, _ in sorted(rows, key=lambda r: -len(r[1])) if p.id != but]
    if found:
        return found
    org_id = session.scalar(select(m.Unit.org_id).where(m.Unit.id == ancestors[-1]))
    return [p for p in session.scalars(select(m.Person).where(
        m.Person.org_id == org_id, m.Person.is_admin.is_(True), m.Person.is_active.is_(True))) if p.id != but]


def _responsible(session: Session, o: m.Objective) -> list[m.Person]:
    """The owner of a personal objective; the unit's managers for a unit's own."""
    if o.owner_id is not None:
        return [session.get(m.Person, o.owner_id)]
    return _managers(session, o.unit.path)


def _objective_path(o: m.Objective) -> str:
    return f"/objectives/{o.id}"


# --- told as it happens ---------------------------------------------------------------------------

def objective_moved(session: Session, o: m.Objective, before: str, after: str, actor: Actor, *,
                    note: str, now: dt.datetime, email: bool) -> None:
    """A submission for review tells the approvers; approving or returning it tells the owner."""
    by = session.get(m.Person, actor.person_id)
    base = {"objective": o.title, "objective_id": o.id, "unit": o.unit.name, "path": _objective_path(o)}
    if after == ObjectiveStatus.IN_REVIEW.value:
        kind = "review_requested"
        owner = session.get(m.Person, o.owner_id) if o.owner_id else None
        data = {**base, "owner": owner.name if owner else o.unit.name, "requested_by": by.name if by else ""}
        people = _managers(session, o.unit.path, but=o.owner_id)
    elif before == ObjectiveStatus.IN_REVIEW.value and after in (ObjectiveStatus.ACTIVE.value,
                                                                  ObjectiveStatus.DRAFT.value):
        kind = "review_decided"
        decision = "approved" if after == ObjectiveStatus.ACTIVE.value else "returned"
        data = {**base, "decision": decision, "decided_by": by.name if by else "", "comment": note}
        people = [p for p in _responsible(session, o) if p.id != actor.person_id]
    else:
        return
    recipients = _people(session, people, kind, email) + _channels(session, o.org_id, o.unit.path, kind)
    enqueue(session, org_id=o.org_id, kind=kind, dedupe_key=f"{kind}:{o.id}:{o.version}", recipients=recipients,
            data=data, now=now)


# --- found by the scheduler -----------------------------------------------------------------------

def scan(session: Session, org_id: int, clock: Scan) -> int:
    """Queue what is due in one organisation now; returns how many notices were new."""
    return (_checkin_reminders(session, org_id, clock) + _risk_changes(session, org_id, clock)
            + _deadlines(session, org_id, clock))


def _live_objectives(org_id: int):
    return (select(m.Objective).join(m.Cycle, m.Cycle.id == m.Objective.cycle_id)
            .where(m.Objective.org_id == org_id, m.Objective.status == ObjectiveStatus.ACTIVE.value,
                   m.Cycle.state == CycleState.ACTIVE.value))


def reminder_slot(now_local: dt.datetime, weekday: int, hour: int) -> dt.datetime:
    """This week's reminder time (local) for a weekday and hour."""
    monday = (now_local - dt.timedelta(days=now_local.weekday())).replace(hour=0, minute=0, second=0,
                                                                          microsecond=0)
    return monday + dt.timedelta(days=weekday, hours=hour)


def _checkin_reminders(session: Session, org_id: int, clock: Scan) -> int:
    """Each person whose reminder time this week has come and who has KRs not checked in for a week
    gets one reminder listing them; each unit channel taking reminders gets its unit's list."""
    local = clock.now.astimezone(clock.tz)
    year, week, _ = local.isocalendar()
    rows = session.execute(select(m.KeyResult, m.Objective).join(m.Objective)
                           .where(m.Objective.id.in_(_live_objectives(org_id).with_only_columns(m.Objective.id)))
                           .order_by(m.Objective.id, m.KeyResult.position)).all()
    done = progress.compute(session, {o.id for _, o in rows}, today=clock.today) if rows else {}
    by_person: dict[int, list] = defaultdict(list)
    stale_rows = []
    for kr, o in rows:
        responsible = kr.owner_id or o.owner_id
        last = kr.checked_in_at
        if last is not None and clock.now - last < dt.timedelta(days=6):
            continue
        kr_progress = next((k.progress for k in done[o.id].key_results if k.id == kr.id), None) \
            if o.id in done else None
        item = {"title": kr.title, "objective": o.title, "progress": kr_progress,
                "last_check_in": last.astimezone(clock.tz).date().isoformat() if last else None,
                "path": _objective_path(o)}
        stale_rows.append((o, item))
        if responsible is not None:
            by_person[responsible].append(item)
    new = 0
    cycle = _cycle_name(session, org_id)
    if clock.email and by_person:
        prefs = preferences_of(session, list(by_person))
        for person in session.scalars(select(m.Person).where(m.Person.id.in_(list(by_person)))):
            pref = prefs.get(person.id)
            cadence, weekday, hour = (pref.checkin_cadence, pref.checkin_weekday, pref.checkin_hour) if pref \
                else ("weekly", 4, 10)
            if cadence == "off" or (cadence == "biweekly" and week % 2) or not wants(pref, "checkin_reminder"):
                continue
            if local < reminder_slot(local, weekday, hour) or not person.is_active or not person.email:
                continue
            data = {"person": person.name, "cycle": cycle, "krs": by_person[person.id], "path": "/my"}
            new += enqueue(session, org_id=org_id, kind="checkin_reminder",
                           dedupe_key=f"checkin_reminder:{year}-W{week:02d}:person:{person.id}",
                           recipients=[Recipient.person(person)], data=data, now=clock.now)
    if local >= reminder_slot(local, 4, 10):
        new += _unit_reminders(session, org_id, clock, stale_rows, f"{year}-W{week:02d}", cycle)
    return new


def _unit_reminders(session: Session, org_id: int, clock: Scan, stale_rows: list, week: str, cycle: str) -> int:
    """A unit channel taking reminders hears, on Friday from 10:00, the KRs of its unit and below still
    waiting for this week's check-in."""
    channels = session.execute(select(m.NotificationChannel, m.Unit).join(m.Unit)
                               .where(m.NotificationChannel.org_id == org_id,
                                      m.NotificationChannel.enabled.is_(True))).all()
    new = 0
    paths = {o.id: o.unit.path for o, _ in stale_rows}
    for channel, unit in channels:
        if "checkin_reminder" not in (channel.kinds or []):
            continue
        items = [item for o, item in stale_rows if paths[o.id].startswith(unit.path)]
        if not items:
            continue
        data = {"person": unit.name, "cycle": cycle, "krs": items, "path": f"/units/{unit.key}"}
        new += enqueue(session, org_id=org_id, kind="checkin_reminder",
                       dedupe_key=f"checkin_reminder:{week}:unit:{unit.id}",
                       recipients=[Recipient.channel(channel)], data=data, now=clock.now)
    return new


def _cycle_name(session: Session, org_id: int) -> str:
    return session.scalar(select(m.Cycle.name).where(m.Cycle.org_id == org_id,
                                                     m.Cycle.state == CycleState.ACTIVE.value)
                          .order_by(m.Cycle.start_date.desc()).limit(1)) or ""


def _risk_changes(session: Session, org_id: int, clock: Scan) -> int:
    """An active objective becoming at risk, or coming back on track, is told once per change; one
    seen for the first time is told only if it is at risk."""
    objectives = {o.id: o for o in session.scalars(_live_objectives(org_id))}
    if not objectives:
        return 0
    states = progress.compute(session, objectives, today=clock.today)
    watched = {w.objective_id: w for w in session.scalars(
        select(m.RiskWatch).where(m.RiskWatch.objective_id.in_(list(objectives))))}
    new = 0
    for oid, p in states.items():
        seen = watched.get(oid)
        now_at_risk = p.risk.at_risk
        if seen is None:
            first = insert_new(session, m.RiskWatch, [{"objective_id": oid, "at_risk": now_at_risk, "flips": 0,
                                                       "changed_at": clock.now}], ["objective_id"])
            if first != 1 or not now_at_risk:     # another scheduler saw it first, or nothing to tell
                continue
            flips = 0
        elif seen.at_risk == now_at_risk:
            continue
        else:
            changed = session.execute(update(m.RiskWatch).where(
                m.RiskWatch.objective_id == oid, m.RiskWatch.at_risk == seen.at_risk, m.RiskWatch.flips == seen.flips)
                .values(at_risk=now_at_risk, flips=seen.flips + 1, changed_at=clock.now)
                .execution_options(synchronize_session=False)).rowcount
            if changed != 1:          # another scheduler told this change
                continue
            flips = seen.flips + 1
        o = objectives[oid]
        kind = "at_risk" if now_at_risk else "back_on_track"
        owner = session.get(m.Person, o.owner_id) if o.owner_id else None
        data = {"objective": o.title, "objective_id": o.id, "owner": owner.name if owner else o.unit.name,
                "unit": o.unit.name, "progress": round(p.progress, 4), "expected": round(p.expected, 4),
                "reasons": list(p.risk.reasons), "path": _objective_path(o)}
        recipients = _people(session, _responsible(session, o), kind, clock.email) \
            + _channels(session, org_id, o.unit.path, kind)
        new += enqueue(session, org_id=org_id, kind=kind, dedupe_key=f"risk:{oid}:{flips}", recipients=recipients,
                       data=data, now=clock.now)
    return new


def _deadlines(session: Session, org_id: int, clock: Scan) -> int:
    """Certificate expiries at 180/90/30 days (and past) and answers to reviewers coming due at 7/3/1
    days: each threshold reached is told once."""
    system = Actor(person_id=0, org_id=org_id, is_admin=True)
    new = 0
    for alert in certificates.alerts(session, actor=system, today=clock.today):
        c = alert.certificate
        unit_path = session.scalar(select(m.Unit.path).where(m.Unit.id == c.unit_id)) if c.unit_id else \
            session.scalar(select(m.Unit.path).where(m.Unit.org_id == org_id, m.Unit.parent_id.is_(None)))
        if alert.kind == certificates.AlertKind.EXPIRY:
            kind = "certificate_expiry"
            key = f"certificate_expiry:{c.id}:{c.expires_on}:{alert.threshold}"
            data = {"certificate": c.name, "number": c.number, "holder": c.holder,
                    "expires_on": c.expires_on.isoformat(), "days_left": alert.days_left,
                    "path": f"/qualifications/certificates/{c.id}"}
            owner_id = c.owner_id
        else:
            kind = "response_due"
            item, application = alert.feedback, alert.application
            key = f"response_due:{item.id}:{item.response_due}:{alert.threshold}"
            data = {"application": application.title, "certificate": c.name, "feedback": item.summary,
                    "due_on": item.response_due.isoformat(), "days_left": alert.days_left,
                    "path": f"/applications/{application.id}"}
            owner_id = application.owner_id or c.owner_id
        people = [session.get(m.Person, owner_id)] if owner_id else \
            (_managers(session, unit_path) if unit_path else [])
        recipients = _people(session, people, kind, clock.email) + _channels(session, org_id, unit_path, kind)
        new += enqueue(session, org_id=org_id, kind=kind, dedupe_key=key, recipients=recipients, data=data,
                       now=clock.now)
    return new


def organisations(session: Session) -> list[int]:
    return list(session.scalars(select(m.Organisation.id).order_by(m.Organisation.id)))


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
from sqlalchemy.orm import Session, selectinload

from ..storage import models as m
from ..storage.batches import batches
from ..storage.upsert import insert_new
from ..workspace.permissions import Actor
from ..workspace.values import CycleState, ObjectiveStatus, Role
from . import certificates, progress
from .notification_settings import preferences_of, wants
from .outbox import Event, Recipient, enqueue


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

class Audience:
    """Who may hear what in one organisation, read once (a scan asks it about thousands of objectives
    without a query for each): its people and their preferences, its managers by unit, its enabled
    channels."""

    def __init__(self, session: Session, org_id: int, *, email: bool):
        self.email = email
        self.people = {p.id: p for p in session.scalars(select(m.Person).where(m.Person.org_id == org_id))}
        self.prefs = preferences_of(session, list(self.people))
        self.channels = list(session.scalars(select(m.NotificationChannel).where(
            m.NotificationChannel.org_id == org_id, m.NotificationChannel.enabled.is_(True))))
        self.managers = session.execute(
            select(m.Membership.person_id, m.Unit.path).join(m.Unit, m.Unit.id == m.Membership.unit_id)
            .where(m.Unit.org_id == org_id, m.Membership.role == Role.MANAGER.value)).all()
        self.admins = [p for p in self.people.values() if p.is_admin]

    def prefers(self, person_id: int) -> m.NotificationPreference | None:
        return self.prefs.get(person_id)

    def by_email(self, people: list[m.Person], kind: str) -> list[Recipient]:
        if not self.email:
            return []
        return [Recipient.person(p) for p in people
                if p.is_active and p.email and wants(self.prefs.get(p.id), kind)]

    def channels_of(self, unit_path: str | None, kind: str) -> list[Recipient]:
        """The channels taking ``kind`` of the unit at ``unit_path`` and of every unit above it."""
        if unit_path is None:
            return []
        ancestors = {int(i) for i in unit_path.strip("/").split("/") if i}
        return [Recipient.channel(c) for c in self.channels if c.unit_id in ancestors and kind in (c.kinds or [])]

    def managers_of(self, unit_path: str, *, but: int | None = None) -> list[m.Person]:
        """Managers of the unit at ``unit_path`` or above it (nearest first), except ``but``; admins when none."""
        above = sorted(((path, pid) for pid, path in self.managers if unit_path.startswith(path)),
                       key=lambda r: -len(r[0]))
        found = [self.people[pid] for _, pid in above if pid != but and self.people[pid].is_active]
        return found or [p for p in self.admins if p.is_active and p.id != but]

    def responsible(self, o: m.Objective) -> list[m.Person]:
        """The owner of a personal objective; the unit's managers for a unit's own."""
        return [self.people[o.owner_id]] if o.owner_id is not None else self.managers_of(o.unit.path)

    def name(self, person_id: int | None, fallback: str = "") -> str:
        person = self.people.get(person_id) if person_id is not None else None
        return person.name if person else fallback


def _objective_path(o: m.Objective) -> str:
    return f"/objectives/{o.id}"


# --- told as it happens ---------------------------------------------------------------------------

def objective_moved(session: Session, o: m.Objective, before: str, after: str, actor: Actor, *,
                    note: str, now: dt.datetime, email: bool) -> None:
    """A submission for review tells the approvers; approving or returning it tells the owner."""
    if after == ObjectiveStatus.IN_REVIEW.value:
        kind = "review_requested"
    elif before == ObjectiveStatus.IN_REVIEW.value and after in (ObjectiveStatus.ACTIVE.value,
                                                                  ObjectiveStatus.DRAFT.value):
        kind = "review_decided"
    else:
        return
    who = Audience(session, o.org_id, email=email)
    data = {"objective": o.title, "objective_id": o.id, "unit": o.unit.name, "path": _objective_path(o)}
    if kind == "review_requested":
        data.update(owner=who.name(o.owner_id, o.unit.name), requested_by=who.name(actor.person_id))
        people = who.managers_of(o.unit.path, but=o.owner_id)
    else:
        data.update(decision="approved" if after == ObjectiveStatus.ACTIVE.value else "returned",
                    decided_by=who.name(actor.person_id), comment=note)
        people = [p for p in who.responsible(o) if p.id != actor.person_id]
    enqueue(session, org_id=o.org_id, now=now, events=[Event(
        kind, f"{kind}:{o.id}:{o.version}", who.by_email(people, kind) + who.channels_of(o.unit.path, kind), data)])


# --- found by the scheduler -----------------------------------------------------------------------

@dataclass
class _Live:
    """The organisation's active objectives in active cycles, with their progress and risk: read once a
    scan for both the reminders and the risk changes."""

    objectives: dict[int, m.Objective]
    states: dict[int, progress.ObjectiveProgress]


def scan(session: Session, org_id: int, clock: Scan) -> int:
    """Queue what is due in one organisation now; returns how many notices were new."""
    who = Audience(session, org_id, email=clock.email)
    objectives = {o.id: o for o in session.scalars(
        select(m.Objective).join(m.Cycle, m.Cycle.id == m.Objective.cycle_id)
        .where(m.Objective.org_id == org_id, m.Objective.status == ObjectiveStatus.ACTIVE.value,
               m.Cycle.state == CycleState.ACTIVE.value)
        .options(selectinload(m.Objective.unit)))}
    live = _Live(objectives, progress.compute(session, objectives, today=clock.today) if objectives else {})
    events = (_checkin_reminders(session, org_id, clock, who, live) + _risk_changes(session, clock, who, live)
              + _deadlines(session, org_id, clock, who))
    return enqueue(session, org_id=org_id, events=events, now=clock.now)


def reminder_slot(now_local: dt.datetime, weekday: int, hour: int) -> dt.datetime:
    """This week's reminder time (local) for a weekday and hour."""
    monday = (now_local - dt.timedelta(days=now_local.weekday())).replace(hour=0, minute=0, second=0,
                                                                          microsecond=0)
    return monday + dt.timedelta(days=weekday, hours=hour)


def _checkin_reminders(session: Session, org_id: int, clock: Scan, who: Audience, live: _Live) -> list[Event]:
    """Each person whose reminder time this week has come and who has KRs not checked in for six days
    gets one reminder listing them; each unit channel taking reminders gets its unit's list."""
    local = clock.now.astimezone(clock.tz)
    year, week, _ = local.isocalendar()
    kr_done = {k.id: k.progress for p in live.states.values() for k in p.key_results}
    columns = (m.KeyResult.id, m.KeyResult.objective_id, m.KeyResult.title, m.KeyResult.owner_id,
               m.KeyResult.checked_in_at)
    by_person: dict[int, list] = defaultdict(list)
    stale = []
    for batch in batches(live.objectives):
        for kr_id, oid, title, owner_id, last in session.execute(
                select(*columns).where(m.KeyResult.objective_id.in_(batch))
                .order_by(m.KeyResult.objective_id, m.KeyResult.position)):
            if last is not None and clock.now - last < dt.timedelta(days=6):
                continue
            o = live.objectives[oid]
            item = {"title": title, "objective": o.title, "progress": kr_done.get(kr_id),
                    "last_check_in": last.astimezone(clock.tz).date().isoformat() if last else None,
                    "path": _objective_path(o)}
            stale.append((o.unit.path, item))
            responsible = owner_id or o.owner_id
            if responsible is not None:
                by_person[responsible].append(item)
    week_key, cycle = f"{year}-W{week:02d}", _cycle_name(session, org_id)
    events = []
    for person_id, items in by_person.items():
        pref = who.prefers(person_id)
        cadence, weekday, hour = (pref.checkin_cadence, pref.checkin_weekday, pref.checkin_hour) if pref \
            else ("weekly", 4, 10)
        if cadence == "off" or (cadence == "biweekly" and week % 2) or local < reminder_slot(local, weekday, hour):
            continue
        person = who.people[person_id]
        events.append(Event("checkin_reminder", f"checkin_reminder:{week_key}:person:{person_id}",
                            who.by_email([person], "checkin_reminder"),
                            {"person": person.name, "cycle": cycle, "krs": items, "path": "/my"}))
    if local >= reminder_slot(local, 4, 10):
        events += _unit_reminders(session, who, stale, week_key, cycle)
    return events


def _unit_reminders(session: Session, who: Audience, stale: list, week: str, cycle: str) -> list[Event]:
    """A unit channel taking reminders hears, on Friday from 10:00, the KRs of its unit and below still
    waiting for this week's check-in."""
    listening = [c for c in who.channels if "checkin_reminder" in (c.kinds or [])]
    units = {u.id: u for u in session.scalars(select(m.Unit).where(m.Unit.id.in_({c.unit_id for c in listening})))}
    events = []
    for channel in listening:
        unit = units[channel.unit_id]
        items = [item for path, item in stale if path.startswith(unit.path)]
        if items:
            events.append(Event("checkin_reminder", f"checkin_reminder:{week}:unit:{unit.id}",
                                [Recipient.channel(channel)],
                                {"person": unit.name, "cycle": cycle, "krs": items, "path": f"/units/{unit.id}"}))
    return events


def _cycle_name(session: Session, org_id: int) -> str:
    return session.scalar(select(m.Cycle.name).where(m.Cycle.org_id == org_id,
                                                     m.Cycle.state == CycleState.ACTIVE.value)
                          .order_by(m.Cycle.start_date.desc()).limit(1)) or ""


def _risk_changes(session: Session, clock: Scan, who: Audience, live: _Live) -> list[Event]:
    """An active objective becoming at risk, or coming back on track, is told once per change; one
    seen for the first time is told only if it is at risk."""
    states = live.states
    watched = {oid: (at_risk, flips) for batch in batches(states) for oid, at_risk, flips in session.execute(
        select(m.RiskWatch.objective_id, m.RiskWatch.at_risk, m.RiskWatch.flips)
        .where(m.RiskWatch.objective_id.in_(batch)))}
    unseen = [{"objective_id": oid, "at_risk": p.risk.at_risk, "flips": 0, "changed_at": clock.now}
              for oid, p in states.items() if oid not in watched]
    # the first sight of an objective is this scheduler's only where its row went in (not another's)
    first_seen = set(insert_new(session, m.RiskWatch, unseen, ["objective_id"]))
    events = []
    for oid, p in states.items():
        seen, now_at_risk = watched.get(oid), p.risk.at_risk
        if seen is None:
            if oid not in first_seen or not now_at_risk:
                continue
            flips = 0
        elif seen[0] == now_at_risk:
            continue
        else:
            was_at_risk, flips = seen
            changed = session.execute(update(m.RiskWatch).where(
                m.RiskWatch.objective_id == oid, m.RiskWatch.at_risk == was_at_risk, m.RiskWatch.flips == flips)
                .values(at_risk=now_at_risk, flips=flips + 1, changed_at=clock.now)).rowcount
            if changed != 1:          # another scheduler told this change
                continue
            flips += 1
        o = live.objectives[oid]
        kind = "at_risk" if now_at_risk else "back_on_track"
        events.append(Event(kind, f"risk:{oid}:{flips}",
                            who.by_email(who.responsible(o), kind) + who.channels_of(o.unit.path, kind),
                            {"objective": o.title, "objective_id": o.id, "owner": who.name(o.owner_id, o.unit.name),
                             "unit": o.unit.name, "progress": round(p.progress, 4), "expected": round(p.expected, 4),
                             "reasons": list(p.risk.reasons), "path": _objective_path(o)}))
    return events


def _deadlines(session: Session, org_id: int, clock: Scan, who: Audience) -> list[Event]:
    """Certificate expiries at 180/90/30 days (and past) and answers to reviewers coming due at 7/3/1
    days: each threshold reached is told once."""
    alerts = certificates.alerts(session, actor=Actor(person_id=0, org_id=org_id, is_admin=True), today=clock.today)
    if not alerts:
        return []
    paths = dict(session.execute(select(m.Unit.id, m.Unit.path).where(m.Unit.org_id == org_id)).all())
    root = next((path for path in paths.values() if path.count("/") == 2), None)
    events = []
    for alert in alerts:
        c = alert.certificate
        unit_path = paths.get(c.unit_id, root)
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
        people = [who.people[owner_id]] if owner_id in who.people else \
            (who.managers_of(unit_path) if unit_path else [])
        events.append(Event(kind, key, who.by_email(people, kind) + who.channels_of(unit_path, kind), data))
    return events


def organisations(session: Session) -> list[int]:
    return list(session.scalars(select(m.Organisation.id).order_by(m.Organisation.id)))

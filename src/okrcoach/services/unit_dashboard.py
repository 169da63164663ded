"""A unit's dashboard: its cycle at a glance, from one read of the objectives beneath the unit.

A company has some 27,000 objectives and 120,000 KRs; bringing their KRs into Python to add them up
took seconds. Each objective's progress is read instead from the rollup its own KRs keep
(``storage/rollups.py``: the formulas of ``workspace.progress``, stored), in one query over the
objectives beneath the unit that the reader may read (``services.visibility``); every count, mean
and list of the dashboard is added up from those rows, the check-in freshness of their KRs too (the
rollup keeps the times). The few objectives without KRs of their own take their progress from their
children, which depends on what the reader may see: those are rolled up as the reader sees them
(``services.progress.compute``), so every number is the one the objective's own page shows to the
same reader. Only the open findings are counted in the database, over the same objectives.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage.rollups import stamp
from ..workspace.errors import NotFound
from ..workspace.permissions import Actor
from ..workspace.progress import at_risk, elapsed, risk
from ..workspace.values import ObjectiveStatus, Role
from .dashboards import CHECK_IN_EVERY, resolve_cycle, rounded
from .progress import ObjectiveRow, collector_paused, compute
from .visibility import readable_rows, visible_objectives

AT_RISK_SHOWN = 50          # the worst first; ``at_risk_count`` says how many there are
BUCKETS = 10                # the progress distribution in tenths
ACTIVE = ObjectiveStatus.ACTIVE.value


@dataclass
class AtRisk:
    id: int
    title: str
    owner_id: int | None
    progress: float
    risk_reasons: list[str]


@dataclass
class MemberRow:
    person_id: int
    name: str
    role: str
    objectives: int
    progress: float | None


@dataclass
class SubUnitRow:
    id: int
    key: str
    name: str
    objectives: int
    progress: float | None
    at_risk: int


@dataclass
class Dashboard:
    unit: m.Unit
    cycle: m.Cycle
    own_progress: float | None          # the unit's own objectives (not its people's)
    subtree_progress: float | None      # everything in the unit and beneath it, people included
    objectives_count: int
    by_status: dict[str, int]
    distribution: list[int]             # objectives by progress: [0, 10%), [10%, 20%), …, [90%, 100%]
    at_risk_count: int
    at_risk: list[AtRisk]               # active objectives only: a draft is not yet being worked on
    findings_by_rule: dict[str, int]
    sub_units: list[SubUnitRow]
    members: list[MemberRow]
    objectives: list[ObjectiveRow]      # one page of them, in unit and set order
    freshness: dict[str, int]           # KRs of active objectives by their last check-in: fresh, stale, overdue


class _Tally:
    """A count of objectives, their progress added up, and how many of them are at risk."""

    def __init__(self) -> None:
        self.count = self.at_risk = 0
        self.total = 0.0

    def add(self, progress: float, at_risk: bool) -> None:
        self.count += 1
        self.total += progress
        self.at_risk += at_risk

    def merge(self, other: _Tally) -> None:
        self.count += other.count
        self.total += other.total
        self.at_risk += other.at_risk

    @property
    def mean(self) -> float | None:
        return rounded(self.total / self.count) if self.count else None


def unit_dashboard(session: Session, *, actor: Actor, unit_id: int, cycle_id: int | None, today: dt.date,
                   offset: int = 0, limit: int = 50, tz: dt.tzinfo = dt.timezone.utc) -> Dashboard:
    """A unit's cycle at a glance, for anyone in the organisation, counting only what the actor may read.

    Everything beneath the unit is counted, but only a page of objectives and the worst at-risk ones
    are listed, and people and sub-units one level down: a company's dashboard stays a summary, and
    its sub-units' dashboards are the way down.
    """
    unit = session.get(m.Unit, unit_id)
    if unit is None or unit.org_id != actor.org_id:
        raise NotFound(f"unit {unit_id} does not exist")
    cycle = resolve_cycle(session, actor, cycle_id, today)
    board = _Board(session, actor, unit, cycle, today, tz)
    return Dashboard(
        unit=unit, cycle=cycle, own_progress=board.own.mean, subtree_progress=board.all.mean,
        objectives_count=board.all.count, by_status=board.by_status, distribution=board.distribution,
        at_risk_count=board.all.at_risk, at_risk=board.worst(), findings_by_rule=board.findings(),
        sub_units=board.sub_units(), members=board.members(), objectives=board.page(offset, limit),
        freshness=board.freshness)


class _Board:
    """One dashboard, worked out from a single read of the cycle's objectives beneath the unit that the
    actor may read: id, status, unit, owner and the stored rollup (``storage/rollups.py``).
    Counts, means, the distribution, sub-units, people and the worst at-risk ones are added up from
    those rows in Python; each was its own scan of the same objectives before, and the scans, not
    the adding up, were the cost. Objectives without KRs (no rollup row) are rolled up by
    ``services.progress.compute`` as the actor sees them, and counted with the rest."""

    @collector_paused()
    def __init__(self, session: Session, actor: Actor, unit: m.Unit, cycle: m.Cycle, today: dt.date,
                 tz: dt.tzinfo) -> None:
        self.session, self.actor, self.unit, self.cycle, self.today = session, actor, unit, cycle, today
        self.share = elapsed(cycle.start_date, cycle.end_date, today)
        self.where = and_(m.Objective.cycle_id == cycle.id, m.Unit.org_id == unit.org_id,   # the org: units in path order
                          m.Unit.path.startswith(unit.path, autoescape=True), visible_objectives(actor))
        self.children = session.scalars(select(m.Unit).where(m.Unit.parent_id == unit.id)
                                        .order_by(m.Unit.name, m.Unit.id)).all()
        self.people = session.execute(
            select(m.Person.id, m.Person.name, m.Membership.role)
            .join(m.Membership, m.Membership.person_id == m.Person.id)
            .where(m.Membership.unit_id == unit.id, m.Person.is_active.is_(True))
            .order_by(m.Membership.role != Role.MANAGER.value, m.Person.name, m.Person.id)).all()
        r = m.ObjectiveRollup
        session.flush()
        self.rows = session.connection().execute(   # Core rows: the ORM's per-row work doubled the time
            select(m.Objective.id, m.Objective.status, m.Objective.unit_id, m.Objective.owner_id, r.progress,
                   r.confidence, m.Unit.path, r.check_ins)
            .select_from(m.Objective).join(m.Unit, m.Unit.id == m.Objective.unit_id)
            .outerjoin(r, r.objective_id == m.Objective.id).where(self.where)).all()
        self._summarise(tz)

    def _summarise(self, tz: dt.tzinfo) -> None:
        """The unit's, its own objectives', each sub-unit's and each member's tallies, in one pass; the
        active objectives at risk, as (progress, id, lowest confidence); and how recently the KRs of
        active objectives were checked in: within ``CHECK_IN_EVERY`` (fresh), within twice that
        (stale), or longer ago or never (overdue)."""
        without_krs = [row[0] for row in self.rows if row[4] is None]
        rolled = compute(self.session, without_krs, today=self.today, visible=readable_rows(self.actor),
                         known=dict.fromkeys(without_krs, self.cycle.id))
        unit_id, path, share = self.unit.id, self.unit.path, self.share
        self.own = _Tally()
        by_unit: dict[int, _Tally] = defaultdict(_Tally)   # each unit's objectives, folded into sub-units below
        paths: dict[int, str] = {}
        self.by_person = {person_id: _Tally() for person_id, _, _ in self.people}
        self.by_status = {s.value: 0 for s in ObjectiveStatus}
        self.distribution = [0] * BUCKETS
        self.flagged: list[tuple[float, int, float | None]] = []
        fresh, stale = self._since(CHECK_IN_EVERY.days, tz), self._since(2 * CHECK_IN_EVERY.days, tz)
        n_krs = n_fresh = n_recent = 0
        for oid, status, row_unit, owner, progress, confidence, row_path, check_ins in self.rows:
            if progress is None:
                progress, confidence = rolled[oid].progress, rolled[oid].confidence
            active = status == ACTIVE
            flagged = active and at_risk(progress, confidence, share)
            if flagged:
                self.flagged.append((progress, oid, confidence))
            if active and check_ins:   # sorted stamps, which compare as the times do (``rollups.stamp``)
                stamps = check_ins.split()
                n_krs += len(stamps)
                n_fresh += len(stamps) - bisect_left(stamps, fresh)
                n_recent += len(stamps) - bisect_left(stamps, stale)
            by_unit[row_unit].add(progress, flagged)
            paths[row_unit] = row_path
            self.by_status[status] += 1
            self.distribution[min(int(progress * BUCKETS), BUCKETS - 1)] += 1
            if owner is None:
                if row_unit == unit_id:
                    self.own.add(progress, flagged)
            elif owner in self.by_person:
                self.by_person[owner].add(progress, False)
        self.all = _Tally()
        self.by_child = {c.id: _Tally() for c in self.children}
        child_of_path = {c.path: c.id for c in self.children}
        for row_unit, tally in by_unit.items():   # /1/4/9/: the segment after the unit's path names the child
            self.all.merge(tally)
            step = paths[row_unit][len(path):].split("/", 1)[0]
            if (child := child_of_path.get(f"{path}{step}/")) is not None:
                self.by_child[child].merge(tally)
        self.freshness = {"fresh": n_fresh, "stale": n_recent - n_fresh, "overdue": n_krs - n_recent}

    def _since(self, days: int, tz: dt.tzinfo) -> str:
        """The start of the day ``days`` ago in the organisation's time zone, stamped as check-ins are."""
        return stamp(dt.datetime.combine(self.today - dt.timedelta(days=days), dt.time(0), tz))

    def worst(self) -> list[AtRisk]:
        flagged = sorted(self.flagged)[:AT_RISK_SHOWN]
        rows = {oid: (title, owner) for oid, title, owner in self.session.execute(
            select(m.Objective.id, m.Objective.title, m.Objective.owner_id)
            .where(m.Objective.id.in_([oid for _, oid, _ in flagged])))}
        return [AtRisk(oid, rows[oid][0], rows[oid][1], rounded(p), list(risk(p, confidence, self.share).reasons))
                for p, oid, confidence in flagged]

    def findings(self) -> dict[str, int]:
        rows = self.session.execute(
            select(m.StoredFinding.rule, func.count()).join(m.Objective, m.Objective.id == m.StoredFinding.objective_id)
            .join(m.Unit, m.Unit.id == m.Objective.unit_id).where(self.where).group_by(m.StoredFinding.rule)).all()
        return dict(sorted(rows))

    def sub_units(self) -> list[SubUnitRow]:
        """Each unit one level down, with everything beneath it rolled up."""
        return [SubUnitRow(c.id, c.key, c.name, self.by_child[c.id].count, self.by_child[c.id].mean,
                           self.by_child[c.id].at_risk) for c in self.children]

    def members(self) -> list[MemberRow]:
        """The unit's own people (not its sub-units'), managers first, with their objectives in the subtree."""
        return [MemberRow(person_id, name, role, self.by_person[person_id].count, self.by_person[person_id].mean)
                for person_id, name, role in self.people]

    def page(self, offset: int, limit: int) -> list[ObjectiveRow]:
        """A page of objectives in unit and set order: read in that order from the units' and the
        objectives' indexes, not sorted."""
        rows = self.session.execute(
            select(m.Objective.id, m.Objective.title, m.Objective.level, m.Objective.status, m.Objective.unit_id,
                   m.Objective.owner_id).join(m.Unit, m.Unit.id == m.Objective.unit_id).where(self.where)
            .order_by(m.Unit.path, m.Objective.position, m.Objective.id).offset(offset).limit(limit)).all()
        progress = compute(self.session, [row.id for row in rows], today=self.today, visible=readable_rows(self.actor),
                           known={row.id: self.cycle.id for row in rows})
        return [ObjectiveRow(*row, progress[row.id]) for row in rows]
"""A unit's dashboard: its cycle at a glance, counting only what the reader may read.

A company has some 27,000 objectives and 120,000 KRs; reading them all took longer than a page may.
The dashboard adds up the units' digests instead (``storage/unit_digests.py``: what each unit's
objectives of each visibility add up to, kept at every write), those its reader may read all of
(``services.visibility.reads_all_of``): a few hundred rows for a company. Then it reads one by one
the few objectives that no digest can answer for: those the reader may read beyond the digests
(their own, those they contribute to), and those without KRs of their own, which take their
progress from their children as the reader sees them (``services.progress.compute``), so every
number is the one the objective's own page shows to the same reader. A test counts every objective
one by one for several readers and compares every number.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage.batches import batches
from ..storage.rollups import stamp
from ..workspace.errors import NotFound
from ..workspace.permissions import Actor
from ..workspace.progress import at_risk, behind_below, elapsed, risk
from ..workspace.values import ObjectiveStatus, Role
from .dashboards import CHECK_IN_EVERY, resolve_cycle, rounded
from .progress import ObjectiveRow, collector_paused, compute
from .visibility import ancestor_paths, readable_rows, reads_all_of, visible_objectives

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
    return _Board(session, actor, unit, cycle, today, tz).dashboard(offset, limit)


class _Board:
    """One dashboard's tallies, filled from the units' digests and the few objectives read one by one,
    and its lists read from the database (a page of objectives, the worst at risk, open findings)."""

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
        self.all, self.own = _Tally(), _Tally()
        self.by_child = {c.id: _Tally() for c in self.children}
        self.by_person = {person_id: _Tally() for person_id, _, _ in self.people}
        self.by_status = {s.value: 0 for s in ObjectiveStatus}
        self.distribution = [0] * BUCKETS
        self.flagged: list[tuple[float, int]] = []   # at risk, as (progress, id): the worst are listed
        self._child_of_path = {c.path: c.id for c in self.children}
        self._fresh, self._stale = self._since(CHECK_IN_EVERY.days, tz), self._since(2 * CHECK_IN_EVERY.days, tz)
        self._krs = self._fresh_krs = self._recent_krs = 0
        session.flush()
        self._count()
        self.freshness = {"fresh": self._fresh_krs, "stale": self._recent_krs - self._fresh_krs,
                          "overdue": self._krs - self._recent_krs}

    def dashboard(self, offset: int, limit: int) -> Dashboard:
        return Dashboard(
            unit=self.unit, cycle=self.cycle, own_progress=self.own.mean, subtree_progress=self.all.mean,
            objectives_count=self.all.count, by_status=self.by_status, distribution=self.distribution,
            at_risk_count=self.all.at_risk, at_risk=self.worst(), findings_by_rule=self.findings(),
            sub_units=self.sub_units(), members=self.members(), objectives=self.page(offset, limit),
            freshness=self.freshness)

    def _count(self) -> None:
        """The units' digests the actor may read all of, added up (``storage/unit_digests.py``: a few
        hundred rows for a company), then those read one by one: the objectives without KRs, those the
        actor may read beyond the digests (their own, those they contribute to), and the people's."""
        d = m.UnitDigest
        member_units = ancestor_paths(self.actor.member_paths)
        without_krs: list[int] = []
        for digest in self.session.connection().execute(   # Core rows: 963 for a company, ORM objects cost more
                select(*d.__table__.columns, m.Unit.path).join(m.Unit, m.Unit.id == d.unit_id)
                .where(d.cycle_id == self.cycle.id, m.Unit.org_id == self.unit.org_id,
                       m.Unit.path.startswith(self.unit.path, autoescape=True))):
            if reads_all_of(self.actor, digest.path, digest.visibility, member_units):
                self._add_digest(digest)
                without_krs += [int(oid) for oid in digest.without_krs.split()]
        self._add_without_krs([row for batch in batches(without_krs) for row in self.session.execute(
            select(m.Objective.id, m.Objective.status, m.Objective.unit_id, m.Objective.owner_id, m.Unit.path)
            .join(m.Unit, m.Unit.id == m.Objective.unit_id).where(m.Objective.id.in_(batch)))])
        mine = m.Objective.owner_id == self.actor.person_id
        if self.actor.contributes_to:
            mine = or_(mine, m.Objective.id.in_(sorted(self.actor.contributes_to)))
        self._add_rows(row[:8] for row in self._read_rows(mine)
                       if not reads_all_of(self.actor, row.path, row.visibility, member_units))
        self._count_people()

    def _add_digest(self, digest) -> None:
        """One unit's objectives of one visibility, into every tally but the people's."""
        tally = _Tally()
        tally.count, tally.total = digest.objectives, digest.progress_sum
        behind = [float(p) for p in digest.behind_candidates.split()]
        n_behind = bisect_left(behind, behind_below(self.share))
        tally.at_risk = digest.low_confidence + n_behind
        first = min(n_behind, AT_RISK_SHOWN)   # the worst at risk are among each digest's first behind
        self.flagged += zip(behind[:first], map(int, digest.behind_ids.split()[:first]), strict=True)
        self.flagged += [(p, oid) for p, oid in digest.lowest_low_confidence]   # and its lowest of low confidence
        self.all.merge(tally)
        if (child := self._child(digest.path)) is not None:
            self.by_child[child].merge(tally)
        if digest.unit_id == self.unit.id:
            self.own.count += digest.own_objectives
            self.own.total += digest.own_progress_sum
        for status, n in digest.by_status.items():
            self.by_status[status] += n
        self.distribution = [a + b for a, b in zip(self.distribution, digest.distribution, strict=True)]
        self._count_check_ins(digest.check_ins.split())

    def _since(self, days: int, tz: dt.tzinfo) -> str:
        """The start of the day ``days`` ago in the organisation's time zone, stamped as check-ins are."""
        return stamp(dt.datetime.combine(self.today - dt.timedelta(days=days), dt.time(0), tz))

    def _count_check_ins(self, stamps: list[str]) -> None:
        """KRs by their latest check-in: within ``CHECK_IN_EVERY`` (fresh), within twice that (stale),
        longer ago or never (overdue); ``stamps`` sorted, which compare as the times do."""
        self._krs += len(stamps)
        self._fresh_krs += len(stamps) - bisect_left(stamps, self._fresh)
        self._recent_krs += len(stamps) - bisect_left(stamps, self._stale)

    def _child(self, path: str) -> int | None:
        """The sub-unit a unit of the subtree lies in: /1/4/9/, the segment after the unit's path."""
        step = path[len(self.unit.path):].split("/", 1)[0]
        return self._child_of_path.get(f"{self.unit.path}{step}/")

    def _roll_up(self, ids: list[int]) -> dict:
        """Objectives without KRs, rolled up from their children as the actor sees them."""
        return compute(self.session, ids, today=self.today, visible=readable_rows(self.actor),
                       known=dict.fromkeys(ids, self.cycle.id))

    def _add(self, oid: int, status: str, row_unit: int, owner: int | None, path: str, progress: float,
             flagged: bool) -> None:
        """One objective read one by one into the unit's tallies (the people's are counted apart)."""
        if flagged:
            self.flagged.append((progress, oid))
        self.all.add(progress, flagged)
        self.by_status[status] += 1
        self.distribution[min(int(progress * BUCKETS), BUCKETS - 1)] += 1
        if owner is None and row_unit == self.unit.id:
            self.own.add(progress, flagged)
        if (child := self._child(path)) is not None:
            self.by_child[child].add(progress, flagged)

    def _add_without_krs(self, rows: list) -> None:
        """Objectives without KRs, as (id, status, unit, owner, unit path), into every tally."""
        rolled = self._roll_up([row[0] for row in rows])
        for oid, status, row_unit, owner, path in rows:
            p = rolled[oid]
            self._add(oid, status, row_unit, owner, path, p.progress, status == ACTIVE and p.risk.at_risk)
            if owner in self.by_person:
                self.by_person[owner].add(p.progress, False)

    def _add_rows(self, rows) -> None:
        """Objectives read one by one, as (id, status, unit, owner, progress, confidence, unit path,
        check_ins) with their rollup (progress None: no KRs), into every tally but the people's."""
        without_krs = []
        for oid, status, row_unit, owner, progress, confidence, path, check_ins in rows:
            if progress is None:
                without_krs.append((oid, status, row_unit, owner, path))
                continue
            active = status == ACTIVE
            if active and check_ins:
                self._count_check_ins(check_ins.split())
            self._add(oid, status, row_unit, owner, path, progress,
                      active and at_risk(progress, confidence, self.share))
        self._add_without_krs(without_krs)

    def _read_rows(self, *where):
        """Objectives the actor may read beneath the unit, with their rollups, as ``_add_rows`` takes them."""
        r = m.ObjectiveRollup
        return self.session.connection().execute(   # Core rows: the ORM's per-row work doubled the time
            select(m.Objective.id, m.Objective.status, m.Objective.unit_id, m.Objective.owner_id, r.progress,
                   r.confidence, m.Unit.path, r.check_ins, m.Objective.visibility)
            .select_from(m.Objective).join(m.Unit, m.Unit.id == m.Objective.unit_id)
            .outerjoin(r, r.objective_id == m.Objective.id).where(self.where, *where)).all()

    def _count_people(self) -> None:
        """The unit's people's objectives with KRs (those without are counted by ``_add_without_krs``)."""
        r = m.ObjectiveRollup
        for owner, progress in self.session.execute(
                select(m.Objective.owner_id, r.progress).join(m.Unit, m.Unit.id == m.Objective.unit_id)
                .join(r, r.objective_id == m.Objective.id)
                .where(self.where, m.Objective.owner_id.in_(list(self.by_person)))):
            self.by_person[owner].add(progress, False)

    def worst(self) -> list[AtRisk]:
        flagged = sorted(self.flagged)[:AT_RISK_SHOWN]
        r = m.ObjectiveRollup
        rows = {oid: (title, owner, confidence) for oid, title, owner, confidence in self.session.execute(
            select(m.Objective.id, m.Objective.title, m.Objective.owner_id, r.confidence)
            .outerjoin(r, r.objective_id == m.Objective.id)   # none: no KRs, no confidence
            .where(m.Objective.id.in_([oid for _, oid in flagged])))}
        return [AtRisk(oid, rows[oid][0], rows[oid][1], rounded(p), list(risk(p, rows[oid][2], self.share).reasons))
                for p, oid in flagged]

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

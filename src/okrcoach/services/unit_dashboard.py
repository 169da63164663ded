"""A unit's dashboard: its cycle at a glance, counted and averaged in the database.

A company has some 27,000 objectives and 120,000 KRs; bringing them into Python to add them up took
seconds. Here each count, mean and list is one aggregate query over the objectives beneath the unit
that the reader may read (``services.visibility``), reading each objective's progress from the
rollup its own KRs keep (``storage/rollups.py``: the formulas of ``workspace.progress``, stored).
The few objectives without KRs of their own take their progress from their children, which depends
on what the reader may see: those are rolled up in Python (``services.progress.compute``) and
added in, so every number is the one the objective's own page shows to the same reader.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..storage import models as m
from ..workspace.errors import NotFound
from ..workspace.permissions import Actor
from ..workspace.progress import BEHIND_MARGIN, LOW_CONFIDENCE, elapsed, risk
from ..workspace.values import ObjectiveStatus, Role
from .dashboards import CHECK_IN_EVERY, resolve_cycle, rounded
from .progress import ObjectiveProgress, ObjectiveRow, compute
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
    """Counts and sums of progress, filled from grouped rows and from objectives rolled up in Python."""

    def __init__(self) -> None:
        self.count = self.at_risk = 0
        self.total = 0.0

    def add(self, count: int, total: float, at_risk: int) -> None:
        self.count += count
        self.total += total
        self.at_risk += at_risk

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
    board = _Board(session, actor, unit, cycle, today)
    return Dashboard(
        unit=unit, cycle=cycle, own_progress=board.own.mean, subtree_progress=board.all.mean,
        objectives_count=board.all.count, by_status=board.by_status, distribution=board.distribution,
        at_risk_count=board.all.at_risk, at_risk=board.worst(), findings_by_rule=board.findings(),
        sub_units=board.sub_units(), members=board.members(), objectives=board.page(offset, limit),
        freshness=board.freshness(tz))


class _Board:
    """The queries of one dashboard, over the objectives of the cycle beneath the unit that the actor
    may read; objectives without KRs (no rollup row) are rolled up in Python once and added in."""

    def __init__(self, session: Session, actor: Actor, unit: m.Unit, cycle: m.Cycle, today: dt.date) -> None:
        self.session, self.actor, self.unit, self.cycle, self.today = session, actor, unit, cycle, today
        self.share = elapsed(cycle.start_date, cycle.end_date, today)   # ``workspace.progress.risk``, in SQL:
        behind = self.share - BEHIND_MARGIN                              # the same comparisons, same numbers
        self.where = and_(m.Objective.cycle_id == cycle.id, m.Unit.path.startswith(unit.path, autoescape=True),
                          visible_objectives(actor))
        r = m.ObjectiveRollup
        self.at_risk_sql = and_(m.Objective.status == ACTIVE,
                                or_(r.confidence < LOW_CONFIDENCE, and_(r.progress < behind, r.progress < 1.0)))
        self.bucket = case(*((r.progress * BUCKETS < b, b - 1) for b in range(1, BUCKETS)), else_=BUCKETS - 1)
        self.without_krs = self._roll_up_without_krs()
        self._summarise()

    def _objectives(self, *columns):
        return (select(*columns).select_from(m.Objective).join(m.Unit, m.Unit.id == m.Objective.unit_id)
                .outerjoin(m.ObjectiveRollup, m.ObjectiveRollup.objective_id == m.Objective.id))

    def _roll_up_without_krs(self) -> dict[int, tuple]:
        """Objectives with no KRs of their own: id → (row, progress as the actor sees it)."""
        rows = self.session.execute(self._objectives(
            m.Objective.id, m.Objective.title, m.Objective.status, m.Objective.unit_id, m.Objective.owner_id,
            m.Unit.path.label("unit_path")).where(self.where, m.ObjectiveRollup.objective_id.is_(None))).all()
        progress = compute(self.session, [row.id for row in rows], today=self.today,
                           visible=readable_rows(self.actor), known={row.id: self.cycle.id for row in rows})
        return {row.id: (row, progress[row.id]) for row in rows}

    def _summarise(self) -> None:
        r = m.ObjectiveRollup
        own = and_(m.Objective.unit_id == self.unit.id, m.Objective.owner_id.is_(None))
        rows = self.session.execute(self._objectives(
            m.Objective.status, self.bucket.label("bucket"), own.label("own"), func.count(),
            func.coalesce(func.sum(r.progress), 0.0), func.count().filter(self.at_risk_sql))
            .where(self.where, r.objective_id.is_not(None))
            .group_by(m.Objective.status, self.bucket, own)).all()
        self.all, self.own = _Tally(), _Tally()
        self.by_status = {s.value: 0 for s in ObjectiveStatus}
        self.distribution = [0] * BUCKETS
        for status, bucket, is_own, count, total, at_risk in rows:
            self.all.add(count, total, at_risk)
            if is_own:
                self.own.add(count, total, at_risk)
            self.by_status[status] += count
            self.distribution[bucket] += count
        for row, p in self.without_krs.values():
            flagged = int(_flagged(row.status, p))
            self.all.add(1, p.progress, flagged)
            if row.unit_id == self.unit.id and row.owner_id is None:
                self.own.add(1, p.progress, flagged)
            self.by_status[row.status] += 1
            self.distribution[min(int(p.progress * BUCKETS), BUCKETS - 1)] += 1

    def worst(self) -> list[AtRisk]:
        r = m.ObjectiveRollup
        rows = self.session.execute(self._objectives(
            m.Objective.id, m.Objective.title, m.Objective.owner_id, r.progress, r.confidence)
            .where(self.where, r.objective_id.is_not(None), self.at_risk_sql)
            .order_by(r.progress, m.Objective.id).limit(AT_RISK_SHOWN)).all()
        found = [AtRisk(i, title, owner, rounded(p), list(risk(p, c, self.share).reasons))
                 for i, title, owner, p, c in rows]
        found += [AtRisk(row.id, row.title, row.owner_id, rounded(p.progress), list(p.risk.reasons))
                  for row, p in self.without_krs.values() if _flagged(row.status, p)]
        return sorted(found, key=lambda a: (a.progress, a.id))[:AT_RISK_SHOWN]

    def findings(self) -> dict[str, int]:
        ids = self._objectives(m.Objective.id).where(self.where)
        rows = self.session.execute(select(m.StoredFinding.rule, func.count())
                                    .where(m.StoredFinding.objective_id.in_(ids.scalar_subquery()))
                                    .group_by(m.StoredFinding.rule)).all()
        return dict(sorted(rows))

    def sub_units(self) -> list[SubUnitRow]:
        """Each unit one level down, with everything beneath it rolled up."""
        child = aliased(m.Unit)
        children = self.session.scalars(select(m.Unit).where(m.Unit.parent_id == self.unit.id)
                                        .order_by(m.Unit.name, m.Unit.id)).all()
        r = m.ObjectiveRollup
        tallies = {c.id: _Tally() for c in children}
        for child_id, count, total, at_risk in self.session.execute(self._objectives(
                child.id, func.count(), func.coalesce(func.sum(r.progress), 0.0),
                func.count().filter(self.at_risk_sql))
                .join(child, and_(child.parent_id == self.unit.id,    # paths are digits and "/": no escaping
                                  m.Unit.path.startswith(child.path)))
                .where(self.where, r.objective_id.is_not(None)).group_by(child.id)):
            tallies[child_id].add(count, total, at_risk)
        by_path = {c.path: c.id for c in children}
        for row, p in self.without_krs.values():   # /1/4/9/: the segment after the unit's path names the child
            step = row.unit_path[len(self.unit.path):].split("/", 1)[0]
            child_id = by_path.get(f"{self.unit.path}{step}/")
            if child_id is not None:
                tallies[child_id].add(1, p.progress, int(_flagged(row.status, p)))
        return [SubUnitRow(c.id, c.key, c.name, tallies[c.id].count, tallies[c.id].mean, tallies[c.id].at_risk)
                for c in children]

    def members(self) -> list[MemberRow]:
        """The unit's own people (not its sub-units'), managers first, with their objectives in the subtree."""
        people = self.session.execute(
            select(m.Person.id, m.Person.name, m.Membership.role)
            .join(m.Membership, m.Membership.person_id == m.Person.id)
            .where(m.Membership.unit_id == self.unit.id, m.Person.is_active.is_(True))
            .order_by(m.Membership.role != Role.MANAGER.value, m.Person.name, m.Person.id)).all()
        tallies = {person_id: _Tally() for person_id, _, _ in people}
        if tallies:
            r = m.ObjectiveRollup
            for owner, count, total in self.session.execute(self._objectives(
                    m.Objective.owner_id, func.count(), func.coalesce(func.sum(r.progress), 0.0))
                    .where(self.where, r.objective_id.is_not(None), m.Objective.owner_id.in_(list(tallies)))
                    .group_by(m.Objective.owner_id)):
                tallies[owner].add(count, total, 0)
            for row, p in self.without_krs.values():
                if row.owner_id in tallies:
                    tallies[row.owner_id].add(1, p.progress, 0)
        return [MemberRow(person_id, name, role, tallies[person_id].count, tallies[person_id].mean)
                for person_id, name, role in people]

    def page(self, offset: int, limit: int) -> list[ObjectiveRow]:
        rows = self.session.execute(self._objectives(
            m.Objective.id, m.Objective.title, m.Objective.level, m.Objective.status, m.Objective.unit_id,
            m.Objective.owner_id).where(self.where)
            .order_by(m.Unit.path, m.Objective.position, m.Objective.id).offset(offset).limit(limit)).all()
        progress = compute(self.session, [row.id for row in rows], today=self.today, visible=readable_rows(self.actor),
                           known={row.id: self.cycle.id for row in rows})
        return [ObjectiveRow(row.id, row.title, row.level, row.status, row.unit_id, row.owner_id, progress[row.id])
                for row in rows]

    def freshness(self, tz: dt.tzinfo) -> dict[str, int]:
        """How recently the KRs of active objectives were checked in: within ``CHECK_IN_EVERY`` (fresh),
        within twice that (stale), or longer ago or never (overdue)."""
        def since(days: int) -> dt.datetime:   # the start of that day in the organisation's time zone
            return dt.datetime.combine(self.today - dt.timedelta(days=days), dt.time(0), tz)

        fresh, stale = since(CHECK_IN_EVERY.days), since(2 * CHECK_IN_EVERY.days)
        at = m.KeyResult.checked_in_at
        total, n_fresh, n_stale = self.session.execute(
            select(func.count(), func.count().filter(at >= fresh), func.count().filter(and_(at >= stale, at < fresh)))
            .select_from(m.KeyResult).join(m.Objective, m.Objective.id == m.KeyResult.objective_id)
            .join(m.Unit, m.Unit.id == m.Objective.unit_id)
            .where(self.where, m.Objective.status == ACTIVE)).one()
        return {"fresh": n_fresh, "stale": n_stale, "overdue": total - n_fresh - n_stale}


def _flagged(status: str, p: ObjectiveProgress) -> bool:
    return status == ACTIVE and p.risk.at_risk

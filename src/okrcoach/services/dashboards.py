"""The progress views: the cycle's alignment tree and a person's own OKRs (a unit's dashboard: ``unit_dashboard``).

Each is built in a fixed number of queries whatever the number of objectives, from the rollup in
``services.progress``. Each shows only what the actor may read, and counts only that too: a count,
a mean or a rollup that included a hidden objective would reveal that it exists. So the same
objective can show a different rolled-up progress to two people when one of them cannot see
all of its children.

When no cycle is named, the organisation's active cycle is meant; with several active (a year
and its quarter), the one running today with the shortest span.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..storage import models as m
from ..workspace.errors import NotFound
from ..workspace.permissions import Actor
from ..workspace.progress import mean
from ..workspace.values import CycleState, ObjectiveStatus
from .progress import KrProgress, ObjectiveProgress, TreeNode, compute, cycle_tree
from .visibility import readable_rows

CHECK_IN_EVERY = dt.timedelta(days=7)   # a KR is due for a check-in a week after its last one
DIGITS = 4                               # progress is shown to 0.01%, as ``ObjectiveProgress.as_dict`` does


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def resolve_cycle(session: Session, actor: Actor, cycle_id: int | None, today: dt.date) -> m.Cycle:
    if cycle_id is not None:
        cycle = session.get(m.Cycle, cycle_id)
        if cycle is None or cycle.org_id != actor.org_id:
            raise NotFound(f"cycle {cycle_id} does not exist", field="cycle_id")
        return cycle
    active = session.scalars(select(m.Cycle).where(m.Cycle.org_id == actor.org_id,
                                                   m.Cycle.state == CycleState.ACTIVE.value)).all()
    if not active:
        raise NotFound("the organisation has no active cycle; name one with cycle_id", field="cycle_id")
    return min(active, key=lambda c: (not c.start_date <= today <= c.end_date, c.end_date - c.start_date,
                                      -c.start_date.toordinal()))


# --- the alignment tree -------------------------------------------------------------------------------

@dataclass
class Tree:
    cycle: m.Cycle
    roots: list[TreeNode]


def tree(session: Session, *, actor: Actor, cycle_id: int | None, today: dt.date,
         root_id: int | None = None) -> Tree:
    """The cycle's alignment tree as the actor may see it; with ``root_id``, only that objective's subtree."""
    cycle = resolve_cycle(session, actor, cycle_id, today)
    roots = cycle_tree(session, cycle.id, today=today, visible=readable_rows(actor))
    if root_id is not None:
        node = _find(roots, root_id)
        if node is None:
            raise NotFound(f"objective {root_id} does not exist in cycle {cycle.name}", field="root_id")
        roots = [node]
    return Tree(cycle, roots)


def _find(nodes: list[TreeNode], objective_id: int) -> TreeNode | None:
    stack, seen = list(nodes), set()
    while stack:
        node = stack.pop()
        if node.id == objective_id:
            return node
        if node.id not in seen:
            seen.add(node.id)
            stack.extend(node.children)
    return None


# --- my OKRs ------------------------------------------------------------------------------------------

@dataclass
class KrView:
    id: int
    objective_id: int
    title: str
    kind: str
    start: float | None
    target: float | None
    current: float | None
    unit: str | None
    direction: str
    weight: float
    owner_id: int | None
    due: dt.date | None
    confidence: float | None
    progress: float
    at_risk: bool
    risk_reasons: list[str]


@dataclass
class ObjectiveRef:
    id: int
    title: str
    owner_id: int | None
    status: str


@dataclass
class OwnedKr(KrView):
    objective: ObjectiveRef


@dataclass
class MyObjective:
    id: int
    title: str
    level: str
    status: str
    visibility: str
    unit_id: int
    progress: ObjectiveProgress
    key_results: list[KrView]


@dataclass
class DueCheckIn:
    kr_id: int
    title: str
    objective_id: int
    objective_title: str
    last_check_in_at: dt.datetime | None
    days_since: int | None              # None: never checked in


@dataclass
class MySummary:
    objectives: int
    progress: float | None              # the mean of my objectives' progress
    at_risk: int                        # my active objectives at risk
    due_check_ins: int


@dataclass
class MyOkrs:
    cycle: m.Cycle
    objectives: list[MyObjective]
    key_results_owned: list[OwnedKr]
    due_check_ins: list[DueCheckIn]
    summary: MySummary


def my_okrs(session: Session, *, actor: Actor, cycle_id: int | None, today: dt.date,
            tz: dt.tzinfo = dt.timezone.utc) -> MyOkrs:
    """The actor's objectives, the KRs they own in other people's objectives, and the check-ins they owe.

    A KR is the actor's to check in on when they own it, or when they own its objective and nobody
    owns the KR itself; it is due in an active objective once a week (``CHECK_IN_EVERY``) has passed
    since its last check-in, counted in days of ``tz``, the organisation's time zone.
    """
    me = actor.person_id
    cycle = resolve_cycle(session, actor, cycle_id, today)
    visible = readable_rows(actor)
    mine = session.scalars(select(m.Objective).where(m.Objective.cycle_id == cycle.id, m.Objective.owner_id == me)
                           .options(selectinload(m.Objective.key_results))
                           .order_by(m.Objective.position, m.Objective.id)).all()
    owned_rows = [r for r in session.execute(
        select(m.KeyResult, m.Objective.id, m.Objective.title, m.Objective.owner_id, m.Objective.status,
               m.Objective.org_id,
               m.Objective.visibility, m.Unit.path.label("unit_path"))
        .join(m.Objective, m.Objective.id == m.KeyResult.objective_id).join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(m.Objective.cycle_id == cycle.id, m.KeyResult.owner_id == me,
               or_(m.Objective.owner_id.is_(None), m.Objective.owner_id != me))
        .order_by(m.Objective.position, m.Objective.id, m.KeyResult.position)) if visible(r)]
    progress = compute(session, {o.id for o in mine} | {r.KeyResult.objective_id for r in owned_rows},
                       today=today, visible=visible)
    kr_progress = {k.id: k for p in progress.values() for k in p.key_results}

    objectives = [MyObjective(o.id, o.title, o.level, o.status, o.visibility, o.unit_id, progress[o.id],
                              [_kr_view(k, kr_progress[k.id]) for k in o.key_results]) for o in mine]
    owned = [OwnedKr(**vars(_kr_view(r.KeyResult, kr_progress[r.KeyResult.id])),
                     objective=ObjectiveRef(r.KeyResult.objective_id, r.title, r.owner_id, r.status))
             for r in owned_rows]

    active = ObjectiveStatus.ACTIVE.value
    responsible = [(k, o.id, o.title) for o in mine if o.status == active for k in o.key_results
                   if k.owner_id in (None, me)]
    responsible += [(r.KeyResult, r.KeyResult.objective_id, r.title) for r in owned_rows if r.status == active]
    due = _due(session, responsible, today, tz)
    summary = MySummary(objectives=len(objectives), progress=rounded(mean(o.progress.progress for o in objectives)),
                        at_risk=sum(o.status == active and o.progress.risk.at_risk for o in objectives),
                        due_check_ins=len(due))
    return MyOkrs(cycle, objectives, owned, due, summary)


def _kr_view(kr: m.KeyResult, p: KrProgress) -> KrView:
    return KrView(kr.id, kr.objective_id, kr.title, kr.kind, kr.start, kr.target, kr.current, kr.unit,
                  kr.direction, kr.weight, kr.owner_id, kr.due, kr.confidence, rounded(p.progress),
                  p.risk.at_risk, list(p.risk.reasons))


def _due(session: Session, responsible: list[tuple[m.KeyResult, int, str]], today: dt.date,
         tz: dt.tzinfo) -> list[DueCheckIn]:
    if not responsible:
        return []
    latest = dict(session.execute(
        select(m.CheckIn.kr_id, func.max(m.CheckIn.created_at))
        .where(m.CheckIn.kr_id.in_([k.id for k, _, _ in responsible])).group_by(m.CheckIn.kr_id)).all())
    out = []
    for kr, objective_id, objective_title in responsible:
        last = latest.get(kr.id)
        days = None if last is None else (today - last.astimezone(tz).date()).days
        if days is None or days >= CHECK_IN_EVERY.days:
            out.append(DueCheckIn(kr.id, kr.title, objective_id, objective_title, last, days))
    return out

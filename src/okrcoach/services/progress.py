"""Progress on live data: KRs, objectives, the alignment tree and units, with "at risk".

The formulas are ``workspace.progress``'s; this module only gathers the rows they need, in a
fixed number of queries whatever the number of objectives (no query per objective or KR):
one for objectives, one for their KRs, one for the alignment links, and, only where an
objective has no KRs of its own, one per level of descent to roll its children up. A child's
progress is read from its stored rollup (``storage/rollups.py``, the same formulas kept at every
write) rather than from its KRs: a company objective rolls up hundreds of objectives beneath it.
"""
from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.progress import Risk, elapsed, kr_progress, objective_progress, risk
from ..storage.batches import batches


@dataclass(frozen=True)
class KrProgress:
    id: int
    progress: float
    confidence: float | None
    risk: Risk


@dataclass
class ObjectiveProgress:
    id: int
    progress: float
    expected: float                 # share of the cycle elapsed: where progress "should" be by now
    confidence: float | None        # the lowest latest confidence among its KRs
    risk: Risk
    key_results: list[KrProgress] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"progress": round(self.progress, 4), "expected": round(self.expected, 4),
                "confidence": self.confidence, "at_risk": self.risk.at_risk, "risk_reasons": list(self.risk.reasons)}


KR_COLUMNS = (m.KeyResult.id, m.KeyResult.objective_id, m.KeyResult.kind, m.KeyResult.start, m.KeyResult.target,
              m.KeyResult.current, m.KeyResult.direction, m.KeyResult.weight, m.KeyResult.confidence)


def _cycle_elapsed(session: Session, cycle_ids: Iterable[int], today: dt.date) -> dict[int, float]:
    rows = session.execute(select(m.Cycle.id, m.Cycle.start_date, m.Cycle.end_date)
                           .where(m.Cycle.id.in_(set(cycle_ids)))).all()
    return {cid: elapsed(start, end, today) for cid, start, end in rows}


def _children(session: Session, parent_ids: set[int]) -> dict[int, list[int]]:
    """Objectives aligned to each parent objective, directly or through one of its KRs."""
    out: dict[int, list[int]] = defaultdict(list)
    if not parent_ids:
        return out
    direct = select(m.Alignment.parent_objective_id, m.Alignment.child_id)
    via_kr = select(m.KeyResult.objective_id, m.Alignment.child_id).join(
        m.Alignment, m.Alignment.parent_kr_id == m.KeyResult.id)
    for batch in batches(parent_ids):
        for query in (direct.where(m.Alignment.parent_objective_id.in_(batch)),
                      via_kr.where(m.KeyResult.objective_id.in_(batch))):
            for parent, child in session.execute(query):
                out[parent].append(child)
    return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Postpone Python's cyclic garbage collector while a large result is built.

    A whole cycle's tree is some 400,000 new objects and none of them garbage, yet each allocation
    burst triggers collections, and the full ones walk the whole (growing) heap again: more than half
    of ``cycle_tree``'s time, and of a company dashboard's, on a 10,000-person company (benchmarks/README.md). Only postponed: it
    runs as usual afterwards. The switch is process-wide, so a call that finds it already off (another
    thread's call) leaves switching it back on to that call.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@collector_paused()
def compute(session: Session, objective_ids: Iterable[int], *, today: dt.date,
            visible=None, known: dict[int, int] | None = None) -> dict[int, ObjectiveProgress]:
    """Progress and risk for these objectives (ids that do not exist are left out).

    ``visible(row) -> bool`` (rows as in ``cycle_tree``) leaves out what the actor may not read,
    and keeps it out of its parents' rollups too, so a number never reveals a hidden objective.
    ``known`` maps ids the caller has already read and found visible to their cycle: they are not
    read and judged again (a department's dashboard has a thousand or more).
    """
    wanted = set(objective_ids)
    if not wanted:
        return {}
    cycle_of: dict[int, int] = dict(known or {})
    krs: dict[int, list] = defaultdict(list)
    stored: dict[int, float] = {}
    pending = set(wanted)
    seen: set[int] = set()
    child_map: dict[int, list[int]] = {}
    session.flush()
    conn = session.connection()   # Core rows: the ORM's per-row work is a fifth of the time on large sets
    while pending:  # one round per level of KR-less objectives whose children must be rolled up
        seen |= pending
        for batch in batches(pending - cycle_of.keys()):
            for row in conn.execute(
                    select(m.Objective.id, m.Objective.cycle_id, m.Objective.org_id, m.Objective.owner_id,
                           m.Objective.visibility, m.Unit.path.label("unit_path"))
                    .join(m.Unit, m.Unit.id == m.Objective.unit_id).where(m.Objective.id.in_(batch))):
                if visible is None or visible(row):
                    cycle_of[row.id] = row.cycle_id
        beneath = pending - wanted   # only their progress counts: the stored rollup of their own KRs is it
        for batch in batches(beneath):
            stored.update(conn.execute(select(m.ObjectiveRollup.objective_id, m.ObjectiveRollup.progress)
                                       .where(m.ObjectiveRollup.objective_id.in_(batch))).all())
        for batch in batches(pending - stored.keys()):
            for row in conn.execute(select(*KR_COLUMNS).where(m.KeyResult.objective_id.in_(batch))
                                    .order_by(m.KeyResult.position, m.KeyResult.id)):
                krs[row.objective_id].append(row)
        empty = {oid for oid in pending if oid in cycle_of and oid not in stored and not krs.get(oid)}
        found = _children(session, empty)
        child_map.update({oid: found.get(oid, []) for oid in empty})
        pending = {c for cs in found.values() for c in cs} - seen
    return _assemble(wanted, cycle_of, krs, child_map, _cycle_elapsed(session, cycle_of.values(), today), stored)


def _assemble(wanted: set[int], cycle_of: dict[int, int], krs: dict[int, list], child_map: dict[int, list[int]],
              elapsed_by_cycle: dict[int, float], stored: dict[int, float] | None = None,
              ) -> dict[int, ObjectiveProgress]:
    """``krs`` rows hold ``KR_COLUMNS`` in that order; they are unpacked by position (a whole cycle is
    ~100,000 rows, where attribute access on rows costs more than the formulas) and each KR's progress
    is worked out once, for its objective's rollup and its own view alike. ``stored``: the progress of
    objectives beneath the wanted ones, from their rollups (``storage/rollups.py``), their KRs unread."""
    kr_memo: dict[int, list[tuple]] = {}
    memo: dict[int, float] = dict(stored or {})
    visiting: set[int] = set()

    def krs_of(oid: int) -> list[tuple]:   # (id, progress, weight, confidence) of each of its KRs
        done = kr_memo.get(oid)
        if done is None:
            done = kr_memo[oid] = [(kr_id, kr_progress(kind, start, target, current, direction), weight, confidence)
                                   for kr_id, _, kind, start, target, current, direction, weight, confidence
                                   in krs.get(oid, ())]
        return done

    def progress_of(oid: int) -> float:
        if oid in memo:
            return memo[oid]
        if oid in visiting:   # alignment is kept acyclic on write; never loop on bad data
            return 0.0
        visiting.add(oid)
        value = objective_progress(((p, w) for _, p, w, _ in krs_of(oid)),
                                   (progress_of(c) for c in child_map.get(oid, ()) if c in cycle_of))
        visiting.discard(oid)
        memo[oid] = value
        return value

    result = {}
    for oid in wanted:
        if oid not in cycle_of:
            continue
        share = elapsed_by_cycle.get(cycle_of[oid], 0.0)
        rows = krs_of(oid)
        kr_views = [KrProgress(kr_id, p, c, risk(p, c, share)) for kr_id, p, _, c in rows]
        confidences = [c for _, _, _, c in rows if c is not None]
        confidence = min(confidences) if confidences else None
        p = progress_of(oid)
        result[oid] = ObjectiveProgress(oid, p, share, confidence, risk(p, confidence, share), kr_views)
    return result


@dataclass
class ObjectiveRow:
    """An objective with its rollup: a line of a unit's dashboard, and (with its children) a tree's node."""
    id: int
    title: str
    level: str
    status: str
    unit_id: int
    owner_id: int | None
    progress: ObjectiveProgress


@dataclass
class TreeNode(ObjectiveRow):
    children: list[TreeNode] = field(default_factory=list)


@collector_paused()
def cycle_tree(session: Session, cycle_id: int, *, today: dt.date, visible=None) -> list[TreeNode]:
    """The whole cycle's alignment tree, roots first, each node with its rolled-up progress.

    ``visible(row) -> bool`` filters what the actor may read (rows have ``unit_path``, ``owner_id``,
    ``visibility``); an objective aligned to a hidden parent shows as a root. An objective aligned
    to several parents appears under each of them.
    """
    rows = session.execute(
        select(m.Objective.id, m.Objective.title, m.Objective.level, m.Objective.status, m.Objective.unit_id,
               m.Objective.owner_id, m.Objective.visibility, m.Objective.org_id, m.Unit.path.label("unit_path"))
        .join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(m.Objective.cycle_id == cycle_id).order_by(m.Objective.position, m.Objective.id)).all()
    if visible is not None:
        rows = [r for r in rows if visible(r)]
    ids = {r[0] for r in rows}
    # Every KR of the cycle: fetched in one go (fetchall) through Core rather than the ORM, whose
    # per-row processing costs a fifth more here; the session.execute above has already autoflushed.
    conn = session.connection()
    krs: dict[int, list] = defaultdict(list)
    for row in conn.execute(select(*KR_COLUMNS).join(m.Objective, m.Objective.id == m.KeyResult.objective_id)
                            .where(m.Objective.cycle_id == cycle_id)).all():
        krs[row[1]].append(row)
    links = conn.execute(
        select(m.Alignment.child_id, m.Alignment.parent_objective_id, m.KeyResult.objective_id)
        .join(m.Objective, m.Objective.id == m.Alignment.child_id)
        .outerjoin(m.KeyResult, m.KeyResult.id == m.Alignment.parent_kr_id)
        .where(m.Objective.cycle_id == cycle_id)).all()
    child_map: dict[int, list[int]] = defaultdict(list)
    linked: set[tuple[int, int]] = set()
    for child, parent_objective, parent_via_kr in links:
        parent = parent_objective or parent_via_kr
        if child in ids and parent in ids and (parent, child) not in linked:
            linked.add((parent, child))
            child_map[parent].append(child)
    share = _cycle_elapsed(session, [cycle_id], today)
    progress = _assemble(ids, dict.fromkeys(ids, cycle_id), krs, child_map, share)
    nodes = {oid: TreeNode(oid, title, level, status, unit_id, owner_id, progress[oid])
             for oid, title, level, status, unit_id, owner_id, *_ in rows}
    has_parent = set()
    for parent, children in child_map.items():
        for c in children:
            nodes[parent].children.append(nodes[c])
            has_parent.add(c)
    return [nodes[r[0]] for r in rows if r[0] not in has_parent]


def unit_rollup(session: Session, cycle_id: int, unit_path: str, *, today: dt.date) -> dict:
    """A unit's progress in a cycle: its own objectives, and everything in its subtree (people included)."""
    rows = session.execute(
        select(m.Objective.id, m.Objective.unit_id, m.Objective.owner_id, m.Objective.status)
        .join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(m.Objective.cycle_id == cycle_id, m.Unit.path.startswith(unit_path))).all()
    progress = compute(session, [r.id for r in rows], today=today)
    unit_id = int(unit_path.rstrip("/").rsplit("/", 1)[-1])
    own = [progress[r.id].progress for r in rows if r.unit_id == unit_id and r.owner_id is None]
    every = [p.progress for p in progress.values()]
    return {"own_progress": sum(own) / len(own) if own else None,
            "subtree_progress": sum(every) / len(every) if every else None,
            "objectives": len(rows), "at_risk": sum(p.risk.at_risk for p in progress.values()),
            "progress": progress, "rows": rows}

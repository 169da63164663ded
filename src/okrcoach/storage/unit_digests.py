"""Unit digests: each unit's own objectives in a cycle added up, kept at every flush that changes them.

A company dashboard counts 27,000 objectives; reading them takes longer than the page may. Each
``UnitDigest`` holds what one unit's objectives in one cycle add up to — counts, progress sums, the
progress distribution, counts by status — so a dashboard adds up a few hundred digests instead.
What depends on the day is kept as the sorted values it is counted from, so the digest never goes
stale overnight: the progress of the active objectives that may fall behind schedule (those not
already at risk for low confidence, under 100%), counted below ``behind_below(share of the cycle
elapsed)``, with their ids; and each active objective's KRs' latest check-in stamps
(``rollups.stamp``), counted since a day's start. The worst at risk are found among the first of
those behind and the active ones of low confidence with the least progress (kept, at most as many
as a dashboard lists). Objectives without KRs are only listed: their progress is their children's,
which depends on what the reader may see.

There is a digest for each visibility, as a reader may read all of a unit's objectives of one
visibility or only those they own or contribute to (``services.visibility.reads_all_of``): the
dashboard adds up the digests its reader may read all of, and reads the few objectives they may read
beyond those one by one. A (unit, cycle)'s digests are rewritten together, for every (unit, cycle)
a flush touched, after the objectives' rollups (``rollups.py`` calls ``refresh``): an objective
inserted, changed (its old unit and cycle too) or deleted, or one whose rollup changed. Rows
written with Core are summed up by ``rebuild``.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, delete, event, insert, inspect, select, tuple_
from sqlalchemy.orm import object_session

from ..workspace.progress import low_confidence
from ..workspace.values import ObjectiveStatus
from . import models as m
from .batches import batches

PENDING = "digest_units"          # session.info: {(unit_id, cycle_id)} touched in this flush
BUCKETS = 10
LOWEST = 50                       # a dashboard lists the 50 worst at risk
ACTIVE = ObjectiveStatus.ACTIVE.value

Pair = tuple[int, int]   # (unit_id, cycle_id)


def _note_objective(mapper, connection, target: m.Objective) -> None:
    session = object_session(target)
    if session is None:
        return
    pairs = session.info.setdefault(PENDING, set())
    pairs.add((target.unit_id, target.cycle_id))
    state = inspect(target)   # an objective moved to another unit or cycle leaves its old digest too
    old_unit = state.attrs.unit_id.history.deleted
    old_cycle = state.attrs.cycle_id.history.deleted
    if old_unit or old_cycle:
        pairs.add((old_unit[0] if old_unit else target.unit_id, old_cycle[0] if old_cycle else target.cycle_id))


def refresh(connection: Connection, pairs: set[Pair], objective_ids: Iterable[int] = ()) -> None:
    """Rewrite the digests of these (unit, cycle) pairs, and of those holding these objectives."""
    pairs = set(pairs)
    for batch in batches(sorted(objective_ids)):
        pairs.update((unit_id, cycle_id) for unit_id, cycle_id in connection.execute(
            select(m.Objective.unit_id, m.Objective.cycle_id).where(m.Objective.id.in_(batch))))
    for batch in batches(sorted(pairs)):
        where = tuple_(m.Objective.unit_id, m.Objective.cycle_id).in_(batch)
        connection.execute(delete(m.UnitDigest).where(
            tuple_(m.UnitDigest.unit_id, m.UnitDigest.cycle_id).in_(batch)))
        _write(connection, where)


def rebuild(connection: Connection) -> None:
    """Every digest from scratch: after rows were written without the ORM, or by a migration."""
    connection.execute(delete(m.UnitDigest))
    _write(connection, None)


def _write(connection: Connection, where) -> None:
    r = m.ObjectiveRollup
    query = (select(m.Objective.id, m.Objective.unit_id, m.Objective.cycle_id, m.Objective.status,
                    m.Objective.owner_id, r.progress, r.confidence, r.check_ins, m.Objective.visibility)
             .outerjoin(r, r.objective_id == m.Objective.id))
    rows: dict[tuple[int, int, str], list] = defaultdict(list)
    for row in connection.execute(query if where is None else query.where(where)):
        rows[row[1], row[2], row[8]].append(row[:8])
    digests = [{"visibility": visibility, **digest(unit_id, cycle_id, of_unit)}
               for (unit_id, cycle_id, visibility), of_unit in rows.items()]
    for start in range(0, len(digests), 500):
        connection.execute(insert(m.UnitDigest), digests[start:start + 500])


def digest(unit_id: int, cycle_id: int, rows: list) -> dict:
    """One unit's objectives of one visibility in one cycle, as (id, unit, cycle, status, owner,
    progress, confidence, check_ins) with the rollup's columns None for an objective without KRs."""
    out = {"unit_id": unit_id, "cycle_id": cycle_id, "objectives": 0, "progress_sum": 0.0, "own_objectives": 0,
           "own_progress_sum": 0.0, "by_status": {}, "distribution": [0] * BUCKETS, "low_confidence": 0}
    behind, stamps, without, low = [], [], [], []
    for oid, _, _, status, owner, progress, confidence, check_ins in rows:
        if progress is None:
            without.append(oid)
            continue
        out["objectives"] += 1
        out["progress_sum"] += progress
        if owner is None:
            out["own_objectives"] += 1
            out["own_progress_sum"] += progress
        out["by_status"][status] = out["by_status"].get(status, 0) + 1
        out["distribution"][min(int(progress * BUCKETS), BUCKETS - 1)] += 1
        if status == ACTIVE:
            if low_confidence(confidence):
                out["low_confidence"] += 1
                low.append([progress, oid])
            elif progress < 1.0:
                behind.append((progress, oid))
            stamps += check_ins.split()
    behind.sort()
    out["behind_candidates"] = " ".join(repr(p) for p, _ in behind)
    out["behind_ids"] = " ".join(str(oid) for _, oid in behind)
    out["lowest_low_confidence"] = sorted(low)[:LOWEST]
    out["check_ins"] = " ".join(sorted(stamps))
    out["without_krs"] = " ".join(str(oid) for oid in sorted(without))
    return out


def install() -> None:
    """Mapper events are global to their class; installing twice is harmless."""
    for name in ("after_insert", "after_update", "after_delete"):
        if not event.contains(m.Objective, name, _note_objective):
            event.listen(m.Objective, name, _note_objective)

"""Rollups kept beside the rows they summarise, so a dashboard counts and averages in the database.

- ``objective_rollups``: an objective's own KRs added up (their weighted progress, their lowest latest
  confidence, the times of their latest check-ins), by the formulas of ``workspace.progress``,
  rewritten at the end of every flush that inserted, changed or deleted one of its KRs or checked
  one in;
- ``key_results.checked_in_at``: the time of the KR's latest check-in, moved forward by each check-in.

Both depend only on the KRs' own rows, never on who reads them, so a stored number is the one
``services.progress`` works out (a test compares them after every kind of change). Rows written
with Core rather than the ORM (the benchmark's loader, the migration that introduced these) are
summed up by ``rebuild``.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, delete, event, func, insert, or_, select, update
from sqlalchemy.orm import Session, object_session

from ..workspace.progress import kr_progress, weighted_mean
from . import models as m
from . import unit_digests
from .batches import batches

PENDING = "rollup_objective_ids"
NEVER = "-"                    # a KR never checked in; sorts before every time
STAMP = "%Y-%m-%dT%H:%M:%S"    # UTC to the second: the strings compare as the times do


def stamp(at: dt.datetime | None) -> str:
    """A check-in time as ``ObjectiveRollup.check_ins`` holds it. A time on a whole second (the start
    of a day, say) compares with a stamp exactly as with the time it was made from."""
    return NEVER if at is None else at.astimezone(dt.timezone.utc).strftime(STAMP)


def _note_kr(mapper, connection, target: m.KeyResult) -> None:
    session = object_session(target)
    if session is not None and target.objective_id is not None:
        session.info.setdefault(PENDING, set()).add(target.objective_id)


def _check_in_made(mapper, connection: Connection, target: m.CheckIn) -> None:
    column = m.KeyResult.checked_in_at
    connection.execute(update(m.KeyResult).where(m.KeyResult.id == target.kr_id,
                                                 or_(column.is_(None), column < target.created_at))
                       .values(checked_in_at=target.created_at))
    session = object_session(target)
    if session is not None:   # its objective's check_ins, even when the KR's own row did not change
        objective_id = connection.scalar(select(m.KeyResult.objective_id).where(m.KeyResult.id == target.kr_id))
        session.info.setdefault(PENDING, set()).add(objective_id)


def _after_flush(session: Session, flush_context) -> None:
    ids = session.info.pop(PENDING, None)
    pairs = session.info.pop(unit_digests.PENDING, None)
    if ids:
        refresh(session.connection(), ids)
    if ids or pairs:   # the units' digests add the rollups up: after them
        unit_digests.refresh(session.connection(), pairs or set(), ids or ())


def refresh(connection: Connection, objective_ids: Iterable[int]) -> None:
    """Rewrite the rollups of these objectives from their KRs as they now are."""
    for batch in batches(sorted(objective_ids)):
        krs: dict[int, list] = defaultdict(list)
        for row in connection.execute(select(m.KeyResult.objective_id, m.KeyResult.kind, m.KeyResult.start,
                                             m.KeyResult.target, m.KeyResult.current, m.KeyResult.direction,
                                             m.KeyResult.weight, m.KeyResult.confidence,
                                             m.KeyResult.checked_in_at)
                                      .where(m.KeyResult.objective_id.in_(batch))):
            krs[row[0]].append(row)
        connection.execute(delete(m.ObjectiveRollup).where(m.ObjectiveRollup.objective_id.in_(batch)))
        rollups = [_rollup(objective_id, of_objective) for objective_id, of_objective in krs.items()]
        if rollups:
            connection.execute(insert(m.ObjectiveRollup), rollups)


def _rollup(objective_id: int, rows: list) -> dict:
    progress = weighted_mean((kr_progress(kind, start, target, current, direction), weight)
                             for _, kind, start, target, current, direction, weight, _, _ in rows)
    confidences = [row[7] for row in rows if row[7] is not None]
    return {"objective_id": objective_id, "progress": progress or 0.0,
            "confidence": min(confidences) if confidences else None,
            "check_ins": " ".join(sorted(stamp(row[8]) for row in rows))}


def rebuild(connection: Connection) -> None:
    """Every rollup from scratch: after rows were written without the ORM, or when a migration
    changes what a rollup holds."""
    latest = select(func.max(m.CheckIn.created_at)).where(m.CheckIn.kr_id == m.KeyResult.id) \
        .correlate(m.KeyResult).scalar_subquery()
    connection.execute(update(m.KeyResult).values(checked_in_at=latest))
    connection.execute(delete(m.ObjectiveRollup))
    refresh(connection, list(connection.scalars(select(m.KeyResult.objective_id).distinct())))


def install() -> None:
    """Mapper and session events are global to their classes; installing twice is harmless."""
    for name in ("after_insert", "after_update", "after_delete"):
        if not event.contains(m.KeyResult, name, _note_kr):
            event.listen(m.KeyResult, name, _note_kr)
    if not event.contains(m.CheckIn, "after_insert", _check_in_made):
        event.listen(m.CheckIn, "after_insert", _check_in_made)
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)

"""Progress over time: each KR's progress after each check-in, and its objective's on those days.

The same formulas as everywhere (``workspace.progress``): a KR's progress on a day is that of its
latest check-in by the end of that day (its start before any), and the objective's is their weighted
mean, for the days on which any of its KRs was checked in, and today.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.progress import kr_progress, objective_progress
from ..workspace.permissions import Actor
from .access import objective_for


@dataclass
class Series:
    label: str
    points: list[tuple[dt.date, float]]


def objective_timeline(session: Session, *, actor: Actor, objective_id: int, today: dt.date,
                       tz: dt.tzinfo) -> tuple[Series, list[Series]]:
    """The objective's series and one per KR, for an objective the actor may read."""
    objective = objective_for(session, actor, objective_id).objective
    krs = sorted(objective.key_results, key=lambda k: (k.position, k.id))
    days: dict[int, dict[dt.date, float]] = {k.id: {} for k in krs}
    if krs:
        rows = session.execute(select(m.CheckIn.kr_id, m.CheckIn.created_at, m.CheckIn.value)
                               .where(m.CheckIn.kr_id.in_([k.id for k in krs]))
                               .order_by(m.CheckIn.created_at, m.CheckIn.id))
        for kr_id, at, value in rows:   # the day's last check-in wins
            days[kr_id][at.astimezone(tz).date()] = value
    by_id = {k.id: k for k in krs}

    def at(kr: m.KeyResult, value: float | None) -> float:
        return kr_progress(kr.kind, kr.start, kr.target, kr.start if value is None else value, kr.direction)

    series = [Series(k.title, [(day, at(k, v)) for day, v in sorted(days[k.id].items())]) for k in krs]
    all_days = sorted({d for per_kr in days.values() for d in per_kr} | {today})
    latest: dict[int, float | None] = {k.id: None for k in krs}
    overall = []
    for day in all_days:
        for kr_id, per_kr in days.items():
            if day in per_kr:
                latest[kr_id] = per_kr[day]
        overall.append((day, objective_progress((at(by_id[i], v), by_id[i].weight) for i, v in latest.items())))
    return Series(objective.title, overall), series

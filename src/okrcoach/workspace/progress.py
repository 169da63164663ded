"""Progress and risk: the one place that says how far a key result, an objective or a unit has come.

Every adapter (API, web, CLI, reports, benchmarks' reference SQL) uses these formulas; a
second formula that disagrees on clamping is the bug this module exists to prevent.

- A metric or percentage KR: ``(current - start) / (target - start)``, clamped to 0..1. The same
  ratio serves decreasing metrics (start 40 defects, target 10, now 25 → 0.5). With no check-in
  yet, progress is 0. When start equals target, the KR is met or not met.
- A milestone KR: 1 when done (current ≥ 1), else 0.
- An objective: the weighted mean of its KRs' progress. An objective with no KRs takes the mean
  progress of the objectives aligned to it (a parent that is only the sum of its children).
- A unit: the mean progress of the objectives it owns.
- At risk: the latest confidence is below ``LOW_CONFIDENCE``, or progress trails the share of the
  cycle already elapsed by more than ``BEHIND_MARGIN`` (so nobody is behind in a cycle's first quarter).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .values import Direction, KrKind

LOW_CONFIDENCE = 0.5   # confidence is the owner's probability (0..1) of reaching the target
BEHIND_MARGIN = 0.25   # progress may trail elapsed time by this much before it counts as behind


def clamp(value: float) -> float:
    return 0.0 if value < 0 else 1.0 if value > 1 else value


def default_start(kind: KrKind | str) -> float:
    return 0.0


def default_target(kind: KrKind | str) -> float | None:
    return 100.0 if KrKind(kind) is KrKind.PERCENTAGE else 1.0 if KrKind(kind) is KrKind.MILESTONE else None


def direction_of(start: float | None, target: float | None) -> Direction:
    """The direction a metric moves in when nobody said: down when the target is below the start."""
    if start is not None and target is not None and target < start:
        return Direction.DOWN
    return Direction.UP


def kr_progress(kind: KrKind | str, start: float | None, target: float | None, current: float | None,
                direction: Direction | str | None = None) -> float:
    """Progress of one key result, 0..1."""
    kind = KrKind(kind)
    if current is None:
        return 0.0
    if kind is KrKind.MILESTONE:
        return 1.0 if current >= 1 else 0.0
    start = default_start(kind) if start is None else start
    target = default_target(kind) if target is None else target
    if target is None:
        return 0.0
    direction = Direction(direction) if direction else direction_of(start, target)
    if target == start:
        met = current >= target if direction is Direction.UP else current <= target
        return 1.0 if met else 0.0
    return clamp((current - start) / (target - start))


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of ``(value, weight)`` pairs; None when there is nothing to average."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    if weight_sum <= 0:
        return None
    return total / weight_sum


def mean(values: Iterable[float]) -> float | None:
    return weighted_mean((v, 1.0) for v in values)


def objective_progress(kr_progress_and_weight: Iterable[tuple[float, float]],
                       children_progress: Iterable[float] = ()) -> float:
    """Weighted KR progress; for an objective without KRs, the mean of its aligned children."""
    own = weighted_mean(kr_progress_and_weight)
    if own is not None:
        return own
    rolled = mean(children_progress)
    return 0.0 if rolled is None else rolled


def elapsed(start: dt.date, end: dt.date, today: dt.date) -> float:
    """Share of the cycle that has passed on ``today`` (0 before it starts, 1 after its last day)."""
    days = (end - start).days + 1
    if days <= 0:
        return 1.0
    return clamp(((today - start).days + 1) / days) if today >= start else 0.0


@dataclass(frozen=True)
class Risk:
    at_risk: bool
    reasons: tuple[str, ...] = ()   # "low_confidence", "behind_schedule"


def risk(progress: float, confidence: float | None, elapsed_share: float) -> Risk:
    reasons = []
    if low_confidence(confidence):
        reasons.append("low_confidence")
    if behind_schedule(progress, elapsed_share):
        reasons.append("behind_schedule")
    return Risk(bool(reasons), tuple(reasons))


def at_risk(progress: float, confidence: float | None, elapsed_share: float) -> bool:
    """``risk(…).at_risk`` without its reasons: for counting a company's 27,000 objectives."""
    return low_confidence(confidence) or behind_schedule(progress, elapsed_share)


def low_confidence(confidence: float | None) -> bool:
    return confidence is not None and confidence < LOW_CONFIDENCE


def behind_schedule(progress: float, elapsed_share: float) -> bool:
    return progress < 1.0 and progress < behind_below(elapsed_share)


def behind_below(elapsed_share: float) -> float:
    """Progress under this is behind schedule (unless it is 100%): for counting in a sorted list."""
    return elapsed_share - BEHIND_MARGIN


def score_objective(kr_score_and_weight: Iterable[tuple[float | None, float]]) -> float | None:
    """End-of-cycle objective score: the weighted mean of its KR scores, None until every KR is scored."""
    pairs = list(kr_score_and_weight)
    if any(s is None for s, _ in pairs):
        return None
    return weighted_mean(pairs)

"""Which status changes an objective and a cycle may make, and what each one needs.

An objective moves draft → in review → active → closed. Review can send it back to draft,
and a closed objective can be reopened to active while its cycle is not closed. Submitting
for review is refused while the checker has error-level findings: the coach's errors
(more than five KRs, an objective with no KR, a broken alignment) must be fixed first.
"""
from __future__ import annotations

from .values import CycleState, ObjectiveStatus as S

OBJECTIVE_TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.IN_REVIEW}),
    S.IN_REVIEW: frozenset({S.ACTIVE, S.DRAFT}),
    S.ACTIVE: frozenset({S.CLOSED, S.DRAFT}),
    S.CLOSED: frozenset({S.ACTIVE}),
}

CYCLE_TRANSITIONS: dict[CycleState, frozenset[CycleState]] = {
    CycleState.PLANNING: frozenset({CycleState.ACTIVE}),
    CycleState.ACTIVE: frozenset({CycleState.CLOSED, CycleState.PLANNING}),
    CycleState.CLOSED: frozenset({CycleState.ACTIVE}),
}

# Approving (in review → active) is a manager's act; the other moves are the writer's.
NEEDS_APPROVER = frozenset({(S.IN_REVIEW, S.ACTIVE)})


class TransitionError(ValueError):
    """A status change that the lifecycle does not allow; the message says which moves are allowed."""


def check_objective_transition(current: S | str, target: S | str) -> None:
    current, target = S(current), S(target)
    allowed = OBJECTIVE_TRANSITIONS[current]
    if target not in allowed:
        names = ", ".join(sorted(a.value for a in allowed))
        raise TransitionError(f"an objective in status {current.value} cannot move to {target.value}; "
                              f"allowed: {names}")


def check_cycle_transition(current: CycleState | str, target: CycleState | str) -> None:
    current, target = CycleState(current), CycleState(target)
    allowed = CYCLE_TRANSITIONS[current]
    if target not in allowed:
        names = ", ".join(sorted(a.value for a in allowed))
        raise TransitionError(f"a cycle in state {current.value} cannot move to {target.value}; allowed: {names}")


def needs_approver(current: S | str, target: S | str) -> bool:
    return (S(current), S(target)) in NEEDS_APPROVER

"""The rule catalogue: an explicit list, in the order of ``spec/rules.md``.

Rule modules are imported here, not discovered, so the list is what runs and nothing else.
"""
from __future__ import annotations

from functools import cache

from .rules.base import Rule


@cache
def all_rules() -> tuple[Rule, ...]:
    from .rules import (alignment_missing, alignment_unrelated, kr_count_exceeded, kr_missing,
                        kr_no_deadline, kr_redundant, kr_set_insufficient, kr_unmeasurable, kr_unrelated,
                        objective_unfocused, objective_vague, objectives_too_many)

    return (
        objective_vague.ObjectiveVague(),
        objective_unfocused.ObjectiveUnfocused(),
        objectives_too_many.ObjectivesTooMany(),
        kr_missing.KrMissing(),
        kr_count_exceeded.KrCountExceeded(),
        kr_unmeasurable.KrUnmeasurable(),
        kr_no_deadline.KrNoDeadline(),
        kr_unrelated.KrUnrelated(),
        kr_redundant.KrRedundant(),
        kr_set_insufficient.KrSetInsufficient(),
        alignment_missing.AlignmentMissing(),
        alignment_unrelated.AlignmentUnrelated(),
    )


def rule_ids() -> list[str]:
    return [r.id for r in all_rules()]


def get_rule(rule_id: str) -> Rule:
    for r in all_rules():
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)

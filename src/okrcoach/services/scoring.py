"""End-of-cycle scoring: each KR gets a 0.0–1.0 grade and the objective a written reflection.

Scores are the owner's judgement, not the progress ratio (a KR at 70 % that was an ambitious
stretch may score 0.7 and be a success), so they are entered, not computed. The objective's
score is ``workspace.progress.score_objective``: the weighted mean, and none until every KR
is scored. Scoring is for objectives that ran: active or closed.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..workspace.errors import Conflict, Invalid
from ..workspace.permissions import Actor
from ..workspace.values import ObjectiveStatus
from .access import Access, objective_for

SCORED = (ObjectiveStatus.ACTIVE.value, ObjectiveStatus.CLOSED.value)


def score(session: Session, *, actor: Actor, objective_id: int, scores: list[dict],
          reflection: str | None = None) -> Access:
    """Set KR scores (``[{id, score}]``, any subset of the KRs) and, if given, the reflection."""
    access = objective_for(session, actor, objective_id, write=True)
    o = access.objective
    if o.status not in SCORED:
        raise Conflict(f"objective {objective_id} is {o.status}: only active or closed objectives are scored")
    by_id = {k.id: k for k in o.key_results}
    seen: set[int] = set()
    for i, item in enumerate(scores):
        at = f"key_results.{i}"
        kr = by_id.get(item["id"])
        if kr is None:
            raise Invalid(f"{at}.id: key result {item['id']} is not one of objective {objective_id}'s "
                          f"(its key results: {', '.join(map(str, by_id)) or 'none'})", field=f"{at}.id")
        if kr.id in seen:
            raise Invalid(f"{at}.id: key result {kr.id} is scored twice", field=f"{at}.id")
        if not 0 <= item["score"] <= 1:
            raise Invalid(f"{at}.score: a score is between 0.0 and 1.0, got {item['score']}",
                          field=f"{at}.score")
        seen.add(kr.id)
        kr.score = item["score"]
    if reflection is not None:
        o.reflection = reflection
    session.flush()
    return access

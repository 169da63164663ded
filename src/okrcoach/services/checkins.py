"""Check-ins: where a key result stands now, and how sure its owner is of reaching the target.

A check-in records the KR's value and confidence after it: what the author sent, and for what
they left out, the KR's latest (a confidence-only check-in — "still 40, but I now doubt it" — is
allowed; so is a value without a confidence). Each row is therefore a snapshot, and the KR's
``current`` and ``confidence`` always equal its newest check-in's.

Retries are safe: a check-in sent with an idempotency key is stored once per author and key.
The same key with the same request again gets the stored check-in back (``replayed``); with a
different request it is refused, because the client has mixed up its keys. Two identical requests
racing each other are settled by the unique constraint on ``(author_id, idempotency_key)``: the
loser's insert fails inside a savepoint and it replays the winner's row.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Conflict, Forbidden, Invalid
from ..workspace.permissions import Actor, can_check_in
from ..workspace.progress import kr_progress
from ..workspace.values import KrKind, ObjectiveStatus
from .access import key_result_for, owned

WHY_NOT_ACTIVE = {
    ObjectiveStatus.DRAFT.value: "it is still a draft: submit it and have it approved first",
    ObjectiveStatus.IN_REVIEW.value: "it is waiting for approval",
    ObjectiveStatus.CLOSED.value: "it is closed: reopen it to record progress",
}


@dataclass(frozen=True)
class Recorded:
    check_in: m.CheckIn
    progress: float      # the KR's progress at the check-in's value
    replayed: bool       # an earlier request with the same idempotency key was returned


def request_hash(kr_id: int, value: float | None, confidence: float | None, note: str) -> str:
    """SHA-256 of the request as canonical JSON (sorted keys, no spaces): what a retry must repeat."""
    canonical = json.dumps({"kr_id": kr_id, "value": value, "confidence": confidence, "note": note},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def progress_at(kr: m.KeyResult, value: float | None) -> float:
    return kr_progress(kr.kind, kr.start, kr.target, value, kr.direction)


def record(session: Session, *, actor: Actor, kr_id: int, value: float | None = None,
           confidence: float | None = None, note: str = "", idempotency_key: str | None = None) -> Recorded:
    """Record a check-in on a KR and make it the KR's latest; see the module docstring for retries."""
    kr, access = key_result_for(session, actor, kr_id)
    objective = access.objective
    if not can_check_in(actor, owned(objective), kr.owner_id):
        raise Forbidden(f"you may not check in on key result {kr_id}: only its owner, the objective's owner, "
                        "the managers of its unit and admins may")
    digest = request_hash(kr_id, value, confidence, note)
    if idempotency_key is not None:
        earlier = _by_key(session, actor.person_id, idempotency_key)
        if earlier is not None:
            return _replay(earlier, digest, kr, idempotency_key)
    _validate(kr, objective, value, confidence)
    row = m.CheckIn(kr_id=kr.id, author_id=actor.person_id,
                    value=kr.current if value is None else value,
                    confidence=kr.confidence if confidence is None else confidence,
                    note=note, idempotency_key=idempotency_key,
                    request_hash=digest if idempotency_key is not None else None)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
            kr.current, kr.confidence = row.value, row.confidence
            session.flush()
    except IntegrityError:
        if idempotency_key is None:
            raise
        earlier = _by_key(session, actor.person_id, idempotency_key)
        if earlier is None:
            raise
        return _replay(earlier, digest, kr, idempotency_key)
    return Recorded(row, progress_at(kr, row.value), replayed=False)


def _by_key(session: Session, author_id: int, key: str) -> m.CheckIn | None:
    return session.scalar(select(m.CheckIn).where(m.CheckIn.author_id == author_id,
                                                  m.CheckIn.idempotency_key == key))


def _replay(earlier: m.CheckIn, digest: str, kr: m.KeyResult, key: str) -> Recorded:
    """The earlier check-in, if this is the same request again (the hash covers the KR too)."""
    if earlier.request_hash != digest:
        raise Conflict(f"Idempotency-Key {key!r} was already used for a different check-in; "
                       "send a new key with every new check-in and repeat a key only to retry the same request",
                       field="Idempotency-Key", details={"check_in_id": earlier.id})
    return Recorded(earlier, progress_at(kr, earlier.value), replayed=True)


def _validate(kr: m.KeyResult, objective: m.Objective, value: float | None, confidence: float | None) -> None:
    if objective.status != ObjectiveStatus.ACTIVE.value:
        raise Conflict(f"objective {objective.id} does not take check-ins because "
                       f"{WHY_NOT_ACTIVE.get(objective.status, f'its status is {objective.status}')}",
                       details={"status": objective.status})
    if value is None and confidence is None:
        raise Invalid("a check-in needs a value, a confidence (0 to 1), or both", field="value")
    if value is not None and not math.isfinite(value):
        raise Invalid(f"value must be a finite number, not {value}", field="value")
    if value is not None and KrKind(kr.kind) is KrKind.MILESTONE and value not in (0, 1):
        raise Invalid(f"key result {kr.id} is a milestone: its value is 1 (done) or 0 (not done), not {value:g}",
                      field="value")
    if confidence is not None and not 0 <= confidence <= 1:
        raise Invalid(f"confidence is a probability from 0 to 1, not {confidence:g}", field="confidence")


def list_for(session: Session, *, actor: Actor, kr_id: int, offset: int, limit: int
             ) -> tuple[m.KeyResult, list[m.CheckIn], int]:
    """A KR's check-ins, newest first, for anyone who can read its objective; also the total count."""
    kr, _ = key_result_for(session, actor, kr_id)
    total = session.scalar(select(func.count()).select_from(m.CheckIn).where(m.CheckIn.kr_id == kr.id))
    rows = session.scalars(select(m.CheckIn).where(m.CheckIn.kr_id == kr.id)
                           .order_by(m.CheckIn.created_at.desc(), m.CheckIn.id.desc())
                           .offset(offset).limit(limit)).all()
    return kr, list(rows), total

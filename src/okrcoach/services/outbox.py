"""The notification outbox: notices are written as rows in the same transaction as what caused them,
then claimed, sent and retried by whichever scheduler gets there first.

Why a table and not a queue: a review request must not be sent for a transition that rolled back,
and several ``okr serve`` workers and ``okr worker`` processes share one database and nothing else.
Three rules keep a notice from going out twice:

- ``(dedupe_key, recipient)`` is unique and rows are inserted with "on conflict do nothing", so the
  same event found by two schedulers (or by one, a minute later) is one row;
- a row is claimed by a conditional UPDATE (still pending, due, and not claimed by a live claim);
  only the worker whose UPDATE changed the row sends it;
- the claim lasts ``CLAIM_SECONDS``, longer than a channel's timeout, so a worker that died
  mid-send leaves the row to be retried, not lost.

Failures are retried after ``BACKOFF`` (1 min, 5 min, 30 min, 2 h, 6 h), then marked failed; a
failure the channel calls permanent (a wrong signature, an unknown address) fails at once. Every try
is a ``DeliveryAttempt`` row: the delivery log.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from ..notifications.channels import DeliveryError, Target
from ..notifications.messages import Message, compose
from ..storage import models as m
from ..storage.batches import batches
from ..storage.db import Database
from ..storage.upsert import insert_new

log = logging.getLogger("okrcoach.notifications")
BACKOFF = (60, 300, 1800, 7200, 21600)      # seconds before the 2nd … 6th try
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_SECONDS = 120
BATCH = 50


@dataclass(frozen=True)
class Recipient:
    """Who a notice goes to: a person (by e-mail, in their language) or a unit's channel."""

    key: str                  # "person:12" | "channel:3"
    lang: str
    person_id: int | None = None
    channel_id: int | None = None

    @classmethod
    def person(cls, person: m.Person) -> Recipient:
        return cls(f"person:{person.id}", person.locale or "zh", person_id=person.id)

    @classmethod
    def channel(cls, channel: m.NotificationChannel) -> Recipient:
        return cls(f"channel:{channel.id}", channel.lang, channel_id=channel.id)


@dataclass(frozen=True)
class Event:
    """Something to tell: its kind, the key that names it once and for all, who hears, what it says."""

    kind: str
    dedupe_key: str
    recipients: list[Recipient]
    data: dict


def enqueue(session: Session, *, org_id: int, events: list[Event], now: dt.datetime) -> int:
    """One row per event and recipient, unless that recipient already has that event; returns how many
    were new. A scan finds the same events round after round: those already queued are read in slices
    and left out, so a steady round writes nothing."""
    rows = {}
    for e in events:
        for r in e.recipients:
            rows.setdefault((e.dedupe_key, r.key), {
                "org_id": org_id, "kind": e.kind, "dedupe_key": e.dedupe_key, "recipient": r.key,
                "person_id": r.person_id, "channel_id": r.channel_id, "lang": r.lang, "data": e.data,
                "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now})
    queued = set()
    for keys in batches({key for key, _ in rows}):
        queued.update((key, recipient) for key, recipient in session.execute(
            select(m.Notification.dedupe_key, m.Notification.recipient).where(m.Notification.dedupe_key.in_(keys))))
    fresh = [row for key, row in rows.items() if key not in queued]
    return len(insert_new(session, m.Notification, fresh, ["dedupe_key", "recipient"]))


def claim(database: Database, *, worker: str, now: dt.datetime, limit: int = BATCH) -> list[int]:
    """The ids of due notices this worker now holds; each committed before it is sent."""
    free = or_(m.Notification.claimed_until.is_(None), m.Notification.claimed_until < now)
    # a new notice is due at once, whatever the clocks of the processes that wrote and read it say;
    # a retry waits for its backoff
    due = and_(m.Notification.status == "pending",
               or_(m.Notification.attempts == 0, m.Notification.next_attempt_at <= now), free)
    with database.session() as session:
        candidates = session.scalars(select(m.Notification.id).where(due)
                                     .order_by(m.Notification.next_attempt_at, m.Notification.id)
                                     .limit(limit)).all()
        if not candidates:
            return []
        # one conditional UPDATE: a row another worker claimed meanwhile no longer matches ``due`` (PostgreSQL
        # checks the condition again on the row it waited for; SQLite runs one writer at a time)
        held = session.scalars(update(m.Notification).where(m.Notification.id.in_(candidates), due)
                               .values(claimed_by=worker, claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS))
                               .returning(m.Notification.id).execution_options(synchronize_session=False)).all()
    return sorted(held, key=candidates.index)


Sender = Callable[[Target, Message], None]


def deliver(database: Database, nid: int, *, worker: str, send: Sender, base_url: str | None,
            now: Callable[[], dt.datetime]) -> str:
    """Send one claimed notice and record the outcome: ``sent``, ``retry`` or ``failed``."""
    with database.session() as session:
        n = session.get(m.Notification, nid)
        if n is None or n.claimed_by != worker or n.status != "pending":
            return "skipped"
        target, label = _target(session, n)
        try:
            message = compose(n.kind, n.lang, n.data, base_url=base_url)
        except ValueError as e:      # a notice its words cannot be made for will not improve with waiting
            target, label = None, f"{label}: the notice cannot be worded ({e})"
    error: DeliveryError | None = None
    if target is None:
        error = DeliveryError(label, retryable=False)
    else:
        try:
            send(target, message)
        except DeliveryError as e:
            error = e
        except Exception as e:  # noqa: BLE001 - a channel's bug must not stop the other notices; logged in full
            log.exception("notification %s: unexpected error in the %s channel", nid, target.kind)
            error = DeliveryError(f"unexpected error in the {target.kind} channel: {type(e).__name__}: {e}"[:300])
    with database.session() as session:
        n = session.get(m.Notification, nid)
        n.attempts += 1
        n.claimed_by = n.claimed_until = None
        at = now()
        if error is None:
            n.status, n.sent_at, n.last_error, outcome = "sent", at, None, "sent"
        elif error.retryable and n.attempts < MAX_ATTEMPTS:
            n.next_attempt_at = at + dt.timedelta(seconds=BACKOFF[n.attempts - 1])
            n.last_error, outcome = str(error), "retry"
        else:
            n.status, n.last_error, outcome = "failed", str(error), "failed"
        session.add(m.DeliveryAttempt(notification_id=nid, at=at, worker=worker, outcome=outcome,
                                      error=None if error is None else str(error), target=label[:300]))
    return outcome


def _target(session: Session, n: m.Notification) -> tuple[Target | None, str]:
    """Where the notice goes now (an address changed since it was queued is used), and a label for the
    log; no target when the person or channel can no longer receive it."""
    if n.person_id is not None:
        person = session.get(m.Person, n.person_id)
        if person is None or not person.is_active or not person.email:
            return None, f"person {n.person_id}: no active person with an e-mail address"
        return Target("email", person.email), f"email {person.email}"
    channel = session.get(m.NotificationChannel, n.channel_id)
    if channel is None or not channel.enabled:
        return None, f"channel {n.channel_id}: removed or switched off"
    return Target(channel.kind, channel.address, channel.secret), f"{channel.kind} {channel.name}"


def retry_now(session: Session, *, org_id: int, notification_id: int, now: dt.datetime) -> m.Notification | None:
    """An administrator's "try again": a failed or waiting notice becomes due now, with its tries reset."""
    n = session.get(m.Notification, notification_id)
    if n is None or n.org_id != org_id:
        return None
    if n.status != "sent":
        n.status, n.attempts, n.next_attempt_at, n.claimed_by, n.claimed_until = "pending", 0, now, None, None
    return n

"""The loop that turns events into sent notices: inside ``okr serve`` (a daemon thread of each API
worker) or as its own process, ``okr worker``.

Each round scans every organisation for what is due (``services.notification_events.scan``, one
transaction an organisation) and then claims and sends what the outbox holds
(``services.outbox``). Any number of these loops may share one database: the outbox's unique
dedupe keys and conditional claims keep each notice to one row and one send. A round that fails
(the database away, a bug in one organisation's data) is logged with its traceback and the loop
goes on: notices wait, the app keeps serving.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from ..services import notification_events, outbox
from ..settings import Settings
from ..storage.db import Database
from ..storage.models import utcnow
from . import channels
from .messages import Message

log = logging.getLogger("okrcoach.notifications")


@dataclass
class Round:
    queued: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def describe(self) -> str:
        return f"queued {self.queued}, sent {self.sent}, to retry {self.retried}, failed {self.failed}"


class Scheduler:
    def __init__(self, database: Database, settings: Settings, *, clock: Callable[[], dt.datetime] = utcnow,
                 send: Callable[[channels.Target, Message], None] | None = None, name: str | None = None):
        self.database = database
        self.settings = settings
        self.clock = clock
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.send = send or (lambda target, message: channels.send(target, message, smtp=settings.smtp))

    def run_once(self) -> Round:
        result = Round()
        now = self.clock()
        scan = notification_events.Scan(now=now, tz=self.settings.tz, email=self.settings.smtp is not None)
        with self.database.session() as session:
            orgs = notification_events.organisations(session)
        for org_id in orgs:
            with self.database.session() as session:
                result.queued += notification_events.scan(session, org_id, scan)
        for nid in outbox.claim(self.database, worker=self.name, now=now):
            outcome = outbox.deliver(self.database, nid, worker=self.name, send=self.send,
                                     base_url=self.settings.base_url or None, now=self.clock)
            if outcome == "sent":
                result.sent += 1
            elif outcome == "retry":
                result.retried += 1
            elif outcome == "failed":
                result.failed += 1
        return result

    def run_forever(self, stop: threading.Event, interval: float) -> None:
        log.info("notification scheduler %s: every %ss", self.name, interval)
        while not stop.is_set():
            try:
                done = self.run_once()
                if done.queued or done.sent or done.retried or done.failed:
                    log.info("notifications: %s", done.describe())
            except Exception:   # noqa: BLE001 - one bad round must not stop the loop; logged with traceback
                log.exception("notification round failed; trying again in %ss", interval)
            stop.wait(interval)

    def start(self, interval: float) -> threading.Event:
        """Run in a daemon thread; set the returned event to stop it."""
        stop = threading.Event()
        threading.Thread(target=self.run_forever, args=(stop, interval), name="okrcoach-notifications",
                         daemon=True).start()
        return stop

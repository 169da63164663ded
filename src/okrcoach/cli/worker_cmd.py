"""``okr worker``: the notification scheduler as a process of its own.

For deployments where several API workers share one database (``okr serve --workers 4
--no-scheduler``): one or more ``okr worker`` processes then scan for due reminders and alerts and
send the outbox. Running it beside schedulers in ``okr serve`` is harmless too: the outbox's dedupe
keys and claims keep every notice to one send. ``--once`` runs a single round and prints what it did
(for cron, or to see a configuration work).
"""
from __future__ import annotations

import logging
import signal
import threading

from ..domain.errors import InputError
from .workspace_db import add_database_option, open_database, settings_from


def add_parser(sub) -> None:
    p = sub.add_parser("worker", help="send notifications (reminders, alerts) as a process of its own",
                       description="Run the notification scheduler: queue due check-in reminders, at-risk "
                                   "changes and qualification deadlines, and deliver them by e-mail and to "
                                   "group robots, with retries. Stops on Ctrl-C or SIGTERM.")
    p.add_argument("--once", action="store_true", help="run one round, print what it did, and exit")
    p.add_argument("--interval", type=float, default=None, metavar="SECONDS",
                   help="seconds between rounds (default $OKRCOACH_SCHEDULER_INTERVAL, else 30)")
    add_database_option(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..notifications.scheduler import Scheduler

    if args.interval is not None and not args.interval > 0:
        raise InputError(f"--interval {args.interval}: expected seconds above 0")
    settings = settings_from(args)
    database = open_database(args)
    scheduler = Scheduler(database, settings)
    try:
        if args.once:
            print(f"okr worker {scheduler.name}: {scheduler.run_once().describe()}")
            return 0
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        interval = args.interval or settings.scheduler_interval
        print(f"okr worker {scheduler.name}: sending notifications every {interval:g}s (Ctrl-C stops)", flush=True)
        scheduler.run_forever(stop, interval)
        return 0
    finally:
        database.dispose()

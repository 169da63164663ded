"""``okr serve``: run the workspace's API (uvicorn), with the schema upgraded and, on request, the demo.

The app is built by its factory in each worker process (``create_app`` reads
``OKRCOACH_DATABASE_URL``), so the database URL travels through the environment and every worker
opens its own engine. So does ``OKRCOACH_SCHEDULER``: each worker runs the notification scheduler
unless ``--no-scheduler`` (then run ``okr worker`` beside it); workers sharing a database never send a
notice twice (``services/outbox.py``).
"""
from __future__ import annotations

import argparse
import os
import sys

from .workspace_db import add_database_option, open_database, settings_from


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="run the workspace API",
                       description="Upgrade the database, optionally seed the demo, and serve the REST API "
                                   "(OpenAPI docs at /api/v1/docs).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--demo", action="store_true",
                   help="seed the demo company first when the database is empty")
    p.add_argument("--scheduler", action=argparse.BooleanOptionalAction, default=True,
                   help="send notifications from this process (default on; --no-scheduler when an `okr worker` "
                        "does it)")
    add_database_option(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    import uvicorn

    from ..domain.errors import InputError
    from . import demo_cmd

    if args.workers < 1:
        raise InputError(f"--workers {args.workers}: expected 1 or more")
    settings = settings_from(args)
    database = open_database(args)
    try:
        if args.demo:
            result = demo_cmd.seed(database, args, only_if_empty=True)
            if result is None:
                print("--demo: the database already holds data; serving it as it is")
            else:
                print(demo_cmd.describe(result, args, serving=True))
        dialect = database.dialect
    finally:
        database.dispose()
    os.environ["OKRCOACH_DATABASE_URL"] = settings.database_url
    os.environ["OKRCOACH_SCHEDULER"] = "on" if args.scheduler else "off"
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"okrcoach API on http://{host}:{args.port}/api/v1  (docs: http://{host}:{args.port}/api/v1/docs)")
    if dialect == "sqlite" and args.workers > 1:
        print(f"note: SQLite serialises writes; with {args.workers} workers they wait for each other "
              "(use PostgreSQL for many concurrent writers)")
    sys.stdout.flush()
    uvicorn.run("okrcoach.api.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers)
    return 0

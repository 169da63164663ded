"""``okr demo [--reset]``: fill the workspace with the demo company, 华康医疗器械.

Refuses a database that already holds data unless ``--reset`` (which deletes everything in it
first): a demo must never mix with, or silently replace, real OKRs. Prints the admin's email and
password, an API token (shown once) and the command to run next.
"""
from __future__ import annotations

import datetime as dt
import shlex
import unicodedata

from ..domain.errors import InputError
from .workspace_db import add_database_option, open_database, settings_from

# services.demo.PASSWORD, repeated so that `okr --help` need not import the database layer (a test
# keeps the two equal)
DEMO_PASSWORD = "okrcoach-demo"


def add_parser(sub) -> None:
    p = sub.add_parser("demo", help="seed the workspace with a demo company (华康医疗器械)",
                       description="Create the demo company from the seed article's story: units, 12 people, "
                                   "the current quarter's OKRs aligned to the company KR 三款新型设备上市, weekly "
                                   "check-ins, comments and one rule-breaking draft. Every demo account's "
                                   f"password is {DEMO_PASSWORD!r}.")
    p.add_argument("--reset", action="store_true",
                   help="delete everything in the database first (otherwise a non-empty database is refused)")
    add_database_option(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    database = open_database(args)
    try:
        result = seed(database, args, reset=args.reset)
    finally:
        database.dispose()
    print(describe(result, args))
    return 0


def seed(database, args, *, reset: bool = False, only_if_empty: bool = False):
    """Seed the demo in one transaction; None when ``only_if_empty`` and the database holds data."""
    from ..services import demo

    settings = settings_from(args)
    with database.session() as session:
        if not demo.is_empty(session):
            if only_if_empty:
                return None
            if not reset:
                raise InputError("the database already holds data; the demo is only seeded into an empty one",
                                 expected="--reset to delete everything in it and seed the demo, or another "
                                          "--database-url")
            demo.wipe(session)
        return demo.seed(session, today=dt.datetime.now(settings.tz).date(), tz=settings.tz)


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def describe(result, args, *, serving: bool = False) -> str:
    given = getattr(args, "database_url", None)
    url_option = f" --database-url {shlex.quote(given)}" if given else ""
    lines = [f"演示工作区已就绪 / demo ready: {result.org}, cycle {result.cycle} (active); "
             f"{len(result.people)} people, {result.objectives} objectives, {result.check_ins} check-ins",
             f"  admin:    {result.admin_email}",
             f"  password: {result.password}   (every demo account)",
             f"  token:    {result.token}   (shown once; Authorization: Bearer …)",
             "  accounts:"]
    width = max(_width(name) for name, *_ in result.people)
    lines += [f"    {name}{' ' * (width - _width(name))}  {email:<32} {role:<8} {job}"
              for name, job, email, role in result.people]
    if not serving:
        lines.append(f"Next: okr serve{url_option}   then open http://127.0.0.1:8000/api/v1/docs")
    return "\n".join(lines)

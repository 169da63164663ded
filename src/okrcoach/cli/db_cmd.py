"""``okr db upgrade`` and ``okr db current``: the workspace schema's revision (Alembic).

Every workspace command upgrades on its own; these are for operators who upgrade as a deployment
step, or want to see where a database stands.
"""
from __future__ import annotations

from .workspace_db import add_database_option, open_database


def add_parser(sub) -> None:
    p = sub.add_parser("db", help="database schema: upgrade, current revision",
                       description="Manage the workspace database's schema.")
    actions = p.add_subparsers(dest="db_command", required=True, metavar="{upgrade,current}")
    up = actions.add_parser("upgrade", help="bring the schema to the newest revision")
    add_database_option(up)
    up.set_defaults(handler=run_upgrade)
    cur = actions.add_parser("current", help="print the schema's revision and the newest one")
    add_database_option(cur)
    cur.set_defaults(handler=run_current)


def _head(database) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(database.alembic_config()).get_current_head()


def run_upgrade(args) -> int:
    database = open_database(args, upgrade=False)
    try:
        old = database.current_revision()
        database.upgrade()
        new = database.current_revision()
    finally:
        database.dispose()
    note = "" if old != new else " (already the newest)"
    print(f"{old or '(empty)'} → {new}{note}")
    return 0


def run_current(args) -> int:
    database = open_database(args, upgrade=False)
    try:
        current, head = database.current_revision(), _head(database)
    finally:
        database.dispose()
    if current == head:
        print(f"{current} (newest)")
    else:
        print(f"{current or '(empty)'} (newest is {head}: run okr db upgrade)")
    return 0

"""What every workspace command shares: the ``--database-url`` option and opening the database."""
from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from ..settings import Settings, get_settings

if TYPE_CHECKING:   # SQLAlchemy costs seconds of imports: only commands that open a database pay for it
    from ..storage.db import Database


def add_database_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database-url", default=None, metavar="URL",
                   help="sqlite:///PATH or postgresql+psycopg://USER:PASS@HOST/DB "
                        "(default: $OKRCOACH_DATABASE_URL, else SQLite in $OKRCOACH_DATA_DIR)")


def settings_from(args: argparse.Namespace) -> Settings:
    settings = get_settings()
    if getattr(args, "database_url", None):
        settings = dataclasses.replace(settings, database_url=args.database_url)
    return settings


def open_database(args: argparse.Namespace, *, upgrade: bool = True) -> Database:
    """The workspace database, brought to the newest schema (a fresh data folder just works)."""
    from ..storage.db import Database

    database = Database(settings_from(args).database_url)
    if upgrade:
        database.upgrade()
    return database

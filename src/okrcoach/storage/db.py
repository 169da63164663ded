"""The engine and sessions, on SQLite (embedded default) or PostgreSQL, and schema upgrades.

SQLite runs in WAL mode with foreign keys on and a busy timeout, so the API's threads and a
CLI import can share one file. PostgreSQL is reached through psycopg 3. The schema is owned
by the Alembic migrations in ``migrations/``; ``Database.upgrade()`` brings any database to
the newest revision.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from . import audit, rollups, unit_digests

MIGRATIONS = Path(__file__).parent / "migrations"


# The driver's default transaction handling is kept on purpose: reads run outside a transaction and
# the first write opens one, which waits on busy_timeout for another writer instead of failing the
# way a read-then-write snapshot does under WAL. Its one trap: a SAVEPOINT issued before any write
# opens the transaction itself and its RELEASE commits, so ``begin_nested()`` must wrap writes only
# (as check-ins do).
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, **kwargs) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, **kwargs)


class Database:
    """One database: its engine, a session factory with the audit hook, and its migrations."""

    def __init__(self, url: str, **engine_kwargs) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self.sessions)
        rollups.install()
        unit_digests.install()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def alembic_config(self):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["engine"] = self.engine
        return config

    def upgrade(self, revision: str = "head") -> None:
        from alembic import command

        command.upgrade(self.alembic_config(), revision)

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @contextmanager
    def session(self, actor_id: int | None = None) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls back on any error."""
        with self.sessions() as session:
            session.info["actor_id"] = actor_id
            with session.begin():
                yield session

    def dispose(self) -> None:
        self.engine.dispose()

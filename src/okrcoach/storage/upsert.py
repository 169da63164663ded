"""INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike: for rows that several processes may
try to write at once (a notice, the first sight of an objective's risk), where the first one wins and
the others learn it from what was returned."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .batches import BATCH


def insert_new(session: Session, model, rows: list[dict], keys: list[str]) -> list:
    """Insert the rows whose ``keys`` are not taken yet; returns the keys of those inserted (a value
    each with one key column, a tuple each with more)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    size = max(1, BATCH // max(1, len(rows[0]))) if rows else 1     # SQLite's cap on bound values
    inserted = []
    for start in range(0, len(rows), size):
        # RETURNING names the rows that went in: a cursor's rowcount is -1 on SQLite once SQLAlchemy
        # itself asks for the new primary key of a one-row insert
        table = model.__table__   # Core, not the ORM's bulk insert: the same statement, compiled faster
        statement = (dialect.insert(table).values(rows[start:start + size])
                     .on_conflict_do_nothing(index_elements=keys)
                     .returning(*(table.c[k] for k in keys)))
        inserted += [r[0] if len(keys) == 1 else tuple(r) for r in session.execute(statement)]
    return inserted

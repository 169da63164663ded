"""INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike: for rows that several processes may
try to write at once (a notice, the first sight of an objective's risk), where the first one wins and
the others learn it from the count."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_new(session: Session, model, rows: list[dict], keys: list[str]) -> int:
    """Insert the rows whose ``keys`` are not taken yet; returns how many were inserted."""
    if not rows:
        return 0
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # RETURNING names the rows that went in: a cursor's rowcount is -1 on SQLite once SQLAlchemy itself
    # asks for the new primary key of a one-row insert
    statement = (dialect.insert(model).values(rows).on_conflict_do_nothing(index_elements=keys)
                 .returning(*(getattr(model, k) for k in keys)))
    return len(session.execute(statement).all())

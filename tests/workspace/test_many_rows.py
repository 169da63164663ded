"""Company-sized reads: more rows than one SQL statement may name.

SQLite refuses a statement with more bound values than its build allows (999 before 3.32, 32,766
since, 250,000 in Debian's) or an expression tree deeper than 1,000; an import of thousands of
OKR sets, or a company-wide dashboard, names more than that.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import event, insert, select

from okrcoach.services import findings
from okrcoach.services.progress import compute
from okrcoach.storage import models as m

TODAY = dt.date(2026, 11, 15)


def _people(s, people, n: int) -> list[int]:
    s.execute(insert(m.Person), [{"org_id": people.org_id, "handle": f"p{i}", "name": f"员工{i}"}
                                 for i in range(n)])
    return list(s.scalars(select(m.Person.id).where(m.Person.handle.like("p%"))))


def _objectives(s, people, owners: list[int], per_owner: int) -> None:
    unit = people.units["qa"]
    s.execute(insert(m.Objective), [
        {"org_id": people.org_id, "cycle_id": people.cycle_id, "unit_id": unit, "owner_id": owner,
         "level": "personal", "title": f"目标 {owner}-{k}", "status": "active", "position": per_owner - k}
        for owner in owners for k in range(per_owner)])


def test_the_sets_of_1500_people_are_gathered_at_once_in_their_order(database, people):
    with database.session() as s:
        owners = _people(s, people, 1_500)
        _objectives(s, people, owners, per_owner=2)
        keys = {(people.cycle_id, owner) for owner in owners}
        sets = findings._members(s, keys)
    assert set(sets) == keys
    assert all([o.title for o in objs] == [f"目标 {key[1]}-1", f"目标 {key[1]}-0"] for key, objs in sets.items())


def test_progress_is_computed_for_more_objectives_than_one_statement_may_name(database, people):
    if database.dialect == "sqlite":   # the smallest cap SQLite ships with, whatever this build's
        event.listen(database.engine, "connect", lambda conn, _: conn.setlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999))
        database.engine.dispose()
    with database.session() as s:
        owners = _people(s, people, 500)
        _objectives(s, people, owners, per_owner=5)
        ids = list(s.scalars(select(m.Objective.id)))
        assert len(ids) > 999
        progress = compute(s, ids, today=TODAY)
    assert set(progress) == set(ids)
    assert {p.progress for p in progress.values()} == {0.0}

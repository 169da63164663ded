"""The storage layer on both databases: migrations, constraints, optimistic concurrency, the audit trail."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from okrcoach.storage import models as m
from okrcoach.storage.db import Database
from okrcoach.storage.models import Base


def test_migrations_reach_the_newest_revision(database):
    assert database.current_revision() == "0010"


def test_a_stale_update_is_refused_not_silently_applied(database, people):
    with database.session() as s:
        unit = s.get(m.Unit, people.units["qa"])
    with database.session() as s:
        s.get(m.Unit, people.units["qa"]).name = "质量与法规部"
    with pytest.raises(StaleDataError), database.session() as s:
        stale = s.merge(unit, load=False)
        stale.name = "被覆盖"
    with database.session() as s:
        assert s.get(m.Unit, people.units["qa"]).name == "质量与法规部"


def test_a_key_result_weight_must_be_positive(database, people):
    with pytest.raises(IntegrityError), database.session() as s:
        o = m.Objective(org_id=people.org_id, cycle_id=people.cycle_id, unit_id=people.units["qa"],
                        level="department", title="完成甲级资质认证")
        o.key_results.append(m.KeyResult(title="提交申报材料", weight=0))
        s.add(o)
    with database.session() as s:
        assert s.scalar(select(m.Objective.id)) is None


def test_every_change_is_audited_with_who_before_and_after(database, people):
    with database.session(actor_id=people.ids["mei"]) as s:
        s.get(m.Unit, people.units["qa"]).name = "质量与法规部"
    with database.session() as s:
        event = s.scalars(select(m.AuditEvent).where(m.AuditEvent.entity == "units",
                                                     m.AuditEvent.actor_id == people.ids["mei"])).one()
    assert event.actor_id == people.ids["mei"]
    assert event.before == {"name": "质量部"} and event.after == {"name": "质量与法规部"}


def test_secrets_never_reach_the_audit_trail(database, people):
    with database.session() as s:
        events = s.scalars(select(m.AuditEvent).where(m.AuditEvent.entity.in_(["people", "api_tokens"]))).all()
    assert events
    assert all("password_hash" not in (e.after or {}) and "token_hash" not in (e.after or {}) for e in events)


def test_the_migrations_create_exactly_the_tables_the_models_describe(database):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'data' / 'okrcoach.db'}")
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()

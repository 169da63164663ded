"""``okr db upgrade`` and ``okr db current``: where a workspace database's schema stands."""
from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory

from conftest import run_okr
from okrcoach.cli.main import main
from okrcoach.storage.db import Database


def head(database: Database) -> str:
    return ScriptDirectory.from_config(database.alembic_config()).get_current_head()


def test_db_upgrade_brings_a_fresh_file_to_the_newest_revision(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'data' / 'okrcoach.db'}"
    database = Database(url)
    newest = head(database)
    assert main(["db", "current", "--database-url", url]) == 0
    assert capsys.readouterr().out.strip() == f"(empty) (newest is {newest}: run okr db upgrade)"
    run = run_okr("db", "upgrade", "--database-url", url)
    assert run.code == 0, run.stderr
    assert run.stdout.strip() == f"(empty) → {newest}"
    assert database.current_revision() == newest
    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert capsys.readouterr().out.strip() == f"{newest} → {newest} (already the newest)"
    database.dispose()


def test_db_current_names_the_revision_on_both_backends(database, capsys):
    assert main(["db", "current", "--database-url", database.url]) == 0
    assert capsys.readouterr().out.strip() == f"{head(database)} (newest)"


def test_db_without_an_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["db"])
    assert exit_.value.code == 2
    assert "upgrade" in capsys.readouterr().err

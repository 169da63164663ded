"""The workspace's test bed: both databases, a frozen clock, and the personas of a small company.

Every storage and API test runs twice: on SQLite, and on a real PostgreSQL started from this
file (a throwaway cluster on 127.0.0.1 and a free port, through ``scripts/pg-test.sh``). Where
PostgreSQL's server binaries are absent the PostgreSQL half is skipped, with the reason shown.
``OKRCOACH_TEST_PG_URL`` points the tests at a server someone already runs instead.

Each test gets an empty, migrated database: SQLite copies a migrated template file; PostgreSQL
truncates every table after the test.
"""
from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import Run
from okrcoach.cli.main import main
from okrcoach.settings import Settings
from okrcoach.storage.db import Database
from okrcoach.storage.models import Base
from tests.local_servers import free_port

from .personas import Personas, make_personas

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 16)   # the frozen "now": week 7 of 2026-Q4 (about half the cycle gone)


@pytest.fixture(scope="session")
def postgres_url():
    if os.environ.get("OKRCOACH_TEST_PG_URL"):
        yield os.environ["OKRCOACH_TEST_PG_URL"]
        return
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin/initdb): "
                    "the PostgreSQL half of the storage tests did not run")
    # not under pytest's tmp folder: that is private to root, and the server runs as 'postgres'
    root = Path(tempfile.mkdtemp(prefix="okrcoach-test-pg-"))
    os.chmod(root, 0o755)
    env = {**os.environ, "PG_PORT": str(free_port()), "PG_ROOT": str(root / "cluster")}
    script = ROOT / "scripts" / "pg-test.sh"
    started = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        pytest.fail(f"could not start PostgreSQL for the tests:\n{started.stderr}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database(postgres_url):
    database = Database(postgres_url)
    database.upgrade()
    yield database
    database.dispose()


def _truncate(database: Database) -> None:
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, sqlite_template):
    """An empty, migrated workspace database on each backend in turn."""
    if request.param == "sqlite":
        path = tmp_path / "okrcoach.db"
        shutil.copy(sqlite_template, path)
        db = Database(f"sqlite:///{path}")
        yield db
        db.dispose()
    else:
        db = request.getfixturevalue("postgres_database")
        _truncate(db)
        yield db
        _truncate(db)


@pytest.fixture
def settings(tmp_path, database) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database.url)


@pytest.fixture
def people(database) -> Personas:
    """The personas: Ada the admin, Mei the QA manager, Lin a QA member, Sam in Sales (an outsider to QA)."""
    return make_personas(database)


@dataclass
class Api:
    """A test client that speaks as one persona at a time: ``api.as_("lin").get(...)``."""

    client: object
    people: Personas

    def as_(self, who: str):
        return _AsClient(self.client, {"Authorization": f"Bearer {self.people.tokens[who]}"})

    def anonymous(self):
        return _AsClient(self.client, {})


class _AsClient:
    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def __getattr__(self, method):
        def call(url, headers=None, **kwargs):
            return getattr(self.client, method)(url, headers={**self.headers, **(headers or {})}, **kwargs)
        return call


@pytest.fixture
def api(settings, database, people):
    from fastapi.testclient import TestClient

    from okrcoach.api import create_app

    app = create_app(settings, database, clock=lambda: TODAY)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, people)


@pytest.fixture
def okr_here(database, capsys):
    """``okr ARGS`` on the test database, in this process (quicker than a subprocess)."""

    def _run(*args: str) -> Run:
        capsys.readouterr()
        code = main([*args, "--database-url", database.url])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return _run

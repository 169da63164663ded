"""Browser tests of the web app: a real ``okr serve --demo`` and Debian's Chromium, driven by Playwright.

Fixtures:
  ``live_server``  (session) base URL of ``okr serve --demo`` on 127.0.0.1 and a free port, on a fresh
                   SQLite data folder; the demo company is seeded at its first start.
  ``demo_people``  (session) the demo accounts read from that database: emails by handle, admins,
                   managers, members, and the shared password.
  ``browser``      (session) Chromium from ``$CHROMIUM`` (default /usr/bin/chromium); skipped, with the
                   reason shown, where it is missing. Never ``playwright install``: its CDN is unreachable.
  ``page``         (function) a fresh context (1280x800, zh-CN, ``base_url`` = the live server) and page.
                   JavaScript errors (``pageerror``) and ``console.error`` messages are collected in
                   ``js_errors`` (also ``page.js_errors``); a test that passes fails when the list is not
                   empty. A test that expects an error clears the list.
  ``screenshots``  (session) the folder ``screenshots/`` at the repository root (git-ignored).
  ``shoot``        ``shoot(page, name)`` writes ``screenshots/<name>.png`` (full page), returns its path.

Playwright's sync API refuses to start inside a running asyncio loop. pytest (also each pytest-xdist
worker, its own process) runs tests without one, so this works with ``-n 2``. While the browser lives,
Playwright marks its own loop as running on the main thread between calls: a test in the same worker
that calls ``asyncio.run()`` directly would fail; Starlette's TestClient runs its loop in a thread
and is not affected.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.local_servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
STARTUP = 60   # seconds: imports, migrations, seeding the demo and its checker run
DEMO_PASSWORD = "okrcoach-demo"   # every demo account's (okrcoach.services.demo.PASSWORD)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, as root, in a closed network (no background connections, no sandbox as root).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
LOCALE = "zh-CN"


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


# --- the server --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def web_data_dir(tmp_path_factory) -> Path:
    """The live server's OKRCOACH_DATA_DIR: its SQLite file is ``okrcoach.db`` in it (settings.py)."""
    return tmp_path_factory.mktemp("web-data")


@pytest.fixture(scope="session")
def web_database_url(web_data_dir) -> str:
    return f"sqlite:///{web_data_dir / 'okrcoach.db'}"


@pytest.fixture(scope="session")
def live_server(web_data_dir) -> str:
    """``okr serve --demo`` in a subprocess; yields its base URL (``http://127.0.0.1:PORT``)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OKRCOACH_DATABASE_URL", "OKRCOACH_SMTP_"))}
    # the notification scheduler's rounds every 2 s, so a page shows what it did within a test's patience
    env.update(OKRCOACH_DATA_DIR=str(web_data_dir), NO_COLOR="1", OKRCOACH_SCHEDULER_INTERVAL="2")
    log_path = web_data_dir / "serve.log"
    command = [sys.executable, "-m", "okrcoach.cli.main", "serve", "--demo",
               "--port", str(port), "--host", "127.0.0.1"]
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(command, cwd=web_data_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"okr serve exited with {proc.returncode} before answering:\n{_tail(log_path)}")
            if time.monotonic() > deadline:
                pytest.fail(f"okr serve did not answer /api/v1/health within {STARTUP} s:\n{_tail(log_path)}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass(frozen=True)
class DemoPerson:
    handle: str
    name: str
    email: str
    is_admin: bool
    roles: dict[str, str]    # unit key -> "manager" / "member"

    @property
    def is_manager(self) -> bool:
        return "manager" in self.roles.values()


@dataclass(frozen=True)
class DemoPeople:
    """The demo accounts, all with ``password``. ``managers`` manage a unit; ``members`` manage none."""

    password: str
    people: dict[str, DemoPerson] = field(default_factory=dict)

    @property
    def emails(self) -> dict[str, str]:
        return {h: p.email for h, p in self.people.items()}

    def email(self, handle: str) -> str:
        return self.people[handle].email

    @property
    def admins(self) -> list[str]:
        return [h for h, p in self.people.items() if p.is_admin]

    @property
    def managers(self) -> list[str]:
        return [h for h, p in self.people.items() if p.is_manager]

    @property
    def members(self) -> list[str]:
        return [h for h, p in self.people.items() if p.roles and not p.is_manager]


@pytest.fixture(scope="session")
def demo_people(live_server, web_database_url) -> DemoPeople:
    """Who can sign in to the live server: read from its database once the demo is seeded."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session, selectinload

    from okrcoach.storage.models import Membership, Person

    engine = create_engine(web_database_url)
    try:
        with Session(engine) as session:
            rows = session.scalars(select(Person).where(Person.is_active, Person.email.is_not(None))
                                   .options(selectinload(Person.memberships).selectinload(Membership.unit))
                                   .order_by(Person.id)).all()
            people = {p.handle: DemoPerson(p.handle, p.name, p.email, p.is_admin,
                                           {m.unit.key: m.role for m in p.memberships}) for p in rows}
    finally:
        engine.dispose()
    assert people, f"no demo accounts in {web_database_url}"
    return DemoPeople(DEMO_PASSWORD, people)


# --- the browser -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set $CHROMIUM "
                    "(never `playwright install`: its CDN is unreachable)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def js_errors() -> list[str]:
    """JavaScript errors and console.error messages of the test's page (checked after the test)."""
    return []


@pytest.fixture
def page(browser, live_server, js_errors):
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE, base_url=live_server)
    context.set_default_timeout(10_000)
    pg = context.new_page()

    def on_console(msg) -> None:
        where = msg.location or {}
        # Chromium fetches /favicon.ico by itself, at a moment of its choosing, and logs its 404 as a
        # console error: not the page's doing, and flaky. Any other failed resource counts.
        if msg.type == "error" and not where.get("url", "").endswith("/favicon.ico"):
            js_errors.append(f"console.error: {msg.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda err: js_errors.append(f"pageerror: {err.stack or err.message}"))
    pg.js_errors = js_errors
    try:
        yield pg
    finally:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test that used ``page`` and passed fails when the page reported JavaScript errors."""
    result = yield
    errors = item.funcargs.get("js_errors") if hasattr(item, "funcargs") else None
    pg = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if pg is not None and errors is not None:
        try:   # one round trip to the page delivers the events it sent before
            if not pg.is_closed():
                pg.evaluate("0")
        except Exception:
            pass
    if errors:
        raise AssertionError("JavaScript errors on the page:\n" + "\n".join(f"  {e}" for e in errors))
    return result


# --- screenshots -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def shoot(screenshots):
    def _shoot(page, name: str) -> Path:
        path = screenshots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot

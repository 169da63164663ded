"""The notification scheduler in real processes: inside ``okr serve`` (its default), and as ``okr worker``
processes beside a server that runs none, all on one database and sending to a real SMTP server, each
notice once."""
from __future__ import annotations

import collections
import os
import subprocess
import sys
import time

import httpx2 as httpx
import pytest

from tests.local_servers import free_port, running_mailbox

WAIT = 90   # seconds: imports, migrations, the demo's seeding, then a round or two


@pytest.fixture
def mailbox():
    with running_mailbox() as box:
        yield box


def environment(box, url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKRCOACH_")}
    env.update(OKRCOACH_DATABASE_URL=url, OKRCOACH_SMTP_HOST=box.host, OKRCOACH_SMTP_PORT=str(box.port),
               OKRCOACH_SMTP_SECURITY="none", OKRCOACH_SMTP_FROM="okr@huakang-demo.example",
               OKRCOACH_SCHEDULER_INTERVAL="1", OKRCOACH_BASE_URL="https://okr.huakang-demo.example")
    return env


def start(args: list[str], env: dict, log_path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "okrcoach.cli.main", *args], env=env,
                            stdout=log_path.open("w", encoding="utf-8"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)


def stop(*procs: subprocess.Popen) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def wait_for(condition, what: str, logs) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} within {WAIT} s; logs:\n" + "\n".join(p.read_text(encoding="utf-8")[-3000:] for p in logs))


def test_okr_serve_sends_the_demos_due_notices_by_email_without_a_separate_worker(tmp_path, mailbox):
    port = free_port()
    env = environment(mailbox, f"sqlite:///{tmp_path / 'okrcoach.db'}")
    log = tmp_path / "serve.out"
    server = start(["serve", "--port", str(port), "--demo"], env, log)
    try:
        wait_for(lambda: len(mailbox.messages) > 0, "no notice e-mailed", [log])
        subjects = [m["Subject"] for m in mailbox.messages]
        assert all(s.startswith(("【OKR】", "【资质】")) for s in subjects), subjects
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).status_code == 200
    finally:
        stop(server)


def test_two_okr_workers_beside_a_server_without_a_scheduler_send_each_notice_once(tmp_path, mailbox):
    env = environment(mailbox, f"sqlite:///{tmp_path / 'okrcoach.db'}")
    seeded = subprocess.run([sys.executable, "-m", "okrcoach.cli.main", "demo"], env=env, capture_output=True,
                            text=True, timeout=180)
    assert seeded.returncode == 0, seeded.stderr
    logs = [tmp_path / f"{name}.out" for name in ("serve", "worker1", "worker2")]
    server = start(["serve", "--port", str(free_port()), "--no-scheduler"], env, logs[0])
    workers = [start(["worker", "--interval", "0.5"], env, log) for log in logs[1:]]
    try:
        wait_for(lambda: len(mailbox.messages) > 0, "no notice e-mailed", logs)
        time.sleep(5)                                 # both workers keep going for several more rounds
    finally:
        stop(*workers, server)
    sent = collections.Counter((m["X-Envelope-To"], m["Subject"]) for m in mailbox.messages)
    assert sent and max(sent.values()) == 1, sent.most_common(3)
    assert "notification" not in logs[0].read_text(encoding="utf-8").lower()   # the server sent none itself

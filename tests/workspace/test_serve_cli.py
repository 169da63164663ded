"""``okr serve --demo``: a real server process, reachable over HTTP, on a throwaway SQLite file."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx2 as httpx

from tests.local_servers import free_port

STARTUP = 60   # seconds: imports, migrations, the demo's seeding and its checker run


def test_serve_with_demo_answers_health_and_openapi(tmp_path):
    port = free_port()
    url = f"sqlite:///{tmp_path / 'okrcoach.db'}"
    env = {k: v for k, v in os.environ.items() if k != "OKRCOACH_DATABASE_URL"}
    log = (tmp_path / "serve.out").open("w+", encoding="utf-8")
    command = [sys.executable, "-m", "okrcoach.cli.main", "serve", "--port", str(port), "--demo",
               "--database-url", url]
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                            stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + STARTUP
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        log.seek(0)
        output = log.read()
        assert health is not None and health.status_code == 200, f"no answer within {STARTUP} s:\n{output}"
        assert health.json()["status"] == "ok"
        schema = httpx.get(f"{base}/openapi.json", timeout=10)
        assert schema.status_code == 200
        assert "/api/v1/health" in schema.json()["paths"]
        assert f"http://127.0.0.1:{port}/api/v1/docs" in output
        assert "wangjg@huakang-demo.example" in output and "okrcoach-demo" in output
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()

"""Smoke tests of the browser set-up: the live server answers Chromium, and the vendored JS is served."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect


def test_health_opens_in_chromium(page, shoot):
    response = page.goto("/api/v1/health")
    assert response is not None and response.status == 200
    expect(page.locator("body")).to_contain_text('"status":"ok"')
    assert json.loads(page.locator("pre").first.inner_text())["status"] == "ok"
    assert shoot(page, "smoke-health").stat().st_size > 0


@pytest.mark.parametrize("script, global_name, version", [
    ("htmx.min.js", "htmx", "2.0.11"),
    ("echarts.min.js", "echarts", "6.1.0"),
])
def test_vendored_js_is_served_and_loads(page, script, global_name, version):
    response = page.goto(f"/static/vendor/{script}")
    assert response is not None and response.status == 200, f"/static/vendor/{script}: {response and response.status}"
    assert "javascript" in response.headers.get("content-type", "")
    page.goto("/api/v1/health")
    page.add_script_tag(url=f"/static/vendor/{script}")
    assert page.evaluate(f"window.{global_name}.version") == version


def test_the_api_docs_render_from_the_apps_own_files(page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    outside = [url for url in requested if not url.startswith(live_server) and not url.startswith("data:")]
    assert outside == [], f"the docs page reached outside the app: {outside}"

"""Every error, whatever raised it, reaches the client in the one shape ``api/errors.py`` promises.

    {"error": {"status": 404, "code": "not_found", "message": "…", "field": null, "details": {}}}

One request per path an error can take to the client: the workspace's own errors (401, 403, 404,
409, 422, 428), the framework's (unknown endpoint, wrong method, request validation) and an
unexpected exception (500), which must not echo what it says.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from ..personas import PASSWORD

BASE = "/api/v1"
ERROR_FIELDS = {"status", "code", "message", "field", "details"}


@dataclass
class World:
    """What the requests need: Lin's public draft (with a KR) and private draft, and a token Mei revoked."""

    public_id: int
    private_id: int
    empty_id: int
    revoked_token: str


@pytest.fixture
def world(api, people) -> World:
    def objective(**body) -> int:
        body = {"cycle_id": people.cycle_id, "level": "personal", "title": "提升注册申报一次通过率",
                "key_results": [{"title": "一次通过率从 60% 提升到 90%", "kind": "percentage", "start": 60,
                                 "target": 90}], **body}
        r = api.as_("lin").post(f"{BASE}/objectives", json=body)
        assert r.status_code == 201, r.text
        return r.json()["id"]

    made = api.as_("mei").post(f"{BASE}/me/tokens", json={"name": "旧笔记本"})
    assert made.status_code == 201, made.text
    assert api.as_("mei").delete(f"{BASE}/me/tokens/{made.json()['id']}").status_code == 204
    return World(public_id=objective(), private_id=objective(visibility="private", title="个人成长计划"),
                 empty_id=objective(title="没有关键结果的目标", key_results=[]), revoked_token=made.json()["token"])


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# (id, who, method, url, request keywords, expected status, code, field): one request per error path.
# ``who`` is a persona, or None for no token at all; urls and bodies are filled in from the World.
CASES = [
    ("401-no-token", None, "get", "/me", {}, 401, "not_authenticated", "Authorization"),
    ("401-bad-scheme", None, "get", "/me", {"headers": {"Authorization": "Basic bWVpOnB3"}},
     401, "not_authenticated", "Authorization"),
    ("401-revoked-token", None, "get", "/me", {"headers": "revoked"}, 401, "not_authenticated", None),
    ("401-wrong-password", None, "post", "/auth/tokens",
     {"json": {"email": "mei@huakang.test", "password": PASSWORD + "!", "name": "laptop"}},
     401, "not_authenticated", None),
    ("403-readable-not-writable", "sam", "patch", "/objectives/{public}",
     {"json": {"version": 1, "title": "改"}}, 403, "forbidden", None),
    ("404-missing-objective", "lin", "get", "/objectives/987654", {}, 404, "not_found", None),
    ("404-hidden-objective", "sam", "get", "/objectives/{private}", {}, 404, "not_found", None),
    ("404-unknown-endpoint", "lin", "get", "/no-such-thing", {}, 404, "not_found", None),
    ("405-wrong-method", "lin", "put", "/objectives/{public}", {"json": {"title": "整体替换"}},
     405, "method_not_allowed", None),
    ("409-stale-version", "lin", "patch", "/objectives/{public}",
     {"json": {"title": "新标题"}, "headers": {"If-Match": '"7"'}}, 409, "conflict", "version"),
    ("409-duplicate", "ada", "post", "/units",
     {"json": {"parent_id": "{hk}", "key": "qa", "name": "另一个质量部", "kind": "department"}},
     409, "conflict", "key"),
    ("422-validation", "lin", "post", "/objectives",
     {"json": {"cycle_id": "{cycle}", "level": "personal"}}, 422, "validation_error", "title"),
    ("422-domain-invalid", "lin", "post", "/objectives/{public}/transitions", {"json": {"to": "closed"}},
     422, "invalid", "to"),
    ("422-checker-errors", "lin", "post", "/objectives/{empty}/transitions", {"json": {"to": "in_review"}},
     422, "checker_errors", None),
    ("428-missing-version", "lin", "patch", "/objectives/{public}", {"json": {"title": "没有版本"}},
     428, "precondition_required", "If-Match"),
]


def _fill(value, names: dict):
    """Put the World's ids into a case's url and body (``"{public}"`` → 7; ``"x {public}"`` → ``"x 7"``)."""
    if isinstance(value, str):
        for name, replacement in names.items():
            if value == f"{{{name}}}":
                return replacement
            value = value.replace(f"{{{name}}}", str(replacement))
        return value
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    return value


def assert_error_shape(r, status: int) -> dict:
    """The body is exactly the one error shape, its status the response's; returns ``error``."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json"), r.headers
    body = r.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == ERROR_FIELDS, error
    assert error["status"] == status, error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert error["field"] is None or isinstance(error["field"], str), error
    assert isinstance(error["details"], dict), error
    return error


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_error_path_answers_in_the_one_error_shape(api, people, world, case):
    _, who, method, url, kwargs, status, code, field = case
    names = {"public": world.public_id, "private": world.private_id, "empty": world.empty_id,
             "hk": people.units["hk"], "cycle": people.cycle_id}
    kwargs = _fill(kwargs, names)
    if kwargs.get("headers") == "revoked":
        kwargs["headers"] = bearer(world.revoked_token)
    caller = api.anonymous() if who is None else api.as_(who)
    r = getattr(caller, method)(BASE + _fill(url, names), **kwargs)
    error = assert_error_shape(r, status)
    assert error["code"] == code, error
    if field is not None:
        assert error["field"] == field, error
    if status == 401:
        assert r.headers.get("WWW-Authenticate") == "Bearer", r.headers
    if code == "validation_error":
        assert field in [e["field"] for e in error["details"]["errors"]], error
    if code == "checker_errors":
        assert [f["rule"] for f in error["details"]["findings"]] == ["kr-missing"], error


def test_an_unexpected_exception_is_a_500_in_the_same_shape_that_does_not_echo_it(api, people):
    def explode():
        raise RuntimeError("secret detail: postgres://admin:hunter2@db/okr")

    api.client.app.add_api_route(f"{BASE}/test-only/explode", explode, methods=["GET"])
    r = api.as_("lin").get(f"{BASE}/test-only/explode")
    error = assert_error_shape(r, 500)
    assert error["code"] == "internal_error" and error["field"] is None and error["details"] == {}, error
    assert "secret detail" not in r.text and "hunter2" not in r.text and "RuntimeError" not in r.text

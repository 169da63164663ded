"""The API describes itself: the OpenAPI document and the docs page a client developer starts from.

These tests read the document the app serves, not the code, so what they check is what a
generated client or a person reading ``/api/v1/docs`` gets. Where a route falls short, the
assertion lists every offending operation at once rather than stopping at the first.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from okrcoach.api import create_app
from okrcoach.settings import Settings
from okrcoach.storage.db import Database

BASE = "/api/v1"
METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}
ERROR_FIELDS = {"status", "code", "message", "field", "details"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The document does not depend on the database: one app on an untouched SQLite file serves the module."""
    folder = tmp_path_factory.mktemp("openapi")
    database = Database(f"sqlite:///{folder / 'okrcoach.db'}")
    with TestClient(create_app(Settings(data_dir=folder, database_url=database.url), database)) as c:
        yield c
    database.dispose()


@pytest.fixture(scope="module")
def document(client) -> dict:
    r = client.get(f"{BASE}/openapi.json")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def operations(document: dict):
    """(method, path, operation) for every operation in the document."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method.upper(), path, operation


def resolve(document: dict, schema: dict) -> dict:
    """A schema with its ``$ref`` (to ``#/components/schemas/…``) followed."""
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_the_openapi_document_is_served_without_a_token_and_names_the_api(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "okrcoach" and document["info"]["version"]
    assert list(operations(document)), "the document lists no operation"


def test_every_path_is_under_api_v1(document):
    outside = [path for path in document["paths"] if not path.startswith(f"{BASE}/")]
    assert outside == [], f"paths outside {BASE}: {outside}"


def test_every_operation_has_a_summary_and_a_tag(document):
    offenders = [f"{method} {path}: " + ", ".join(
        what for what, missing in (("no summary", not (op.get("summary") or "").strip()),
                                   ("no tag", not op.get("tags"))) if missing)
        for method, path, op in operations(document)
        if not (op.get("summary") or "").strip() or not op.get("tags")]
    assert offenders == [], "operations without a summary or a tag:\n" + "\n".join(offenders)


def test_every_json_request_body_has_an_example(document):
    offenders = []
    for method, path, op in operations(document):
        media = op.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            continue
        schema = media.get("schema", {})
        if not (media.get("example") or media.get("examples") or schema.get("examples")
                or resolve(document, schema).get("examples")):
            offenders.append(f"{method} {path}")
    assert offenders == [], "JSON request bodies without an example:\n" + "\n".join(offenders)


def error_shape_problem(document: dict, response: dict) -> str | None:
    """Why a documented error response is not ``{"error": {status, code, message, field, details}}``."""
    media = response.get("content", {}).get("application/json")
    if media is None or "schema" not in media:
        return "no JSON schema"
    schema = resolve(document, media["schema"])
    outer = set(schema.get("properties", {}))
    if outer != {"error"}:
        return f"body has {sorted(outer) or 'no properties'} instead of exactly 'error'" + (
            f" ({schema['title']})" if schema.get("title") else "")
    inner = set(resolve(document, schema["properties"]["error"]).get("properties", {}))
    if inner != ERROR_FIELDS:
        return f"'error' has {sorted(inner)} instead of {sorted(ERROR_FIELDS)}"
    return None


def test_every_documented_error_response_has_the_one_error_shape(document):
    declared, offenders = 0, []
    for method, path, op in operations(document):
        for status, response in op.get("responses", {}).items():
            if status == "default" or status[0] in "45":
                declared += 1
                problem = error_shape_problem(document, response)
                if problem:
                    offenders.append(f"{method} {path} {status}: {problem}")
    assert declared, "no operation documents an error response"
    assert offenders == [], (f"{len(offenders)} documented error responses do not have the shape every error "
                             "has:\n" + "\n".join(offenders))


def test_the_interactive_docs_page_is_served_as_html(client):
    r = client.get(f"{BASE}/docs")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert f"{BASE}/openapi.json" in r.text

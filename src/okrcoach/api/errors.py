"""One error shape for every error the API returns, rendered by one set of handlers.

Every non-2xx response body is::

    {"error": {"status": 404, "code": "not_found", "message": "objective 7 does not exist",
               "field": null, "details": {}}}

``code`` is stable and machine-readable; ``message`` is for people; ``field`` names the input at
fault (``"key_results.2.target"``, or a query parameter or header name) when there is one.
Validation errors list every problem in ``details.errors``. A 500 never echoes the exception.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..domain.errors import InputError
from ..workspace.errors import WorkspaceError

log = logging.getLogger("okrcoach.api")

HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
              422: "validation_error", 428: "precondition_required", 429: "too_many_requests"}


def error_body(status: int, code: str, message: str, field: str | None = None, details: dict | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "field": field, "details": details or {}}}


def error_response(status: int, code: str, message: str, field: str | None = None,
                   details: dict | None = None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, field, details), status_code=status, headers=headers)


def _respond(request: Request, status: int, code: str, message: str, field: str | None = None,
             details: dict | None = None, headers: dict | None = None):
    """The API's JSON error, or, for a page of the web app (``app.state.error_page``), its HTML one."""
    page = getattr(request.app.state, "error_page", None)
    if page is not None and not request.url.path.startswith("/api/"):
        return page(request, status, code, message, field)
    return error_response(status, code, message, field, details, headers)


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:] or parts
    return ".".join(parts)


def install(app: FastAPI) -> None:
    @app.exception_handler(WorkspaceError)
    async def workspace_error(request: Request, exc: WorkspaceError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _respond(request, exc.status, exc.code, exc.message, exc.field, exc.details, headers)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError):
        return _respond(request, 422, "invalid_document", exc.describe(), None,
                        {"file": exc.file, "line": exc.line, "expected": exc.expected})

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"field": _field(e.get("loc", ())), "message": e.get("msg", "invalid")} for e in exc.errors()]
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more)"
        return _respond(request, 422, "validation_error", message, first["field"], {"errors": errors})

    @app.exception_handler(StaleDataError)
    async def stale(request: Request, exc: StaleDataError):
        return _respond(request, 409, "conflict", "someone else changed this in the meantime; reload and try again")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.method} {request.url.path}"
        return _respond(request, exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _respond(request, 500, "internal_error", "an unexpected error happened; it has been logged")

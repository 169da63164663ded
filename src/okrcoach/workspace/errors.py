"""The workspace's errors. Each carries its HTTP status, so the API's one handler needs no table.

``code`` is a stable machine-readable name; ``message`` says what is wrong and, where it helps,
what to do; ``field`` names the input at fault (``"key_results[2].target"``).
"""
from __future__ import annotations

from ..domain.errors import OkrError


class WorkspaceError(OkrError):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}


class NotAuthenticated(WorkspaceError):
    status, code = 401, "not_authenticated"


class Forbidden(WorkspaceError):
    status, code = 403, "forbidden"


class NotFound(WorkspaceError):
    status, code = 404, "not_found"


class Conflict(WorkspaceError):
    """A stale version, a duplicate name, an idempotency key reused with another body."""

    status, code = 409, "conflict"


class PreconditionRequired(WorkspaceError):
    status, code = 428, "precondition_required"


class Invalid(WorkspaceError):
    """Input that parses but breaks a rule of the domain (a cycle in alignment, a bad transition)."""

    status, code = 422, "invalid"


class Blocked(WorkspaceError):
    """A transition refused because the checker has error-level findings."""

    status, code = 422, "checker_errors"

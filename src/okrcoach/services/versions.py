"""Optimistic concurrency, written once: a change names the version it was based on, and it must be current.

Two people editing the same unit, cycle, account, objective or key result must not silently
overwrite each other. So a change carries the version its author last saw (the ``ETag`` sent back
as ``If-Match: "3"``, or ``version`` in the body), and the service compares it with the row before
changing anything: a stale change is refused with 409 and the current version, and its author
reloads and applies it again, instead of the last writer winning. (SQLAlchemy's version counter
still catches the race between this comparison and the commit: StaleDataError, also 409.)

Every service uses these two functions, so every resource answers with the same status codes,
fields and messages.
"""
from __future__ import annotations

from typing import Protocol

from ..workspace.errors import Conflict, Invalid, PreconditionRequired


class Versioned(Protocol):
    version: int


def base_version(if_match: int | None, body_version: int | None) -> int | None:
    """The version a request's change is based on: the ``If-Match`` header's or the body's ``version``.

    Either may be sent; when both are, they must agree (Invalid, 422 on ``version``), because a
    client that sends two different versions does not know which one it edited. ``None`` when
    neither was sent: whether that is allowed is ``check_version``'s to say.
    """
    if if_match is not None and body_version is not None and if_match != body_version:
        raise Invalid(f"If-Match says version {if_match} but the body says version {body_version}; send one "
                      "of them, or the same version in both", field="version")
    return if_match if if_match is not None else body_version


def check_version(row: Versioned, expected: int | None, what: str, *, required: bool = True) -> None:
    """Refuse a change based on another version of ``row`` than its current one.

    ``expected`` None means the change named no version: PreconditionRequired (428, naming
    If-Match), unless ``required=False`` (where a version is optional: one's own profile, a cycle's
    transition). A version that is not current is a Conflict (409 on ``version``) whose details carry
    ``current_version``. ``what`` names the row for people ("unit qa", "objective 12").
    """
    if expected is None:
        if required:
            raise PreconditionRequired(f"say which version of {what} this change is based on: send the "
                                       'header If-Match: "<version>" (the ETag you received) or "version" in '
                                       "the body", field="If-Match")
        return
    if expected != row.version:
        raise Conflict(f"{what} has changed since version {expected} (it is now version {row.version}); "
                       "reload it and apply your change again", field="version",
                       details={"current_version": row.version})

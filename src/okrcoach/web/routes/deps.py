"""What every page needs: the signed-in person, the CSRF check, a form's fields, a safe redirect target.

Pages are thin like the API's routes: each asks ``services`` with the signed-in person's ``Actor``,
so a page can show and change exactly what the API would let that person see and change. Writes that
can be refused run in a transaction of their own (``write``): a refusal shows the page again with its
reason, and nothing of the refused form is kept.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ...api.deps import SessionDep
from ...services import tokens
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import Invalid, NotAuthenticated, WorkspaceError
from ...workspace.permissions import Actor
from ..render import refusal_text
from ..security import SESSION_COOKIE, check_csrf

CsrfChecked = Depends(check_csrf)
T = TypeVar("T")


def signed_in(request: Request, session: SessionDep) -> m.Person:
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        raise NotAuthenticated("sign in to continue")
    token = tokens.token_for(session, secret)
    session.info["actor_id"] = token.person_id
    request.state.token_id = token.id
    return session.get(m.Person, token.person_id)


PersonDep = Annotated[m.Person, Depends(signed_in)]


async def form_data(request: Request) -> FormData:
    """The whole form (lists and dynamic names included); Starlette reads the body once and keeps it."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form_data)]


def write(request: Request, person: m.Person, work: Callable[[Session, Actor], T]) -> tuple[T | None,
                                                                                        WorkspaceError | None]:
    """``work(session, actor)`` all or nothing, in a transaction of its own; its result, or the refusal.

    Not a savepoint in the request's transaction: on SQLite a SAVEPOINT before the first write opens
    the transaction with a read snapshot, and its first write then fails at once ("database is
    locked") when another request writes, instead of waiting its turn (``storage/db.py``).
    """
    try:
        with request.app.state.database.session(actor_id=person.id) as session:
            return work(session, actor_for(session, session.get(m.Person, person.id))), None
    except WorkspaceError as error:
        error.message = refusal_text(request, person, error)   # pages show it in the reader's language
        return None, error


def version(form) -> int:
    """The version of the row a form edits, which it carries so that a stale form is refused (409)."""
    raw = str(form.get("version") or "").strip()
    if not raw.isdigit():
        raise Invalid("this form lost the version it was based on; reload the page", field="version")
    return int(raw)


def local(next_url: str | None) -> str:
    """Only a path on this site: a sign-in link must not send people elsewhere."""
    if next_url and next_url.startswith("/") and not next_url.startswith("//") and "\\" not in next_url:
        return next_url
    return "/my"

"""The request's typed dependencies: its database session (the transaction owner) and its actor."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Header, Query, Request
from sqlalchemy.orm import Session

from ..services import tokens
from ..services.access import actor_for
from ..storage import models as m
from ..storage.db import Database
from ..workspace.errors import NotAuthenticated, PreconditionRequired
from ..workspace.permissions import Actor


def get_database(request: Request) -> Database:
    return request.app.state.database


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back when it raises.

    Scoped to the route function (not the whole request), so a failing commit (a stale version)
    still becomes the response instead of happening after it was sent.
    """
    database: Database = request.app.state.database
    with database.sessions() as session:
        with session.begin():
            yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_token(request: Request, session: SessionDep, background: BackgroundTasks,
              authorization: Annotated[str | None, Header()] = None) -> m.ApiToken:
    """The live API token the request carries (its person is the actor).

    Its last use is recorded after the response, on a connection of its own: inside the request it
    would need a second pooled connection while holding one (32 clients exhausted the pool).
    """
    if not authorization:
        raise NotAuthenticated("send an API token: Authorization: Bearer okr_…", field="Authorization")
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise NotAuthenticated("the Authorization header must be 'Bearer <token>'", field="Authorization")
    return _live_token(request, session, background, secret.strip())


def _live_token(request: Request, session: Session, background: BackgroundTasks, secret: str) -> m.ApiToken:
    token = tokens.token_for(session, secret)
    if tokens.due_for_touch(token):
        background.add_task(tokens.touch, request.app.state.database.sessions, token.id)
    session.info["actor_id"] = token.person_id
    return token


TokenDep = Annotated[m.ApiToken, Depends(get_token)]


def get_feed_token(request: Request, session: SessionDep, background: BackgroundTasks,
                   authorization: Annotated[str | None, Header()] = None,
                   token: Annotated[str | None, Query(description="an API token, for calendar applications")] = None,
                   ) -> m.ApiToken:
    """``get_token``, or for a feed that calendar applications fetch (they send no headers) the token in
    the address: ``?token=okr_…``."""
    if authorization and authorization.lower().startswith("bearer "):
        return get_token(request, session, background, authorization)
    if not (token or "").strip():
        raise NotAuthenticated("send an API token: Authorization: Bearer okr_…, or ?token=okr_…", field="token")
    return _live_token(request, session, background, token.strip())


def get_feed_actor(session: SessionDep, token: Annotated[m.ApiToken, Depends(get_feed_token)]) -> Actor:
    return actor_for(session, session.get(m.Person, token.person_id))


FeedActorDep = Annotated[Actor, Depends(get_feed_actor)]


def get_person(session: SessionDep, token: TokenDep) -> m.Person:
    return session.get(m.Person, token.person_id)


PersonDep = Annotated[m.Person, Depends(get_person)]


def get_actor(session: SessionDep, person: PersonDep) -> Actor:
    return actor_for(session, person)


ActorDep = Annotated[Actor, Depends(get_actor)]


def if_match_version(if_match: Annotated[str | None, Header(alias="If-Match")] = None) -> int | None:
    """The version an update was based on, from ``If-Match: "3"`` (an ETag this API sent)."""
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionRequired(f"If-Match {if_match!r} is not an ETag this API sent (\"<version>\")",
                                   field="If-Match")
    return int(value)


IfMatchDep = Annotated[int | None, Depends(if_match_version)]


def get_today(request: Request) -> dt.date:
    return request.app.state.clock()


TodayDep = Annotated[dt.date, Depends(get_today)]

"""Personal API tokens: shown once, stored as SHA-256, revocable.

A token is 32 random bytes (``okr_`` + url-safe base64). A fast hash is right here, unlike for
passwords: the secret has full entropy, and it lets every request find its token in one
indexed lookup instead of an argon2 verification.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..storage import models as m
from ..workspace.errors import NotAuthenticated, NotFound

log = logging.getLogger(__name__)

PREFIX = "okr_"
TOUCH_EVERY = dt.timedelta(minutes=5)   # last_used_at is refreshed at most this often (no write per request)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, *, person: m.Person, name: str,
          expires_at: dt.datetime | None = None) -> tuple[m.ApiToken, str]:
    """Create a token; returns the row and the secret, which is never shown again."""
    secret = PREFIX + secrets.token_urlsafe(32)
    row = m.ApiToken(person_id=person.id, name=name, token_hash=hash_token(secret), prefix=secret[:10],
                     expires_at=expires_at)
    session.add(row)
    session.flush()
    return row, secret


def token_for(session: Session, secret: str, *, now: dt.datetime | None = None) -> m.ApiToken:
    """The live token with this secret, its active person loaded; NotAuthenticated for unknown, revoked
    or expired tokens and for deactivated accounts."""
    now = now or m.utcnow()
    row = session.execute(select(m.ApiToken).where(m.ApiToken.token_hash == hash_token(secret))).scalar_one_or_none()
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        raise NotAuthenticated("the API token is unknown, revoked or expired")
    person = session.get(m.Person, row.person_id)
    if person is None or not person.is_active:
        raise NotAuthenticated("the API token's account is deactivated")
    return row


def person_for(session: Session, secret: str, *, now: dt.datetime | None = None) -> m.Person:
    return session.get(m.Person, token_for(session, secret, now=now).person_id)


def due_for_touch(token: m.ApiToken, now: dt.datetime | None = None) -> bool:
    """Whether the token's last use is worth recording: at most every ``TOUCH_EVERY``."""
    return token.last_used_at is None or (now or m.utcnow()) - token.last_used_at > TOUCH_EVERY


def touch(sessions: sessionmaker, token_id: int, *, now: dt.datetime | None = None) -> None:
    """Record that the token was used, unless another request just did.

    In a short transaction of its own, not the request's: a read request that wrote this in its own
    transaction would hold SQLite's one write lock for its whole duration (and fail to upgrade its
    read snapshot under load: "database is locked"). A busy database may make it miss one update,
    which is harmless: the next use records it.
    """
    now = now or m.utcnow()
    try:
        with sessions() as session, session.begin():
            session.execute(update(m.ApiToken).where(
                m.ApiToken.id == token_id,
                or_(m.ApiToken.last_used_at.is_(None), m.ApiToken.last_used_at < now - TOUCH_EVERY))
                .values(last_used_at=now))
    except OperationalError as error:
        log.warning("token %s: last use not recorded (%s)", token_id, error.orig)


def revoke(session: Session, *, person: m.Person, token_id: int) -> m.ApiToken:
    row = session.get(m.ApiToken, token_id)
    if row is None or row.person_id != person.id:
        raise NotFound(f"token {token_id} does not exist")
    if row.revoked_at is None:
        row.revoked_at = m.utcnow()
    return row

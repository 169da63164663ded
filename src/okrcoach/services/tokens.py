"""Personal API tokens: shown once, stored as SHA-256, revocable.

A token is 32 random bytes (``okr_`` + url-safe base64). A fast hash is right here, unlike for
passwords: the secret has full entropy, and it lets every request find its token in one
indexed lookup instead of an argon2 verification.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import NotAuthenticated, NotFound

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


def person_for(session: Session, secret: str, *, now: dt.datetime | None = None) -> m.Person:
    """The active person a token belongs to; NotAuthenticated for unknown, revoked or expired tokens."""
    now = now or m.utcnow()
    row = session.execute(select(m.ApiToken).where(m.ApiToken.token_hash == hash_token(secret))).scalar_one_or_none()
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        raise NotAuthenticated("the API token is unknown, revoked or expired")
    person = session.get(m.Person, row.person_id)
    if person is None or not person.is_active:
        raise NotAuthenticated("the API token's account is deactivated")
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        row.last_used_at = now
    return person


def revoke(session: Session, *, person: m.Person, token_id: int) -> m.ApiToken:
    row = session.get(m.ApiToken, token_id)
    if row is None or row.person_id != person.id:
        raise NotFound(f"token {token_id} does not exist")
    if row.revoked_at is None:
        row.revoked_at = m.utcnow()
    return row

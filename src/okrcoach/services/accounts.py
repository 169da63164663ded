"""People and their accounts: signing in for a token, creating and editing people, changing passwords.

Signing in gives the same answer for an unknown email and a wrong password, and spends the same
argon2 work on both, so the endpoint does not reveal who has an account. Emails are stored in
lower case and are unique across the installation (the table's constraint); handles are unique
within an organisation.

Admins create anyone; a manager creates members of the units they manage (a manager for their
own unit is appointed from above, as ``units.may_appoint_manager`` says). Editing someone else's
account is an admin's act; people edit their own name, language and password themselves.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..storage import models as m
from ..workspace.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound
from ..workspace.permissions import Actor, can_administer, can_manage_unit
from ..workspace.values import Role
from . import tokens, units
from .handles import check_handle
from .passwords import MAX_LENGTH, MIN_LENGTH, hash_password, needs_rehash, verify_password
from .versions import check_version

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
LOCALES = ("zh", "en")
MAX_TOKEN_DAYS = 3650
BAD_LOGIN = "unknown email or wrong password"


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not anybody's password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str, field: str = "email") -> str:
    email = normalise_email(email)
    if len(email) > 254 or not re.fullmatch(EMAIL, email):
        raise Invalid(f"{email!r} is not an email address (expected name@example.com)", field=field)
    return email


def check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise Invalid("a person needs a name", field="name")
    return name


def check_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_LENGTH:
        raise Invalid(f"a password needs at least {MIN_LENGTH} characters", field=field)
    if len(password) > MAX_LENGTH:
        raise Invalid(f"the password is longer than {MAX_LENGTH} characters", field=field)
    return password


def _expiry(expires_in_days: int | None, now: dt.datetime) -> dt.datetime | None:
    if expires_in_days is None:
        return None
    if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise Invalid(f"expires_in_days must be between 1 and {MAX_TOKEN_DAYS}", field="expires_in_days")
    return now + dt.timedelta(days=expires_in_days)


def login(session: Session, *, email: str, password: str, token_name: str,
          expires_in_days: int | None = None) -> tuple[m.ApiToken, str]:
    """A new API token for whoever this email and password belong to; the secret is returned once."""
    person = session.scalar(select(m.Person).where(m.Person.email == normalise_email(email)))
    if person is None:
        verify_password(_dummy_hash(), password)   # the same work as a real check: no timing oracle
        raise NotAuthenticated(BAD_LOGIN)
    if not verify_password(person.password_hash, password):
        raise NotAuthenticated(BAD_LOGIN)
    if not person.is_active:
        raise NotAuthenticated("this account is deactivated; ask an admin of your organisation")
    session.info["actor_id"] = person.id   # the token (and any rehash) is recorded as the person's own act
    if needs_rehash(person.password_hash):
        person.password_hash = hash_password(password)
    return create_token(session, person=person, name=token_name, expires_in_days=expires_in_days)


def create_token(session: Session, *, person: m.Person, name: str,
                 expires_in_days: int | None = None) -> tuple[m.ApiToken, str]:
    return tokens.issue(session, person=person, name=name, expires_at=_expiry(expires_in_days, m.utcnow()))


def list_tokens(session: Session, *, person: m.Person) -> list[m.ApiToken]:
    """The person's tokens that are not revoked, newest first (expired ones too, so they can be tidied)."""
    return list(session.scalars(select(m.ApiToken).where(m.ApiToken.person_id == person.id,
                                                         m.ApiToken.revoked_at.is_(None))
                                .order_by(m.ApiToken.created_at.desc(), m.ApiToken.id.desc())))


def revoke_token(session: Session, *, person: m.Person, token_id: int) -> None:
    tokens.revoke(session, person=person, token_id=token_id)
    session.flush()


def set_password(session: Session, *, person: m.Person, password: str, keep_token_id: int | None = None,
                 field: str = "password") -> int:
    """A new password, and every token of the person revoked but ``keep_token_id`` (the one in use):
    whoever knew the old password may have made tokens with it. Returns how many were revoked."""
    person.password_hash = hash_password(check_password(password, field=field))
    revoked = 0
    for token in list_tokens(session, person=person):
        if token.id != keep_token_id:
            token.revoked_at = m.utcnow()
            revoked += 1
    session.flush()
    return revoked


def reset_password(session: Session, *, actor: Actor, person_id: int, password: str,
                   keep_token_id: int | None = None) -> int:
    """An admin sets someone's password (a forgotten one, a first one); their tokens and web sessions are
    revoked as ``set_password`` does, but ``keep_token_id`` (the admin's own session when it is their
    own password). Returns how many were revoked."""
    person = person_for(session, actor, person_id)
    if not can_administer(actor, person.org_id):
        raise Forbidden("only admins may set other people's passwords; change your own with PATCH /me",
                        field="password")
    return set_password(session, person=person, password=password, keep_token_id=keep_token_id)


def find_person(session: Session, *, actor: Actor, who: str, field: str = "person") -> m.Person:
    """The person of the actor's organisation with this handle or email, as people are named in a form;
    Invalid (422 on ``field``) when nobody is."""
    who = who.strip()
    if not who:
        raise Invalid("name the person by their handle or email", field=field)
    by_email = "@" in who
    column, value = (m.Person.email, normalise_email(who)) if by_email else (m.Person.handle, who)
    person = session.scalar(select(m.Person).where(m.Person.org_id == actor.org_id, column == value))
    if person is None:
        raise Invalid(f"nobody in your organisation has the {'email' if by_email else 'handle'} {who!r}",
                      field=field)
    return person


def person_for(session: Session, actor: Actor, person_id: int) -> m.Person:
    """The person, or NotFound when they do not exist in the actor's organisation."""
    person = session.get(m.Person, person_id)
    if person is None or person.org_id != actor.org_id:
        raise NotFound(f"person {person_id} does not exist")
    return person


def list_people(session: Session, *, actor: Actor, unit_id: int | None = None, q: str | None = None,
                offset: int = 0, limit: int = 50) -> tuple[list[m.Person], int]:
    """People of the organisation by name.

    ``unit_id``: only that unit's subtree; ``q``: part of a name, handle or email.
    """
    query = select(m.Person).where(m.Person.org_id == actor.org_id)
    if unit_id is not None:
        unit = units.unit_for(session, actor, unit_id, field="unit_id")
        members = (select(m.Membership.person_id).join(m.Unit, m.Unit.id == m.Membership.unit_id)
                   .where(m.Unit.path.startswith(unit.path, autoescape=True)))
        query = query.where(m.Person.id.in_(members))
    if q and q.strip():
        needle = q.strip().lower()
        query = query.where(or_(*(func.lower(column).contains(needle, autoescape=True)
                                  for column in (m.Person.name, m.Person.handle, m.Person.email))))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.options(selectinload(m.Person.memberships).selectinload(m.Membership.unit))
                           .order_by(m.Person.name, m.Person.id).offset(offset).limit(limit))
    return list(rows), total


def _unique(session: Session, org_id: int, *, email: str | None = None, handle: str | None = None,
            person_id: int | None = None) -> None:
    others = [] if person_id is None else [m.Person.id != person_id]
    if email is not None and session.scalar(select(m.Person.id).where(m.Person.email == email, *others)):
        raise Conflict(f"the email {email} is already used by another account", field="email")
    if handle is not None and session.scalar(select(m.Person.id).where(
            m.Person.org_id == org_id, m.Person.handle == handle, *others)):
        raise Conflict(f"the handle {handle!r} is already used by someone in the organisation",
                       field="handle")


def create_person(session: Session, *, actor: Actor, handle: str, name: str, email: str, unit_id: int,
                  role: Role | str = Role.MEMBER, password: str | None = None,
                  is_admin: bool = False) -> m.Person:
    """A new person in a unit (their primary unit). Without a password they sign in only with tokens."""
    unit = units.unit_for(session, actor, unit_id, field="unit_id")
    if not can_manage_unit(actor, unit.org_id, unit.path):
        raise Forbidden(f"you may not add people to {unit.name}: only its managers (or those above) and "
                        "admins may", field="unit_id")
    role = Role(role)
    if role is Role.MANAGER and not units.may_appoint_manager(actor, unit, session):
        raise Forbidden(f"only admins and managers above {unit.name} may appoint its managers", field="role")
    if is_admin and not can_administer(actor, unit.org_id):
        raise Forbidden("only admins may make someone an admin", field="is_admin")
    email, handle, name = check_email(email), check_handle(handle), check_name(name)
    _unique(session, unit.org_id, email=email, handle=handle)
    person = m.Person(org_id=unit.org_id, handle=handle, name=name, email=email, is_admin=is_admin,
                      password_hash=hash_password(check_password(password)) if password is not None else None)
    person.memberships.append(m.Membership(unit_id=unit.id, role=role.value, is_primary=True))
    session.add(person)
    session.flush()
    return person


def _keeps_an_admin(session: Session, person: m.Person) -> None:
    others = session.scalar(select(func.count()).select_from(m.Person).where(
        m.Person.org_id == person.org_id, m.Person.id != person.id, m.Person.is_admin.is_(True),
        m.Person.is_active.is_(True)))
    if not others:
        raise Conflict(f"{person.name} is the organisation's last active admin; make someone else an admin "
                       "first", field="is_admin")


def update_person(session: Session, *, actor: Actor, person_id: int, version: int | None,
                  name: str | None = None, email: str | None = None, is_admin: bool | None = None,
                  is_active: bool | None = None) -> m.Person:
    """An admin edits someone's account; deactivating keeps their OKRs and history but stops their tokens."""
    person = person_for(session, actor, person_id)
    if not can_administer(actor, person.org_id):
        raise Forbidden("only admins may edit other people's accounts; change your own with PATCH /me")
    check_version(person, version, f"{person.name}'s account")
    if email is not None:
        email = check_email(email)
        _unique(session, person.org_id, email=email, person_id=person.id)
        person.email = email
    if name is not None:
        person.name = check_name(name)
    if person.is_admin and person.is_active and (is_admin is False or is_active is False):
        _keeps_an_admin(session, person)
    if is_admin is not None:
        person.is_admin = is_admin
    if is_active is not None:
        person.is_active = is_active
    session.flush()
    return person


def update_me(session: Session, *, person: m.Person, version: int | None = None, name: str | None = None,
              locale: str | None = None, current_password: str | None = None,
              new_password: str | None = None, token_id: int | None = None) -> m.Person:
    """People edit their own name, language and password; a new password needs the current one and
    revokes their other tokens (``token_id``, the one in use, keeps working).

    The version is optional here: only its owner edits their profile this way.
    """
    check_version(person, version, "your account", required=False)
    if new_password is not None or current_password is not None:
        if current_password is None:
            raise Invalid("give your current password to set a new one", field="current_password")
        if new_password is None:
            raise Invalid("give the new password to set", field="new_password")
        if not verify_password(person.password_hash, current_password):
            raise Invalid("the current password is wrong", field="current_password")
        set_password(session, person=person, password=new_password, keep_token_id=token_id, field="new_password")
    if name is not None:
        person.name = check_name(name)
    if locale is not None:
        if locale not in LOCALES:
            raise Invalid(f"locale must be one of {', '.join(LOCALES)}", field="locale")
        person.locale = locale
    session.flush()
    return person


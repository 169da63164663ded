"""What ``okr user add|list|password|token`` do (the parser lives in ``user_cmd``, which imports none of this)."""
from __future__ import annotations

import getpass
import re
import sys

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.errors import InputError
from ..services import accounts, units
from ..services.passwords import MIN_LENGTH
from ..storage import models as m
from ..workspace.errors import NotFound
from ..workspace.permissions import Actor
from .user_cmd import CONSOLE_TOKEN_NAME, DEFAULT_ORG_NAME, DEFAULT_ORG_SLUG
from .workspace_db import open_database


def _console(org_id: int) -> Actor:
    """Whoever runs the console has the database itself: they act with an admin's rights (no person)."""
    return Actor(person_id=0, org_id=org_id, is_admin=True)


def _organisation(session: Session, slug: str | None, *, create: bool) -> tuple[m.Organisation, bool]:
    """The organisation to work in, and whether it was created now (only on a database without any)."""
    orgs = list(session.scalars(select(m.Organisation).order_by(m.Organisation.id)))
    if not orgs and create:
        org, _ = units.create_organisation(session, name=DEFAULT_ORG_NAME, slug=slug or DEFAULT_ORG_SLUG)
        return org, True
    if slug is not None:
        for org in orgs:
            if org.slug == slug:
                return org, False
        raise InputError(f"--org {slug}: no such organisation",
                         expected="one of " + ", ".join(o.slug for o in orgs) if orgs else "an existing slug")
    if not orgs:
        raise InputError("the database holds no organisation yet",
                         expected="okr user add to create the first one")
    if len(orgs) > 1:
        raise InputError("the database holds several organisations",
                         expected="--org with one of " + ", ".join(o.slug for o in orgs))
    return orgs[0], False


def _handle_from(email: str) -> str:
    local = email.split("@", 1)[0].lower()
    handle = re.sub(r"[^\w.-]+", "-", local).strip(".-_")[:64]
    return handle or "user"


def _read_password(args) -> str | None:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            raise InputError("--password-stdin: stdin held no password",
                             expected=f"at least {MIN_LENGTH} characters")
        return accounts.check_password(password)
    if not sys.stdin.isatty():
        return None
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise InputError("the two passwords differ")
    return accounts.check_password(password)


def run_add(args) -> int:
    password = _read_password(args)   # before touching the database: a typo costs nothing
    database = open_database(args)
    try:
        with database.session() as session:
            org, created = _organisation(session, args.org, create=True)
            try:
                unit = (units.unit_by_key(session, org.id, args.unit) if args.unit
                        else units.root_unit(session, org.id))
            except NotFound:
                raise InputError(f"--unit {args.unit}: no unit with this key in {org.name}") from None
            if unit is None:
                raise InputError(f"{org.name} has no units yet", expected="--unit KEY of an existing unit")
            person = accounts.create_person(
                session, actor=_console(org.id), handle=args.handle or _handle_from(args.email),
                name=args.name, email=args.email, unit_id=unit.id, role=args.role, password=password,
                is_admin=args.admin or created)
            secret = None
            if args.token:
                _, secret = accounts.create_token(session, person=person, name=CONSOLE_TOKEN_NAME)
    finally:
        database.dispose()
    if created:
        print(f"Created organisation {org.name} ({org.slug}) with its unit {unit.key}.")
    admin = ", admin" if person.is_admin else ""
    print(f"Added {person.name} <{person.email}> as {person.handle}: {args.role} of {unit.key}{admin}.")
    if password is None:
        print("No password set: this person signs in with an API token.")
    if secret:
        print(f"API token (shown only now): {secret}")
    return 0


def run_list(args) -> int:
    database = open_database(args)
    try:
        with database.session() as session:
            org, _ = _organisation(session, args.org, create=False)
            people = session.scalars(
                select(m.Person).where(m.Person.org_id == org.id).order_by(m.Person.handle)
                .options(selectinload(m.Person.memberships).selectinload(m.Membership.unit)))
            for person in people:
                flags = [f for f, on in (("admin", person.is_admin), ("inactive", not person.is_active))
                         if on]
                memberships = sorted(person.memberships, key=lambda x: (not x.is_primary, x.id))
                where = " ".join(f"{x.unit.key}({x.role})" for x in memberships)
                print("\t".join((person.handle, person.name, person.email or "-", where or "-",
                                 ",".join(flags) or "-")))
    finally:
        database.dispose()
    return 0


def _active_person(session: Session, email: str) -> m.Person:
    person = session.scalar(select(m.Person).where(m.Person.email == accounts.normalise_email(email)))
    if person is None:
        raise InputError(f"--email {email}: nobody has this email")
    if not person.is_active:
        raise InputError(f"--email {email}: this account is deactivated")
    return person


def run_password(args) -> int:
    password = _read_password(args)
    if password is None:
        raise InputError("no password given", expected="--password-stdin, or run it at a terminal")
    database = open_database(args)
    try:
        with database.session() as session:
            person = _active_person(session, args.email)
            revoked = accounts.set_password(session, person=person, password=password)
    finally:
        database.dispose()
    print(f"New password set for {person.name} <{person.email}>; {revoked} API token(s) revoked.")
    return 0


def run_token(args) -> int:
    database = open_database(args)
    try:
        with database.session() as session:
            person = _active_person(session, args.email)
            _, secret = accounts.create_token(session, person=person, name=args.name,
                                              expires_in_days=args.expires_in_days)
    finally:
        database.dispose()
    print(secret)
    return 0

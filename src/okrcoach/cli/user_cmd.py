"""``okr user add|list|token``: people of the workspace, from the console that runs it.

``okr user add`` is how a fresh installation gets its first person: when the database holds no
organisation yet, it creates one ("My organisation", slug ``default``, unless ``--org`` names
another slug) with its top unit (key ``company``), and that first person becomes its admin, since
an organisation nobody administers could not be managed from the API. The console acts with an
admin's rights over the chosen organisation; its changes are audited without an actor.

Passwords never appear on the command line: ``--password-stdin`` reads one line from stdin;
otherwise at a terminal the password is asked twice; otherwise the person gets none and signs in
with an API token (``--token`` prints one, once).
"""
from __future__ import annotations

import argparse
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
from ..workspace.values import Role
from .workspace_db import add_database_option, open_database

DEFAULT_ORG_NAME, DEFAULT_ORG_SLUG = "My organisation", "default"
CONSOLE_TOKEN_NAME = "okr user"


def add_parser(sub) -> None:
    p = sub.add_parser("user", help="add and list people of the workspace, issue API tokens",
                       description="Manage the workspace's people from the console.")
    users = p.add_subparsers(dest="user_command", required=True, parser_class=type(p))

    a = users.add_parser("add", help="add a person (creates the organisation on a fresh database)",
                         description="Add a person to a unit. On a database without an organisation, "
                                     "create one with its company unit, and make this first person its "
                                     "admin.")
    a.add_argument("--email", required=True)
    a.add_argument("--name", required=True, help="the person's name, as colleagues know it (张三)")
    a.add_argument("--handle", default=None, help="stable id used by documents (default: from the email)")
    a.add_argument("--unit", default=None, metavar="KEY",
                   help="key of their primary unit (default: the company)")
    a.add_argument("--role", choices=(Role.MEMBER.value, Role.MANAGER.value), default=Role.MEMBER.value)
    a.add_argument("--admin", action="store_true", help="make the person an admin of the organisation")
    a.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of stdin")
    a.add_argument("--token", action="store_true", help="print a new API token for the person (shown once)")
    _add_common(a)
    a.set_defaults(handler=run_add)

    ls = users.add_parser("list", help="list the organisation's people")
    _add_common(ls)
    ls.set_defaults(handler=run_list)

    t = users.add_parser("token", help="issue an API token for a person (shown once)")
    t.add_argument("--email", required=True)
    t.add_argument("--name", default=CONSOLE_TOKEN_NAME,
                   help=f"what the token is for (default {CONSOLE_TOKEN_NAME!r})")
    t.add_argument("--expires-in-days", type=int, default=None, metavar="N", help="default: until revoked")
    add_database_option(t)
    t.set_defaults(handler=run_token)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", default=None, metavar="SLUG",
                   help="the organisation (needed only when the database holds several)")
    add_database_option(p)


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


def run_token(args) -> int:
    database = open_database(args)
    try:
        with database.session() as session:
            email = accounts.normalise_email(args.email)
            person = session.scalar(select(m.Person).where(m.Person.email == email))
            if person is None:
                raise InputError(f"--email {args.email}: nobody has this email")
            if not person.is_active:
                raise InputError(f"--email {args.email}: this account is deactivated")
            _, secret = accounts.create_token(session, person=person, name=args.name,
                                              expires_in_days=args.expires_in_days)
    finally:
        database.dispose()
    print(secret)
    return 0

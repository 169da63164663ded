"""``okr user add|list|password|token``: people of the workspace, from the console that runs it.

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

from ..workspace.values import Role
from .workspace_db import add_database_option

DEFAULT_ORG_NAME, DEFAULT_ORG_SLUG = "My organisation", "default"
CONSOLE_TOKEN_NAME = "okr user"


def add_parser(sub) -> None:
    p = sub.add_parser("user", help="add and list people of the workspace, reset passwords, issue API tokens",
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
    a.set_defaults(handler=_lazy("run_add"))

    ls = users.add_parser("list", help="list the organisation's people")
    _add_common(ls)
    ls.set_defaults(handler=_lazy("run_list"))

    pw = users.add_parser("password", help="set a person's password (revokes all their API tokens)",
                          description="Set a new password for someone who forgot theirs. Every API token "
                                      "they hold is revoked: they sign in again with the new password.")
    pw.add_argument("--email", required=True)
    pw.add_argument("--password-stdin", action="store_true",
                    help="read the password from the first line of stdin")
    add_database_option(pw)
    pw.set_defaults(handler=_lazy("run_password"))

    t = users.add_parser("token", help="issue an API token for a person (shown once)")
    t.add_argument("--email", required=True)
    t.add_argument("--name", default=CONSOLE_TOKEN_NAME,
                   help=f"what the token is for (default {CONSOLE_TOKEN_NAME!r})")
    t.add_argument("--expires-in-days", type=int, default=None, metavar="N", help="default: until revoked")
    add_database_option(t)
    t.set_defaults(handler=_lazy("run_token"))


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", default=None, metavar="SLUG",
                   help="the organisation (needed only when the database holds several)")
    add_database_option(p)


def _lazy(name: str):
    """The handler, imported when the command runs: building ``okr``'s parser must not load SQLAlchemy."""
    def run(args) -> int:
        from . import user_actions
        return getattr(user_actions, name)(args)
    return run

"""``okr``: check OKR drafts, list and explain rules, review them, start from a template.

Exit status (okr-format.md): 0 when no finding reaches ``--fail-on``, 1 when one does, 2 for
unreadable input or usage errors, with a message on stderr naming the file, the line and what was
expected. In ``--format json`` nothing but the JSON object reaches stdout.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..domain.errors import InputError
from ..workspace.errors import WorkspaceError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2, like input errors
        self.print_usage(sys.stderr)
        print(f"okr: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="okr", description="An OKR coach: checks OKR drafts against the principles of good OKRs.")
    parser.add_argument("--version", action="version", version="okrcoach 0.1.0")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="check OKR documents (files or folders)",
                       description="Check OKR documents and report findings per objective and key result.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; none: the built-in examples")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages (default zh)")
    p.add_argument("--config", type=Path, default=None, help="a .okrcoach.toml or pyproject.toml")
    p.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                   help="lowest severity that makes the exit status 1 (default warning)")
    p.add_argument("--disable", action="append", default=[], metavar="RULE", help="switch a rule off (repeatable)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    p = sub.add_parser("rules", help="list the rules")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p = sub.add_parser("explain", help="print one rule's documentation")
    p.add_argument("rule", metavar="RULE-ID")

    from . import (db_cmd, demo_cmd, init_cmd, report_cmd, review_cmd, serve_cmd, transfer_cmd, user_cmd,
                   worker_cmd)
    for module in (init_cmd, review_cmd, serve_cmd, worker_cmd, db_cmd, user_cmd, transfer_cmd, report_cmd,
                   demo_cmd):
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) if hasattr(args, "handler") else _COMMANDS[args.command](args)
    except InputError as e:
        print(f"okr: {e.describe()}", file=sys.stderr)
        return EXIT_INPUT
    except WorkspaceError as e:
        where = f" ({e.field})" if e.field else ""
        print(f"okr: {e.message}{where}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `okr rules | head`: the reader left; no traceback, no second error at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS


def cmd_check(args) -> int:
    from ..checker.config import load_config
    from ..checker.engine import check
    from ..checker.finding import Severity
    from ..checker.registry import rule_ids
    from .examples import example_paths
    from .output import render_json, render_text, use_colour

    config = load_config(args.config) if args.config else load_config()
    unknown = [r for r in args.disable if r not in rule_ids()]
    if unknown:
        raise InputError(f"--disable {unknown[0]}: unknown rule id", expected="an id listed by `okr rules`")
    config = config.with_overrides(lang=args.lang, fail_on=Severity.parse(args.fail_on) if args.fail_on else None,
                                   disable=config.disable | frozenset(args.disable))
    paths = args.paths or example_paths()
    report = check(paths, config)
    if args.format == "json":
        print(render_json(report))
    else:
        colour = args.color == "always" or (args.color == "auto" and use_colour())
        print(render_text(report, config.lang, colour))
    return EXIT_FINDINGS if report.fails(config.fail_on) else EXIT_OK


def cmd_rules(args) -> int:
    from ..checker.registry import all_rules

    for rule in all_rules():
        summary = (rule.__doc__ or "").strip().splitlines()[0]
        print(f"{rule.id:22} {rule.severity.value:8} {summary}")
    return EXIT_OK


def cmd_explain(args) -> int:
    import inspect

    from ..checker.registry import get_rule, rule_ids

    try:
        rule = get_rule(args.rule)
    except KeyError:
        raise InputError(f"unknown rule {args.rule!r}", expected="one of " + ", ".join(rule_ids())) from None
    print(f"{rule.id} ({rule.severity.value})\n")
    print(inspect.cleandoc(rule.__doc__ or ""))
    return EXIT_OK


_COMMANDS = {"check": cmd_check, "rules": cmd_rules, "explain": cmd_explain}

if __name__ == "__main__":
    sys.exit(main())

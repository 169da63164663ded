"""``okr import`` and ``okr export``: OKR documents into the workspace and back out again.

``okr import PATH…`` reads the same files as ``okr check`` and writes them in one transaction:
an unreadable file (exit 2, with its file and line) writes nothing at all. ``okr export`` writes
the structured format that ``okr import`` and ``okr check`` read, so files kept in git and the
workspace can go back and forth without loss.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from ..domain.errors import InputError
from .workspace_db import add_database_option, open_database, settings_from

_LABELS = {
    "zh": {"head": "已导入 {files} 个文件到组织 {org}:", "sets": "OKR 集", "objectives": "目标",
           "key_results": "关键结果", "alignments": "对齐", "created": "新建", "updated": "更新",
           "unchanged": "未变", "deleted": "删除", "kept": "保留",
           "new": "新建人员 {people},部门 {units},周期 {cycles}",
           "kept_head": "文件中已没有、但不是草稿,所以保留(请在工作区处理):",
           "findings": "检查结果:{error} 个错误,{warning} 个警告,{info} 个提示", "sep": ",", "colon": ":"},
    "en": {"head": "Imported {files} file(s) into organisation {org}:", "sets": "sets",
           "objectives": "objectives", "key_results": "key results", "alignments": "alignments",
           "created": "created", "updated": "updated", "unchanged": "unchanged", "deleted": "deleted",
           "kept": "kept",
           "new": "new people {people}, units {units}, cycles {cycles}",
           "kept_head": "Gone from the files but not drafts, so kept (deal with them in the workspace):",
           "findings": "Findings: {error} error(s), {warning} warning(s), {info} info",
           "sep": ", ", "colon": ": "},
}


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="import OKR documents into the workspace",
                       description="Read OKR documents (YAML, JSON, Markdown or text; files or folders, as "
                                   "okr check reads them; or Excel workbooks, .xlsx, one row per key result) "
                                   "and create or update the people, units, cycles, "
                                   "objectives, key results and alignments they describe. All or nothing: "
                                   "one unreadable file and nothing is written.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--cycle", default=None, metavar="LABEL",
                   help="cycle for sets that name none (default: the active cycle, else the current quarter)")
    p.add_argument("--unit", default=None, metavar="KEY",
                   help="unit that personal sets belong to (default: the person's own, else the company)")
    p.add_argument("--org", default=None, metavar="SLUG",
                   help="organisation (created when missing; default: the only one)")
    p.add_argument("--as", dest="as_email", default=None, metavar="EMAIL",
                   help="the person recorded as author in the audit trail")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the summary (default zh)")
    add_database_option(p)
    p.set_defaults(handler=run_import)

    p = sub.add_parser("export", help="export the workspace's OKRs as structured documents",
                       description="Write OKR sets in the structured format (YAML or JSON) that okr import "
                                   "and okr check read: one okrs: file, or one file per set with --out DIR. "
                                   "--format xlsx writes an Excel workbook (--out FILE.xlsx): the OKRs with "
                                   "progress, the checker's findings and the check-ins; okr import reads it back.")
    p.add_argument("--cycle", default=None, metavar="LABEL", help="only this cycle (default: every cycle)")
    p.add_argument("--unit", default=None, metavar="KEY", help="only sets owned in this unit's subtree")
    p.add_argument("--owner", default=None, metavar="HANDLE", help="only this person's (or unit's) set")
    p.add_argument("--org", default=None, metavar="SLUG", help="organisation (default: the only one)")
    p.add_argument("--format", choices=("yaml", "json", "xlsx"), default="yaml")
    p.add_argument("--out", default=None, metavar="FILE|DIR",
                   help="write to FILE, or one <id>.yaml per set into DIR (an existing folder or a path "
                        "ending in /); default: stdout (xlsx: a FILE is needed)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="language of an xlsx workbook's headers, sheet names and findings (default zh)")
    add_database_option(p)
    p.set_defaults(handler=run_export)


def run_import(args) -> int:
    from sqlalchemy import func, select

    from ..documents.load import read_documents
    from ..services.transfer import import_documents
    from ..storage import models as m
    from .progress_bar import ProgressBar, wanted

    docs = read_documents(args.paths)          # bad input fails here, before the database is touched
    settings = settings_from(args)
    today = dt.datetime.now(settings.tz).date()
    database = open_database(args)
    bar = ProgressBar("okr import", enabled=wanted(args.progress))
    try:
        with database.session() as session:
            if args.as_email:
                person = session.scalar(select(m.Person).where(
                    func.lower(m.Person.email) == args.as_email.strip().lower()))
                if person is None or not person.is_active:
                    raise InputError(f"--as {args.as_email}: no active person with this email",
                                     expected="the email of a person in the workspace")
                session.info["actor_id"] = person.id
            report = import_documents(session, docs, today=today, cycle=args.cycle, unit=args.unit,
                                      org=args.org, actor_id=session.info.get("actor_id"),
                                      progress=bar.update)
    finally:
        bar.close()
        database.dispose()
    print(summary(report, args.lang))
    return 0


def summary(report, lang: str = "zh") -> str:
    t = _LABELS[lang]

    def row(name: str, fields: tuple[str, ...]) -> str:
        tally = getattr(report, name)
        values = t["sep"].join(f"{t[f]} {getattr(tally, f)}" for f in fields)
        return f"  {t[name]}{t['colon']}{values}"

    lines = [t["head"].format(files=report.files, org=report.org),
             row("sets", ("created", "updated", "unchanged")),
             row("objectives", ("created", "updated", "unchanged", "deleted", "kept")),
             row("key_results", ("created", "updated", "unchanged", "deleted", "kept")),
             row("alignments", ("created", "unchanged", "deleted")),
             "  " + t["new"].format(people=report.people.created, units=report.units.created,
                                    cycles=report.cycles.created)]
    if report.kept:
        lines.append(t["kept_head"])
        lines += [f"  - {k}" for k in report.kept]
    lines.append(t["findings"].format(**report.findings))
    return "\n".join(lines)


def run_export(args) -> int:
    from ..review.atomic import atomic_write
    from ..services.transfer import export_sets, file_names, render, render_many

    if args.format == "xlsx":
        return _export_workbook(args)
    database = open_database(args)
    try:
        with database.session() as session:
            sets = export_sets(session, org=args.org, cycle=args.cycle, unit=args.unit, owner=args.owner)
    finally:
        database.dispose()
    if not sets:
        raise InputError("no OKR set matches",
                         expected="other --cycle/--unit/--owner values, or okr import first")
    if args.out is None:
        sys.stdout.write(render_many(sets, args.format))
        return 0
    out = Path(args.out)
    if out.is_dir() or args.out.endswith(("/", os.sep)):
        out.mkdir(parents=True, exist_ok=True)
        for s, name in zip(sets, file_names(sets, args.format)):
            atomic_write(out / name, render(s.data, args.format).encode("utf-8"))
        print(f"wrote {len(sets)} set(s) to {out}{os.sep}: " + ", ".join(file_names(sets, args.format)))
        return 0
    text = render_many(sets, args.format)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, text.encode("utf-8"))
    print(f"wrote {len(sets)} set(s) to {out}")
    return 0


def _export_workbook(args) -> int:
    from ..review.atomic import atomic_write
    from ..services.spreadsheet_export import export_workbook

    if not args.out or args.out.endswith(("/", os.sep)) or Path(args.out).is_dir():
        raise InputError("--format xlsx writes one workbook", expected="--out FILE.xlsx")
    settings = settings_from(args)
    database = open_database(args)
    try:
        with database.session() as session:
            content = export_workbook(session, org=args.org, cycle=args.cycle, unit=args.unit, owner=args.owner,
                                      lang=args.lang, tz=settings.tz)
    finally:
        database.dispose()
    if content is None:
        raise InputError("no OKR set matches",
                         expected="other --cycle/--unit/--owner values, or okr import first")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, content)
    print(f"wrote {out}")
    return 0

"""``okr report``: a unit's (or the whole company's) end-of-cycle report, as PDF or Markdown.

The figures are the workspace's own (``services.cycle_report``); the command reads everything in
the organisation, as ``okr export`` does: whoever runs it holds the database. A Markdown report is
the ``.md`` file and a folder of SVG charts beside it (``report-qa-2026-Q4-charts/``).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..domain.errors import InputError
from .workspace_db import add_database_option, open_database, settings_from


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="write a unit's end-of-cycle report (PDF or Markdown)",
                       description="Write the end-of-cycle report of a unit and everything beneath it (the "
                                   "whole company without --unit) for one cycle: summary figures, charts, "
                                   "alignment, every objective with its key results, scores and reflection, "
                                   "and the checker's findings still open.")
    p.add_argument("--cycle", required=True, metavar="LABEL", help="the cycle's label, e.g. 2026-Q4")
    p.add_argument("--unit", default=None, metavar="KEY", help="the unit's key (default: the whole company)")
    p.add_argument("--org", default=None, metavar="SLUG", help="organisation (default: the only one)")
    p.add_argument("--format", choices=("pdf", "md"), default="pdf", help="PDF (default) or Markdown with SVG charts")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the report (default zh)")
    p.add_argument("--out", default=None, metavar="PATH",
                   help="the file to write (default: report-<unit>-<cycle>.pdf or .md in the current folder)")
    add_database_option(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..reports import markdown, pdf, stem
    from ..review.atomic import atomic_write
    from ..services.cycle_report import cycle_report, find_cycle, find_unit
    from ..services.transfer import organisation
    from ..workspace.errors import NotFound

    settings = settings_from(args)
    database = open_database(args)
    try:
        with database.session() as session:
            org = organisation(session, args.org)
            try:
                unit = find_unit(session, org.id, args.unit)
                cycle = find_cycle(session, org.id, args.cycle)
            except NotFound as error:
                value = args.unit if error.field == "unit" else args.cycle
                raise InputError(f"--{error.field} {value}: {error.message}") from None
            report = cycle_report(session, unit=unit, cycle=cycle, actor=None, lang=args.lang, tz=settings.tz,
                                  today=dt.datetime.now(settings.tz).date())
    finally:
        database.dispose()
    out = Path(args.out) if args.out else Path(f"{stem(report)}.{args.format}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "pdf":
        atomic_write(out, pdf.render(report))
        print(f"wrote {out}")
        return 0
    rendered = markdown.render(report, f"{out.stem}-charts")
    markdown.write(rendered, out)
    print(f"wrote {out}" + (f" and {len(rendered.files)} chart(s) in {out.stem}-charts/" if rendered.files else ""))
    return 0

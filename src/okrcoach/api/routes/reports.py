"""Routes: end-of-cycle reports, a unit's subtree in one cycle as a PDF or as Markdown with its charts.

The report holds only what the caller may read (``services.cycle_report``), so the same unit's
report differs between a manager and a member when private objectives lie beneath it.
"""
from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response

from ... import reports
from ...reports.labels import LANGS
from ...services import cycle_report, dashboards
from ..deps import ActorDep, PersonDep, SessionDep, TodayDep

router = APIRouter(tags=["reports"])


def attachment(download: reports.Download) -> Response:
    """The file to save, named in ASCII for old clients and in UTF-8 for the others."""
    fallback = download.filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(download.filename)}"
    return Response(download.content, media_type=download.media_type,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


@router.get("/reports/{unit_key}", response_class=Response,
            summary="A unit's end-of-cycle report: PDF, or Markdown and its SVG charts in a zip",
            responses={200: {"content": {"application/pdf": {}, "application/zip": {}},
                             "description": "the report as a file to save"}})
def unit_report(unit_key: str, request: Request, session: SessionDep, actor: ActorDep, person: PersonDep,
                today: TodayDep,
                cycle: Annotated[str | None, Query(description="the cycle's label, e.g. 2026-Q4; default: the "
                                                               "organisation's active cycle")] = None,
                format: Annotated[Literal["pdf", "md"], Query(description="pdf, or md: a zip of the .md "
                                                                          "file and its charts")] = "pdf",
                lang: Annotated[Literal["zh", "en"] | None,
                                Query(description="the report's language; default: your account's")] = None,
                ) -> Response:
    """Summary figures, charts, alignment, every objective you may read beneath the unit with its key
    results, scores and reflection, and the checker's findings still open. 404 for a unit or cycle
    that does not exist; 503 when the server has no Chinese font for the PDF."""
    unit = cycle_report.find_unit(session, actor.org_id, unit_key)
    chosen = (cycle_report.find_cycle(session, actor.org_id, cycle) if cycle
              else dashboards.resolve_cycle(session, actor, None, today))
    report = cycle_report.cycle_report(session, unit=unit, cycle=chosen, actor=actor, today=today,
                                       lang=lang or (person.locale if person.locale in LANGS else "zh"),
                                       tz=request.app.state.settings.tz)
    return attachment(reports.download(report, format))

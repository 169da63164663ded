"""A unit's dashboard ("my team")."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ...api.deps import SessionDep, TodayDep
from ... import reports
from ...api.routes.reports import attachment
from ...services import cycle_report, heatmap, unit_dashboard, units
from ...services.dashboards import resolve_cycle
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import NotFound
from ...workspace.permissions import can_manage_unit
from ..render import language, render
from .deps import PersonDep

router = APIRouter(include_in_schema=False)
PER_PAGE = 25


@router.get("/units/mine")
def my_unit(person: PersonDep) -> RedirectResponse:
    """The dashboard of the unit the person manages, else of their primary unit."""
    memberships = sorted(person.memberships, key=lambda x: (x.role != "manager", not x.is_primary, x.id))
    if not memberships:
        raise NotFound("you belong to no unit yet")
    return RedirectResponse(f"/units/{memberships[0].unit_id}", status_code=303)


@router.get("/units/{unit_id:int}")
def unit_page(unit_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
              page: int = 1):
    page = max(page, 1)
    actor = actor_for(session, person)
    board = unit_dashboard.unit_dashboard(session, actor=actor, unit_id=unit_id, cycle_id=None,
                                      today=today, offset=(page - 1) * PER_PAGE, limit=PER_PAGE,
                                      tz=request.app.state.settings.tz)
    parent = session.get(m.Unit, board.unit.parent_id) if board.unit.parent_id else None
    return render(request, "unit.html", person=person, board=board, parent=parent, page=page,
                  pages=max(1, -(-board.objectives_count // PER_PAGE)), chart={"distribution": board.distribution},
                  can_configure=can_manage_unit(actor, board.unit.org_id, board.unit.path))


@router.get("/units/{unit_id:int}/report.pdf")
def unit_report_pdf(unit_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                    cycle: int | None = None):
    """The unit's end-of-cycle report as a PDF, in the reader's language, with what they may read."""
    return _report(unit_id, request, session, person, today, cycle, "pdf")


@router.get("/units/{unit_id:int}/report.zip")
def unit_report_markdown(unit_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                         cycle: int | None = None):
    """The same report as Markdown, with its charts as SVG files, in one zip."""
    return _report(unit_id, request, session, person, today, cycle, "md")


def _report(unit_id: int, request: Request, session, person: m.Person, today, cycle_id: int | None, fmt: str):
    actor = actor_for(session, person)
    report = cycle_report.cycle_report(session, unit=units.unit_for(session, actor, unit_id),
                                       cycle=resolve_cycle(session, actor, cycle_id, today), actor=actor,
                                       today=today, lang=language(request, person),
                                       tz=request.app.state.settings.tz)
    return attachment(reports.download(report, fmt))


@router.get("/units/{unit_id:int}/heatmap")
def unit_heatmap(unit_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                 cycle: int | None = None):
    """The unit page's heat map card, fetched once the page is shown (``_heatmap.html``)."""
    heat = heatmap.unit_heatmap(session, actor=actor_for(session, person), unit_id=unit_id, cycle_id=cycle,
                                today=today)
    return render(request, "_heatmap.html", person=person, heatmap=heat, heatmap_chart=heatmap_chart(heat))


def heatmap_chart(heat: heatmap.Heatmap) -> dict:
    """The heat map as ``charts.js`` draws it: progress in whole percent, a cell as
    [column, row, percent or null, objectives counted, objectives supporting, at risk]."""
    def pct(value: float | None) -> int | None:
        return None if value is None else round(value * 100)

    return {"columns": [{"id": c.id, "title": c.title, "progress": pct(c.progress), "at_risk": c.at_risk}
                        for c in heat.columns],
            "rows": [{"kind": r.kind, "id": r.id, "name": r.name} for r in heat.rows],
            "cells": [[x, y, pct(cell.progress), cell.objectives, cell.supporting, cell.at_risk]
                      for y, r in enumerate(heat.rows) for x, cell in enumerate(r.cells)]}

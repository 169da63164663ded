"""A unit's dashboard ("my team")."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ...api.deps import SessionDep, TodayDep
from ...services import dashboards
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import NotFound
from ..render import render
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
    board = dashboards.unit_dashboard(session, actor=actor_for(session, person), unit_id=unit_id, cycle_id=None,
                                      today=today, offset=(page - 1) * PER_PAGE, limit=PER_PAGE,
                                      tz=request.app.state.settings.tz)
    parent = session.get(m.Unit, board.unit.parent_id) if board.unit.parent_id else None
    return render(request, "unit.html", person=person, board=board, parent=parent, page=page,
                  pages=max(1, -(-board.objectives_count // PER_PAGE)), chart={"distribution": board.distribution})

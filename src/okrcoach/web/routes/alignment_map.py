"""The alignment map: the company's objectives, opened a level at a time, and the unaligned."""
from __future__ import annotations

from fastapi import APIRouter, Request

from ...api.deps import SessionDep, TodayDep
from ...services import alignment_map, dashboards
from ...services.access import actor_for, objective_for
from ..render import render
from .deps import PersonDep

router = APIRouter(include_in_schema=False)


@router.get("/map")
def map_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, cycle_id: int | None = None):
    actor = actor_for(session, person)
    cycle = dashboards.resolve_cycle(session, actor, cycle_id, today)
    lonely, lonely_total = alignment_map.unaligned(session, actor=actor, cycle_id=cycle.id)
    return render(request, "map.html", person=person, cycle=cycle,
                  nodes=alignment_map.roots(session, actor=actor, cycle_id=cycle.id, today=today),
                  unaligned=lonely, unaligned_total=lonely_total)


@router.get("/map/objectives/{objective_id:int}/children")
def map_children(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    """A node's children, for htmx to put under it when it is opened."""
    actor = actor_for(session, person)
    objective_for(session, actor, objective_id)   # 404 for what the reader may not see
    return render(request, "_map_nodes.html", person=person,
                  nodes=alignment_map.children(session, actor=actor, objective_id=objective_id, today=today))

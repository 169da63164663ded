"""Routes: progress views — the cycle's alignment tree, a unit's dashboard, my OKRs.

They live here rather than beside ``/units`` and ``/me`` because they are read models built by
``services.dashboards``; FastAPI routes by full path, so the routers do not collide.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ...services import dashboards, heatmap
from ...services import unit_dashboard as unit_board
from ..deps import ActorDep, SessionDep, TodayDep
from ..schemas.common import PageDep
from ..schemas.progress import DashboardPublic, HeatmapPublic, MyOkrsPublic, TreePublic

router = APIRouter(tags=["progress"])

CycleQuery = Annotated[int | None, Query(description="the cycle; default: the organisation's active cycle")]


def org_timezone(request: Request) -> dt.tzinfo:
    return request.app.state.settings.tz


@router.get("/tree", response_model=TreePublic, summary="The cycle's alignment tree with rolled-up progress")
def alignment_tree(session: SessionDep, actor: ActorDep, today: TodayDep, cycle_id: CycleQuery = None,
                   root_id: Annotated[int | None, Query(description="only this objective's subtree")] = None
                   ) -> TreePublic:
    result = dashboards.tree(session, actor=actor, cycle_id=cycle_id, root_id=root_id, today=today)
    return TreePublic.model_validate(result)


@router.get("/units/{unit_id}/dashboard", response_model=DashboardPublic,
            summary="A unit's progress, risks, findings, sub-units and people in a cycle (objectives paged)")
def unit_dashboard(unit_id: int, session: SessionDep, actor: ActorDep, today: TodayDep, page: PageDep,
                   tz: Annotated[dt.tzinfo, Depends(org_timezone)], cycle_id: CycleQuery = None) -> DashboardPublic:
    result = unit_board.unit_dashboard(session, actor=actor, unit_id=unit_id, cycle_id=cycle_id, today=today,
                                       offset=page.offset, limit=page.per_page, tz=tz)
    return DashboardPublic.model_validate({**vars(result), "page": page.page, "per_page": page.per_page})


@router.get("/units/{unit_id}/heatmap", response_model=HeatmapPublic,
            summary="A unit's sub-units (or people) × its objectives: how far each row's support has come")
def unit_heatmap(unit_id: int, session: SessionDep, actor: ActorDep, today: TodayDep,
                 cycle_id: CycleQuery = None) -> HeatmapPublic:
    """A cell holds the mean rolled-up progress of the row's objectives aligned, directly or through a
    chain of alignments, to the column objective or one of its KRs (counting those where the row's
    support begins), how many there are, and how many of them are at risk; it is empty (``progress``
    null) when the row supports nothing of that objective. Only what you may read counts."""
    result = heatmap.unit_heatmap(session, actor=actor, unit_id=unit_id, cycle_id=cycle_id, today=today)
    return HeatmapPublic.model_validate(result)


@router.get("/me/okrs", response_model=MyOkrsPublic,
            summary="My objectives, the KRs I own in others' objectives, and the check-ins I owe")
def my_okrs(session: SessionDep, actor: ActorDep, today: TodayDep, tz: Annotated[dt.tzinfo, Depends(org_timezone)],
            cycle_id: CycleQuery = None) -> MyOkrsPublic:
    return MyOkrsPublic.model_validate(dashboards.my_okrs(session, actor=actor, cycle_id=cycle_id, today=today, tz=tz))

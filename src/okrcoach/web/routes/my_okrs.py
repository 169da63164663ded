"""My OKRs for the cycle, and the quick check-in from that list."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request

from ...api.deps import SessionDep, TodayDep
from ...services import checkins, dashboards
from ...services.access import actor_for
from ...storage import models as m
from ..render import render
from .deps import CsrfChecked, PersonDep, write

router = APIRouter(include_in_schema=False)


def _view(request: Request, session, person: m.Person, today: dt.date, cycle_id: int | None = None):
    return dashboards.my_okrs(session, actor=actor_for(session, person), cycle_id=cycle_id, today=today,
                              tz=request.app.state.settings.tz)


@router.get("/my")
def my_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, cycle_id: int | None = None):
    return render(request, "my.html", person=person, view=_view(request, session, person, today, cycle_id),
                  today=today, errors={})


def _number(raw: str, field: str, errors: dict) -> float | None:
    raw = raw.strip().replace(",", "").replace("%", "")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        errors[field] = raw
        return None


@router.post("/my/key-results/{kr_id}/check-ins", dependencies=[CsrfChecked])
def quick_check_in(kr_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                   value: Annotated[str, Form(max_length=40)] = "",
                   confidence: Annotated[str, Form(max_length=10)] = "",
                   note: Annotated[str, Form(max_length=2000)] = ""):
    """Record a check-in from the list; answers the list again (summary and rollups included)."""
    bad: dict[str, str] = {}
    number, sure = _number(value, "value", bad), _number(confidence, "confidence", bad)
    errors: dict[int, dict] = {}
    if bad:
        field = next(iter(bad))
        errors[kr_id] = {"field": field, "not_a_number": bad[field]}
    else:
        _, refusal = write(request, person, lambda s, actor: checkins.record(
            s, actor=actor, kr_id=kr_id, value=number, confidence=sure, note=note.strip()))
        if refusal:
            errors[kr_id] = {"field": refusal.field, "message": refusal.message}
    return render(request, "_my_okrs.html", status=422 if errors else 200, person=person,
                  view=_view(request, session, person, today), today=today, errors=errors)

"""Routes: iCalendar feeds of KR deadlines, a person's and a unit's, for the calendar people already use."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ...services import kr_calendar
from ..deps import FeedActorDep, SessionDep

router = APIRouter(tags=["calendars"])
Lang = Annotated[str | None, Query(description="zh or en; default: the language of the token's person")]
Days = Annotated[str | None, Query(description="reminders, in days before the due date, e.g. 7,1 (the default)")]
FEED = ("Calendar applications cannot send headers: besides `Authorization: Bearer`, the token may be given "
        "as `?token=`. Subscribe with that address. Only objectives the token's person may read are in it; a KR "
        "without a due date is on its cycle's last day.")


def _options(request: Request, lang: str | None, days: str | None) -> kr_calendar.FeedOptions:
    return kr_calendar.FeedOptions(base_url=str(request.base_url), now=dt.datetime.now(dt.timezone.utc),
                                   lang=lang, days=days)


def _ics(text: str, name: str) -> Response:
    return Response(text, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{name}.ics"'})


@router.get("/people/{handle}/calendar.ics", response_class=Response, description=FEED,
            summary="An iCalendar feed of a person's KR deadlines (`me`: the token's person), with reminders")
def person_calendar(handle: str, request: Request, session: SessionDep, actor: FeedActorDep, lang: Lang = None,
                    days: Days = None) -> Response:
    return _ics(kr_calendar.person_calendar(session, actor, handle, _options(request, lang, days)), "kr-deadlines")


@router.get("/units/{key}/calendar.ics", response_class=Response, description=FEED,
            summary="An iCalendar feed of the KR deadlines of a unit and its sub-units, with reminders")
def unit_calendar(key: str, request: Request, session: SessionDep, actor: FeedActorDep, lang: Lang = None,
                  days: Days = None) -> Response:
    return _ics(kr_calendar.unit_calendar(session, actor, key, _options(request, lang, days)), "kr-deadlines")

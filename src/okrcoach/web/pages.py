"""The web app's pages: sign in and out, my OKRs with quick check-ins, the language switch.

Thin like the API's routes: each page asks ``services`` with the signed-in person's ``Actor``, so a
page can show and change exactly what the API would let that person see and change.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from ..api.deps import SessionDep, TodayDep
from ..services import accounts, checkins, comments, dashboards, objectives, timeline, tokens
from ..services.access import actor_for, objective_for
from ..storage import models as m
from ..workspace.errors import NotAuthenticated, WorkspaceError
from . import i18n
from .render import language, render
from .security import (LANG_COOKIE, SESSION_COOKIE, SESSION_DAYS, SESSION_TOKEN_NAME, check_csrf, end_session,
                       start_session)

router = APIRouter(include_in_schema=False)
CsrfChecked = Depends(check_csrf)


def signed_in(request: Request, session: SessionDep) -> m.Person:
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        raise NotAuthenticated("sign in to continue")
    token = tokens.token_for(session, secret)
    session.info["actor_id"] = token.person_id
    request.state.token_id = token.id
    return session.get(m.Person, token.person_id)


PersonDep = Annotated[m.Person, Depends(signed_in)]


def _local(next_url: str | None) -> str:
    """Only a path on this site: a sign-in link must not send people elsewhere."""
    if next_url and next_url.startswith("/") and not next_url.startswith("//") and "\\" not in next_url:
        return next_url
    return "/my"


@router.get("/")
def home(request: Request) -> RedirectResponse:
    return RedirectResponse("/my" if request.cookies.get(SESSION_COOKIE) else "/signin", status_code=303)


@router.get("/signin")
def signin_page(request: Request, next: str | None = None):
    return render(request, "signin.html", next=_local(next))


@router.post("/signin", dependencies=[CsrfChecked])
def signin(request: Request, session: SessionDep, email: Annotated[str, Form(max_length=254)] = "",
           password: Annotated[str, Form(max_length=1024)] = "", next: Annotated[str, Form(max_length=500)] = "/my"):
    try:
        _, secret = accounts.login(session, email=email, password=password, token_name=SESSION_TOKEN_NAME,
                                   expires_in_days=SESSION_DAYS)
    except NotAuthenticated:
        return render(request, "signin.html", status=401, next=_local(next), email=email, failed=True)
    response = RedirectResponse(_local(next), status_code=303)
    start_session(request, response, secret)
    return response


@router.post("/signout", dependencies=[CsrfChecked])
def signout(request: Request, session: SessionDep, person: PersonDep) -> RedirectResponse:
    accounts.revoke_token(session, person=person, token_id=request.state.token_id)
    response = RedirectResponse("/signin", status_code=303)
    end_session(response)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, request: Request, next: str | None = None) -> RedirectResponse:
    response = RedirectResponse(_local(next), status_code=303)
    if code in i18n.LANGS:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response


def _my_okrs(request: Request, session, person: m.Person, today: dt.date, cycle_id: int | None = None):
    actor = actor_for(session, person)
    return dashboards.my_okrs(session, actor=actor, cycle_id=cycle_id, today=today,
                              tz=request.app.state.settings.tz)


@router.get("/my")
def my_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, cycle_id: int | None = None):
    return render(request, "my.html", person=person, view=_my_okrs(request, session, person, today, cycle_id),
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
        try:   # refused before anything is written: the service validates first
            checkins.record(session, actor=actor_for(session, person), kr_id=kr_id, value=number, confidence=sure,
                            note=note.strip())
        except WorkspaceError as error:
            errors[kr_id] = {"field": error.field, "message": error.message}
    return render(request, "_my_okrs.html", status=422 if errors else 200, person=person,
                  view=_my_okrs(request, session, person, today), today=today, errors=errors)


@router.get("/objectives/{objective_id}")
def objective_page(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    """One objective: its KRs with the coach's findings beside them, progress over time, links, history
    and comments. An objective the person may not read does not exist for them (404)."""
    actor = actor_for(session, person)
    lang = language(request, person)
    detail = objectives.describe(session, actor, objective_for(session, actor, objective_id), today=today, lang=lang)
    tz = request.app.state.settings.tz
    overall, per_kr = timeline.objective_timeline(session, actor=actor, objective_id=objective_id, today=today, tz=tz)
    chart = {"series": [{"name": s.label, "points": [[d.isoformat(), round(p * 100, 1)] for d, p in s.points],
                         "main": i == 0} for i, s in enumerate([overall, *per_kr])]}
    events, _ = objectives.history(session, actor=actor, objective_id=objective_id, offset=0, limit=20)
    notes, _ = comments.list_for(session, actor=actor, objective_id=objective_id, offset=0, limit=100)
    by_kr: dict[int | None, list[dict]] = {}
    for finding in detail["findings"]:
        by_kr.setdefault(finding["kr_id"], []).append(finding)
    return render(request, "objective.html", person=person, o=detail, findings=by_kr, chart=chart,
                  history=events, comments=notes, tz=tz)

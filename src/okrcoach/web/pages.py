"""The web app's pages: sign in and out, my OKRs with quick check-ins, the language switch.

Thin like the API's routes: each page asks ``services`` with the signed-in person's ``Actor``, so a
page can show and change exactly what the API would let that person see and change.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ..api.deps import SessionDep, TodayDep
from ..services import (accounts, alignment_map, checkins, comments, dashboards, drafts, key_results, objectives,
                        scoring, timeline, tokens)
from ..services.access import actor_for, objective_for, owned
from ..storage import models as m
from ..workspace.errors import Blocked, Invalid, NotAuthenticated, NotFound, WorkspaceError
from ..workspace.permissions import can_approve
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


@router.get("/objectives/{objective_id:int}")
def objective_page(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    """One objective: its KRs with the coach's findings beside them, progress over time, links, history
    and comments. An objective the person may not read does not exist for them (404)."""
    return _objective(request, session, person, today, objective_id)


def _objective(request: Request, session, person: m.Person, today: dt.date, objective_id: int, *,
               refusal: WorkspaceError | None = None):
    actor = actor_for(session, person)
    lang = language(request, person)
    access = objective_for(session, actor, objective_id)
    detail = objectives.describe(session, actor, access, today=today, lang=lang)
    tz = request.app.state.settings.tz
    overall, per_kr = timeline.objective_timeline(session, actor=actor, objective_id=objective_id, today=today, tz=tz)
    chart = {"series": [{"name": s.label, "points": [[d.isoformat(), round(p * 100, 1)] for d, p in s.points],
                         "main": i == 0} for i, s in enumerate([overall, *per_kr])]}
    events, _ = objectives.history(session, actor=actor, objective_id=objective_id, offset=0, limit=20)
    notes, _ = comments.list_for(session, actor=actor, objective_id=objective_id, offset=0, limit=100)
    by_kr: dict[int | None, list[dict]] = {}
    for finding in detail["findings"]:
        by_kr.setdefault(finding["kr_id"], []).append(finding)
    return render(request, "objective.html", status=refusal.status if refusal else 200, person=person, o=detail,
                  findings=by_kr, chart=chart, history=events, comments=notes, tz=tz, refusal=refusal,
                  can_approve=can_approve(actor, owned(access.objective)))


@router.post("/objectives/{objective_id:int}/comments", dependencies=[CsrfChecked])
def add_comment(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                body: Annotated[str, Form(max_length=5000)] = ""):
    try:
        with session.begin_nested():
            comments.add(session, actor=actor_for(session, person), objective_id=objective_id, body=body.strip())
    except Invalid as refusal:
        return _objective(request, session, person, today, objective_id, refusal=refusal)
    return RedirectResponse(f"/objectives/{objective_id}#comments", status_code=303)


@router.post("/objectives/{objective_id:int}/score", dependencies=[CsrfChecked])
async def score_objective(objective_id: int, request: Request, person: PersonDep, today: TodayDep):
    """End-of-cycle scoring: a score from 0.0 to 1.0 per KR (blank: not scored yet) and a reflection."""
    form = await request.form()
    database = request.app.state.database

    def save() -> WorkspaceError | None:
        try:
            with database.sessions() as session, session.begin():
                session.info["actor_id"] = person.id
                scores = []
                for key, raw in form.multi_items():
                    if key.startswith("score_") and key[6:].isdigit() and str(raw).strip():
                        try:
                            scores.append({"id": int(key[6:]), "score": float(str(raw).strip())})
                        except ValueError:
                            raise Invalid(f"score “{raw}” is not a number from 0.0 to 1.0", field=key) from None
                scoring.score(session, actor=actor_for(session, session.get(m.Person, person.id)),
                              objective_id=objective_id, scores=scores,
                              reflection=str(form.get("reflection", "")).strip()[:10_000])
        except WorkspaceError as error:
            return error
        return None

    refusal = await run_in_threadpool(save)
    if refusal is not None:
        with database.sessions() as session:
            return _objective(request, session, session.get(m.Person, person.id), today, objective_id, refusal=refusal)
    return RedirectResponse(f"/objectives/{objective_id}#scoring", status_code=303)


def _answer(raw) -> bool | None:
    return {"yes": True, "no": False}.get(str(raw or ""))


def _version(raw, field: str) -> int:
    if not str(raw or "").isdigit():
        raise Invalid("this form is missing the version it was based on; reload the page", field=field)
    return int(raw)


@router.post("/objectives/{objective_id:int}/review", dependencies=[CsrfChecked])
async def review_objective(objective_id: int, request: Request, person: PersonDep, today: TodayDep):
    """The seed's two questions, answered: is each KR necessary, and are they together sufficient?
    Stored on the objective and its KRs as ``okr review`` writes them, so the checker trusts them."""
    form = await request.form()
    database = request.app.state.database

    def save() -> WorkspaceError | None:
        try:
            with database.sessions() as session, session.begin():
                session.info["actor_id"] = person.id
                actor = actor_for(session, session.get(m.Person, person.id))
                objectives.update(session, actor=actor, objective_id=objective_id,
                                  version=_version(form.get("version"), "version"),
                                  changes={"review": {"sufficient": _answer(form.get("sufficient")),
                                                      "note": str(form.get("note", "")).strip()[:2000]}})
                for key, raw in form.multi_items():
                    if key.startswith("necessary_") and key[10:].isdigit():
                        kr_id = int(key[10:])
                        key_results.update(session, actor=actor, kr_id=kr_id,
                                           version=_version(form.get(f"kr_version_{kr_id}"), f"kr_version_{kr_id}"),
                                           changes={"review": {"necessary": _answer(raw), "note": ""}})
        except WorkspaceError as error:
            return error
        return None

    refusal = await run_in_threadpool(save)
    if refusal is not None:
        with database.sessions() as session:
            return _objective(request, session, session.get(m.Person, person.id), today, objective_id, refusal=refusal)
    return RedirectResponse(f"/objectives/{objective_id}#review", status_code=303)


# --- the editor ---------------------------------------------------------------------------------------

MAX_KRS_IN_FORM = 12     # the checker warns from the sixth; the form refuses only the absurd


def _draft(form, cycle_id: int) -> dict:
    """``objectives.create``'s data from the editor's fields; Invalid names the field that is wrong."""
    title = (form.get("title") or "").strip()
    if not title:
        raise Invalid("the objective needs a title", field="title")
    if len(title) > 500:
        raise Invalid("the title is longer than 500 characters", field="title")
    data = {"cycle_id": cycle_id, "level": "personal", "title": title,
            "description": (form.get("description") or "").strip()[:10_000],
            "visibility": form.get("visibility") or "public", "key_results": [], "aligns_to": []}
    rows = list(zip(form.getlist("kr_title"), form.getlist("kr_target"), form.getlist("kr_unit")))
    if len(rows) > MAX_KRS_IN_FORM:
        raise Invalid(f"at most {MAX_KRS_IN_FORM} key results in one form", field="kr_title")
    for i, (kr_title, raw_target, unit) in enumerate(rows):
        kr_title, unit = kr_title.strip(), unit.strip()[:32] or None
        if not kr_title:
            continue
        target = None
        if raw_target.strip():
            try:
                target = float(raw_target.strip().replace(",", ""))
            except ValueError:
                raise Invalid(f"the target of key result {i + 1} is not a number", field=f"kr_target.{i}") from None
        kind = "milestone" if target is None else "percentage" if unit == "%" else "metric"
        data["key_results"].append({"title": kr_title[:500], "kind": kind, "target": target,
                                    "unit": None if kind != "metric" else unit})
    supports = form.get("supports") or ""
    if supports.startswith("o:") and supports[2:].isdigit():
        data["aligns_to"].append({"objective_id": int(supports[2:])})
    elif supports.startswith("k:") and supports[2:].isdigit():
        data["aligns_to"].append({"key_result_id": int(supports[2:])})
    return data


def _editor(request, session, person, today, *, status: int = 200, error: str | None = None, form=None):
    actor = actor_for(session, person)
    cycle = dashboards.resolve_cycle(session, actor, None, today)
    return render(request, "editor.html", status=status, person=person, cycle=cycle, error=error,
                  choices=drafts.alignment_choices(session, actor=actor, cycle_id=cycle.id), form=form)


@router.get("/objectives/new")
def new_objective_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    return _editor(request, session, person, today)


@router.post("/objectives/check", dependencies=[CsrfChecked])
async def check_draft(request: Request, person: PersonDep, today: TodayDep):
    """The coach's findings on the draft being typed (the editor asks, debounced); nothing is stored."""
    form = await request.form()
    database = request.app.state.database
    lang = language(request, person)
    with database.sessions() as session:
        actor = actor_for(session, session.get(m.Person, person.id))
        cycle_id = dashboards.resolve_cycle(session, actor, None, today).id
    try:
        data = _draft(form, cycle_id)
    except Invalid as error:
        return render(request, "_coach.html", person=person, findings=[], problem=error.message)
    if not data["key_results"]:
        return render(request, "_coach.html", person=person, findings=[], problem=None, waiting=True)
    try:
        found = await run_in_threadpool(drafts.check, database.sessions, actor_id=person.id, actor=actor,
                                        data=data, lang=lang)
    except WorkspaceError as error:
        return render(request, "_coach.html", person=person, findings=[], problem=error.message)
    return render(request, "_coach.html", person=person, findings=found, problem=None)


@router.post("/objectives/new", dependencies=[CsrfChecked])
async def create_objective(request: Request, person: PersonDep, today: TodayDep):
    form = await request.form()
    database = request.app.state.database

    def save() -> tuple[int | None, str | None]:
        try:   # all or nothing: a refused field leaves no half-made objective behind
            with database.sessions() as session, session.begin():
                session.info["actor_id"] = person.id
                actor = actor_for(session, session.get(m.Person, person.id))
                data = _draft(form, dashboards.resolve_cycle(session, actor, None, today).id)
                return objectives.create(session, actor=actor, data=data).objective.id, None
        except WorkspaceError as error:
            return None, error.message

    objective_id, error = await run_in_threadpool(save)
    if error is not None:
        with database.sessions() as session:
            return _editor(request, session, session.get(m.Person, person.id), today, status=422, error=error,
                           form=form)
    return RedirectResponse(f"/objectives/{objective_id}", status_code=303)


@router.post("/objectives/{objective_id:int}/transitions", dependencies=[CsrfChecked])
def change_status(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                  to: Annotated[str, Form(max_length=16)], note: Annotated[str, Form(max_length=2000)] = ""):
    """Submit for review, approve, or send back with a comment; a refusal is shown on the objective's page."""
    try:
        with session.begin_nested():
            objectives.transition(session, actor=actor_for(session, person), objective_id=objective_id, to=to,
                                  note=note.strip(), lang=language(request, person))
    except (Blocked, Invalid) as refusal:
        return _objective(request, session, person, today, objective_id, refusal=refusal)
    return RedirectResponse(f"/objectives/{objective_id}", status_code=303)


# --- the alignment map --------------------------------------------------------------------------------

@router.get("/map")
def map_page(request: Request, session: SessionDep, person: PersonDep, today: TodayDep, cycle_id: int | None = None):
    """The company's objectives with what supports them, opened a level at a time; the unaligned listed."""
    actor = actor_for(session, person)
    cycle = dashboards.resolve_cycle(session, actor, cycle_id, today)
    lonely, lonely_total = alignment_map.unaligned(session, actor=actor, cycle_id=cycle.id)
    return render(request, "map.html", person=person, cycle=cycle,
                  nodes=alignment_map.roots(session, actor=actor, cycle_id=cycle.id, today=today),
                  unaligned=lonely, unaligned_total=lonely_total)


@router.get("/map/objectives/{objective_id:int}/children")
def map_children(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    actor = actor_for(session, person)
    objective_for(session, actor, objective_id)   # 404 for what the reader may not see
    return render(request, "_map_nodes.html", person=person,
                  nodes=alignment_map.children(session, actor=actor, objective_id=objective_id, today=today))


# --- a unit's dashboard -------------------------------------------------------------------------------

@router.get("/units/mine")
def my_unit(session: SessionDep, person: PersonDep) -> RedirectResponse:
    """The dashboard of the person's primary unit (the one they manage first, if any)."""
    memberships = sorted(person.memberships, key=lambda x: (x.role != "manager", not x.is_primary, x.id))
    if not memberships:
        raise NotFound("you belong to no unit yet")
    return RedirectResponse(f"/units/{memberships[0].unit_id}", status_code=303)


@router.get("/units/{unit_id:int}")
def unit_page(unit_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
              page: int = 1):
    actor = actor_for(session, person)
    per_page = 25
    board = dashboards.unit_dashboard(session, actor=actor, unit_id=unit_id, cycle_id=None, today=today,
                                      offset=(max(page, 1) - 1) * per_page, limit=per_page)
    parent = session.get(m.Unit, board.unit.parent_id) if board.unit.parent_id else None
    return render(request, "unit.html", person=person, board=board, parent=parent, page=max(page, 1),
                  pages=max(1, -(-board.objectives_count // per_page)),
                  chart={"distribution": board.distribution})

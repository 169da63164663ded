"""One objective's page and what is done from it: comments, the necessity and sufficiency review,
end-of-cycle scores, and the lifecycle (submit, approve, send back)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from ...api.deps import SessionDep, TodayDep
from ...services import comments, key_results, objectives, scoring, timeline
from ...services.access import actor_for, objective_for, owned
from ...storage import models as m
from ...workspace.errors import Invalid, WorkspaceError
from ...workspace.permissions import can_approve
from ..render import language, render
from .deps import CsrfChecked, FormDep, PersonDep, write

router = APIRouter(include_in_schema=False)


@router.get("/objectives/{objective_id:int}")
def objective_page(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep):
    """Its KRs with the coach's findings beside them, progress over time, links up and down, comments and
    history. An objective the person may not read does not exist for them (404)."""
    return _page(request, session, person, today, objective_id)


def _page(request: Request, session, person: m.Person, today: dt.date, objective_id: int, *,
          refusal: WorkspaceError | None = None):
    actor = actor_for(session, person)
    access = objective_for(session, actor, objective_id)
    detail = objectives.describe(session, actor, access, today=today, lang=language(request, person))
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


def _done(objective_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/objectives/{objective_id}{anchor}", status_code=303)


@router.post("/objectives/{objective_id:int}/comments", dependencies=[CsrfChecked])
def add_comment(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                body: Annotated[str, Form(max_length=5000)] = ""):
    _, refusal = write(request, person, lambda s, actor: comments.add(s, actor=actor, objective_id=objective_id,
                                                                       body=body.strip()))
    if refusal:
        return _page(request, session, person, today, objective_id, refusal=refusal)
    return _done(objective_id, "#comments")


def _scores(form) -> list[dict]:
    scores = []
    for key, raw in form.multi_items():
        if key.startswith("score_") and key[6:].isdigit() and str(raw).strip():
            try:
                scores.append({"id": int(key[6:]), "score": float(str(raw).strip())})
            except ValueError:
                raise Invalid(f"score “{raw}” is not a number from 0.0 to 1.0", field=key) from None
    return scores


@router.post("/objectives/{objective_id:int}/score", dependencies=[CsrfChecked])
def score_objective(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                    form: FormDep):
    """End-of-cycle scoring: a score from 0.0 to 1.0 per KR (blank: not scored yet) and a reflection."""
    _, refusal = write(request, person, lambda s, actor: scoring.score(
        s, actor=actor, objective_id=objective_id, scores=_scores(form),
        reflection=str(form.get("reflection", "")).strip()[:10_000]))
    if refusal:
        return _page(request, session, person, today, objective_id, refusal=refusal)
    return _done(objective_id, "#scoring")


def _answer(raw) -> bool | None:
    return {"yes": True, "no": False}.get(str(raw or ""))


def _version(raw, field: str) -> int:
    if not str(raw or "").isdigit():
        raise Invalid("this form is missing the version it was based on; reload the page", field=field)
    return int(raw)


@router.post("/objectives/{objective_id:int}/review", dependencies=[CsrfChecked])
def review_objective(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                     form: FormDep):
    """The seed's two questions, answered: is each KR necessary, and are they together sufficient?
    Stored on the objective and its KRs as ``okr review`` writes them, so the checker trusts them; each
    change is based on the version the form showed (a stale form is a 409)."""
    def answer(s, actor) -> None:
        objectives.update(s, actor=actor, objective_id=objective_id, version=_version(form.get("version"), "version"),
                          changes={"review": {"sufficient": _answer(form.get("sufficient")),
                                              "note": str(form.get("note", "")).strip()[:2000]}})
        for key, raw in form.multi_items():
            if key.startswith("necessary_") and key[10:].isdigit():
                kr_id = int(key[10:])
                key_results.update(s, actor=actor, kr_id=kr_id,
                                   version=_version(form.get(f"kr_version_{kr_id}"), f"kr_version_{kr_id}"),
                                   changes={"review": {"necessary": _answer(raw), "note": ""}})

    _, refusal = write(request, person, answer)
    if refusal:
        return _page(request, session, person, today, objective_id, refusal=refusal)
    return _done(objective_id, "#review")


@router.post("/objectives/{objective_id:int}/transitions", dependencies=[CsrfChecked])
def change_status(objective_id: int, request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                  to: Annotated[str, Form(max_length=16)], note: Annotated[str, Form(max_length=2000)] = ""):
    """Submit for review, approve, or send back with a comment; a refusal is shown on the objective's page."""
    _, refusal = write(request, person, lambda s, actor: objectives.transition(
        s, actor=actor, objective_id=objective_id, to=to, note=note.strip(), lang=language(request, person)))
    if refusal:
        return _page(request, session, person, today, objective_id, refusal=refusal)
    return _done(objective_id)

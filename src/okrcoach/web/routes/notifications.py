"""Notification pages: my own settings (what I hear by e-mail, when I am reminded to check in), a unit's
channels (its DingTalk, Feishu, WeCom robots, webhooks, mailing lists), and the delivery log.

What each may change is ``services.notification_settings``' to say, as in the API: a refusal shows the
page again with the reason beside its form, nothing of it stored.
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ...api.deps import SessionDep
from ...notifications.channel_test import send_test
from ...notifications.messages import KINDS
from ...services import notification_settings as ns, units
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import Invalid, NotFound, WorkspaceError
from ..render import render
from .admin import AdminDep, text
from .deps import CsrfChecked, FormDep, PersonDep, write

router = APIRouter(include_in_schema=False)
LOG_SHOWN = 50
WEEKDAYS = range(7)


def _kinds(form) -> list[str]:
    return [k for k in form.getlist("kinds") if k in KINDS]


def _whole(form, name: str, low: int, high: int) -> int:
    raw = str(form.get(name) or "").strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Invalid(f"{name}: expected a whole number from {low} to {high}, got {raw[:20]!r}", field=name)
    return int(raw)


# --- my settings ----------------------------------------------------------------------------------------

def _my_page(request: Request, session, person: m.Person, *, error: WorkspaceError | None = None, form=None):
    prefs = ns.public_preferences(ns.preferences_of(session, [person.id]).get(person.id))
    if form is not None:
        prefs = {**prefs, "email_enabled": form.get("email_enabled") == "on", "kinds": _kinds(form),
                 "checkin_cadence": form.get("checkin_cadence", prefs["checkin_cadence"])}
    return render(request, "notifications.html", status=error.status if error else 200, person=person,
                  prefs=prefs, kinds=KINDS, weekdays=WEEKDAYS, error=error,
                  email_ready=request.app.state.settings.smtp is not None,
                  saved=request.query_params.get("done") == "saved")


@router.get("/settings/notifications")
def my_settings(request: Request, session: SessionDep, person: PersonDep):
    return _my_page(request, session, person)


@router.post("/settings/notifications", dependencies=[CsrfChecked])
def save_my_settings(request: Request, session: SessionDep, person: PersonDep, form: FormDep):
    def work(s, actor):
        return ns.update_preferences(s, actor=actor, changes={
            "email_enabled": form.get("email_enabled") == "on", "kinds": _kinds(form),
            "checkin_cadence": str(form.get("checkin_cadence") or ""),
            "checkin_weekday": _whole(form, "checkin_weekday", 0, 6),
            "checkin_hour": _whole(form, "checkin_hour", 0, 23)})
    try:
        _, refusal = write(request, person, work)
    except Invalid as e:        # a field the form could not even read
        refusal = e
    if refusal:
        return _my_page(request, session, person, error=refusal, form=form)
    return RedirectResponse("/settings/notifications?done=saved", status_code=303)


# --- a unit's channels -------------------------------------------------------------------------------------

def _channels_page(request: Request, session, person: m.Person, unit: m.Unit, *,
                   error: WorkspaceError | None = None, failed: str | None = None, form=None,
                   tested: tuple[int, str | None] | None = None):
    channels = ns.list_channels(session, actor=actor_for(session, person), unit_key=unit.key)
    return render(request, "unit_channels.html", status=error.status if error else 200, person=person, unit=unit,
                  channels=channels, kinds=KINDS, error=error, failed=failed, tested=tested,
                  form=form or {"kind": "dingtalk", "lang": person.locale or "zh"},
                  form_kinds=_kinds(form) if form is not None else list(KINDS),
                  done=request.query_params.get("done"))


@router.get("/units/{unit_id:int}/notifications")
def unit_channels(unit_id: int, request: Request, session: SessionDep, person: PersonDep):
    return _channels_page(request, session, person, units.unit_for(session, actor_for(session, person), unit_id))


@router.post("/units/{unit_id:int}/notifications", dependencies=[CsrfChecked])
def add_channel(unit_id: int, request: Request, session: SessionDep, person: PersonDep, form: FormDep):
    unit = units.unit_for(session, actor_for(session, person), unit_id)

    def work(s, actor):
        return ns.create_channel(s, actor=actor, unit_key=unit.key, data={
            "kind": str(form.get("kind") or ""), "address": str(form.get("address") or ""),
            "secret": str(form.get("secret") or "").strip() or None, "kinds": _kinds(form),
            "name": text(form, "name", "the name", max_length=100), "lang": str(form.get("lang") or "zh")})
    try:
        _, refusal = write(request, person, work)
    except Invalid as e:
        refusal = e
    if refusal:
        return _channels_page(request, session, person, unit, error=refusal, failed="create", form=form)
    return RedirectResponse(f"/units/{unit_id}/notifications?done=created", status_code=303)


@router.post("/units/{unit_id:int}/notifications/{channel_id:int}", dependencies=[CsrfChecked])
def change_channel(unit_id: int, channel_id: int, request: Request, session: SessionDep, person: PersonDep,
                   form: FormDep):
    """Switch a channel on or off, remove it, or send it a test message (``action``)."""
    unit = units.unit_for(session, actor_for(session, person), unit_id)
    action = form.get("action")

    def unit_channel(s, actor) -> m.NotificationChannel:
        channel = ns.channel_for(s, actor, channel_id)
        if channel.unit_id != unit.id:
            raise NotFound(f"channel {channel_id} does not belong to unit {unit.key!r}")
        return channel
    if action == "test":
        error = send_test(unit_channel(session, actor_for(session, person)), by=person.name,
                          settings=request.app.state.settings)
        return _channels_page(request, session, person, unit, tested=(channel_id, error))

    def work(s, actor):
        unit_channel(s, actor)
        if action == "delete":
            return ns.delete_channel(s, actor=actor, channel_id=channel_id)
        if action in ("enable", "disable"):
            return ns.update_channel(s, actor=actor, channel_id=channel_id, changes={"enabled": action == "enable"})
        raise Invalid(f"action: expected enable, disable or delete, not {str(action)[:20]!r}", field="action")
    _, refusal = write(request, person, work)
    if refusal:
        return _channels_page(request, session, person, unit, error=refusal, failed=f"channel-{channel_id}")
    return RedirectResponse(f"/units/{unit_id}/notifications?done=saved", status_code=303)


# --- the delivery log -------------------------------------------------------------------------------------

def _log_page(request: Request, session, person: m.Person, actor, *, error: WorkspaceError | None = None):
    status = request.query_params.get("status") or None
    if status not in (None, *ns.STATUSES):
        status = None
    rows, total = ns.deliveries(session, actor=actor, status=status, offset=0, limit=LOG_SHOWN)
    return render(request, "admin/notifications.html", status=error.status if error else 200, person=person,
                  rows=rows, total=total, shown_status=status, statuses=ns.STATUSES, error=error,
                  email_ready=request.app.state.settings.smtp is not None)


@router.get("/admin/notifications")
def delivery_log(request: Request, session: SessionDep, person: PersonDep, actor: AdminDep):
    return _log_page(request, session, person, actor)


@router.post("/admin/notifications/{notification_id:int}/retry", dependencies=[CsrfChecked])
def retry(notification_id: int, request: Request, session: SessionDep, person: PersonDep, actor: AdminDep):
    ns.check_may_read_log(actor)     # a refusal for lack of rights is the page's 403, not a line on the log
    _, refusal = write(request, person, lambda s, a: ns.retry(s, actor=a, notification_id=notification_id))
    if refusal:
        return _log_page(request, session, person, actor, error=refusal)
    return RedirectResponse("/admin/notifications?done=saved", status_code=303)

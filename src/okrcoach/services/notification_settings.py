"""Who wants which notices: a person's preferences and a unit's channels (group robots, webhooks,
mailing lists), and the delivery log an administrator reads.

A person with no stored preferences gets every kind by e-mail and a weekly check-in reminder on
Friday at 10:00: the defaults are what a team starting out needs, and opting out is one form away.
A unit's channels are set by its managers (or above) and admins; a channel's secret is write-only:
it is never returned, and an update without one keeps the old.
"""
from __future__ import annotations


from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..notifications.channels import check_target
from ..notifications.messages import KINDS
from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid, NotFound
from ..workspace.permissions import Actor, can_administer, can_manage_unit
from . import outbox
from .units import unit_by_key

CADENCES = ("off", "weekly", "biweekly")
CHANNEL_KINDS = ("dingtalk", "feishu", "wecom", "webhook", "email")
LANGS = ("zh", "en")
DEFAULTS = {"email_enabled": True, "kinds": list(KINDS), "checkin_cadence": "weekly", "checkin_weekday": 4,
            "checkin_hour": 10}


def preferences_of(session: Session, person_ids: list[int]) -> dict[int, m.NotificationPreference]:
    if not person_ids:
        return {}
    rows = session.scalars(select(m.NotificationPreference)
                           .where(m.NotificationPreference.person_id.in_(set(person_ids))))
    return {p.person_id: p for p in rows}


def wants(pref: m.NotificationPreference | None, kind: str) -> bool:
    return pref is None or (pref.email_enabled and kind in (pref.kinds or []))


def public_preferences(pref: m.NotificationPreference | None) -> dict:
    if pref is None:
        return dict(DEFAULTS)
    return {"email_enabled": pref.email_enabled, "kinds": [k for k in KINDS if k in (pref.kinds or [])],
            "checkin_cadence": pref.checkin_cadence, "checkin_weekday": pref.checkin_weekday,
            "checkin_hour": pref.checkin_hour}


def _kinds(value, field: str = "kinds") -> list[str]:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise Invalid(f"{field}: expected a list of notice kinds ({', '.join(KINDS)})", field=field)
    unknown = [k for k in value if k not in KINDS]
    if unknown:
        raise Invalid(f"{field}: unknown kind {unknown[0]!r}; expected some of {', '.join(KINDS)}", field=field)
    return [k for k in KINDS if k in value]


def _choice(value, options: tuple, field: str) -> str:
    if value not in options:
        raise Invalid(f"{field}: {value!r} is not one of {', '.join(options)}", field=field)
    return value


def _whole(value, low: int, high: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"{field}: expected a whole number from {low} to {high}, got {value!r}", field=field)
    return value


def update_preferences(session: Session, *, actor: Actor, changes: dict) -> dict:
    """Change the acting person's own preferences (any subset of ``DEFAULTS``' fields)."""
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        raise Invalid(f"{unknown[0]}: not a notification setting; expected {', '.join(DEFAULTS)}", field=unknown[0])
    values = {}
    if "email_enabled" in changes:
        if not isinstance(changes["email_enabled"], bool):
            raise Invalid("email_enabled: expected true or false", field="email_enabled")
        values["email_enabled"] = changes["email_enabled"]
    if "kinds" in changes:
        values["kinds"] = _kinds(changes["kinds"])
    if "checkin_cadence" in changes:
        values["checkin_cadence"] = _choice(changes["checkin_cadence"], CADENCES, "checkin_cadence")
    if "checkin_weekday" in changes:
        values["checkin_weekday"] = _whole(changes["checkin_weekday"], 0, 6, "checkin_weekday")
    if "checkin_hour" in changes:
        values["checkin_hour"] = _whole(changes["checkin_hour"], 0, 23, "checkin_hour")
    pref = session.get(m.NotificationPreference, actor.person_id)
    if pref is None:
        pref = m.NotificationPreference(person_id=actor.person_id, **DEFAULTS)
        session.add(pref)
    for name, value in values.items():
        setattr(pref, name, value)
    session.flush()
    return public_preferences(pref)


# --- unit channels ----------------------------------------------------------------------------------

def _may_configure(actor: Actor, unit: m.Unit) -> None:
    if not can_manage_unit(actor, unit.org_id, unit.path):
        raise Forbidden(f"you may not change the notification channels of unit {unit.key!r}: its managers "
                        "(or above) and admins may")


def public_channel(c: m.NotificationChannel) -> dict:
    return {"id": c.id, "unit": c.unit.key, "name": c.name, "kind": c.kind, "address": c.address,
            "has_secret": bool(c.secret), "kinds": [k for k in KINDS if k in (c.kinds or [])], "lang": c.lang,
            "enabled": c.enabled, "version": c.version}


def list_channels(session: Session, *, actor: Actor, unit_key: str) -> list[m.NotificationChannel]:
    unit = unit_by_key(session, actor.org_id, unit_key)
    _may_configure(actor, unit)
    return list(session.scalars(select(m.NotificationChannel).where(m.NotificationChannel.unit_id == unit.id)
                                .order_by(m.NotificationChannel.id)))


def _text(value, field: str, limit: int, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise Invalid(f"{field}: expected a non-empty text", field=field)
    value = value.strip()
    if len(value) > limit:
        raise Invalid(f"{field}: at most {limit} characters, got {len(value)}", field=field)
    return value


def _checked(kind: str, address: str, secret: str | None) -> None:
    problem = check_target(kind, address, secret)
    if problem:
        field = problem.split(":", 1)[0] if ":" in problem else "address"
        raise Invalid(problem, field=field if field in ("address", "secret") else "address")


def create_channel(session: Session, *, actor: Actor, unit_key: str, data: dict) -> m.NotificationChannel:
    unit = unit_by_key(session, actor.org_id, unit_key)
    _may_configure(actor, unit)
    kind = _choice(data.get("kind"), CHANNEL_KINDS, "kind")
    address = _text(data.get("address"), "address", 1000)
    secret = _text(data["secret"], "secret", 200) if data.get("secret") else None
    _checked(kind, address, secret)
    channel = m.NotificationChannel(
        org_id=unit.org_id, unit_id=unit.id, kind=kind, address=address, secret=secret,
        name=_text(data.get("name") or f"{unit.name} {kind}", "name", 100),
        kinds=_kinds(data.get("kinds", list(KINDS))), lang=_choice(data.get("lang", "zh"), LANGS, "lang"),
        enabled=bool(data.get("enabled", True)), created_by_id=actor.person_id)
    session.add(channel)
    session.flush()
    return channel


def channel_for(session: Session, actor: Actor, channel_id: int) -> m.NotificationChannel:
    channel = session.get(m.NotificationChannel, channel_id)
    if channel is None or channel.org_id != actor.org_id:
        raise NotFound(f"channel {channel_id} does not exist")
    _may_configure(actor, channel.unit)
    return channel


def update_channel(session: Session, *, actor: Actor, channel_id: int, changes: dict) -> m.NotificationChannel:
    channel = channel_for(session, actor, channel_id)
    allowed = {"name", "address", "secret", "kinds", "lang", "enabled"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise Invalid(f"{unknown[0]}: cannot be changed; expected some of {', '.join(sorted(allowed))}",
                      field=unknown[0])
    if "name" in changes:
        channel.name = _text(changes["name"], "name", 100)
    if "address" in changes:
        channel.address = _text(changes["address"], "address", 1000)
    if changes.get("secret"):
        channel.secret = _text(changes["secret"], "secret", 200)
    if "kinds" in changes:
        channel.kinds = _kinds(changes["kinds"])
    if "lang" in changes:
        channel.lang = _choice(changes["lang"], LANGS, "lang")
    if "enabled" in changes:
        if not isinstance(changes["enabled"], bool):
            raise Invalid("enabled: expected true or false", field="enabled")
        channel.enabled = changes["enabled"]
    _checked(channel.kind, channel.address, channel.secret)
    session.flush()
    return channel


def delete_channel(session: Session, *, actor: Actor, channel_id: int) -> None:
    session.delete(channel_for(session, actor, channel_id))
    session.flush()


# --- the delivery log ---------------------------------------------------------------------------------

STATUSES = ("pending", "sent", "failed")


def deliveries(session: Session, *, actor: Actor, status: str | None, offset: int, limit: int
               ) -> tuple[list[tuple[m.Notification, list[m.DeliveryAttempt]]], int]:
    """The organisation's notices, newest first, each with its tries: for administrators."""
    check_may_read_log(actor)
    where = [m.Notification.org_id == actor.org_id]
    if status is not None:
        where.append(m.Notification.status == _choice(status, STATUSES, "status"))
    total = session.scalar(select(func.count()).select_from(m.Notification).where(*where))
    rows = session.scalars(select(m.Notification).where(*where)
                           .order_by(m.Notification.created_at.desc(), m.Notification.id.desc())
                           .offset(offset).limit(limit)).all()
    attempts: dict[int, list[m.DeliveryAttempt]] = {n.id: [] for n in rows}
    if rows:
        for a in session.scalars(select(m.DeliveryAttempt).where(m.DeliveryAttempt.notification_id.in_(list(attempts)))
                                 .order_by(m.DeliveryAttempt.at, m.DeliveryAttempt.id)):
            attempts[a.notification_id].append(a)
    return [(n, attempts[n.id]) for n in rows], total


def public_delivery(n: m.Notification, tries: list[m.DeliveryAttempt]) -> dict:
    return {"id": n.id, "kind": n.kind, "recipient": n.recipient, "status": n.status, "attempts": n.attempts,
            "next_attempt_at": n.next_attempt_at if n.status == "pending" else None,
            "last_error": n.last_error, "created_at": n.created_at, "sent_at": n.sent_at,
            "tries": [{"at": a.at, "worker": a.worker, "outcome": a.outcome, "error": a.error, "target": a.target}
                      for a in tries]}


def check_may_read_log(actor: Actor) -> None:
    if not can_administer(actor, actor.org_id):
        raise Forbidden("the delivery log is for administrators")


def retry(session: Session, *, actor: Actor, notification_id: int) -> m.Notification:
    """An administrator's "try again now" on a notice of their organisation."""
    check_may_read_log(actor)
    n = outbox.retry_now(session, org_id=actor.org_id, notification_id=notification_id, now=m.utcnow())
    if n is None:
        raise NotFound(f"notification {notification_id} does not exist")
    return n

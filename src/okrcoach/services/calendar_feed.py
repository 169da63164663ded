"""An iCalendar feed (RFC 5545) of certificate expiries and application deadlines, for the calendar
people already look at.

Each certificate held with an expiry date is an all-day event on that date, with a reminder at each
of the organisation's alert thresholds (180/90/30 days before by default). Each open application's
due date, and each answer to review feedback not yet given, is an all-day event too, reminded at
the response thresholds (7/3/1 days before by default). The text is written here
rather than by a library: the format is small, and the tests read it back with a real iCalendar
parser. Lines are folded at 75 octets and text is escaped as the RFC says.

``write_calendar`` and ``_event`` are the one writer of calendars and events: the KR deadline feeds
(``services.kr_calendar``) write theirs with them too.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Invalid
from ..workspace.qualifications import CATEGORIES, DEFAULT_ALERT_DAYS, RESPONSE_ALERT_DAYS, Stage, label
from .certificates import Listed

PRODID = "-//okrcoach//deadlines//ZH"
MAX_DAYS_BEFORE = 3650


@dataclass(frozen=True)
class Deadline:
    uid: str             # stable across reads, so a calendar updates the event instead of adding another
    on: dt.date
    summary: str
    description: str
    url: str = ""        # where to read more (a page of the web app); none when empty


# a reminder's text, given how many days before the date it goes off
Reminder = Callable[[int], str]


def reminder_days(text: str | None, default: tuple[int, ...], field: str = "days") -> tuple[int, ...]:
    """Reminder thresholds from a query parameter such as ``180,90,30`` (largest first), or ``default``
    when it is absent; Invalid naming ``field`` for anything but whole numbers of days."""
    if not text:
        return default
    try:
        days = tuple(sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True))
    except ValueError:
        raise Invalid(f"{field} is a list of whole numbers such as 180,90,30, not {text!r}", field=field) from None
    if not days or any(d < 0 or d > MAX_DAYS_BEFORE for d in days):
        raise Invalid(f"each of {field} is 0 to {MAX_DAYS_BEFORE} days before the date", field=field)
    return days


def deadlines(session: Session, *, org_id: int) -> list[Deadline]:
    """The open applications' due dates and the review feedback still to answer."""
    out = []
    for a in session.scalars(select(m.Application).where(
            m.Application.org_id == org_id, m.Application.due_on.is_not(None),
            m.Application.stage.not_in([Stage.APPROVED.value, Stage.REJECTED.value]))):
        out.append(Deadline(f"application-{a.id}-due", a.due_on, f"申请截止:{a.title}",
                            f"当前阶段 {label(a.stage)}"))
    for item, title in session.execute(
            select(m.FeedbackItem, m.Application.title).join(m.Application)
            .where(m.Application.org_id == org_id, m.FeedbackItem.responded_on.is_(None),
                   m.FeedbackItem.closed.is_(False))):
        out.append(Deadline(f"feedback-{item.id}-response", item.response_due, f"评审意见答复截止:{title}",
                            item.summary))
    return sorted(out, key=lambda d: (d.on, d.uid))


def certificate_calendar(listed: list[Listed], *, name: str, now: dt.datetime,
                         days: tuple[int, ...] = DEFAULT_ALERT_DAYS, due: list[Deadline] = (),
                         response_days: tuple[int, ...] = RESPONSE_ALERT_DAYS) -> str:
    events = []
    for item in listed:
        c = item.certificate
        if c.expires_on is None or not c.held:
            continue
        category = CATEGORIES[c.category].zh if c.category in CATEGORIES else c.category
        details = [f"{category} {c.grade or ''}".strip(), f"证书编号 {c.number}" if c.number else "",
                   f"发证机关 {c.authority}" if c.authority else "", f"持证主体 {c.holder}" if c.holder else ""]
        events.append((Deadline(f"certificate-{c.id}-expiry", c.expires_on, f"证书到期:{c.name}",
                                "\n".join(d for d in details if d)), days,
                       lambda before, c=c: f"{c.name} 还有 {before} 天到期"))
    for d in due:
        events.append((d, response_days, lambda before, d=d: f"{d.summary}(还有 {before} 天)"))
    return write_calendar(name, now=now, events=events)


def write_calendar(name: str, *, now: dt.datetime,
                   events: Iterable[tuple[Deadline, tuple[int, ...], Reminder]]) -> str:
    """A whole calendar named ``name``: each event with its reminder thresholds and reminder text."""
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_text(name)}"]
    for deadline, days, reminder in events:
        lines += _event(deadline, stamp, days, reminder)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _event(d: Deadline, stamp: str, days: tuple[int, ...], reminder: Reminder) -> list[str]:
    """An all-day event on ``d.on`` with a reminder ``reminder(n)`` n days before, for each of ``days``."""
    lines = ["BEGIN:VEVENT", f"UID:{d.uid}@okrcoach", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{d.on:%Y%m%d}",
             f"DTEND;VALUE=DATE:{d.on + dt.timedelta(days=1):%Y%m%d}", f"SUMMARY:{_text(d.summary)}",
             f"DESCRIPTION:{_text(d.description)}", "TRANSP:TRANSPARENT"]
    if d.url:
        lines.append(f"URL:{d.url}")
    for before in sorted(days, reverse=True):
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:-P{before}D",
                  f"DESCRIPTION:{_text(reminder(before))}", "END:VALARM"]
    return lines + ["END:VEVENT"]


def _text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space, never splitting a character."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74   # a continuation line starts with the space
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)

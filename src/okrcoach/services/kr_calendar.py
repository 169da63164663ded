"""KR deadlines as iCalendar feeds: one person's, and one unit's with the units beneath it.

A person's feed holds the key results they own and those of the objectives they own; a unit's, the
key results of every objective of the unit and of its subtree (its materialised ``path``). Only
objectives still being worked on count: draft, in review or active, in a cycle that is not closed
(a closed cycle's KRs are history, not deadlines). Only what the feed's reader may read is there
(``visibility.visible_objectives``, in the query itself), so someone else's private objective never
shows.

A KR without a due date of its own is due when its cycle ends: it appears on the cycle's last day,
and its description says that date is the cycle's end. Each event's UID is the KR's id, so a
calendar moves the event when the due date changes instead of adding another. The KRs, their
objectives, owners and cycles are read in one query; progress is ``workspace.progress``'s formula,
worked out in memory. The text is written by ``calendar_feed``'s one writer.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased

from ..storage import models as m
from ..workspace.errors import Invalid, NotFound
from ..workspace.permissions import Actor
from ..workspace.progress import kr_progress
from ..workspace.values import CycleState, ObjectiveStatus
from .calendar_feed import Deadline, reminder_days, write_calendar
from .units import unit_by_key
from .visibility import visible_objectives

DEFAULT_DAYS = (7, 1)   # reminders a week and a day before a KR is due
DEFAULT_LANG = "zh"
ME = "me"               # the handle that means the feed's reader
OPEN = (ObjectiveStatus.DRAFT.value, ObjectiveStatus.IN_REVIEW.value, ObjectiveStatus.ACTIVE.value)


@dataclass(frozen=True)
class Words:
    """A feed's texts in one language."""

    summary: str          # {title}
    person_calendar: str  # {name}
    unit_calendar: str    # {name}
    objective: str        # {title}
    owner: str            # {name}
    progress: str         # {percent}
    cycle_end: str        # {cycle}
    remind: Callable[[str, int], str]   # (summary, days before) -> the reminder's text


WORDS = {
    "zh": Words(summary="KR 截止:{title}", person_calendar="{name} 的 KR 截止日",
                unit_calendar="{name}(含下级单元)KR 截止日", objective="目标:{title}", owner="负责人:{name}",
                progress="进度:{percent}%", cycle_end="截止日:KR 未设截止日,取周期 {cycle} 的结束日",
                remind=lambda summary, n: f"{summary}(今天截止)" if n == 0 else f"{summary}(还有 {n} 天)"),
    "en": Words(summary="KR due: {title}", person_calendar="KR deadlines of {name}",
                unit_calendar="KR deadlines of {name} and its sub-units", objective="Objective: {title}",
                owner="Owner: {name}", progress="Progress: {percent}%",
                cycle_end="Due: the KR has no due date of its own, so the end of cycle {cycle}",
                remind=lambda summary, n: f"{summary} (due today)" if n == 0
                else f"{summary} (in {n} day{'' if n == 1 else 's'})"),
}


@dataclass(frozen=True)
class FeedOptions:
    """What a feed is asked for besides whose it is: the query parameters and the web app's address."""

    base_url: str          # ends in "/": links go to the web app's objective pages under it
    now: dt.datetime       # the feed's DTSTAMP
    lang: str | None = None
    days: str | None = None


def person_calendar(session: Session, actor: Actor, handle: str, options: FeedOptions) -> str:
    """The feed of the person with this handle (``me``: the reader) in the reader's organisation."""
    if handle == ME:
        person = session.get(m.Person, actor.person_id)
    else:
        person = session.scalar(select(m.Person).where(m.Person.org_id == actor.org_id, m.Person.handle == handle))
        if person is None:
            raise NotFound(f"person {handle!r} does not exist")
    words, days = _words(session, actor, options.lang), reminder_days(options.days, DEFAULT_DAYS)
    owns = or_(m.KeyResult.owner_id == person.id, m.Objective.owner_id == person.id)
    return write_calendar(words.person_calendar.format(name=person.name), now=options.now,
                          events=_events(session, actor, owns, words, days, options.base_url))


def unit_calendar(session: Session, actor: Actor, key: str, options: FeedOptions) -> str:
    """The feed of the unit with this key in the reader's organisation, its sub-units included."""
    unit = unit_by_key(session, actor.org_id, key)
    words, days = _words(session, actor, options.lang), reminder_days(options.days, DEFAULT_DAYS)
    beneath = m.Unit.path.startswith(unit.path, autoescape=True)
    return write_calendar(words.unit_calendar.format(name=unit.name), now=options.now,
                          events=_events(session, actor, beneath, words, days, options.base_url))


def _words(session: Session, actor: Actor, lang: str | None) -> Words:
    """``?lang=`` when given, else the reader's own language setting."""
    if lang is None:
        own = (session.get(m.Person, actor.person_id).locale or "").replace("_", "-").split("-")[0].lower()
        return WORDS.get(own, WORDS[DEFAULT_LANG])
    if lang not in WORDS:
        raise Invalid(f"lang is one of {', '.join(WORDS)}, not {lang!r}", field="lang")
    return WORDS[lang]


def _events(session: Session, actor: Actor, which: ColumnElement[bool], words: Words, days: tuple[int, ...],
            base_url: str) -> list:
    """The open KRs ``which`` picks that ``actor`` may read, as events soonest first (one query)."""
    kr_owner, objective_owner = aliased(m.Person), aliased(m.Person)
    rows = session.execute(
        select(m.KeyResult.id, m.KeyResult.title, m.KeyResult.kind, m.KeyResult.start, m.KeyResult.target,
               m.KeyResult.current, m.KeyResult.direction, m.KeyResult.due,
               m.Objective.id.label("objective_id"), m.Objective.title.label("objective_title"),
               m.Cycle.name.label("cycle"), m.Cycle.end_date, m.Unit.name.label("unit_name"),
               kr_owner.name.label("kr_owner"), objective_owner.name.label("objective_owner"))
        .join(m.Objective, m.Objective.id == m.KeyResult.objective_id)
        .join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .join(m.Cycle, m.Cycle.id == m.Objective.cycle_id)
        .outerjoin(kr_owner, kr_owner.id == m.KeyResult.owner_id)
        .outerjoin(objective_owner, objective_owner.id == m.Objective.owner_id)
        .where(which, visible_objectives(actor), m.Objective.status.in_(OPEN),
               m.Cycle.state != CycleState.CLOSED.value)).all()
    deadlines = sorted((_deadline(row, words, base_url) for row in rows), key=lambda d: (d.on, d.uid))
    return [(d, days, lambda before, d=d: words.remind(d.summary, before)) for d in deadlines]


def _deadline(row, words: Words, base_url: str) -> Deadline:
    progress = kr_progress(row.kind, row.start, row.target, row.current, row.direction)
    link = f"{base_url}objectives/{row.objective_id}"
    lines = [words.objective.format(title=row.objective_title),
             words.owner.format(name=row.kr_owner or row.objective_owner or row.unit_name),
             words.progress.format(percent=round(progress * 100))]
    if row.due is None:
        lines.append(words.cycle_end.format(cycle=row.cycle))
    return Deadline(f"kr-{row.id}", row.due or row.end_date, words.summary.format(title=row.title),
                    "\n".join([*lines, link]), url=link)

"""The work inside an application: its materials checklist, the reviewers' feedback, the communication
log with the reviewing body, and what they measure.

A checklist is made from a list of requirements (a template's, or typed in), each item then marked
compliant, non-compliant, pending or not applicable by its reviewer. Feedback items are the points an
authority's reviewers raise, each with the day its answer is due; answering one records the day.
Each change is followed by the KRs bound to the application (``services.bound_krs``): a KR about
checklist compliance or feedback answered on time moves with the work, with an automatic check-in
that says why.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Invalid, NotFound
from ..workspace import checklist_templates
from ..workspace.permissions import Actor
from ..workspace.qualifications import Channel, ItemStatus, label
from . import bound_krs
from .applications import application_for
from .certificates import check_writer

MAX_ITEMS = 200
MAX_TEXT = 2000


def _writable(session: Session, actor: Actor, application_id: int) -> m.Application:
    application = application_for(session, actor, application_id)
    check_writer(session, actor, session.get(m.Certificate, application.certificate_id).unit_id)
    return application


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > MAX_TEXT:
        raise Invalid(f"{field} needs 1 to {MAX_TEXT} characters", field=field)
    return value


def add_checklist(session: Session, *, actor: Actor, application_id: int, requirements: list[str], today: dt.date,
                  reviewer_id: int | None = None) -> list[m.ChecklistItem]:
    """Items for these requirements, after those the checklist has: all of them or, refused, none."""
    application = _writable(session, actor, application_id)
    texts = [_text(r, f"requirements[{i}]") for i, r in enumerate(requirements)]
    existing = session.scalars(select(m.ChecklistItem.position)
                               .where(m.ChecklistItem.application_id == application.id)).all()
    if not texts or len(existing) + len(texts) > MAX_ITEMS:
        raise Invalid(f"a checklist has 1 to {MAX_ITEMS} items", field="requirements")
    start = max(existing, default=-1) + 1
    items = [m.ChecklistItem(application_id=application.id, position=start + i, requirement=t,
                             reviewer_id=reviewer_id, status=ItemStatus.PENDING.value)
             for i, t in enumerate(texts)]
    session.add_all(items)
    session.flush()
    bound_krs.sync(session, actor=actor, application_id=application.id, today=today,
                   reason=f"材料清单新增 {len(items)} 项")
    return items


def add_checklist_from_template(session: Session, *, actor: Actor, application_id: int, today: dt.date,
                                lang: str = "zh", reviewer_id: int | None = None) -> list[m.ChecklistItem]:
    """The checklist of the certificate's category from the library (``workspace.checklist_templates``)."""
    application = application_for(session, actor, application_id)
    category = session.get(m.Certificate, application.certificate_id).category
    try:
        texts = checklist_templates.requirements(category, lang)
    except ValueError as e:
        raise Invalid(str(e), field="template") from None
    return add_checklist(session, actor=actor, application_id=application_id, requirements=texts, today=today,
                         reviewer_id=reviewer_id)


def mark_item(session: Session, *, actor: Actor, item_id: int, status: str, today: dt.date,
              note: str = "") -> m.ChecklistItem:
    item = session.get(m.ChecklistItem, item_id)
    if item is None:
        raise NotFound(f"checklist item {item_id} does not exist")
    _writable(session, actor, item.application_id)
    if status not in {s.value for s in ItemStatus}:
        raise Invalid(f"status must be one of {', '.join(s.value for s in ItemStatus)}, not {status!r}",
                      field="status")
    if len(note) > MAX_TEXT:
        raise Invalid(f"a note has at most {MAX_TEXT} characters", field="note")
    item.status, item.note = status, note.strip()
    session.flush()
    bound_krs.sync(session, actor=actor, application_id=item.application_id, today=today,
                   reason=f"材料「{item.requirement[:40]}」标为{label(status)}")
    return item


def add_feedback(session: Session, *, actor: Actor, application_id: int, summary: str, received_on: dt.date,
                 response_due: dt.date, today: dt.date) -> m.FeedbackItem:
    application = _writable(session, actor, application_id)
    if received_on > today:
        raise Invalid(f"feedback received on {received_on} is in the future", field="received_on")
    if response_due < received_on:
        raise Invalid(f"the response is due {response_due}, before the feedback came on {received_on}",
                      field="response_due")
    item = m.FeedbackItem(application_id=application.id, summary=_text(summary, "summary"),
                          received_on=received_on, response_due=response_due, closed=False)
    session.add(item)
    session.flush()
    bound_krs.sync(session, actor=actor, application_id=application.id, today=today,
                   reason=f"收到评审意见「{item.summary[:40]}」")
    return item


def respond(session: Session, *, actor: Actor, feedback_id: int, on: dt.date, today: dt.date,
            close: bool = False) -> m.FeedbackItem:
    item = session.get(m.FeedbackItem, feedback_id)
    if item is None:
        raise NotFound(f"feedback item {feedback_id} does not exist")
    _writable(session, actor, item.application_id)
    if on > today or on < item.received_on:
        raise Invalid(f"the answer's day {on} is after today or before the feedback came ({item.received_on})",
                      field="on")
    item.responded_on, item.closed = on, close
    session.flush()
    bound_krs.sync(session, actor=actor, application_id=item.application_id, today=today,
                   reason=f"答复评审意见「{item.summary[:40]}」")
    return item


def log_contact(session: Session, *, actor: Actor, application_id: int, on: dt.date, channel: str, summary: str,
                today: dt.date, counterpart: str = "") -> m.Contact:
    """Keep one exchange with the reviewing body in the application's communication log."""
    application = _writable(session, actor, application_id)
    if channel not in {c.value for c in Channel}:
        raise Invalid(f"channel must be one of {', '.join(c.value for c in Channel)}, not {channel!r}",
                      field="channel")
    if on > today:
        raise Invalid(f"a contact on {on} is in the future", field="on")
    if len(counterpart) > 200:
        raise Invalid("counterpart has at most 200 characters", field="counterpart")
    contact = m.Contact(application_id=application.id, on=on, channel=channel, counterpart=counterpart.strip(),
                        summary=_text(summary, "summary"), by_id=actor.person_id)
    session.add(contact)
    session.flush()
    bound_krs.sync(session, actor=actor, application_id=application.id, today=today,
                   reason=f"与评审机构沟通({on}):{contact.summary[:40]}")
    return contact


def work_of(session: Session, *, actor: Actor, application_id: int) -> tuple[list[m.ChecklistItem],
                                                                          list[m.FeedbackItem], list[m.Contact]]:
    """An application's checklist in order, its feedback by due day, its communication log newest first."""
    application = application_for(session, actor, application_id)
    items = session.scalars(select(m.ChecklistItem).where(m.ChecklistItem.application_id == application.id)
                            .order_by(m.ChecklistItem.position)).all()
    feedback = session.scalars(select(m.FeedbackItem).where(m.FeedbackItem.application_id == application.id)
                               .order_by(m.FeedbackItem.response_due, m.FeedbackItem.id)).all()
    contacts = session.scalars(select(m.Contact).where(m.Contact.application_id == application.id)
                               .order_by(m.Contact.on.desc(), m.Contact.id.desc())).all()
    return list(items), list(feedback), list(contacts)

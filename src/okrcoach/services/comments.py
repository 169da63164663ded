"""Comments on an objective or on one of its key results: the conversation around an OKR.

Whoever can read an objective may join its conversation, whatever its status; reading it is the
only permission a comment needs. A comment can be deleted by its author or an admin, and is
otherwise never edited: it is a record of what was said.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid, NotFound
from ..workspace.permissions import Actor, can_administer
from .access import objective_for

MAX_BODY = 5000


@dataclass(frozen=True)
class CommentView:
    comment: m.Comment
    author_name: str


def list_for(session: Session, *, actor: Actor, objective_id: int, offset: int, limit: int
             ) -> tuple[list[CommentView], int]:
    """An objective's comments, oldest first (the order of the conversation), and their total."""
    objective_for(session, actor, objective_id)
    total = session.scalar(select(func.count()).select_from(m.Comment).where(m.Comment.objective_id == objective_id))
    rows = session.execute(select(m.Comment, m.Person.name).join(m.Person, m.Person.id == m.Comment.author_id)
                           .where(m.Comment.objective_id == objective_id)
                           .order_by(m.Comment.created_at, m.Comment.id).offset(offset).limit(limit)).all()
    return [CommentView(c, name) for c, name in rows], total


def add(session: Session, *, actor: Actor, objective_id: int, body: str, kr_id: int | None = None) -> CommentView:
    objective = objective_for(session, actor, objective_id).objective
    body = body.strip()
    if not 1 <= len(body) <= MAX_BODY:
        raise Invalid(f"a comment has 1 to {MAX_BODY} characters, not {len(body)}", field="body")
    if kr_id is not None:
        kr = session.get(m.KeyResult, kr_id)
        if kr is None or kr.objective_id != objective.id:
            raise Invalid(f"key result {kr_id} is not one of objective {objective.id}'s key results", field="kr_id")
    comment = m.Comment(objective_id=objective.id, kr_id=kr_id, author_id=actor.person_id, body=body)
    session.add(comment)
    session.flush()
    return CommentView(comment, session.get(m.Person, actor.person_id).name)


def delete(session: Session, *, actor: Actor, comment_id: int) -> None:
    """Delete a comment: its author or an admin; a comment on an objective you cannot see does not exist."""
    comment = session.get(m.Comment, comment_id)
    if comment is None:
        raise NotFound(f"comment {comment_id} does not exist")
    try:
        objective = objective_for(session, actor, comment.objective_id).objective
    except NotFound:
        raise NotFound(f"comment {comment_id} does not exist") from None
    if comment.author_id != actor.person_id and not can_administer(actor, objective.org_id):
        raise Forbidden(f"only the author of comment {comment_id} or an admin may delete it")
    session.delete(comment)
    session.flush()

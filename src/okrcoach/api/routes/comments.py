"""Routes: comments on objectives (and their key results)."""
from __future__ import annotations

from fastapi import APIRouter, Response

from ...services import comments
from ..deps import ActorDep, SessionDep
from ..schemas.comments import CommentCreate, CommentPublic
from ..schemas.common import Page, PageDep

router = APIRouter(tags=["comments"])


def _public(view: comments.CommentView) -> CommentPublic:
    c = view.comment
    return CommentPublic(id=c.id, objective_id=c.objective_id, kr_id=c.kr_id, author_id=c.author_id,
                         author_name=view.author_name, body=c.body, created_at=c.created_at)


@router.get("/objectives/{objective_id}/comments", response_model=Page[CommentPublic],
            summary="An objective's comments, oldest first")
def list_comments(objective_id: int, session: SessionDep, actor: ActorDep, page: PageDep) -> dict:
    views, total = comments.list_for(session, actor=actor, objective_id=objective_id, offset=page.offset,
                                     limit=page.per_page)
    return page.of([_public(v) for v in views], total)


@router.post("/objectives/{objective_id}/comments", status_code=201, response_model=CommentPublic,
             summary="Comment on an objective, or on one of its key results")
def add_comment(objective_id: int, body: CommentCreate, session: SessionDep, actor: ActorDep) -> CommentPublic:
    return _public(comments.add(session, actor=actor, objective_id=objective_id, body=body.body, kr_id=body.kr_id))


@router.delete("/comments/{comment_id}", status_code=204, response_class=Response,
               summary="Delete a comment (its author or an admin)")
def delete_comment(comment_id: int, session: SessionDep, actor: ActorDep) -> Response:
    comments.delete(session, actor=actor, comment_id=comment_id)
    return Response(status_code=204)

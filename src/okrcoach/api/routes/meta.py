"""Routes: health and version, for load balancers and the CLI's ``okr serve`` start-up check."""
from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from ... import __version__
from ..deps import SessionDep

router = APIRouter(tags=["meta"])


@router.get("/health", summary="Is the API up and its database reachable?")
def health(session: SessionDep) -> dict:
    session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}

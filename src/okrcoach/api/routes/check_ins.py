"""Routes: check-ins."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["check-ins"])

"""Check-in bodies: what a person reports on a key result, and the check-in as stored."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from .common import Strict


class CheckInCreate(Strict):
    """Send a value, a confidence, or both; what is left out keeps the KR's latest."""

    value: float | None = Field(None, allow_inf_nan=False,
                                description="the KR's value now; a milestone takes 1 (done) or 0 (not done)")
    confidence: float | None = Field(None, ge=0, le=1,
                                     description="the probability (0 to 1) of reaching the target this cycle")
    note: str = Field("", max_length=5000, description="what happened, what blocks it")

    model_config = {"json_schema_extra": {"examples": [
        {"value": 25, "confidence": 0.7, "note": "第二批注册资料已提交，等待审评中心反馈"},
        {"confidence": 0.4, "note": "供应商延期交付，目标可能落空"},
    ]}}


class CheckInPublic(BaseModel):
    id: int
    kr_id: int
    value: float | None = Field(description="the KR's value after this check-in (its previous one if none was sent)")
    confidence: float | None = Field(description="the confidence after this check-in (its previous one if none "
                                                 "was sent)")
    note: str
    author_id: int
    created_at: dt.datetime
    progress: float = Field(description="the KR's progress (0 to 1) at this check-in's value")

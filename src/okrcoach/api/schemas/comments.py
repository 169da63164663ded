"""Comment bodies: a remark on an objective, or on one of its key results."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from .common import Strict


class CommentCreate(Strict):
    body: str = Field(min_length=1, max_length=5000)
    kr_id: int | None = Field(None, description="the key result the comment is about; one of this objective's")

    model_config = {"json_schema_extra": {"examples": [
        {"body": "审评中心的补正意见已收到，建议把 KR2 的截止日期提前到 12 月 10 日。"},
        {"body": "Which batch does this number include?", "kr_id": 12},
    ]}}


class CommentPublic(BaseModel):
    id: int
    objective_id: int
    kr_id: int | None
    author_id: int
    author_name: str
    body: str
    created_at: dt.datetime

"""Key results: what is measured, from where to where, and how far it has come."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, field_validator

from ...workspace.values import Direction, KrKind
from .common import BaseVersion, Strict


class KrReview(Strict):
    """The seed's necessity question: without this KR, would the objective no longer be reachable?"""

    necessary: bool | None = None
    note: str = ""


class KeyResultCreate(Strict):
    title: str = Field(min_length=1, max_length=500)
    kind: KrKind = KrKind.METRIC
    start: float | None = Field(None, description="where the metric stands at the start (default 0)")
    target: float | None = Field(None, description="required for a metric; a percentage defaults to 100; "
                                                   "a milestone has none")
    unit: str | None = Field(None, max_length=32, examples=["家", "%", "天"])
    direction: Direction | None = Field(None, description="default: down when the target is below the start")
    weight: float = Field(1.0, gt=0, description="share in the objective's progress and score")
    owner_id: int | None = None
    due: dt.date | None = None
    position: int | None = Field(None, ge=0, description="order within the objective (default: last)")
    review: KrReview | None = None

    model_config = {"json_schema_extra": {"examples": [
        {"title": "三季度内完成 12 家医院的注册申报", "kind": "metric", "start": 0, "target": 12, "unit": "家",
         "due": "2026-12-20"},
        {"title": "不良事件平均处理时长从 14 天降到 5 天", "start": 14, "target": 5, "unit": "天"},
        {"title": "通过 ISO 13485 监督审核", "kind": "milestone"},
    ]}}


class KeyResultUpdate(Strict):
    """Only the fields sent are changed. ``current`` and ``confidence`` come from check-ins."""

    version: BaseVersion = None
    title: str | None = Field(None, min_length=1, max_length=500)
    kind: KrKind | None = None
    start: float | None = None
    target: float | None = None
    unit: str | None = Field(None, max_length=32)
    direction: Direction | None = None
    weight: float | None = Field(None, gt=0)
    owner_id: int | None = None
    due: dt.date | None = None
    position: int | None = Field(None, ge=0)
    review: KrReview | None = None
    current: float | None = Field(None, description="not editable here: record a check-in")
    confidence: float | None = Field(None, description="not editable here: record a check-in")

    @field_validator("current", "confidence", mode="before")
    @classmethod
    def _from_check_ins(cls, value, info):
        raise ValueError(f"{info.field_name} is the latest check-in's and is not edited on the key result; "
                         "record a check-in instead")

    model_config = {"json_schema_extra": {"examples": [
        {"version": 2, "target": 15, "due": "2026-12-31"},
        {"version": 3, "title": "完成 15 家医院的注册申报", "owner_id": 7},
    ]}}


class KeyResultPublic(BaseModel):
    id: int
    objective_id: int
    position: int
    title: str
    kind: KrKind
    start: float | None
    target: float | None
    current: float | None = Field(description="the latest check-in's value")
    unit: str | None
    direction: Direction
    weight: float
    owner_id: int | None
    due: dt.date | None
    score: float | None = Field(description="end-of-cycle grade, 0.0–1.0")
    review: dict | None
    version: int
    progress: float = Field(description="0.0–1.0, from workspace.progress")
    confidence: float | None = Field(description="the latest check-in's confidence, 0.0–1.0")
    at_risk: bool
    risk_reasons: list[str]

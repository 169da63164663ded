"""Objectives, their alignment links, status transitions, scoring and history."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from ...workspace.values import ObjectiveLevel, ObjectiveStatus, Visibility
from .common import BaseVersion, Strict
from .findings import FindingPublic
from .key_results import KeyResultCreate, KeyResultPublic
from .progress import ProgressPublic


class AlignmentCreate(Strict):
    """The parent this objective supports: an objective, or one key result of it (exactly one of the two)."""

    objective_id: int | None = None
    key_result_id: int | None = None

    model_config = {"json_schema_extra": {"examples": [{"objective_id": 3}, {"key_result_id": 12}]}}


class AlignmentPublic(BaseModel):
    id: int
    child_id: int
    parent_objective_id: int | None
    parent_kr_id: int | None
    created_by_id: int | None
    created_at: dt.datetime


class ObjectiveReview(Strict):
    """The seed's sufficiency question: with every KR met, is the objective necessarily met?"""

    sufficient: bool | None = None
    note: str = ""


class ObjectiveCreate(Strict):
    cycle_id: int
    title: str = Field(min_length=1, max_length=500)
    description: str = Field("", max_length=10_000)
    level: ObjectiveLevel
    unit_id: int | None = Field(None, description="default for a personal objective: the owner's primary "
                                                  "unit; required at the other levels")
    owner_id: int | None = Field(None, description="default for a personal objective: you; none for a unit's")
    visibility: Visibility = Visibility.PUBLIC
    position: int | None = Field(None, ge=0, description="order in its owner's set (default: last)")
    review: ObjectiveReview | None = None
    key_results: list[KeyResultCreate] = Field(default_factory=list)
    aligns_to: list[AlignmentCreate] = Field(default_factory=list)

    model_config = {"json_schema_extra": {"examples": [
        {"cycle_id": 1, "title": "让注册申报又快又稳，支撑新品按期上市", "level": "personal",
         "key_results": [{"title": "完成 12 家医院的注册申报", "start": 0, "target": 12, "unit": "家"},
                         {"title": "申报一次通过率从 60% 提升到 90%", "kind": "percentage", "start": 60,
                          "target": 90}],
         "aligns_to": [{"objective_id": 3}]},
        {"cycle_id": 1, "title": "成为华东地区最受信赖的质量团队", "level": "department", "unit_id": 2,
         "visibility": "unit"},
    ]}}


class ObjectiveUpdate(Strict):
    """Only the fields sent are changed. Status changes through transitions, KRs through their own routes."""

    version: BaseVersion = None
    title: str | None = Field(None, min_length=1, max_length=500)
    description: str | None = Field(None, max_length=10_000)
    level: ObjectiveLevel | None = None
    visibility: Visibility | None = None
    owner_id: int | None = None
    unit_id: int | None = None
    position: int | None = Field(None, ge=0)
    reflection: str | None = Field(None, max_length=10_000)
    review: ObjectiveReview | None = None

    model_config = {"json_schema_extra": {"examples": [
        {"version": 3, "title": "让注册申报更快、更稳"},
        {"version": 4, "visibility": "private"},
        {"version": 5, "review": {"sufficient": True, "note": "三个 KR 都达成即可保证按期上市"}},
    ]}}


class FindingCounts(BaseModel):
    error: int
    warning: int
    info: int


class ObjectiveSummary(BaseModel):
    id: int
    cycle_id: int
    unit_id: int
    owner_id: int | None
    level: ObjectiveLevel
    title: str
    status: ObjectiveStatus
    visibility: Visibility
    position: int
    version: int
    progress: ProgressPublic
    kr_count: int
    findings: FindingCounts


class ParentLink(BaseModel):
    alignment_id: int
    objective_id: int
    objective_title: str
    key_result_id: int | None = Field(description="set when the link is to one KR of the parent")
    key_result_title: str | None


class ChildLink(BaseModel):
    id: int
    title: str
    key_result_id: int | None = Field(description="the KR of this objective the child supports, if any")
    progress: float


class ObjectivePublic(BaseModel):
    id: int
    cycle_id: int
    unit_id: int
    owner_id: int | None
    level: ObjectiveLevel
    title: str
    description: str
    visibility: Visibility
    status: ObjectiveStatus
    position: int
    approved_by_id: int | None
    approved_at: dt.datetime | None
    reflection: str
    review: dict | None
    created_by_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    key_results: list[KeyResultPublic]
    parents: list[ParentLink] = Field(description="what this objective supports (parents you cannot read "
                                                  "are left out)")
    children: list[ChildLink] = Field(description="the objectives you can read that support this one")
    progress: ProgressPublic
    score: float | None = Field(description="weighted mean of the KR scores; null until every KR is scored")
    findings: list[FindingPublic]
    can_write: bool = Field(description="whether you may change it")


class TransitionCreate(Strict):
    to: ObjectiveStatus
    note: str = Field("", max_length=2_000, description="kept as a comment on the objective")

    model_config = {"json_schema_extra": {"examples": [
        {"to": "in_review"}, {"to": "active", "note": "目标清晰，同意"}, {"to": "draft", "note": "KR2 还不可衡量"},
    ]}}


class KrScore(Strict):
    id: int
    score: float = Field(ge=0, le=1)


class ScoreCreate(Strict):
    key_results: list[KrScore] = Field(min_length=1)
    reflection: str | None = Field(None, max_length=10_000)

    model_config = {"json_schema_extra": {"examples": [
        {"key_results": [{"id": 11, "score": 0.7}, {"id": 12, "score": 1.0}],
         "reflection": "申报节奏达标；一次通过率因新法规延迟未达成，下季度提前准备。"},
    ]}}


class HistoryEvent(BaseModel):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str | None
    entity: str = Field(examples=["objectives", "key_results", "alignments"])
    entity_id: int
    action: str = Field(examples=["create", "update", "delete"])
    before: dict | None
    after: dict | None

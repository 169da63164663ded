"""Bodies for applications (``services.applications``): stage by stage, with what the work measures."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...services.bound_krs import Measures
from ...storage import models as m
from ...workspace.qualifications import ApplicationKind, Stage
from .common import BaseVersion, Strict


class StageChangePublic(BaseModel):
    from_stage: Stage | None
    to_stage: Stage
    on: dt.date
    by_id: int | None
    note: str


class ApplicationPublic(BaseModel):
    id: int
    certificate_id: int
    kind: ApplicationKind
    title: str
    stage: Stage
    owner_id: int | None
    target_grade: str | None
    due_on: dt.date | None
    measures: dict = Field(description="checklist_compliance, feedback_on_time, stage_reached (0-1), "
                                       "certificate_obtained: what KRs bound to the application take")
    history: list[StageChangePublic]
    version: int

    @classmethod
    def of(cls, a: m.Application, found: Measures, history: list[m.ApplicationStageChange]) -> ApplicationPublic:
        return cls(id=a.id, certificate_id=a.certificate_id, kind=ApplicationKind(a.kind), title=a.title,
                   stage=Stage(a.stage), owner_id=a.owner_id, target_grade=a.target_grade, due_on=a.due_on,
                   measures=found.__dict__,
                   history=[StageChangePublic(from_stage=h.from_stage, to_stage=h.to_stage, on=h.on, by_id=h.by_id,
                                              note=h.note) for h in history], version=a.version)


class ApplicationCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "certificate_id": 1, "kind": "new", "title": "监护仪二类注册申报", "due_on": "2027-06-30"}]})

    certificate_id: int
    kind: ApplicationKind
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    owner_id: int | None = None
    target_grade: Annotated[str, StringConstraints(max_length=32)] | None = None
    due_on: dt.date | None = None


class StageMove(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"to": "materials", "on": "2026-11-20",
                                                              "note": "政策研究完成", "version": 1}]})

    to: Stage
    on: dt.date | None = Field(None, description="the day it happened (default: today)")
    note: Annotated[str, StringConstraints(max_length=2000)] = ""
    version: BaseVersion = None

"""Bodies for applications (``services.applications``): stage by stage, with what the work measures."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...services.bound_krs import Measures
from ...storage import models as m
from ...workspace.qualifications import ApplicationKind, Channel, ItemStatus, Stage
from .common import BaseVersion, Strict


class StageChangePublic(BaseModel):
    from_stage: Stage | None
    to_stage: Stage
    on: dt.date
    by_id: int | None
    note: str


class ChecklistItemPublic(BaseModel):
    id: int
    position: int
    requirement: str
    status: ItemStatus
    reviewer_id: int | None
    note: str


class FeedbackPublic(BaseModel):
    id: int
    summary: str
    received_on: dt.date
    response_due: dt.date
    responded_on: dt.date | None
    closed: bool


class ContactPublic(BaseModel):
    id: int
    on: dt.date
    channel: Channel
    counterpart: str
    summary: str
    by_id: int | None


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
    checklist: list[ChecklistItemPublic]
    feedback: list[FeedbackPublic]
    contacts: list[ContactPublic] = Field(description="the communication log, newest first")
    version: int

    @classmethod
    def of(cls, a: m.Application, found: Measures, history: list[m.ApplicationStageChange],
           work: tuple[list[m.ChecklistItem], list[m.FeedbackItem], list[m.Contact]]) -> ApplicationPublic:
        items, feedback, contacts = work
        return cls(id=a.id, certificate_id=a.certificate_id, kind=ApplicationKind(a.kind), title=a.title,
                   stage=Stage(a.stage), owner_id=a.owner_id, target_grade=a.target_grade, due_on=a.due_on,
                   measures=found.__dict__,
                   history=[StageChangePublic(from_stage=h.from_stage, to_stage=h.to_stage, on=h.on, by_id=h.by_id,
                                              note=h.note) for h in history],
                   checklist=[ChecklistItemPublic.model_validate(i, from_attributes=True) for i in items],
                   feedback=[FeedbackPublic.model_validate(f, from_attributes=True) for f in feedback],
                   contacts=[ContactPublic.model_validate(c, from_attributes=True) for c in contacts],
                   version=a.version)


class ApplicationSummary(BaseModel):
    id: int
    certificate_id: int
    kind: ApplicationKind
    title: str
    stage: Stage
    owner_id: int | None
    due_on: dt.date | None


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


class ChecklistAdd(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"requirements": ["产品技术要求", "注册检验报告"]},
                                                              {"template": True, "lang": "zh"}]})

    requirements: list[str] = Field(default_factory=list, max_length=200)
    template: bool = Field(False, description="take the requirements from the library's checklist of the "
                                              "certificate's category instead")
    lang: Literal["zh", "en"] = "zh"
    reviewer_id: int | None = None


class ItemMark(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "compliant", "note": "已按审评要求修订"}]})

    status: ItemStatus
    note: Annotated[str, StringConstraints(max_length=2000)] = ""


class FeedbackAdd(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "summary": "补充电磁兼容检验报告", "received_on": "2026-11-10", "response_due": "2026-12-10"}]})

    summary: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    received_on: dt.date
    response_due: dt.date


class FeedbackResponse(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"on": "2026-11-25", "close": True}]})

    on: dt.date | None = Field(None, description="the day it was answered (default: today)")
    close: bool = False


class ContactAdd(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "on": "2026-11-20", "channel": "phone", "counterpart": "器审中心", "summary": "确认发补意见的答复方式"}]})

    on: dt.date | None = Field(None, description="the day of the exchange (default: today)")
    channel: Channel
    counterpart: Annotated[str, StringConstraints(max_length=200)] = ""
    summary: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class BindingSet(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"application_id": 1,
                                                              "measure": "checklist_compliance"}]})

    application_id: int
    measure: str = Field(description="checklist_compliance, feedback_on_time, stage_reached (percentage KRs), "
                                     "contacts_per_week (metric), certificate_obtained (milestone)")


class BindingPublic(BaseModel):
    kr_id: int
    application_id: int
    measure: str


class DraftCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"cycle_id": 1, "lang": "zh"}]})

    cycle_id: int
    unit_id: int | None = Field(None, description="default: the unit that looks after the certificate")
    lang: Literal["zh", "en"] = "zh"

"""Progress views: the alignment tree, a unit's dashboard, a person's own OKRs.

The services hand over dataclasses; these models read them by attribute. A rollup
(``services.progress.ObjectiveProgress``) becomes ``ProgressPublic``.
"""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...services.progress import ObjectiveProgress


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProgressPublic(Out):
    progress: float = Field(description="0 to 1: weighted KR progress, or the mean of aligned children "
                                        "for an objective without KRs")
    expected: float = Field(description="the share of the cycle elapsed: where progress should be by now")
    confidence: float | None = Field(description="the lowest latest confidence among its KRs")
    at_risk: bool
    risk_reasons: list[str] = Field(description="low_confidence, behind_schedule")

    @model_validator(mode="before")
    @classmethod
    def _from_rollup(cls, data):
        return data.as_dict() if isinstance(data, ObjectiveProgress) else data


class CycleRef(Out):
    id: int
    name: str
    start_date: dt.date
    end_date: dt.date
    state: str


class ObjectiveProgressPublic(Out):
    id: int
    title: str
    level: str
    status: str
    unit_id: int
    owner_id: int | None
    progress: ProgressPublic


class TreeNodePublic(ObjectiveProgressPublic):
    children: list[TreeNodePublic] = Field(description="objectives aligned to this one or to one of its KRs")


class TreePublic(Out):
    cycle: CycleRef
    roots: list[TreeNodePublic] = Field(description="objectives aligned to nothing you can see")


class UnitRef(Out):
    id: int
    key: str
    name: str
    path: str = Field(description="materialised ids of the unit and its ancestors: /1/4/9/")


class AtRiskPublic(Out):
    id: int
    title: str
    owner_id: int | None
    progress: float
    risk_reasons: list[str]


class MemberPublic(Out):
    person_id: int
    name: str
    role: str = Field(description="manager or member of this unit")
    objectives: int = Field(description="their objectives in this unit's subtree that you can see")
    progress: float | None


class SubUnitPublic(Out):
    id: int
    key: str
    name: str
    objectives: int = Field(description="objectives in the sub-unit and beneath it that you can see")
    progress: float | None = Field(description="their mean progress; null when there are none")
    at_risk: int = Field(description="how many of them are active and at risk")


class DashboardPublic(Out):
    unit: UnitRef
    cycle: CycleRef
    own_progress: float | None = Field(description="the mean progress of the unit's own objectives")
    subtree_progress: float | None = Field(description="the mean progress of every objective in the unit and "
                                                       "beneath it, people's included")
    objectives_count: int = Field(description="objectives in the unit and beneath it that you can see")
    by_status: dict[str, int]
    distribution: list[int] = Field(description="those objectives by progress in tenths: [0, 10%), [10%, 20%), "
                                                "…, [90%, 100%]")
    at_risk_count: int = Field(description="active objectives at risk")
    at_risk: list[AtRiskPublic] = Field(description="the at-risk objectives least advanced first, at most 50")
    findings_by_rule: dict[str, int] = Field(description="the checker's current findings, by rule")
    sub_units: list[SubUnitPublic] = Field(description="the units one level down, each rolled up")
    members: list[MemberPublic] = Field(description="the unit's own people (not its sub-units'), managers first")
    freshness: dict[str, int] = Field(description="KRs of active objectives by their last check-in: fresh (within "
                                                  "7 days), stale (8-14 days), overdue (longer, or never)")
    page: int
    per_page: int
    objectives: list[ObjectiveProgressPublic] = Field(description="this page of the objectives_count objectives")


class HeatmapColumnPublic(Out):
    id: int = Field(description="one of the unit's own objectives in the cycle")
    title: str
    status: str
    progress: float = Field(description="its own rolled-up progress, 0 to 1")
    at_risk: bool = Field(description="active and at risk")


class HeatmapCellPublic(Out):
    progress: float | None = Field(description="0 to 1: the mean rolled-up progress of the row's objectives "
                                               "where its support for the column begins; null when the row "
                                               "supports nothing of it")
    objectives: int = Field(description="the row's objectives aligned to the column objective or one of its "
                                        "KRs, directly or through objectives outside the row: the ones averaged")
    supporting: int = Field(description="every objective of the row that serves the column, those aligned "
                                        "beneath the counted ones included")
    at_risk: int = Field(description="of the counted objectives, the active ones at risk")


class HeatmapRowPublic(Out):
    kind: str = Field(description="unit (a sub-unit and everything beneath it), members (the unit's own "
                                  "people together) or person (a member of a unit without sub-units)")
    id: int = Field(description="the sub-unit's id, the unit's own id for members, the person's id")
    name: str
    cells: list[HeatmapCellPublic] = Field(description="one a column, in the columns' order")


class HeatmapPublic(Out):
    unit: UnitRef
    cycle: CycleRef
    rows_are: str = Field(description="units: the unit's sub-units (and its own people together, when they "
                                      "support something); people: for a unit without sub-units, its members")
    columns: list[HeatmapColumnPublic] = Field(description="the unit's own objectives you can see, in order")
    rows: list[HeatmapRowPublic]


class KeyResultProgressPublic(Out):
    id: int
    objective_id: int
    title: str
    kind: str
    start: float | None
    target: float | None
    current: float | None
    unit: str | None
    direction: str
    weight: float
    owner_id: int | None
    due: dt.date | None
    confidence: float | None
    progress: float
    at_risk: bool
    risk_reasons: list[str]


class ObjectiveRefPublic(Out):
    id: int
    title: str
    owner_id: int | None
    status: str


class OwnedKeyResultPublic(KeyResultProgressPublic):
    objective: ObjectiveRefPublic


class MyObjectivePublic(Out):
    id: int
    title: str
    level: str
    status: str
    visibility: str
    unit_id: int
    progress: ProgressPublic
    key_results: list[KeyResultProgressPublic]


class DueCheckInPublic(Out):
    kr_id: int
    title: str
    objective_id: int
    objective_title: str
    last_check_in_at: dt.datetime | None
    days_since: int | None = Field(description="days since the last check-in; null when there was none")


class MySummaryPublic(Out):
    objectives: int
    progress: float | None
    at_risk: int
    due_check_ins: int


class MyOkrsPublic(Out):
    cycle: CycleRef
    objectives: list[MyObjectivePublic]
    key_results_owned: list[OwnedKeyResultPublic] = Field(description="KRs you own in other people's objectives")
    due_check_ins: list[DueCheckInPublic] = Field(description="your KRs in active objectives with no check-in "
                                                              "in the last 7 days")
    summary: MySummaryPublic

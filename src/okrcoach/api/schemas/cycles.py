"""Bodies for cycles: a year, half, quarter or custom period, and its state."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...storage import models as m
from ...workspace.values import CycleKind, CycleState
from .common import BaseVersion, Strict

CycleName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class CyclePublic(BaseModel):
    id: int
    name: str
    kind: CycleKind
    start_date: dt.date
    end_date: dt.date
    state: CycleState
    version: int

    @classmethod
    def of(cls, cycle: m.Cycle) -> CyclePublic:
        return cls(id=cycle.id, name=cycle.name, kind=CycleKind(cycle.kind), start_date=cycle.start_date,
                   end_date=cycle.end_date, state=CycleState(cycle.state), version=cycle.version)


class CycleCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "2027-Q1", "kind": "quarter"},
        {"name": "2027 春季冲刺", "kind": "custom", "start_date": "2027-03-01", "end_date": "2027-04-30"}]})

    name: CycleName = Field(description="2027, 2027-H1, 2027-Q1 (dates follow), or any label for a "
                                        "custom cycle")
    kind: CycleKind
    start_date: dt.date | None = Field(None, description="needed for custom cycles; otherwise from the name")
    end_date: dt.date | None = None


class CycleUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"end_date": "2027-04-15", "version": 1}]})

    name: CycleName | None = None
    kind: CycleKind | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    version: BaseVersion = None


class CycleTransition(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"to": "active"},
                                                              {"to": "closed", "version": 2}]})

    to: CycleState
    version: int | None = Field(None, description="optional: when given it must still be current")

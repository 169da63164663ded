"""The checker's findings on stored objectives, in the shape ``okr check --format json`` uses."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["zh", "en"]
SeverityName = Literal["error", "warning", "info"]


class FindingPublic(BaseModel):
    rule: str = Field(description="the rule id, as `okr explain` names it", examples=["kr-count-exceeded"])
    severity: SeverityName
    location: str = Field(description="where in the owner's set for the cycle, as `okr check` names it",
                          examples=["O2.KR3"])
    message: str
    suggestion: str
    objective_id: int
    kr_id: int | None = None


class FindingListItem(FindingPublic):
    objective_title: str

"""The checker's findings on stored objectives, in the shape ``okr check --format json`` uses."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["zh", "en"]
SeverityName = Literal["error", "warning", "info"]


class RepairPublic(BaseModel):
    """A one-click fix an editor may offer for the finding (``checker/repairs.py``)."""
    op: Literal["remove-kr", "replace-kr", "add-kr", "set-title", "set-target", "set-supports"]
    kr: int | None = Field(None, description="the KR's 0-based index within its objective, for KR operations")
    text: str = Field("", description="the new title, the KR to add")
    target: float | None = None
    unit: str = ""
    value: str = ""
    label: str = Field(description="what the button says, in the requested language",
                       examples=["删除 KR6"])


class FindingPublic(BaseModel):
    rule: str = Field(description="the rule id, as `okr explain` names it", examples=["kr-count-exceeded"])
    severity: SeverityName
    location: str = Field(description="where in the owner's set for the cycle, as `okr check` names it",
                          examples=["O2.KR3"])
    message: str
    suggestion: str
    repair: RepairPublic | None = Field(None, description="a change that answers the finding, when the rule "
                                                        "knows one")
    objective_id: int
    kr_id: int | None = None


class FindingListItem(FindingPublic):
    objective_title: str

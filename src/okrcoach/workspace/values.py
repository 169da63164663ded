"""The workspace's vocabularies. Their string values are stored and sent over the API: a public contract."""
from __future__ import annotations

import enum


class StrEnum(str, enum.Enum):
    def __str__(self) -> str:
        return self.value


class UnitKind(StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"


class Role(StrEnum):
    """A person's role in one unit. Admin is not a unit role: it is a flag on the person."""

    MANAGER = "manager"
    MEMBER = "member"


class CycleKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    CUSTOM = "custom"


class CycleState(StrEnum):
    PLANNING = "planning"
    ACTIVE = "active"
    CLOSED = "closed"


class ObjectiveLevel(StrEnum):
    """The level an objective sits at; the same names as the checker's ``Level``."""

    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"
    PERSONAL = "personal"


class Visibility(StrEnum):
    PUBLIC = "public"    # everyone in the organisation
    UNIT = "unit"        # the owning unit, the units beneath it, and the managers above it
    PRIVATE = "private"  # the owner, the managers above the owner, and admins


class ObjectiveStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    ACTIVE = "active"
    CLOSED = "closed"


class KrKind(StrEnum):
    METRIC = "metric"          # start → target in a unit, up or down
    PERCENTAGE = "percentage"  # a metric in %, 0 → 100 unless told otherwise
    MILESTONE = "milestone"    # done or not done


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"

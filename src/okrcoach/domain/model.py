"""OKR sets, objectives and key results as the checker and every adapter see them.

Plain dataclasses: the document readers build them, the checker reads them, storage will map
them. ``line`` fields point back into the source document so messages can name the place.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from .cycles import Cycle


class Level(enum.IntEnum):
    """Organisational level; a higher value sits higher in the company."""

    PERSONAL = 1
    TEAM = 2
    DEPARTMENT = 3
    COMPANY = 4

    @classmethod
    def parse(cls, value: str) -> "Level":
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"level {value!r} is not one of company, department, team, personal") from None


@dataclass
class Review:
    """A person's answers to the seed's two questions, recorded by ``okr review``.

    ``necessary`` on a KR: without it, the objective would no longer be reachable.
    ``sufficient`` on an objective: with all KRs met, the objective is necessarily met.
    """

    necessary: bool | None = None
    sufficient: bool | None = None
    note: str = ""


@dataclass
class KeyResult:
    title: str
    id: str | None = None
    start: float | None = None
    target: float | None = None
    current: float | None = None
    unit: str | None = None
    due: dt.date | None = None
    line: int | None = None
    review: Review | None = None
    owner: str | None = None   # a person's handle or name, when the document names who owns this KR

    @property
    def has_structured_target(self) -> bool:
        return self.target is not None


@dataclass
class Objective:
    title: str
    key_results: list[KeyResult] = field(default_factory=list)
    id: str | None = None
    aligns_to: str | None = None
    line: int | None = None
    review: Review | None = None


@dataclass
class OkrSet:
    objectives: list[Objective] = field(default_factory=list)
    id: str | None = None
    owner: str | None = None
    level: Level = Level.PERSONAL
    cycle: Cycle | None = None
    line: int | None = None


@dataclass
class Document:
    """One file's OKR sets. ``multi`` is true for the ``okrs:`` form, whose locations carry set ids."""

    path: str
    sets: list[OkrSet]
    multi: bool = False
    format: str = "yaml"

    def prefix(self, okr_set: OkrSet) -> str:
        return f"{okr_set.id}." if self.multi and okr_set.id else ""

"""What can be reviewed in a document: its objectives and KRs, each with its ``rules.md`` location.

Both the questions and the write-back work from this one list, so a location in an answers file,
a question on screen and the place written in the file always name the same objective or KR.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.locations import kr_location, objective_location
from ..domain.model import Document, Review


@dataclass(frozen=True)
class ReviewTarget:
    """One objective (``kr_index`` None) or KR, addressed by position in the document."""

    location: str
    set_index: int
    objective_index: int
    kr_index: int | None
    title: str
    line: int | None
    review: Review | None

    @property
    def is_objective(self) -> bool:
        return self.kr_index is None


def targets_of(doc: Document) -> list[ReviewTarget]:
    """Every objective followed by its KRs, in document order."""
    out: list[ReviewTarget] = []
    for si, okr_set in enumerate(doc.sets):
        prefix = doc.prefix(okr_set)
        for oi, obj in enumerate(okr_set.objectives):
            out.append(ReviewTarget(objective_location(prefix, oi), si, oi, None, obj.title, obj.line,
                                    obj.review))
            for ki, kr in enumerate(obj.key_results):
                out.append(ReviewTarget(kr_location(prefix, oi, ki), si, oi, ki, kr.title, kr.line,
                                        kr.review))
    return out

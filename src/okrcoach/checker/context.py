"""What a rule sees: one OKR set, the documents checked with it, the settings and the text analyser."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..documents.load import AlignmentIndex
from ..domain.locations import kr_location, objective_location, set_location
from ..domain.model import Document, KeyResult, Objective, OkrSet
from ..text.analyzer import Analyzer
from .config import CheckerConfig


@dataclass
class SetContext:
    doc: Document
    okr_set: OkrSet
    docs: list[Document]
    index: AlignmentIndex
    config: CheckerConfig
    text: Analyzer

    @property
    def prefix(self) -> str:
        return self.doc.prefix(self.okr_set)

    @property
    def set_location(self) -> str:
        return set_location(self.prefix)

    def objectives(self) -> Iterator[tuple[int, Objective, str]]:
        for i, obj in enumerate(self.okr_set.objectives):
            yield i, obj, objective_location(self.prefix, i)

    def key_results(self) -> Iterator[tuple[Objective, int, KeyResult, str]]:
        for oi, obj in enumerate(self.okr_set.objectives):
            for ki, kr in enumerate(obj.key_results):
                yield obj, ki, kr, kr_location(self.prefix, oi, ki)

    def all_sets(self) -> Iterator[OkrSet]:
        for d in self.docs:
            yield from d.sets

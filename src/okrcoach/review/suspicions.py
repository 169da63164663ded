"""What the checker already suspects about the answers, shown before each objective's questions.

The rules that carry the seed's necessity and sufficiency tests (and the unmeasurable KR, which
makes "is the objective met?" unanswerable) point the person at the KRs to think hardest about.
The review needs only the document, so a checker that cannot run (for instance an ``aligns_to``
into a file not given) costs the hints, not the review.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..checker.config import CheckerConfig
from ..checker.finding import Finding
from ..domain.errors import InputError
from .targets import ReviewTarget

RULES = ("kr-redundant", "kr-unrelated", "kr-set-insufficient", "kr-unmeasurable")


def suspicions(path: str | Path, targets: list[ReviewTarget],
               config: CheckerConfig) -> tuple[dict[str, list[Finding]], str | None]:
    """Findings of ``RULES`` by location, and the reason when the checker could not run."""
    from .. import check

    try:
        report = check([path], config)
    except InputError as e:
        return {}, e.describe()
    known = {t.location for t in targets}
    found: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        if f.rule in RULES and f.location in known:
            found[f.location].append(f)
    return dict(found), None

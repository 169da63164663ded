"""Review answers by location, from an answers file or from the interview, merged over old answers.

An answers file is YAML: ``{O1: {sufficient: false, note: …}, O1.KR1: {necessary: true}}``.
A KR takes ``necessary``, an objective ``sufficient``; both may carry a ``note``. Anything else —
an unknown location, a question asked of the wrong kind of item, a value that is not true/false —
is an input error naming the location, because a silently dropped answer would be lost work.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..domain.errors import InputError
from ..domain.model import Review
from .targets import ReviewTarget

_SHAPE = "{O1: {sufficient: true|false, note: …}, O1.KR1: {necessary: true|false}}"
Answers = dict[str, Review]
"""Answers by location; a ``None`` field means the question was not answered (keep what is there)."""


def load_answers(path: str | Path, targets: list[ReviewTarget]) -> Answers:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"cannot read the answers file: {e.strerror}", file=str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError("the answers file is not valid YAML", file=str(path),
                         line=mark.line + 1 if mark else None,
                         expected=_SHAPE) from None
    return parse_answers(data, targets, source=str(path))


def parse_answers(data: Any, targets: list[ReviewTarget], *, source: str = "<answers>") -> Answers:
    by_location = {t.location: t for t in targets}
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("the answers are not a mapping of locations", file=source,
                         expected="{O1: {sufficient: …}, O1.KR1: {necessary: …}}")
    answers: Answers = {}
    for key, value in data.items():
        location = str(key).strip()
        target = by_location.get(location)
        if target is None:
            known = ", ".join(by_location) or "none"
            raise InputError(f"unknown location {location!r} in the answers", file=source,
                             expected=f"a location of the document: {known}")
        answers[location] = _review(location, target, value, source)
    return answers


def _review(location: str, target: ReviewTarget, value: Any, source: str) -> Review:
    wanted = "sufficient" if target.is_objective else "necessary"
    if not isinstance(value, dict):
        raise InputError(f"{location}: the answer is not a mapping", file=source,
                         expected=f"{location}: {{{wanted}: true|false, note: …}}")
    review = Review()
    for name, v in value.items():
        if name == "note":
            review.note = "" if v is None else str(v).strip()
        elif name == wanted:
            if not isinstance(v, bool):
                raise InputError(f"{location}: {name} {v!r} is not true or false", file=source)
            setattr(review, name, v)
        elif name in ("necessary", "sufficient"):
            kind = "an objective" if target.is_objective else "a key result"
            raise InputError(f"{location}: {name!r} is not asked of {kind}", file=source,
                             expected=f"{wanted} (necessary for KRs, sufficient for objectives)")
        else:
            raise InputError(f"{location}: unknown answer key {name!r}", file=source,
                             expected=f"{wanted} or note")
    return review


def merged(old: Review | None, new: Review) -> Review:
    """The review to store: new answers win, unanswered questions keep the old value."""
    old = old or Review()
    return Review(necessary=old.necessary if new.necessary is None else new.necessary,
                  sufficient=old.sufficient if new.sufficient is None else new.sufficient,
                  note=new.note or old.note)


def finalize(targets: list[ReviewTarget], answers: Answers) -> dict[str, Review]:
    """The reviews to write, by location: only the answered items, merged over what they had."""
    return {t.location: merged(t.review, answers[t.location]) for t in targets if t.location in answers
            and (answers[t.location].necessary is not None or answers[t.location].sufficient is not None
                 or answers[t.location].note)}

"""YAML and JSON OKR documents: one set, or several under a top-level ``okrs:`` list.

The loader keeps the line of every mapping so that errors and findings can point into the file.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from ..domain.cycles import parse_cycle, parse_date
from ..domain.errors import InputError
from ..domain.model import Document, KeyResult, Level, Objective, OkrSet, Review

_LINE = "__line__"
_KEY_LINES = "__key_lines__"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~10x faster
    """A safe loader whose mappings remember the (1-based) line they start on."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        mapping[_KEY_LINES] = {k.value: k.start_mark.line + 1 for k, _ in node.value
                               if isinstance(k, yaml.ScalarNode)}
        return mapping


def _key_line(data: dict, key: str) -> int | None:
    """The line of ``key:`` in a mapping, else the line the mapping starts on."""
    return data.get(_KEY_LINES, {}).get(key, data.get(_LINE))


def parse_structured(text: str, path: str) -> Document:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # JSON is YAML, so one parser serves both
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        last = max(1, len(text.splitlines()))  # an error at the end of the stream is on the last line
        raise InputError(f"not valid YAML/JSON: {e.problem or e.context}", file=path,
                         line=min(mark.line + 1, last) if mark else None,
                         expected="a mapping with 'objectives:' or a list under 'okrs:'") from None
    except yaml.YAMLError as e:
        raise InputError(f"not valid YAML/JSON: {e}", file=path) from None
    reader = _Reader(path)
    if not isinstance(data, dict):
        raise InputError("the document is not a mapping", file=path, line=1,
                         expected="'objectives:' (one OKR set) or 'okrs:' (a list of sets)")
    fmt = "json" if text.lstrip().startswith("{") else "yaml"
    if "okrs" in data:
        sets_data = data["okrs"]
        if not isinstance(sets_data, list) or not sets_data:
            raise InputError("'okrs' is not a list of OKR sets", file=path, line=data[_LINE],
                             expected="okrs: [ {id: …, objectives: […]}, … ]")
        sets = [reader.okr_set(s, require_id=True) for s in sets_data]
        seen: dict[str, int] = {}
        for s in sets:
            if s.id in seen:
                raise InputError(f"set id {s.id!r} is used twice", file=path, line=s.line,
                                 expected="a unique id per set")
            seen[s.id] = s.line or 0
        return Document(path=path, sets=sets, multi=True, format=fmt)
    return Document(path=path, sets=[reader.okr_set(data, require_id=False)], multi=False, format=fmt)


class _Reader:
    def __init__(self, path: str):
        self.path = path

    def fail(self, what: str, line: int | None, expected: str | None = None) -> InputError:
        return InputError(what, file=self.path, line=line, expected=expected)

    def okr_set(self, data: Any, *, require_id: bool) -> OkrSet:
        if not isinstance(data, dict):
            raise self.fail("an OKR set is not a mapping", None, "id, owner, level, cycle, objectives")
        line = data.get(_LINE)
        if "key_results" in data:
            raise self.fail("key_results stand outside any objective", line,
                            "key_results under an item of 'objectives:'")
        okr_set = OkrSet(line=line)
        if data.get("id") is not None:
            okr_set.id = str(data["id"])
        elif require_id:
            raise self.fail("a set in 'okrs:' has no id", line, "id: <set-id> (other sets refer to it)")
        if data.get("owner") is not None:
            okr_set.owner = str(data["owner"])
        if data.get("level") is not None:
            try:
                okr_set.level = Level.parse(data["level"])
            except ValueError as e:
                raise self.fail(str(e), _key_line(data, "level")) from None
        if data.get("cycle") is not None:
            try:
                okr_set.cycle = parse_cycle(_plain(data["cycle"]))
            except ValueError as e:
                raise self.fail(str(e), _key_line(data, "cycle")) from None
        objectives = data.get("objectives")
        if not isinstance(objectives, list) or not objectives:
            raise self.fail("no objective found" if not objectives else "'objectives' is not a list", line,
                            "objectives: a list of {title, key_results}")
        okr_set.objectives = [self.objective(o, line) for o in objectives]
        return okr_set

    def objective(self, data: Any, parent_line: int | None) -> Objective:
        if isinstance(data, str):
            return Objective(title=data.strip(), line=parent_line)
        if not isinstance(data, dict):
            raise self.fail("an objective is neither text nor a mapping", parent_line, "title: … key_results: […]")
        line = data.get(_LINE)
        title = data.get("title") or data.get("objective")
        if not isinstance(title, str) or not title.strip():
            raise self.fail("an objective has no title", line, "title: <text>")
        krs = data.get("key_results", data.get("krs")) or []
        if not isinstance(krs, list):
            raise self.fail("'key_results' is not a list", line, "key_results: [ … ]")
        return Objective(
            title=title.strip(),
            id=_opt_str(data.get("id")),
            aligns_to=_opt_str(data.get("aligns_to")),
            key_results=[self.key_result(k, line) for k in krs],
            line=line,
            review=self.review(data.get("review"), line),
        )

    def key_result(self, data: Any, parent_line: int | None) -> KeyResult:
        if isinstance(data, (str, int, float)):
            return KeyResult(title=str(data).strip(), line=parent_line)
        if not isinstance(data, dict):
            raise self.fail("a key result is neither text nor a mapping", parent_line, "text or {title: …}")
        line = data.get(_LINE)
        title = data.get("title") or data.get("kr")
        if not isinstance(title, str) or not title.strip():
            raise self.fail("a key result has no title", line, "title: <text>")
        kr = KeyResult(title=title.strip(), id=_opt_str(data.get("id")), line=line,
                       unit=_opt_str(data.get("unit")), review=self.review(data.get("review"), line))
        for name in ("start", "target", "current"):
            value = data.get(name)
            if value is not None:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise self.fail(f"{name} {value!r} is not a number", line, f"{name}: <number>")
                setattr(kr, name, float(value))
        if data.get("due") is not None:
            try:
                kr.due = parse_date(data["due"])
            except ValueError as e:
                raise self.fail(f"due: {e}", line) from None
        return kr

    def review(self, data: Any, line: int | None) -> Review | None:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise self.fail("'review' is not a mapping", line, "review: {necessary: true|false, note: …}")
        review = Review(note=str(data.get("note") or ""))
        for name in ("necessary", "sufficient"):
            value = data.get(name)
            if value is not None and not isinstance(value, bool):
                raise self.fail(f"review.{name} {value!r} is not true or false", line)
            setattr(review, name, value)
        return review


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value).strip()


def _plain(value: Any) -> Any:
    """Drop the loader's line marker from a nested mapping such as a custom cycle."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in (_LINE, _KEY_LINES)}
    if isinstance(value, dt.datetime):
        return value.date()
    return value

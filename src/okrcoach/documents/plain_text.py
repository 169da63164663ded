"""OKRs written as people paste them: seed-article bullets, ``O1:``/``KR1:`` lists, Markdown.

Text outside objectives (an article around the examples, a title, a closing paragraph) is ignored.
An objective's key results end at the next objective or at the first plain line that is neither a
key result nor a list item, such as the next section of an article.
"""
from __future__ import annotations

import re

from ..domain.cycles import parse_cycle
from ..domain.errors import InputError
from ..domain.model import Document, KeyResult, Level, Objective, OkrSet, Review

_COLON = r"\s*[::]\s*"
_NUM = r"[0-9一二三四五六七八九十]+"
# Bullets, list numbering and Markdown decoration that may precede a head.
_LEAD = re.compile(r"^(?:[\s>#*•·●○◦▪■□◆◇\-–—+]|\d{1,2}\s*[.、)]\s|\d{1,2}、|[((]\d{1,2}[))]|[((][一二三四五六七八九十]+[))])*")
_OBJ = re.compile(
    rf"^(?:目标\s*(?:{_NUM})?\s*(?:[((]\s*O\s*(?:{_NUM})?\s*[))])?|O\s*(?:{_NUM})?|Objective\s*(?:{_NUM})?)"
    rf"{_COLON}(?P<text>.*)$", re.I)
_KR = re.compile(
    rf"^(?:关键结果\s*(?:{_NUM})?\s*(?:[((]\s*KR\s*(?:{_NUM})?\s*[))])?|KR\s*(?:{_NUM})?|Key\s*results?\s*(?:{_NUM})?)"
    rf"(?:{_COLON}(?P<text>.*))?$", re.I)
_META = re.compile(r"^(?P<key>周期|cycle|负责人|owner|层级|level)\s*[::]\s*(?P<value>.+)$", re.I)
_REVIEW_TAG = re.compile(r"\s*\[(?:review|复核)\s*[::]\s*(?P<tags>[^\]]*)\]\s*$", re.I)
_BULLETED = re.compile(r"^\s*(?:[•·●○◦▪■□◆◇\-–—*+]|\d{1,2}\s*[.、)]|[((]\d{1,2}[))])")


def _strip_lead(line: str) -> str:
    line = line.replace("**", "").replace("__", "")
    return _LEAD.sub("", line).strip()


def _review_of(text: str) -> tuple[str, Review | None]:
    m = _REVIEW_TAG.search(text)
    if not m:
        return text, None
    tags = {t.strip().lower() for t in re.split(r"[,,;;\s]+", m.group("tags")) if t.strip()}
    review = Review()
    if tags & {"necessary", "必要"}:
        review.necessary = True
    if tags & {"not-necessary", "不必要"}:
        review.necessary = False
    if tags & {"sufficient", "充分"}:
        review.sufficient = True
    if tags & {"insufficient", "不充分"}:
        review.sufficient = False
    return text[: m.start()].rstrip(), review


def parse_text(text: str, path: str) -> Document:
    okr_set = OkrSet()
    current: Objective | None = None
    in_krs = False
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        line = _strip_lead(raw)
        if not line:
            continue
        if m := _OBJ.match(line):
            title, review = _review_of(m.group("text").strip())
            current = Objective(title=title, line=number, review=review)
            okr_set.objectives.append(current)
            in_krs = True
            continue
        if m := _KR.match(line):
            body = (m.group("text") or "").strip()
            if not body:  # a "关键结果(KR)" / "Key results:" header line
                if current is None:
                    continue
                in_krs = True
                continue
            if current is None:
                raise InputError(f"key result {line[:40]!r} stands outside any objective", file=path,
                                 line=number, expected="an objective line such as '目标(O):…' or 'O1:…' above it")
            title, review = _review_of(body)
            current.key_results.append(KeyResult(title=title, line=number, review=review))
            in_krs = True
            continue
        if current is None:
            if m := _META.match(line):
                _apply_meta(okr_set, m.group("key").lower(), m.group("value").strip(), path, number)
            continue
        if in_krs and _BULLETED.match(raw):
            title, review = _review_of(line)
            current.key_results.append(KeyResult(title=title, line=number, review=review))
            continue
        # A plain line after the KRs: the next section of the page, not part of the OKR.
        current, in_krs = None, False
    if not okr_set.objectives:
        raise InputError("no objective found", file=path, line=None,
                         expected="a line such as '目标(O):…', 'O1:…' or 'Objective: …'")
    return Document(path=path, sets=[okr_set], multi=False, format="text")


def _apply_meta(okr_set: OkrSet, key: str, value: str, path: str, line: int) -> None:
    try:
        if key in ("周期", "cycle"):
            okr_set.cycle = parse_cycle(value)
        elif key in ("负责人", "owner"):
            okr_set.owner = value
        else:
            okr_set.level = Level.parse(value)
    except ValueError as e:
        raise InputError(str(e), file=path, line=line) from None

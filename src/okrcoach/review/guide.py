"""The guided review: per objective, show it, its KRs and the checker's hints, then ask the seed's
two questions — necessity for each KR, sufficiency for the objective — and an optional note.

The walk is the same whether a person answers at the terminal (``StreamAsker``) or an answers
file does (``FileAsker``, which echoes the answers so the transcript reads the same); only the
source of the answers differs, which keeps the file mode a faithful test of the interactive one.
"""
from __future__ import annotations

from typing import Protocol, TextIO

from ..checker.finding import Finding
from ..domain.model import Review
from .answers import Answers
from .messages import texts
from .targets import ReviewTarget

YES = {"y", "yes", "是", "是的", "能", "可以", "会", "对", "true", "1"}
NO = {"n", "no", "否", "不", "不能", "不是", "不会", "不对", "false", "0"}
SKIP = {"", "s", "skip", "跳过"}
QUIT = {"q", "quit", "exit", "退出", "结束"}


class StopReview(Exception):
    """The person ended the review (``q`` or end of input); what was answered is kept."""


class Asker(Protocol):
    def yes_no(self, target: ReviewTarget, question: str) -> bool | None: ...
    def note(self, target: ReviewTarget, prompt: str) -> str: ...
    def kr_note(self, target: ReviewTarget) -> str: ...
    def answered(self, target: ReviewTarget) -> bool: ...


class StreamAsker:
    """Reads answers line by line from a stream (the terminal or a pipe)."""

    def __init__(self, inp: TextIO, out: TextIO, lang: str):
        self.inp, self.out, self.t = inp, out, texts(lang)

    def _line(self, prompt: str) -> str:
        self.out.write(prompt + " > ")
        self.out.flush()
        line = self.inp.readline()
        if not line:  # end of input
            self.out.write("\n")
            raise StopReview
        return line.strip()

    def yes_no(self, target: ReviewTarget, question: str) -> bool | None:
        while True:
            word = self._line(f"    {question} {self.t['hint']}").lower().rstrip("。.!!?? ")
            if word in YES:
                return True
            if word in NO:
                return False
            if word in SKIP:
                return None
            if word in QUIT:
                raise StopReview
            self.out.write(f"    {self.t['again']}\n")

    def note(self, target: ReviewTarget, prompt: str) -> str:
        word = self._line(f"    {prompt}")
        if word.lower() in QUIT:
            raise StopReview
        return word

    def kr_note(self, target: ReviewTarget) -> str:
        return ""  # the interview keeps to one note per objective

    def answered(self, target: ReviewTarget) -> bool:
        return False


class FileAsker:
    """Answers from an answers file, echoed so the transcript shows what was recorded."""

    def __init__(self, answers: Answers, out: TextIO, lang: str):
        self.answers, self.out, self.t = answers, out, texts(lang)

    def yes_no(self, target: ReviewTarget, question: str) -> bool | None:
        review = self.answers.get(target.location, Review())
        value = review.sufficient if target.is_objective else review.necessary
        if value is not None and not target.is_objective:
            value = not value  # the question asks whether the objective is reachable WITHOUT the KR
        shown = self.t["skipped"] if value is None else self.t["yes" if value else "no"]
        self.out.write(f"    {question} {shown}\n")
        return value

    def note(self, target: ReviewTarget, prompt: str) -> str:
        note = self.answers.get(target.location, Review()).note
        if note:
            self.out.write(f"    {prompt}: {note}\n")
        return note

    def kr_note(self, target: ReviewTarget) -> str:
        return self.answers.get(target.location, Review()).note

    def answered(self, target: ReviewTarget) -> bool:
        return target.location in self.answers


def walk(targets: list[ReviewTarget], hints: dict[str, list[Finding]], asker: Asker, out: TextIO,
         lang: str) -> tuple[Answers, bool]:
    """Ask about every objective in order; the answers, and whether the person ended early."""
    t = texts(lang)
    answers: Answers = {}
    try:
        for obj, krs in _by_objective(targets):
            _show(obj, krs, hints, out, t)
            if krs:
                out.write(f"  {t['necessity_intro']}\n")
            for kr in krs:
                out.write(f"  {_short(kr)}  {kr.title}\n")
                reachable = asker.yes_no(kr, t["necessity"])
                if reachable is not None:
                    answers[kr.location] = Review(necessary=not reachable)
                if note := asker.kr_note(kr):
                    answers.setdefault(kr.location, Review()).note = note
            if not krs and not asker.answered(obj):
                out.write(f"  {t['no_krs']}\n\n")
                continue
            sufficient = asker.yes_no(obj, t["sufficiency"])
            note = asker.note(obj, t["note"])
            if sufficient is not None or note:
                answers[obj.location] = Review(sufficient=sufficient, note=note)
            out.write("\n")
    except StopReview:
        out.write(f"{t['stopped']}\n")
        return answers, True
    return answers, False


def _by_objective(targets: list[ReviewTarget]) -> list[tuple[ReviewTarget, list[ReviewTarget]]]:
    groups: list[tuple[ReviewTarget, list[ReviewTarget]]] = []
    for target in targets:
        if target.is_objective:
            groups.append((target, []))
        else:
            groups[-1][1].append(target)
    return groups


def _short(kr: ReviewTarget) -> str:
    return f"KR{kr.kr_index + 1}"


def _show(obj: ReviewTarget, krs: list[ReviewTarget], hints: dict[str, list[Finding]], out: TextIO,
          t: dict[str, str]) -> None:
    out.write(f"━━ {obj.location}  {obj.title}{_current(obj, t)}\n")
    for kr in krs:
        out.write(f"   {_short(kr)}  {kr.title}{_current(kr, t)}\n")
    found = [(loc, f) for loc in [obj.location, *(k.location for k in krs)] for f in hints.get(loc, [])]
    if found:
        out.write(f"  {t['suspects']}\n")
        for loc, f in found:
            where = loc.rsplit(".", 1)[-1] if loc != obj.location else obj.location
            out.write(f"    · {where} {f.rule}: {f.message}\n")
    else:
        out.write(f"  {t['no_suspects']}\n")


def _current(target: ReviewTarget, t: dict[str, str]) -> str:
    r = target.review
    if r is None:
        return ""
    words = []
    if r.necessary is not None:
        words.append(t["necessary" if r.necessary else "not_necessary"])
    if r.sufficient is not None:
        words.append(t["sufficient" if r.sufficient else "insufficient"])
    return f"  [{t['current']}: {', '.join(words)}]" if words else ""

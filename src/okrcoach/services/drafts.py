"""Coaching a draft before it is saved: what an objective would support, and what the checker would say.

A draft is checked by really creating it, with its KRs and its alignment, in a transaction of its own
that is then rolled back: the checker sees it exactly as it would see the saved objective (in its
owner's set for the cycle, against its real parent), and nothing of it is ever stored.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ..checker.repairs import Repair
from ..checker.rules.alignment_unrelated import SUPPORT_THRESHOLD
from ..storage import models as m
from ..workspace.errors import Invalid
from ..workspace.permissions import Actor
from ..workspace.values import ObjectiveLevel
from . import alignments, findings, key_results, objectives
from .access import Access
from .visibility import ancestor_paths, visible_objectives


ALIGNMENT_RULES = ("alignment-missing", "alignment-unrelated")


@dataclass
class Choice:
    objective_id: int
    title: str
    level: str
    key_results: list[tuple[int, str]]


def alignment_choices(session: Session, *, actor: Actor, cycle_id: int) -> list[Choice]:
    """What a new objective of the actor can support (the seed's 战略承接): the cycle's objectives of the
    units on the way up from theirs — company, department, team — that they may read, with their KRs.
    (The API links to any objective the actor may read, across units too.)"""
    rows = session.scalars(
        select(m.Objective).join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(m.Objective.cycle_id == cycle_id, m.Objective.level != ObjectiveLevel.PERSONAL.value,
               m.Unit.path.in_(sorted(ancestor_paths(actor.member_paths))), visible_objectives(actor))
        .options(selectinload(m.Objective.key_results))
        .order_by(m.Unit.path, m.Objective.position, m.Objective.id)).all()
    return [_choice(o) for o in rows]


def choice_for(session: Session, value: str) -> Choice:
    """The choice holding an editor value (``o:<id>`` / ``k:<id>``): the objective with its KRs."""
    kind, _, number = value.partition(":")
    objective_id = int(number) if kind == "o" else session.get(m.KeyResult, int(number)).objective_id
    return _choice(session.get(m.Objective, objective_id))


def _choice(o: m.Objective) -> Choice:
    return Choice(o.id, o.title, o.level, [(k.id, k.title) for k in sorted(o.key_results,
                                                                            key=lambda k: (k.position, k.id))])


def check(sessions: sessionmaker, *, actor_id: int, actor: Actor, data: dict, lang: str,
          choices: Callable[[], list[Choice]] = list) -> list[dict]:
    """The findings the draft (``objectives.create``'s data) would get: objective-level ones, then each
    KR's with its index (``kr_index``, 0-based) in the draft. An alignment finding gets the choice that
    fits the draft best as its repair (``choices()`` is asked only then)."""
    found = _findings_after(sessions, actor_id, lang,
                            lambda session: objectives.create(session, actor=actor, data=data).objective)
    return _with_parent_repair(found, data, choices, lang)


def check_revision(sessions: sessionmaker, *, actor_id: int, actor: Actor, objective_id: int, data: dict,
                   lang: str, choices: Callable[[], list[Choice]] = list) -> list[dict]:
    """The findings a stored objective would get once ``revise``d with ``data``; nothing is stored."""
    def work(session: Session) -> m.Objective:   # the coach reads the edit as made on the current version
        current = session.get(m.Objective, objective_id)
        version = current.version if current is not None else None
        return revise(session, actor=actor, objective_id=objective_id, version=version, data=data).objective

    found = _findings_after(sessions, actor_id, lang, work)
    return _with_parent_repair(found, data, choices, lang)


def _with_parent_repair(found: list[dict], data: dict, choices: Callable[[], list[Choice]],
                        lang: str) -> list[dict]:
    wanting = [f for f in found if f["rule"] in ALIGNMENT_RULES and not f.get("repair")]
    if wanting:
        repair = best_parent(data["title"], choices(), current=(data.get("aligns_to") or [None])[0])
        for f in wanting:
            f["repair"] = repair.public(lang) if repair else None
    return found


def best_parent(title: str, choices: list[Choice], current: dict | None = None) -> Repair | None:
    """The objective or KR among ``choices`` this title most plainly supports, if any does clearly
    enough for the alignment rules to accept it; a KR when it fits at least as well as its objective
    (supporting a KR says more). None when the best is the current parent."""
    candidates = [(f"o:{c.objective_id}", c.title) for c in choices]
    candidates += [(f"k:{kr_id}", kr_title) for c in choices for kr_id, kr_title in c.key_results]
    if not candidates:
        return None
    scores = findings.relatedness(title, [text for _, text in candidates])
    best = max(range(len(candidates)), key=lambda i: (scores[i], candidates[i][0].startswith("k:")))
    if scores[best] < SUPPORT_THRESHOLD:
        return None
    value, text = candidates[best]
    kind, _, number = value.partition(":")
    if current == ({"objective_id": int(number)} if kind == "o" else {"key_result_id": int(number)}):
        return None
    return Repair("set-supports", text=text, value=value)


def _findings_after(sessions: sessionmaker, actor_id: int, lang: str, work) -> list[dict]:
    with sessions() as session:
        session.info["actor_id"] = actor_id
        transaction = session.begin()
        try:
            o = work(session)
            index = {k.id: i for i, k in enumerate(sorted(o.key_results, key=lambda k: (k.position, k.id)))}
            out = [{**findings.public(f, lang), "kr_index": index.get(f.kr_id)}
                   for f in findings.for_objective(session, o.id)]
        finally:
            transaction.rollback()
    return sorted(out, key=lambda f: (f["kr_index"] is not None, f["kr_index"] or 0,
                                      {"error": 0, "warning": 1}.get(f["severity"], 2)))


def revise(session: Session, *, actor: Actor, objective_id: int, version: int | None, data: dict) -> Access:
    """The editor's form applied to a stored objective, through the same services as the API.

    ``data`` is ``objectives.create``'s shape; a KR carrying an ``id`` is that stored KR edited in place
    (its check-ins stay), one without is new, and a stored KR the form no longer lists is removed. The
    objective's first alignment link is the one the form's "supports" shows: it is replaced when the
    choice changes, further links stay. The checker runs once, on the result."""
    with findings.refreshed_once(session):
        access = objectives.update(session, actor=actor, objective_id=objective_id, version=version,
                                   changes={name: data[name] for name in ("title", "description", "visibility")})
        o = access.objective
        stored = {k.id: k for k in o.key_results}
        kept: set[int] = set()
        for i, row in enumerate(data["key_results"]):
            fields = {"title": row["title"], "kind": row["kind"], "target": row["target"], "unit": row["unit"],
                      "position": i}
            if row["kind"] == "milestone":   # done or not: whatever start an earlier kind left goes with it
                fields["start"] = None
            kr_id = row.get("id")
            if kr_id is None:
                key_results.create(session, actor=actor, objective_id=o.id, data=fields)
            elif kr_id in stored and kr_id not in kept:
                kept.add(kr_id)
                key_results.update(session, actor=actor, kr_id=kr_id, version=stored[kr_id].version, changes=fields)
            else:
                raise Invalid(f"key result {i + 1} is not one of this objective's", field=f"kr_id.{i}")
        for kr_id in stored.keys() - kept:
            key_results.delete(session, actor=actor, kr_id=kr_id)
        _relink(session, actor, o, (data.get("aligns_to") or [None])[0])
    return access


def _first_link(session: Session, objective_id: int) -> m.Alignment | None:
    """The link the editor's "supports" shows: the objective's first (the checker's parent too)."""
    return session.scalars(select(m.Alignment).where(m.Alignment.child_id == objective_id)
                           .order_by(m.Alignment.id).limit(1)).first()


def _relink(session: Session, actor: Actor, o: m.Objective, target: dict | None) -> None:
    first = _first_link(session, o.id)
    current = None if first is None else (
        {"objective_id": first.parent_objective_id} if first.parent_objective_id else
        {"key_result_id": first.parent_kr_id})
    if current == target:
        return
    if first is not None:
        alignments.unalign(session, actor=actor, objective_id=o.id, alignment_id=first.id)
    if target is not None:
        alignments.align(session, actor=actor, objective_id=o.id, target=target)


def supported(session: Session, objective_id: int) -> str:
    """The editor's "supports" value for a stored objective's first link: ``o:<id>``, ``k:<id>`` or ``""``."""
    first = _first_link(session, objective_id)
    if first is None:
        return ""
    return f"o:{first.parent_objective_id}" if first.parent_objective_id else f"k:{first.parent_kr_id}"

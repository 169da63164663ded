"""The end-of-cycle report's figures: a unit's subtree (or the whole company) in one cycle.

Everything the report shows is gathered here as plain data, and ``okrcoach.reports`` only lays it
out (PDF, Markdown). The numbers are the workspace's own: progress and risk come from
``services.progress.compute`` (what the unit dashboard and each objective's page show the same
reader), an objective's score from ``workspace.progress.score_objective``. A reader sees, and
counts, only what they may read (``services.visibility``): a report is shared further than a
dashboard, and a private objective must not surface in it, nor an aligned parent's title.

Queries do not grow with the number of objectives: one for the objectives, one for their KRs, the
progress rollup's few, one or two per level of the alignment chain above them, one for findings
and one for check-ins (each in slices of ``batches`` where a company is large).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..storage import models as m
from ..storage.batches import batches
from ..workspace.errors import NotFound
from ..workspace.permissions import Actor
from ..workspace.progress import elapsed, kr_progress, mean, objective_progress, score_objective
from ..workspace.values import ObjectiveLevel, ObjectiveStatus
from .progress import compute
from .units import root_unit, unit_by_key
from .visibility import readable_rows, visible_objectives

# The usual OKR grading: 0.0–0.3 missed, 0.4–0.6 progress made, 0.7–1.0 delivered; a band's lowest score
SCORE_BANDS = (0.0, 0.4, 0.7)


@dataclass(frozen=True)
class KrLine:
    label: str                    # "KR1" within its objective
    title: str
    kind: str
    start: float | None
    target: float | None
    current: float | None
    unit: str | None              # what it is measured in ("%", "家")
    progress: float
    score: float | None
    confidence: float | None
    due: dt.date | None
    review_note: str


@dataclass(frozen=True)
class Link:
    """An objective (and, through one of its KRs, that KR) that another objective supports."""
    objective_id: int
    objective_title: str
    kr_title: str | None
    unit_name: str


@dataclass
class ObjectiveLine:
    id: int
    label: str                    # "O1" in the report's order
    title: str
    unit_name: str
    owner_name: str | None        # None: the unit's own objective
    level: str
    status: str
    progress: float
    expected: float
    at_risk: bool                 # active and at risk, as the dashboard counts it
    risk_reasons: tuple[str, ...]
    score: float | None
    reflection: str
    review_note: str
    key_results: list[KrLine] = field(default_factory=list)
    parents: list[Link] = field(default_factory=list)
    top: Link | None = None       # where its chain of alignment ends: the company objective (and KR)

    @property
    def orphan(self) -> bool:
        """Supports nothing, yet is not a company objective (which supports nothing by design)."""
        return not self.parents and self.level != ObjectiveLevel.COMPANY.value


@dataclass(frozen=True)
class FindingLine:
    objective_label: str
    objective_title: str
    location: str
    severity: str
    rule: str
    message: str


@dataclass(frozen=True)
class Point:
    day: dt.date
    progress: float               # mean progress of the objectives with KRs, from check-ins up to that day
    expected: float               # share of the cycle elapsed by the end of that day


@dataclass(frozen=True)
class Summary:
    objectives: int
    key_results: int
    average_progress: float | None
    average_score: float | None   # of the scored objectives
    at_risk: int
    scored: int                   # objectives whose every KR is scored
    check_ins: int
    aligned: int
    orphans: int
    score_bands: tuple[tuple[int, int], ...]   # per SCORE_BANDS: (objectives, key results)


@dataclass
class CycleReport:
    organisation: str
    unit_name: str
    unit_key: str
    cycle_name: str
    cycle_start: dt.date
    cycle_end: dt.date
    generated: dt.date
    lang: str
    objectives: list[ObjectiveLine]
    findings: list[FindingLine]
    history: list[Point]
    summary: Summary

    def goals(self) -> list[tuple[str, str | None, int]]:
        """Where the objectives' chains of alignment end (a company objective, and the KR of it they
        support), with how many of the report's objectives lead there, in the report's order."""
        counts: dict[tuple[str, str | None], int] = {}
        for line in self.objectives:
            if line.top is not None:
                key = (line.top.objective_title, line.top.kr_title)
                counts[key] = counts.get(key, 0) + 1
        return [(title, kr, n) for (title, kr), n in counts.items()]


def find_unit(session: Session, org_id: int, key: str | None) -> m.Unit:
    """The unit with this key, or the organisation's top unit (the company) when none is named."""
    if key:
        return unit_by_key(session, org_id, key)
    unit = root_unit(session, org_id)
    if unit is None:
        raise NotFound("the organisation has no units yet", field="unit")
    return unit


def find_cycle(session: Session, org_id: int, label: str) -> m.Cycle:
    cycle = session.scalar(select(m.Cycle).where(m.Cycle.org_id == org_id, m.Cycle.name == label))
    if cycle is None:
        known = session.scalars(select(m.Cycle.name).where(m.Cycle.org_id == org_id)
                                .order_by(m.Cycle.start_date.desc()).limit(8)).all()
        raise NotFound(f"cycle {label!r} does not exist (cycles: {', '.join(known) or 'none'})", field="cycle")
    return cycle


def cycle_report(session: Session, *, unit: m.Unit, cycle: m.Cycle, actor: Actor | None, today: dt.date,
                 lang: str = "zh", tz: dt.tzinfo = dt.timezone.utc) -> CycleReport:
    """The report on ``unit``'s subtree in ``cycle`` as ``actor`` may read it (None: everything, for the
    CLI, which holds the database itself as ``okr export`` does)."""
    if cycle.org_id != unit.org_id or (actor is not None and unit.org_id != actor.org_id):
        raise NotFound(f"unit {unit.key!r} does not exist", field="unit")
    org = session.get(m.Organisation, unit.org_id)
    objectives = _objectives(session, unit, cycle, actor)
    ids = [o.id for o in objectives]
    progress = compute(session, ids, today=today, known=dict.fromkeys(ids, cycle.id),
                       visible=readable_rows(actor) if actor is not None else None)
    krs = _key_results(session, ids)
    lines = []
    for n, row in enumerate(objectives, 1):
        p = progress[row.id]
        kr_rows = krs.get(row.id, [])
        kr_lines = [KrLine(f"KR{i}", k.title, k.kind, k.start, k.target, k.current, k.unit,
                           kr_progress(k.kind, k.start, k.target, k.current, k.direction), k.score, k.confidence,
                           k.due, _note(k.review)) for i, k in enumerate(kr_rows, 1)]
        active = row.status == ObjectiveStatus.ACTIVE.value
        lines.append(ObjectiveLine(
            row.id, f"O{n}", row.title, row.unit_name, row.owner_name, row.level, row.status, p.progress, p.expected,
            active and p.risk.at_risk, p.risk.reasons if active else (),
            score_objective((k.score, k.weight) for k in kr_rows) if kr_rows else None,
            row.reflection or "", _note(row.review), kr_lines))
    _align(session, lines, actor)
    check_ins = _check_ins(session, [k.id for rows in krs.values() for k in rows])
    findings = _findings(session, lines, lang)
    return CycleReport(org.name, unit.name, unit.key, cycle.name, cycle.start_date, cycle.end_date, today, lang,
                       lines, findings, _history(cycle, today, krs, check_ins, tz),
                       _summary(lines, sum(len(v) for v in check_ins.values())))


def _note(review: dict | None) -> str:
    return str((review or {}).get("note") or "")


def _objectives(session: Session, unit: m.Unit, cycle: m.Cycle, actor: Actor | None) -> list:
    """The subtree's objectives the actor may read, in unit and set order (the dashboard's)."""
    where = [m.Objective.cycle_id == cycle.id, m.Unit.org_id == unit.org_id,
             m.Unit.path.startswith(unit.path, autoescape=True)]
    if actor is not None:
        where.append(visible_objectives(actor))
    return session.execute(
        select(m.Objective.id, m.Objective.title, m.Objective.level, m.Objective.status, m.Objective.reflection,
               m.Objective.review, m.Unit.name.label("unit_name"), m.Person.name.label("owner_name"))
        .join(m.Unit, m.Unit.id == m.Objective.unit_id).outerjoin(m.Person, m.Person.id == m.Objective.owner_id)
        .where(*where).order_by(m.Unit.path, m.Objective.position, m.Objective.id)).all()


def _key_results(session: Session, objective_ids: list[int]) -> dict[int, list[m.KeyResult]]:
    """Their KRs in the order ``services.progress`` lists them (position, then id)."""
    out: dict[int, list[m.KeyResult]] = defaultdict(list)
    for batch in batches(objective_ids):
        for kr in session.scalars(select(m.KeyResult).where(m.KeyResult.objective_id.in_(batch))
                                  .order_by(m.KeyResult.position, m.KeyResult.id)):
            out[kr.objective_id].append(kr)
    return out


def _align(session: Session, lines: list[ObjectiveLine], actor: Actor | None) -> None:
    """Each objective's parents, and where its chain of alignment ends (the first parent's, up and up),
    walking up one level per round; parents the actor may not read are left out, as the tree does."""
    parent_kr = aliased(m.KeyResult)
    links: dict[int, list[tuple[int, str | None]]] = {}   # child -> [(parent objective, via KR title)]
    info: dict[int, tuple[str, str]] = {}                 # readable objective -> (title, unit name)
    frontier = {line.id for line in lines}
    while frontier:
        found: dict[int, list[tuple[int, str | None]]] = defaultdict(list)
        for batch in batches(frontier):
            for child, parent_objective, via_objective, via_title in session.execute(
                    select(m.Alignment.child_id, m.Alignment.parent_objective_id, parent_kr.objective_id,
                           parent_kr.title)
                    .outerjoin(parent_kr, parent_kr.id == m.Alignment.parent_kr_id)
                    .where(m.Alignment.child_id.in_(batch)).order_by(m.Alignment.id)):
                found[child].append((parent_objective or via_objective, via_title))
        links.update({child: found.get(child, []) for child in frontier})
        wanted = {p for ps in found.values() for p, _ in ps} - info.keys()
        for batch in batches(wanted):
            query = (select(m.Objective.id, m.Objective.title, m.Unit.name)
                     .join(m.Unit, m.Unit.id == m.Objective.unit_id).where(m.Objective.id.in_(batch)))
            if actor is not None:
                query = query.where(visible_objectives(actor))
            info.update({oid: (title, unit_name) for oid, title, unit_name in session.execute(query)})
        frontier = {p for p in wanted if p in info} - links.keys()

    def link(parent: int, kr_title: str | None) -> Link:
        return Link(parent, info[parent][0], kr_title, info[parent][1])

    for line in lines:
        line.parents = [link(p, kr) for p, kr in links.get(line.id, []) if p in info]
        seen = {line.id}
        top = line.parents[0] if line.parents else None
        while top is not None and top.objective_id not in seen:
            seen.add(top.objective_id)
            up = [(p, kr) for p, kr in links.get(top.objective_id, []) if p in info]
            if not up:
                break
            top = link(*up[0])
        line.top = top


def _check_ins(session: Session, kr_ids: list[int]) -> dict[int, list[tuple[dt.datetime, float | None]]]:
    """Each KR's check-ins, oldest first, as (when, value recorded)."""
    out: dict[int, list[tuple[dt.datetime, float | None]]] = defaultdict(list)
    for batch in batches(kr_ids):
        for kr_id, value, at in session.execute(
                select(m.CheckIn.kr_id, m.CheckIn.value, m.CheckIn.created_at)
                .where(m.CheckIn.kr_id.in_(batch)).order_by(m.CheckIn.created_at, m.CheckIn.id)):
            out[kr_id].append((at, value))
    return out


def _findings(session: Session, lines: list[ObjectiveLine], lang: str) -> list[FindingLine]:
    """The checker's findings still stored on the objectives, worst first, in the report's language."""
    by_id = {line.id: line for line in lines}
    order = {"error": 0, "warning": 1, "info": 2}
    out = []
    for batch in batches(by_id):
        for f in session.scalars(select(m.StoredFinding).where(m.StoredFinding.objective_id.in_(batch))):
            texts = f.texts.get(lang) or f.texts.get("zh") or {}
            line = by_id[f.objective_id]
            out.append(FindingLine(line.label, line.title, f.location, f.severity, f.rule, texts.get("message", "")))
    place = {line.label: i for i, line in enumerate(lines)}
    return sorted(out, key=lambda f: (order.get(f.severity, 3), place[f.objective_label], f.location))


def _history(cycle: m.Cycle, today: dt.date, krs: dict[int, list[m.KeyResult]],
             check_ins: dict[int, list[tuple[dt.datetime, float | None]]], tz: dt.tzinfo) -> list[Point]:
    """Mean progress of the objectives with KRs at the end of each week of the cycle (and its last day so
    far), each KR taken at its latest check-in by then: empty when nobody has checked in yet."""
    if not any(check_ins.values()):
        return []
    last = min(cycle.end_date, today)
    days = [cycle.start_date + dt.timedelta(days=d) for d in range(6, (last - cycle.start_date).days + 1, 7)]
    if not days or days[-1] != last:
        days.append(last)
    points = []
    for day in days:
        until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz)
        per_objective = [objective_progress((kr_progress(k.kind, k.start, k.target, _value_at(check_ins[k.id], until),
                                                         k.direction), k.weight) for k in rows)
                         for rows in krs.values() if rows]
        points.append(Point(day, mean(per_objective) or 0.0, elapsed(cycle.start_date, cycle.end_date, day)))
    return points


def _value_at(history: list[tuple[dt.datetime, float | None]], until: dt.datetime) -> float | None:
    value = None
    for at, recorded in history:
        if at >= until:
            break
        value = recorded
    return value


def _band(score: float) -> int:
    return max(i for i, low in enumerate(SCORE_BANDS) if score >= low)


def _summary(lines: list[ObjectiveLine], check_ins: int) -> Summary:
    scores = [line.score for line in lines if line.score is not None]
    bands = [[0, 0] for _ in SCORE_BANDS]
    for line in lines:
        if line.score is not None:
            bands[_band(line.score)][0] += 1
        for kr in line.key_results:
            if kr.score is not None:
                bands[_band(kr.score)][1] += 1
    return Summary(
        objectives=len(lines), key_results=sum(len(line.key_results) for line in lines),
        average_progress=mean(line.progress for line in lines), average_score=mean(scores),
        at_risk=sum(line.at_risk for line in lines), scored=len(scores), check_ins=check_ins,
        aligned=sum(bool(line.parents) for line in lines), orphans=sum(line.orphan for line in lines),
        score_bands=tuple((a, b) for a, b in bands))

"""The checker on live data: every stored objective carries the current findings of ``okr check``.

A stored objective is checked as part of its owner's set for the cycle (the person's or the
unit's objectives, in order), so set rules such as ``objectives-too-many`` see what they see
in a document. Alignment rules see the real parent: the objective or KR it is linked to (the
first link when there are several). Findings are stored with their location in the set
(``O2.KR3``, as ``okr check`` names it) and their text in every language, and are refreshed
whenever the objective, its KRs, its alignment or its parent's wording change.
"""
from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, selectinload

from ..checker.config import CheckerConfig
from ..checker.engine import run_rules
from ..checker.finding import Severity
from ..domain.cycles import Cycle as DomainCycle
from ..domain.model import Document, KeyResult, Level, Objective, OkrSet, Review
from ..storage import models as m
from ..text.analyzer import Analyzer
from ..text.embeddings import make_embedder
from ..storage.batches import batches

LANGS = ("zh", "en")
_lock = threading.Lock()
_embedder = None


def _analyzer(config: CheckerConfig) -> Analyzer:
    """A fresh analyser (its caches live as long as one refresh) over the process's one embedding model."""
    global _embedder
    if _embedder is None:
        _embedder = make_embedder(config.embedding)
    return Analyzer(_embedder)


def objective_ref(objective_id: int) -> str:
    return f"objective-{objective_id}"


def kr_ref(kr_id: int) -> str:
    return f"kr-{kr_id}"


def _set_key(o: m.Objective) -> tuple:
    return (o.cycle_id, o.owner_id) if o.owner_id is not None else (o.cycle_id, None, o.unit_id)


def _members(session: Session, keys: set[tuple]) -> dict[tuple, list[m.Objective]]:
    """The objectives of each set key, in set order. Selected by owner or unit (indexed ``IN`` lists in
    batches, not one ``OR`` branch per set, which SQLite refuses beyond ~1,000 sets), then kept only
    when their exact key was asked for."""
    sets: dict[tuple, list[m.Objective]] = defaultdict(list)
    cycles = {key[0] for key in keys}
    owners = {key[1] for key in keys if key[1] is not None}
    units = {key[2] for key in keys if key[1] is None}
    wanted = [(m.Objective.owner_id, owners), (m.Objective.unit_id, units)]
    for column, ids in wanted:
        for batch in batches(ids):
            query = select(m.Objective).where(m.Objective.cycle_id.in_(cycles), column.in_(batch))
            if column is m.Objective.unit_id:
                query = query.where(m.Objective.owner_id.is_(None))
            for o in session.scalars(query.options(selectinload(m.Objective.key_results))):
                if _set_key(o) in keys:
                    sets[_set_key(o)].append(o)
    for objs in sets.values():
        objs.sort(key=lambda o: (o.position, o.id))
    return sets


def _first_links(session: Session, objective_ids: Iterable[int]) -> dict[int, m.Alignment]:
    links: dict[int, m.Alignment] = {}
    rows = session.scalars(select(m.Alignment).where(m.Alignment.child_id.in_(list(objective_ids)))
                           .order_by(m.Alignment.id)).all()
    for link in rows:
        links.setdefault(link.child_id, link)
    return links


def _review(data: dict | None) -> Review | None:
    if not data:
        return None
    return Review(necessary=data.get("necessary"), sufficient=data.get("sufficient"), note=data.get("note", ""))


def _domain_objective(o: m.Objective, link: m.Alignment | None) -> Objective:
    aligns_to = None
    if link is not None:
        aligns_to = objective_ref(link.parent_objective_id) if link.parent_objective_id else kr_ref(link.parent_kr_id)
    krs = [KeyResult(title=k.title, id=kr_ref(k.id), start=k.start, target=k.target, current=k.current,
                     unit=k.unit, due=k.due, review=_review(k.review)) for k in o.key_results]
    return Objective(title=o.title, key_results=krs, id=objective_ref(o.id), aligns_to=aligns_to,
                     review=_review(o.review))


def _domain_set(objectives: list[m.Objective], links: dict[int, m.Alignment], names: dict, cycles: dict) -> OkrSet:
    first = objectives[0]
    owner = names.get(("person", first.owner_id)) if first.owner_id else names.get(("unit", first.unit_id))
    cycle = cycles[first.cycle_id]
    return OkrSet(objectives=[_domain_objective(o, links.get(o.id)) for o in objectives], id=None, owner=owner,
                  level=Level.parse(first.level),
                  cycle=DomainCycle(cycle.start_date, cycle.end_date, cycle.name))


SETS_PER_PASS = 500


def refresh(session: Session, objective_ids: Iterable[int], config: CheckerConfig | None = None) -> None:
    """Recheck the sets holding these objectives, and the sets of objectives aligned to them.

    An import touches thousands of sets at once: they are rechecked a few hundred at a time, so that
    no statement names more rows than SQLite accepts and memory stays flat."""
    config = config or CheckerConfig()
    ids = set(objective_ids)
    if not ids:
        return
    if "deferred_refresh" in session.info:
        session.info["deferred_refresh"] |= ids
        return
    session.flush()
    keys: set[tuple] = set()
    for batch in batches(ids):
        kr_ids = select(m.KeyResult.id).where(m.KeyResult.objective_id.in_(batch))
        children = select(m.Alignment.child_id).where(
            or_(m.Alignment.parent_objective_id.in_(batch), m.Alignment.parent_kr_id.in_(kr_ids)))
        seeds = session.execute(select(m.Objective.cycle_id, m.Objective.owner_id, m.Objective.unit_id).where(
            or_(m.Objective.id.in_(batch), m.Objective.id.in_(children))))
        keys |= {(c, owner) if owner is not None else (c, None, unit) for c, owner, unit in seeds}
    for key_batch in batches(sorted(keys, key=repr), SETS_PER_PASS):
        _recheck(session, set(key_batch), config)


def relatedness(text: str, candidates: list[str], config: CheckerConfig | None = None) -> list[float]:
    """How plainly ``text`` relates to each candidate, as the alignment rules measure it (0 … 1)."""
    config = config or CheckerConfig()
    with _lock:
        analyzer = _analyzer(config)
        return [max(analyzer.content_similarity(text, c), analyzer.similarity(text, c)) for c in candidates]


@contextlib.contextmanager
def refreshed_once(session: Session) -> Iterator[None]:
    """Inside it, ``refresh`` only notes the objectives; they are rechecked together on the way out.

    An edit made of several service calls (the editor's save: title, KRs, link) would otherwise run the
    checker over the same set after each call; the findings seen afterwards are the same."""
    if "deferred_refresh" in session.info:      # already inside one: the outermost rechecks
        yield
        return
    session.info["deferred_refresh"] = set()
    try:
        yield
    finally:
        ids = session.info.pop("deferred_refresh")
    refresh(session, ids)


def _recheck(session: Session, keys: set[tuple], config: CheckerConfig) -> None:
    """Run the rules over these sets and replace their stored findings.

    Each set is checked as ``okr check`` would check it in a folder holding what it answers to: the
    sets of the objectives it is linked to, and the unit sets of its cycle on the way up from its unit
    (so an unaligned objective is told when the company or its department has OKRs to support). Each
    set gets only its own context: what it is told never depends on which other sets share the pass."""
    sets = _members(session, keys)
    members = [o for objs in sets.values() for o in objs]
    links = _first_links(session, [o.id for o in members])

    parent_ids = {l.parent_objective_id for l in links.values() if l.parent_objective_id}
    parent_kr_ids = {l.parent_kr_id for l in links.values() if l.parent_kr_id}
    kr_parent: dict[int, int] = {}
    for batch in batches(parent_kr_ids):
        kr_parent |= dict(session.execute(select(m.KeyResult.id, m.KeyResult.objective_id)
                                          .where(m.KeyResult.id.in_(batch))).all())
    parent_ids |= set(kr_parent.values())
    above = _units_above(session, {o.unit_id for o in members})
    around = {p.id: p for batch in batches(parent_ids) for p in session.scalars(
        select(m.Objective).where(m.Objective.id.in_(batch)).options(selectinload(m.Objective.key_results)))}
    cycles_used = {o.cycle_id for o in members}
    for batch in batches({u for ups in above.values() for u in ups}):
        around |= {o.id: o for o in session.scalars(
            select(m.Objective).where(m.Objective.cycle_id.in_(cycles_used), m.Objective.owner_id.is_(None),
                                      m.Objective.unit_id.in_(batch)).options(selectinload(m.Objective.key_results)))}

    everyone = [*members, *around.values()]
    people = {o.owner_id for o in everyone if o.owner_id}
    units = {o.unit_id for o in everyone}
    names = {("person", pid): name for pid, name in
             session.execute(select(m.Person.id, m.Person.name).where(m.Person.id.in_(people)))}
    names |= {("unit", uid): name for uid, name in
              session.execute(select(m.Unit.id, m.Unit.name).where(m.Unit.id.in_(units)))}
    cycles = {c.id: c for c in session.scalars(select(m.Cycle).where(m.Cycle.id.in_({o.cycle_id for o in everyone})))}

    around_sets: dict[tuple, list[m.Objective]] = defaultdict(list)
    for o in sorted(around.values(), key=lambda o: (o.position, o.id)):
        around_sets[_set_key(o)].append(o)
    domain_sets = {key: _domain_set(objs, {}, names, cycles) for key, objs in around_sets.items()}

    stored = []
    with _lock:
        analyzer = _analyzer(config)
        for key, objs in sets.items():
            target = Document(path="set", sets=[_domain_set(objs, links, names, cycles)])
            wanted = _context_keys(key, objs, links, kr_parent, around, above)
            context = Document(path="context", sets=[domain_sets[k] for k in sorted(wanted, key=repr)
                                                     if k in domain_sets and k != key])
            for _, rule, severity, hit in run_rules([target, context], config, analyzer, only=[target]):
                stored += _stored(objs, rule, severity, hit)
    session.execute(delete(m.StoredFinding).where(m.StoredFinding.objective_id.in_([o.id for o in members])))
    if stored:
        session.execute(m.StoredFinding.__table__.insert(), stored)


def _units_above(session: Session, unit_ids: set[int]) -> dict[int, set[int]]:
    """Each unit's ancestors and itself (from the materialised paths)."""
    out = {}
    for batch in batches(unit_ids):
        for uid, path in session.execute(select(m.Unit.id, m.Unit.path).where(m.Unit.id.in_(batch))):
            out[uid] = {int(part) for part in path.strip("/").split("/") if part}
    return out


def _context_keys(key: tuple, objs: list[m.Objective], links: dict[int, m.Alignment], kr_parent: dict[int, int],
                  around: dict[int, m.Objective], above: dict[int, set[int]]) -> set[tuple]:
    """The sets one set answers to: those of its objectives' parents, and the unit sets above it
    (a person's own units included; a unit's own set excluded, it is the set itself)."""
    wanted = set()
    for o in objs:
        link = links.get(o.id)
        if link is not None:
            parent = around.get(link.parent_objective_id or kr_parent.get(link.parent_kr_id))
            if parent is not None:
                wanted.add(_set_key(parent))
    cycle = key[0]
    for uid in above.get(objs[0].unit_id, ()):
        wanted.add((cycle, None, uid))
    return wanted


def _stored(objs: list[m.Objective], rule, severity, hit) -> list[dict]:
    texts = {lang: dict(zip(("message", "suggestion"), rule.render(hit, lang))) for lang in LANGS}
    if hit.repair is not None:
        for lang in LANGS:
            texts[lang]["repair"] = hit.repair.public(lang)
    return [{"objective_id": objective.id, "kr_id": kr.id if kr else None, "rule": rule.id,
             "severity": severity.value, "location": hit.location, "texts": texts}
            for objective, kr in _place(objs, hit.location)]


def _place(objs: list[m.Objective], location: str) -> list[tuple[m.Objective, m.KeyResult | None]]:
    """The stored objective (and KR) a set location names; a set-level finding belongs to every objective."""
    if not location or not location.startswith("O"):
        return [(o, None) for o in objs]
    head, _, kr_part = location.partition(".KR")
    objective = objs[int(head[1:]) - 1]
    return [(objective, objective.key_results[int(kr_part) - 1] if kr_part else None)]


def for_objective(session: Session, objective_id: int) -> list[m.StoredFinding]:
    return list(session.scalars(select(m.StoredFinding).where(m.StoredFinding.objective_id == objective_id)
                                .order_by(m.StoredFinding.id)))


def errors_of(session: Session, objective_id: int) -> list[m.StoredFinding]:
    return [f for f in for_objective(session, objective_id) if f.severity == Severity.ERROR.value]


def public(finding: m.StoredFinding, lang: str = "zh") -> dict:
    """A stored finding in the shape ``okr check --format json`` uses, plus the ids it concerns."""
    text = finding.texts.get(lang) or finding.texts["zh"]
    return {"rule": finding.rule, "severity": finding.severity, "location": finding.location,
            "message": text["message"], "suggestion": text["suggestion"], "repair": text.get("repair"),
            "objective_id": finding.objective_id, "kr_id": finding.kr_id}

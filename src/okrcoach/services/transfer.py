"""Documents ⇄ workspace: ``okr import`` maps OKR documents onto people, units, cycles and objectives,
``okr export`` writes them back in the structured format (``spec/okr-format.md`` §1).

The mapping, decided once here so that a round trip (export, import into an empty workspace,
export again) gives the same bytes:

- A set is owned by a person (level ``personal``: handle = the set's id) or by a unit (any other
  level: key = the set's id). Without an id, an existing person or unit of the owner's name is
  used, else a slug of the owner's name or of the file's stem. Units are created under the
  company unit; a company-level set is the company unit.
- A set's cycle is its ``cycle:``; without one, ``--cycle``, else the organisation's active
  cycle, else the current quarter. Cycles are found by label and created when missing.
- Re-importing updates in place: objectives are matched by their ``id:`` within the set, else by
  position, KRs likewise within their objective. What disappeared from a re-imported set is
  deleted while still a draft and reported otherwise (a live OKR's check-ins are never dropped
  by a file). A KR's ``current`` is overwritten only when the document states one: check-ins
  move it, and an older file must not rewind them. A KR's owner likewise (a person's handle or name,
  which the Excel reader gives; a new name becomes a member of the company or ``--unit``). A
  workbook (.xlsx) has no place for the reviewers' necessity and sufficiency answers, so
  re-importing one leaves them as they are.
- ``aligns_to`` resolves over every document given first, then against the workspace (sets by
  handle or key, objectives and KRs by their key). The document says what an objective
  supports: its links become exactly the one named (or none).

Nothing here commits: the caller's one transaction makes an import all-or-nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..domain.cycles import Cycle as DomainCycle, parse_cycle
from ..domain.errors import InputError
from ..documents.load import AlignmentIndex
from ..domain.model import Document, Level, Objective, OkrSet, Review
from ..storage import models as m
from ..workspace.progress import direction_of
from ..workspace.values import CycleKind, CycleState, KrKind, ObjectiveLevel, ObjectiveStatus, Role, UnitKind
from . import findings
from .units import root_unit
from ..storage.batches import batches

HANDLE = re.compile(r"^[\w][\w.-]{0,63}$")   # the API's rule for person handles and unit keys
HANDLE_EXPECTED = "1–64 letters (any script), digits, '.', '_' or '-', starting with a letter or digit"
DEFAULT_ORG, DEFAULT_ORG_NAME = "default", "My organisation"   # as ``okr user add`` creates them
COMPANY_KEY = "company"            # the top unit's key when no company-level set names it
_POSITIONAL = re.compile(r"^(?P<set>.+)\.O(?P<o>\d+)(?:\.KR(?P<k>\d+))?$")
_UNIT_KIND = {Level.COMPANY: UnitKind.COMPANY, Level.DEPARTMENT: UnitKind.DEPARTMENT,
              Level.TEAM: UnitKind.TEAM}
_LEVEL_OF_KIND = {UnitKind.COMPANY.value: "company", UnitKind.DEPARTMENT.value: "department",
                  UnitKind.TEAM.value: "team"}
_LIMITS = {"key": 64, "name": 200, "unit": 32}
WITHOUT_REVIEWS = {"xlsx"}   # a workbook has no column for the reviewers' answers: re-importing one keeps them


# --- shared decisions ---------------------------------------------------------------------------

def slug(text: str) -> str:
    """A handle from a name: lower case, runs of anything but letters, digits, '.', '_', '-' → '-'.

    Chinese stays Chinese (``张三`` → ``张三``): a handle only has to be stable and readable.
    """
    value = re.sub(r"[^\w.-]+", "-", text.strip().lower())
    value = re.sub(r"-{2,}", "-", value).strip("-._")
    return value[:64].rstrip("-._")


def kr_kind(target: float | None, unit: str | None) -> KrKind:
    """The kind a document's KR gets: no target → milestone, a target in % → percentage, else metric."""
    if target is None:
        return KrKind.MILESTONE
    if unit is not None and unit.strip() == "%":
        return KrKind.PERCENTAGE
    return KrKind.METRIC


def cycle_kind(label: str) -> CycleKind:
    if re.fullmatch(r"\d{4}", label):
        return CycleKind.YEAR
    if re.fullmatch(r"\d{4}-H[12]", label):
        return CycleKind.HALF
    if re.fullmatch(r"\d{4}-Q[1-4]", label):
        return CycleKind.QUARTER
    return CycleKind.CUSTOM


def current_quarter(today: dt.date) -> DomainCycle:
    return parse_cycle(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def review_dict(review: Review | None) -> dict | None:
    """A review as stored (only the answers given), None when there is none."""
    if review is None:
        return None
    out: dict[str, Any] = {}
    if review.necessary is not None:
        out["necessary"] = review.necessary
    if review.sufficient is not None:
        out["sufficient"] = review.sufficient
    if review.note:
        out["note"] = review.note
    return out or None


def organisation(session: Session, slug_: str | None, *, create: bool = False, name: str | None = None
                 ) -> m.Organisation:
    """The organisation named by ``--org``, else the only one; created when ``create`` and missing."""
    if slug_:
        org = session.scalar(select(m.Organisation).where(m.Organisation.slug == slug_))
        if org is None and not create:
            raise InputError(f"--org {slug_}: no such organisation",
                             expected="the slug of an organisation in this workspace")
    else:
        orgs = session.scalars(select(m.Organisation).order_by(m.Organisation.id).limit(10)).all()
        if len(orgs) > 1:
            raise InputError("the workspace holds several organisations ("
                             + ", ".join(o.slug for o in orgs) + ")", expected="--org SLUG to name one")
        org = orgs[0] if orgs else None
        if org is None and not create:
            raise InputError("the workspace is empty: there is nothing to export",
                             expected="okr import PATH… or okr demo first")
        slug_ = DEFAULT_ORG
    if org is None:
        org = m.Organisation(name=name or (DEFAULT_ORG_NAME if slug_ == DEFAULT_ORG else slug_), slug=slug_)
        session.add(org)
        session.flush()
    return org


def new_unit(session: Session, org_id: int, parent: m.Unit | None, key: str, name: str, kind: str) -> m.Unit:
    """A unit with its materialised path (which needs the id, hence the flushes)."""
    unit = m.Unit(org_id=org_id, parent_id=parent.id if parent else None, key=key, name=name, kind=kind)
    session.add(unit)
    session.flush()
    unit.path = (parent.path if parent else "/") + f"{unit.id}/"
    session.flush()
    return unit


def set_members(session: Session, cycle_id: int, owner_id: int | None, unit_id: int) -> list[m.Objective]:
    """The objectives of one set (a person's, or a unit's own) in a cycle, in order."""
    query = select(m.Objective).where(m.Objective.cycle_id == cycle_id)
    if owner_id is not None:
        query = query.where(m.Objective.owner_id == owner_id)
    else:
        query = query.where(m.Objective.owner_id.is_(None), m.Objective.unit_id == unit_id)
    return list(session.scalars(query.options(selectinload(m.Objective.key_results))
                                .order_by(m.Objective.position, m.Objective.id)))


# --- import -------------------------------------------------------------------------------------

@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: int = 0      # gone from the document but not deleted: no longer a draft

    def count(self, changed: bool) -> None:
        if changed:
            self.updated += 1
        else:
            self.unchanged += 1


@dataclass
class SetOutcome:
    """One set of the workspace an import wrote: its owner, cycle and unit, and what became of it."""

    owner: str
    level: str
    cycle: str
    unit_id: int
    state: str                 # created, updated or unchanged
    objective_ids: list[int]   # the document's objectives, in order


@dataclass
class ImportReport:
    files: int = 0
    org: str = ""      # the organisation's slug
    sets: Tally = field(default_factory=Tally)
    objectives: Tally = field(default_factory=Tally)
    key_results: Tally = field(default_factory=Tally)
    alignments: Tally = field(default_factory=Tally)
    people: Tally = field(default_factory=Tally)
    units: Tally = field(default_factory=Tally)
    cycles: Tally = field(default_factory=Tally)
    kept: list[str] = field(default_factory=list)       # what a re-import did not delete, and why
    findings: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    objective_ids: list[int] = field(default_factory=list)
    outcomes: list[SetOutcome] = field(default_factory=list)


@dataclass
class _Entry:
    doc: Document
    okr_set: OkrSet
    objective: Objective


@dataclass
class _Group:
    """One set in the workspace: an owner in a cycle. Several document sets may land in one."""

    label: str
    cycle: m.Cycle
    unit: m.Unit
    person: m.Person | None
    level: str
    entries: list[_Entry] = field(default_factory=list)
    changed: bool = False
    existed: bool = False


ProgressFn = Callable[[int, int, str], None]


def import_documents(session: Session, docs: list[Document], *, today: dt.date, cycle: str | None = None,
                     unit: str | None = None, org: str | None = None, actor_id: int | None = None,
                     progress: ProgressFn | None = None) -> ImportReport:
    """Write the documents' sets into the workspace (see the module's docstring) and recheck them."""
    return _Importer(session, docs, today=today, cycle_label=cycle, unit_key=unit, org_slug=org,
                     actor_id=actor_id, progress=progress).run()


class _Importer:
    def __init__(self, session: Session, docs: list[Document], *, today: dt.date, cycle_label: str | None,
                 unit_key: str | None, org_slug: str | None, actor_id: int | None,
                 progress: ProgressFn | None):
        self.s = session
        self.docs = docs
        self.today = today
        self.cycle_label = cycle_label
        self.unit_key = unit_key
        self.org_slug = org_slug
        self.actor_id = actor_id
        self.progress = progress
        self.report = ImportReport(files=len(docs))
        self.cycles: dict[str, m.Cycle] = {}
        self.default: m.Cycle | None = None
        self.placed: dict[int, m.Objective | m.KeyResult] = {}   # id(domain object) → row
        self.where: dict[int, tuple[str, int | None]] = {}       # row id → (file, line) for messages

    # -- the whole run
    def run(self) -> ImportReport:
        company = next((s for d in self.docs for s in d.sets if s.level is Level.COMPANY), None)
        self.org = organisation(self.s, self.org_slug, create=True, name=company.owner if company else None)
        self.report.org = self.org.slug
        self.root = self._ensure_root(company)
        self.home = self._unit_option()
        groups = self._groups()
        orphans: set[int] = set()    # objectives whose parent a re-import deleted: their findings change
        for done, group in enumerate(groups.values(), 1):
            orphans |= self._sync(group)
            if self.progress:
                self.progress(done, len(groups), group.label)
        self._align(groups)
        self._refuse_alignment_cycles()
        imported = set(self.where)
        for group in groups.values():
            tally = self.report.sets
            if not group.existed:
                tally.created += 1
            else:
                tally.count(group.changed)
            state = "created" if not group.existed else "updated" if group.changed else "unchanged"
            self.report.outcomes.append(SetOutcome(
                group.person.name if group.person else group.unit.name, group.level, group.cycle.name,
                group.unit.id, state, [self.placed[id(e.objective)].id for e in group.entries]))
        findings.refresh(self.s, imported | orphans)
        self._count_findings(imported)
        self.report.objective_ids = sorted(imported)
        return self.report

    def fail(self, what: str, doc: Document, line: int | None, expected: str | None = None) -> InputError:
        return InputError(what, file=doc.path, line=line, expected=expected)

    # -- organisation structure
    def _ensure_root(self, company: OkrSet | None) -> m.Unit:
        root = root_unit(self.s, self.org.id)
        if root is not None:
            return root
        if company is not None:
            doc = next(d for d in self.docs if any(s is company for s in d.sets))
            key = self._key_for(company, doc)
            name = company.owner or key
        else:
            key, name = COMPANY_KEY, self.org.name
        self.report.units.created += 1
        return new_unit(self.s, self.org.id, None, key, name, UnitKind.COMPANY.value)

    def _unit_option(self) -> m.Unit | None:
        if not self.unit_key:
            return None
        unit = self.s.scalar(select(m.Unit).where(m.Unit.org_id == self.org.id, m.Unit.key == self.unit_key))
        if unit is None:
            raise InputError(f"--unit {self.unit_key}: no unit with this key",
                             expected="the key of a unit in the organisation (okr export shows them as "
                                      "set ids)")
        return unit

    def _key_for(self, okr_set: OkrSet, doc: Document) -> str:
        if okr_set.id is not None:
            if not HANDLE.match(okr_set.id):
                raise self.fail(f"set id {okr_set.id!r} cannot name a person or unit", doc, okr_set.line,
                                HANDLE_EXPECTED)
            return okr_set.id
        key = slug(okr_set.owner or "") or slug(Path(doc.path).stem)
        if not key:
            raise self.fail("the set has no id, and neither its owner nor the file name gives one", doc,
                            okr_set.line, "id: <set-id>")
        return key

    def _owner_name(self, okr_set: OkrSet, doc: Document, fallback: str) -> str:
        name = okr_set.owner or fallback
        if len(name) > _LIMITS["name"]:
            raise self.fail(f"owner {name[:40]!r}… is longer than {_LIMITS['name']} characters", doc,
                            okr_set.line)
        return name

    def _by_name(self, model, name: str | None):
        if not name:
            return None
        rows = self.s.scalars(select(model).where(model.org_id == self.org.id, model.name == name)
                              .limit(2)).all()
        return rows[0] if len(rows) == 1 else None

    def _person(self, okr_set: OkrSet, doc: Document) -> m.Person:
        person = None
        if okr_set.id is None:
            person = self._by_name(m.Person, okr_set.owner)
        if person is None:
            handle = self._key_for(okr_set, doc)
            person = self.s.scalar(select(m.Person).where(m.Person.org_id == self.org.id,
                                                          m.Person.handle == handle))
        if person is None:
            person = m.Person(org_id=self.org.id, handle=handle, name=self._owner_name(okr_set, doc, handle))
            self.s.add(person)
            self.s.flush()
            self.s.add(m.Membership(person_id=person.id, unit_id=(self.home or self.root).id,
                                    role=Role.MEMBER.value, is_primary=True))
            self.report.people.created += 1
        elif okr_set.owner and person.name != okr_set.owner:
            person.name = self._owner_name(okr_set, doc, person.handle)
            self.report.people.updated += 1
        return person

    def _kr_owner(self, name: str, doc: Document, line: int | None) -> m.Person:
        """The person a KR's ``owner`` names: by handle, else by their (unique) name, else a new member."""
        person = self.s.scalar(select(m.Person).where(m.Person.org_id == self.org.id, m.Person.handle == name))
        person = person or self._by_name(m.Person, name)
        if person is None:
            handle = slug(name)
            if not handle or len(name) > _LIMITS["name"]:
                raise self.fail(f"owner {name[:40]!r} cannot name a person", doc, line, HANDLE_EXPECTED)
            person = self.s.scalar(select(m.Person).where(m.Person.org_id == self.org.id,
                                                          m.Person.handle == handle))
        if person is None:
            person = m.Person(org_id=self.org.id, handle=handle, name=name)
            self.s.add(person)
            self.s.flush()
            self.s.add(m.Membership(person_id=person.id, unit_id=(self.home or self.root).id,
                                    role=Role.MEMBER.value, is_primary=True))
            self.report.people.created += 1
        return person

    def _person_unit(self, person: m.Person) -> m.Unit:
        """Where a person's objectives belong: ``--unit`` (joining it), else their primary unit."""
        memberships = self.s.scalars(select(m.Membership).where(m.Membership.person_id == person.id)
                                     .order_by(m.Membership.is_primary.desc(), m.Membership.id)).all()
        if self.home is not None:
            if not any(ms.unit_id == self.home.id for ms in memberships):
                self.s.add(m.Membership(person_id=person.id, unit_id=self.home.id, role=Role.MEMBER.value,
                                        is_primary=not memberships))
                self.s.flush()
            return self.home
        if memberships:
            return self.s.get(m.Unit, memberships[0].unit_id)
        self.s.add(m.Membership(person_id=person.id, unit_id=self.root.id, role=Role.MEMBER.value,
                                is_primary=True))
        return self.root

    def _unit(self, okr_set: OkrSet, doc: Document) -> m.Unit:
        unit = None
        if okr_set.id is None:
            unit = self._by_name(m.Unit, okr_set.owner)
        if unit is None:
            key = self._key_for(okr_set, doc)
            unit = self.s.scalar(select(m.Unit).where(m.Unit.org_id == self.org.id, m.Unit.key == key))
        if unit is None and okr_set.level is Level.COMPANY:
            unit = self.root     # there is one company: its set is the company unit's
        if unit is None:
            unit = new_unit(self.s, self.org.id, self.root, key, self._owner_name(okr_set, doc, key),
                            _UNIT_KIND[okr_set.level].value)
            self.report.units.created += 1
        elif okr_set.owner and unit.name != okr_set.owner:
            unit.name = self._owner_name(okr_set, doc, unit.key)
            self.report.units.updated += 1
        return unit

    # -- cycles
    def _cycle(self, value: DomainCycle) -> m.Cycle:
        if value.label in self.cycles:
            return self.cycles[value.label]
        row = self.s.scalar(select(m.Cycle).where(m.Cycle.org_id == self.org.id, m.Cycle.name == value.label))
        if row is None:
            row = m.Cycle(org_id=self.org.id, name=value.label, kind=cycle_kind(value.label).value,
                          start_date=value.start, end_date=value.end, state=CycleState.PLANNING.value)
            self.s.add(row)
            self.s.flush()
            self.report.cycles.created += 1
        self.cycles[value.label] = row
        return row

    def _default_cycle(self) -> m.Cycle:
        if self.default is not None:
            return self.default
        if self.cycle_label:
            row = self.s.scalar(select(m.Cycle).where(m.Cycle.org_id == self.org.id,
                                                      m.Cycle.name == self.cycle_label))
            if row is None:
                try:
                    value = parse_cycle(self.cycle_label)
                except ValueError as e:
                    raise InputError(f"--cycle: {e}") from None
                row = self._cycle(value)
        else:
            active = self.s.scalars(select(m.Cycle).where(m.Cycle.org_id == self.org.id,
                                                          m.Cycle.state == CycleState.ACTIVE.value)).all()
            containing = [c for c in active if c.start_date <= self.today <= c.end_date]
            candidates = containing or sorted(active, key=lambda c: (c.start_date, c.id), reverse=True)
            row = candidates[0] if candidates else self._cycle(current_quarter(self.today))
        self.default = row
        return row

    # -- sets
    def _groups(self) -> dict[tuple, _Group]:
        groups: dict[tuple, _Group] = {}
        for doc in self.docs:
            for okr_set in doc.sets:
                cycle = self._cycle(okr_set.cycle) if okr_set.cycle else self._default_cycle()
                if okr_set.level is Level.PERSONAL:
                    person = self._person(okr_set, doc)
                    key = ("person", person.id, cycle.id)
                    if key not in groups:
                        groups[key] = _Group(f"{person.handle} {cycle.name}", cycle,
                                             self._person_unit(person), person, ObjectiveLevel.PERSONAL.value)
                else:
                    unit = self._unit(okr_set, doc)
                    key = ("unit", unit.id, cycle.id)
                    if key not in groups:
                        groups[key] = _Group(f"{unit.key} {cycle.name}", cycle, unit, None,
                                             ObjectiveLevel(okr_set.level.name.lower()).value)
                groups[key].entries.extend(_Entry(doc, okr_set, o) for o in okr_set.objectives)
        return groups

    def _sync(self, group: _Group) -> set[int]:
        """Make the set in the workspace hold the group's objectives, in order; return the orphans."""
        owner_id = group.person.id if group.person else None
        existing = set_members(self.s, group.cycle.id, owner_id, group.unit.id)
        group.existed = bool(existing)
        matches = _match([e.objective.id for e in group.entries], existing)
        rows = [self._objective(group, entry, position, row)
                for position, (entry, row) in enumerate(zip(group.entries, matches))]
        orphans: set[int] = set()
        after = len(group.entries)
        for row in (o for o in existing if o not in matches):
            group.changed = True
            if row.status == ObjectiveStatus.DRAFT.value:
                orphans |= set(self.s.scalars(select(m.Alignment.child_id).where(or_(
                    m.Alignment.parent_objective_id == row.id,
                    m.Alignment.parent_kr_id.in_([k.id for k in row.key_results])))))
                self.s.delete(row)
                self.report.objectives.deleted += 1
            else:   # a live objective keeps its check-ins: it moves behind the document's objectives
                row.position = after
                after += 1
                rows.append(row)
                self.report.objectives.kept += 1
                self.report.kept.append(f"{group.label}: objective «{row.title}» ({row.status})")
        self.s.flush()
        for row in rows:   # reload each KR list in its new order (findings place hits by index)
            self.s.expire(row, ["key_results"])
        return orphans

    def _objective(self, group: _Group, entry: _Entry, position: int, row: m.Objective | None) -> m.Objective:
        obj, doc = entry.objective, entry.doc
        self._check_key(obj.id, doc, obj.line)
        values = {"title": obj.title, "key": obj.id, "position": position, "level": group.level,
                  "unit_id": group.unit.id}
        if doc.format not in WITHOUT_REVIEWS:
            values["review"] = review_dict(obj.review)
        if row is None:
            row = m.Objective(org_id=self.org.id, cycle_id=group.cycle.id,
                              owner_id=group.person.id if group.person else None, created_by_id=self.actor_id,
                              **values)
            self.s.add(row)
            self.s.flush()
            self.report.objectives.created += 1
            group.changed = True
        else:
            changed = _assign(row, values)
            self.report.objectives.count(changed)
            group.changed |= changed
        self.placed[id(obj)] = row
        self.where[row.id] = (doc.path, obj.line)
        self._key_results(group, entry, row)
        return row

    def _key_results(self, group: _Group, entry: _Entry, row: m.Objective) -> None:
        existing = list(row.key_results)
        krs = entry.objective.key_results
        matches = _match([k.id for k in krs], existing)
        for position, (kr, kr_row) in enumerate(zip(krs, matches)):
            self._check_key(kr.id, entry.doc, kr.line)
            if kr.unit is not None and len(kr.unit) > _LIMITS["unit"]:
                raise self.fail(f"unit {kr.unit!r} is longer than {_LIMITS['unit']} characters", entry.doc,
                                kr.line, "a short unit such as %, 万元, 家")
            values = {"title": kr.title, "key": kr.id, "position": position, "start": kr.start,
                      "target": kr.target, "unit": kr.unit, "due": kr.due,
                      "kind": kr_kind(kr.target, kr.unit).value,
                      "direction": direction_of(kr.start, kr.target).value}
            if entry.doc.format not in WITHOUT_REVIEWS:
                values["review"] = review_dict(kr.review)
            if kr.current is not None or kr_row is None:
                values["current"] = kr.current
            if kr.owner is not None:
                values["owner_id"] = self._kr_owner(kr.owner, entry.doc, kr.line).id
            if kr_row is None:
                kr_row = m.KeyResult(**values)
                row.key_results.append(kr_row)
                self.report.key_results.created += 1
                group.changed = True
            else:
                changed = _assign(kr_row, values)
                self.report.key_results.count(changed)
                group.changed |= changed
            self.placed[id(kr)] = kr_row
        after = len(krs)
        for kr_row in existing:
            if kr_row in matches:
                continue
            group.changed = True
            if row.status == ObjectiveStatus.DRAFT.value:
                row.key_results.remove(kr_row)
                self.s.delete(kr_row)
                self.report.key_results.deleted += 1
            else:
                kr_row.position = after
                after += 1
                self.report.key_results.kept += 1
                self.report.kept.append(
                    f"{group.label}: key result «{kr_row.title}» of «{row.title}» ({row.status})")

    def _check_key(self, key: str | None, doc: Document, line: int | None) -> None:
        if key is not None and len(key) > _LIMITS["key"]:
            raise self.fail(f"id {key[:40]!r}… is longer than {_LIMITS['key']} characters", doc, line)

    # -- alignment
    def _align(self, groups: dict[tuple, _Group]) -> None:
        index = AlignmentIndex(self.docs)
        entries = [(g, e) for g in groups.values() for e in g.entries]
        children = [self.placed[id(e.objective)].id for _, e in entries]
        links: dict[int, list[m.Alignment]] = defaultdict(list)
        for batch in batches(children):
            for link in self.s.scalars(select(m.Alignment).where(m.Alignment.child_id.in_(batch))
                                       .order_by(m.Alignment.id)):
                links[link.child_id].append(link)
        tally = self.report.alignments
        for group, entry in entries:
            child = self.placed[id(entry.objective)]
            parent = self._parent(entry, child, index) if entry.objective.aligns_to else None
            wanted = None
            if parent is not None:
                wanted = (parent.id, None) if isinstance(parent, m.Objective) else (None, parent.id)
            have = links.get(child.id, [])
            keep = next((l for l in have if (l.parent_objective_id, l.parent_kr_id) == wanted), None)
            for link in have:
                if link is not keep:
                    self.s.delete(link)
                    tally.deleted += 1
                    group.changed = True
            if wanted is not None and keep is None:
                self.s.add(m.Alignment(child_id=child.id, parent_objective_id=wanted[0],
                                       parent_kr_id=wanted[1], created_by_id=self.actor_id))
                tally.created += 1
                group.changed = True
            elif keep is not None:
                tally.unchanged += 1
        self.s.flush()

    def _parent(self, entry: _Entry, child: m.Objective, index) -> m.Objective | m.KeyResult:
        ref = entry.objective.aligns_to.strip()
        found = index.get(ref)
        if found is not None:
            _, obj, kr = found
            parent = self.placed[id(kr if kr is not None else obj)]
        else:
            parent = self._in_workspace(ref, child)
        if parent is None:
            raise self.fail(f"aligns_to {ref!r} names no objective or key result in the files given or "
                            "in the workspace", entry.doc, entry.objective.line,
                            "<set-id>.O<n>, <set-id>.O<n>.KR<m> or an objective's or KR's id")
        parent_objective_id = parent.id if isinstance(parent, m.Objective) else parent.objective_id
        if parent_objective_id == child.id:
            raise self.fail(f"aligns_to {ref!r} names the objective itself or one of its own key results",
                            entry.doc, entry.objective.line, "a parent objective or KR in another set")
        return parent

    def _in_workspace(self, ref: str, child: m.Objective) -> m.Objective | m.KeyResult | None:
        cycle = child.cycle if child.cycle is not None else self.s.get(m.Cycle, child.cycle_id)
        if found := _POSITIONAL.match(ref):
            hit = self._positional(found.group("set"), int(found.group("o")),
                                   int(found.group("k")) if found.group("k") else None, cycle)
            if hit is not None:
                return hit
        objectives = self.s.scalars(select(m.Objective).where(m.Objective.org_id == self.org.id,
                                                              m.Objective.key == ref)).all()
        if objectives:
            return min(objectives, key=lambda o: (o.cycle_id != cycle.id, -o.id))
        krs = self.s.scalars(select(m.KeyResult).join(m.Objective, m.Objective.id == m.KeyResult.objective_id)
                             .where(m.Objective.org_id == self.org.id, m.KeyResult.key == ref)).all()
        if krs:
            return min(krs, key=lambda k: (k.objective.cycle_id != cycle.id, -k.id))
        return None

    def _positional(self, set_id: str, o: int, k: int | None,
                    cycle: m.Cycle) -> m.Objective | m.KeyResult | None:
        owners: list[tuple[int | None, int]] = []
        person = self.s.scalar(select(m.Person).where(m.Person.org_id == self.org.id,
                                                      m.Person.handle == set_id))
        if person is not None:
            owners.append((person.id, 0))
        unit = self.s.scalar(select(m.Unit).where(m.Unit.org_id == self.org.id, m.Unit.key == set_id))
        if unit is not None:
            owners.append((None, unit.id))
        cycles = self.s.scalars(select(m.Cycle).where(m.Cycle.org_id == self.org.id)).all()

        def preference(c: m.Cycle) -> tuple:   # the child's cycle, then those around it, then the newest
            around = c.start_date <= cycle.start_date and cycle.end_date <= c.end_date
            return (c.id != cycle.id, not around, (c.end_date - c.start_date).days if around else 0,
                    -c.start_date.toordinal())

        for c in sorted(cycles, key=preference):
            for owner_id, unit_id in owners:
                objectives = set_members(self.s, c.id, owner_id, unit_id)
                if 0 < o <= len(objectives):
                    objective = objectives[o - 1]
                    if k is None:
                        return objective
                    if 0 < k <= len(objective.key_results):
                        return objective.key_results[k - 1]
        return None

    def _refuse_alignment_cycles(self) -> None:
        """An objective may not end up supporting itself through a chain of links."""
        rows = self.s.execute(
            select(m.Alignment.child_id,
                   func.coalesce(m.Alignment.parent_objective_id, m.KeyResult.objective_id))
            .join(m.Objective, m.Objective.id == m.Alignment.child_id)
            .outerjoin(m.KeyResult, m.KeyResult.id == m.Alignment.parent_kr_id)
            .where(m.Objective.org_id == self.org.id)).all()
        parents: dict[int, list[int]] = defaultdict(list)
        for child, parent in rows:
            parents[child].append(parent)
        for start in sorted(set(self.where) & set(parents)):
            seen, stack = set(), list(parents[start])
            while stack:
                node = stack.pop()
                if node == start:
                    file, line = self.where[start]
                    raise InputError("aligns_to makes a loop: this objective ends up supporting itself",
                                     file=file, line=line, expected="alignment towards a higher-level set")
                if node not in seen:
                    seen.add(node)
                    stack.extend(parents.get(node, ()))

    def _count_findings(self, touched: set[int]) -> None:
        if not touched:
            return
        rows = [r for batch in batches(touched) for r in self.s.execute(
            select(m.StoredFinding.rule, m.StoredFinding.severity, m.StoredFinding.location,
                   m.Objective.cycle_id, m.Objective.owner_id, m.Objective.unit_id)
            .join(m.Objective, m.Objective.id == m.StoredFinding.objective_id)
            .where(m.StoredFinding.objective_id.in_(batch)))]
        # a set-level finding is stored on each objective of its set: count it once
        distinct = {(r.rule, r.severity, r.location, r.cycle_id, r.owner_id,
                     r.unit_id if r.owner_id is None else None) for r in rows}
        for _, severity, *_ in distinct:
            self.report.findings[severity] = self.report.findings.get(severity, 0) + 1


def _match(keys: list[str | None], existing: list) -> list:
    """For each document item, the row it updates (None: create): by key first, then by position.

    A row whose key differs from the item's own is never taken by position: it is another item.
    """
    matches: list = [None] * len(keys)
    claimed: set[int] = set()
    by_key: dict[str, Any] = {}
    for row in existing:
        if row.key:
            by_key.setdefault(row.key, row)
    for i, key in enumerate(keys):
        row = by_key.get(key) if key else None
        if row is not None and id(row) not in claimed:
            matches[i] = row
            claimed.add(id(row))
    wanted = {k for k in keys if k}
    for i, key in enumerate(keys):
        if matches[i] is not None or i >= len(existing):
            continue
        row = existing[i]
        if id(row) in claimed or (row.key and (row.key in wanted or (key and row.key != key))):
            continue
        matches[i] = row
        claimed.add(id(row))
    return matches


def _assign(row, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


# --- export -------------------------------------------------------------------------------------

class FlowMap(dict):
    """A mapping written inline (``{necessary: true}``), as ``okr review`` writes review blocks."""


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists, never aliases (the same text is written out each time)."""

    def ignore_aliases(self, data) -> bool:
        return True

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(FlowMap, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data.items(),
                                                                     flow_style=True))


@dataclass
class ExportedSet:
    id: str
    cycle: str
    data: dict   # the set as the structured format writes it: id, owner, level, cycle, objectives
    objectives: list[m.Objective]   # the rows ``data["objectives"]`` were written from, in order


def export_sets(session: Session, *, org: str | None = None, cycle: str | None = None,
                unit: str | None = None, owner: str | None = None,
                sub_units: bool = True) -> list[ExportedSet]:
    """The workspace's sets in the structured format, each whole, in a stable order.

    Filters pick sets (a set is written with all of its objectives, so that ``O<n>`` in references
    means what it says): ``cycle`` by label, ``unit`` the sets owned in that unit's subtree (in the
    unit itself without ``sub_units``), ``owner`` a person's handle or a unit's key.
    """
    org_row = organisation(session, org)
    query = select(m.Objective.cycle_id, m.Objective.owner_id, m.Objective.unit_id).join(
        m.Unit, m.Unit.id == m.Objective.unit_id).where(m.Objective.org_id == org_row.id)
    if cycle:
        cycle_row = session.scalar(select(m.Cycle).where(m.Cycle.org_id == org_row.id, m.Cycle.name == cycle))
        if cycle_row is None:
            raise InputError(f"--cycle {cycle}: no such cycle", expected="the label of a cycle, e.g. 2026-Q3")
        query = query.where(m.Objective.cycle_id == cycle_row.id)
    if unit:
        unit_row = session.scalar(select(m.Unit).where(m.Unit.org_id == org_row.id, m.Unit.key == unit))
        if unit_row is None:
            raise InputError(f"--unit {unit}: no unit with this key", expected="the key of a unit")
        query = query.where(m.Unit.path.startswith(unit_row.path, autoescape=True) if sub_units
                            else m.Objective.unit_id == unit_row.id)
    if owner:
        person = session.scalar(select(m.Person).where(m.Person.org_id == org_row.id,
                                                       m.Person.handle == owner))
        owner_unit = session.scalar(select(m.Unit).where(m.Unit.org_id == org_row.id, m.Unit.key == owner))
        if person is None and owner_unit is None:
            raise InputError(f"--owner {owner}: no person or unit with this handle",
                             expected="a person's handle or a unit's key")
        query = query.where(or_(m.Objective.owner_id == (person.id if person else -1),
                                (m.Objective.owner_id.is_(None)) & (m.Objective.unit_id == (
                                    owner_unit.id if owner_unit else -1))))
    keys = {(c, o, None if o is not None else u) for c, o, u in session.execute(query.distinct())}
    if not keys:
        return []
    return _Exporter(session, org_row).sets(keys)


class _Exporter:
    def __init__(self, session: Session, org: m.Organisation):
        self.s = session
        self.org = org
        self.members: dict[tuple, list[m.Objective]] = {}

    def _members(self, key: tuple) -> list[m.Objective]:
        if key not in self.members:
            cycle_id, owner_id, unit_id = key
            self.members[key] = set_members(self.s, cycle_id, owner_id, unit_id)
        return self.members[key]

    def sets(self, keys: set[tuple]) -> list[ExportedSet]:
        for key in keys:
            self._members(key)
        objectives = [o for key in keys for o in self.members[key]]
        self.cycles = {c.id: c for c in self.s.scalars(select(m.Cycle).where(m.Cycle.org_id == self.org.id))}
        self.people = {p.id: p for p in
                       self.s.scalars(select(m.Person).where(m.Person.org_id == self.org.id))}
        self.units = {u.id: u for u in self.s.scalars(select(m.Unit).where(m.Unit.org_id == self.org.id))}
        self.links: dict[int, m.Alignment] = {}
        children = [o.id for o in objectives]
        for batch in batches(children):
            for link in self.s.scalars(select(m.Alignment).where(m.Alignment.child_id.in_(batch))
                                       .order_by(m.Alignment.id)):
                self.links.setdefault(link.child_id, link)   # a document names one parent: the first link

        def order(key: tuple) -> tuple:
            c = self.cycles[key[0]]
            return (c.start_date, c.end_date, c.name, min(o.id for o in self.members[key]))

        return [self._set(key) for key in sorted(keys, key=order)]

    def _set_id(self, key: tuple) -> str:
        return self.people[key[1]].handle if key[1] is not None else self.units[key[2]].key

    def _set(self, key: tuple) -> ExportedSet:
        cycle = self.cycles[key[0]]
        if key[1] is not None:
            owner, level = self.people[key[1]].name, ObjectiveLevel.PERSONAL.value
        else:
            unit = self.units[key[2]]
            first = self.members[key][0].level
            owner = unit.name
            level = first if first != ObjectiveLevel.PERSONAL.value else _LEVEL_OF_KIND[unit.kind]
        set_id = self._set_id(key)
        data = {"id": set_id, "owner": owner, "level": level, "cycle": _cycle_value(cycle),
                "objectives": [self._objective(o) for o in self.members[key]]}
        return ExportedSet(set_id, cycle.name, data, self.members[key])

    def _objective(self, o: m.Objective) -> dict:
        out: dict[str, Any] = {}
        if o.key:
            out["id"] = o.key
        out["title"] = o.title
        link = self.links.get(o.id)
        if link is not None:
            out["aligns_to"] = self._ref(link)
        if o.review:
            out["review"] = _review_block(o.review)
        if o.key_results:
            out["key_results"] = [_key_result(k) for k in o.key_results]
        return out

    def _ref(self, link: m.Alignment) -> str:
        """``<set-id>.O<n>[.KR<m>]``, or the parent's own key when it has one."""
        if link.parent_kr_id is not None:
            kr = self.s.get(m.KeyResult, link.parent_kr_id)
            if kr.key:
                return kr.key
            parent = self.s.get(m.Objective, kr.objective_id)
        else:
            kr, parent = None, self.s.get(m.Objective, link.parent_objective_id)
            if parent.key:
                return parent.key
        key = (parent.cycle_id, parent.owner_id, None if parent.owner_id is not None else parent.unit_id)
        members = self._members(key)
        if key[1] is not None:
            self.people.setdefault(key[1], self.s.get(m.Person, key[1]))
        else:
            self.units.setdefault(key[2], self.s.get(m.Unit, key[2]))
        ref = f"{self._set_id(key)}.O{[x.id for x in members].index(parent.id) + 1}"
        if kr is not None:
            ref += f".KR{[x.id for x in parent.key_results].index(kr.id) + 1}"
        return ref


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _review_block(data: dict) -> FlowMap:
    review = Review(necessary=data.get("necessary"), sufficient=data.get("sufficient"),
                    note=data.get("note", ""))
    return FlowMap(review_dict(review) or {})


def _key_result(k: m.KeyResult) -> str | dict:
    out: dict[str, Any] = {}
    if k.key:
        out["id"] = k.key
    out["title"] = k.title
    for name in ("start", "target", "current"):
        value = getattr(k, name)
        if value is not None:
            out[name] = _number(value)
    if k.unit is not None:
        out["unit"] = k.unit
    if k.due is not None:
        out["due"] = k.due
    if k.review:
        out["review"] = _review_block(k.review)
    return k.title if list(out) == ["title"] else out


def _cycle_value(cycle: m.Cycle) -> str | FlowMap:
    """The label when it reads back as these very dates, else ``{start, end}``."""
    try:
        parsed = parse_cycle(cycle.name)
    except ValueError:
        parsed = None
    if parsed is not None and (parsed.start, parsed.end) == (cycle.start_date, cycle.end_date) \
            and cycle_kind(parsed.label) is not CycleKind.CUSTOM:
        return parsed.label
    return FlowMap(start=cycle.start_date, end=cycle.end_date)


def _plain_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def render(data: dict, fmt: str = "yaml") -> str:
    """One document's text: YAML (Chinese kept readable, keys in a fixed order) or JSON."""
    if fmt == "json":
        return json.dumps(_plain_json(data), ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=4096)


def render_many(sets: list[ExportedSet], fmt: str = "yaml") -> str:
    """Every set in one ``okrs:`` document; set ids must be unique in it, as the reader demands."""
    seen: dict[str, str] = {}
    for s in sets:
        if s.id in seen:
            raise InputError(f"set id {s.id!r} appears twice (cycles {seen[s.id]} and {s.cycle}): one file "
                             "cannot hold both", expected="--cycle LABEL to export one cycle, or --out DIR")
        seen[s.id] = s.cycle
    return render({"okrs": [s.data for s in sets]}, fmt)


def file_names(sets: list[ExportedSet], fmt: str = "yaml") -> list[str]:
    """``<id>.yaml`` per set; ``<id>.<cycle>.yaml`` where one id has sets in several cycles."""
    suffix = ".json" if fmt == "json" else ".yaml"
    counts = defaultdict(int)
    for s in sets:
        counts[s.id] += 1
    names, used = [], set()
    for s in sets:
        stem = s.id if counts[s.id] == 1 else f"{s.id}.{s.cycle}"
        stem = re.sub(r"[^\w.-]+", "-", stem)
        name, n = stem + suffix, 2
        while name in used:
            name, n = f"{stem}-{n}{suffix}", n + 1
        used.add(name)
        names.append(name)
    return names

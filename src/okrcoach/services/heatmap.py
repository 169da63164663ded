"""A unit's heat map: who beneath the unit supports which of its objectives, and how far they have come.

**Columns** are the unit's own objectives in the cycle (those the unit owns, not its people's), as
the reader may see them. **Rows** are the units one level down (departments under the company,
teams under a department) and, when some of the unit's own people support its objectives, one row
for them together (``members``); a unit with no sub-units has a row per member instead (``person``).

A **cell** answers "what does this row do for this objective?". The objectives that serve a column
are those aligned to it or to one of its KRs, directly or through a chain of alignment links; of
them, a row's are those in the row's subtree (a sub-unit and everything beneath it, people
included) or, for a person, the ones they own. They are counted in two ways:

- ``objectives``: the row's objectives where its support for the column *begins*: those aligned to
  something outside the row (the column itself, another of the unit's objectives, another row's).
  The cell's ``progress`` is the mean of their rolled-up progress, each exactly as the objective's
  own page and the dashboard show it (``services.progress.compute``: weighted KRs, or for an
  objective without KRs the mean of what is aligned to it); ``at_risk`` counts the active ones at
  risk. What is aligned beneath them inside the row is already in their rollup when they have no
  KRs of their own, and is theirs to track when they have: counting it again would weigh a team by
  how many personal objectives it writes rather than by what it commits to the goal.
- ``supporting``: all of the row's objectives that serve the column, those beneath included.

A cell with neither is empty (``progress`` null): the row supports nothing of that objective,
which is worth seeing too. So a department objective aligned to a company KR fills the
department's cell with its progress; a person's objective aligned to a team objective aligned to
the company objective counts for the person's department (through the team objective, which
begins the department's support); a team objective in 注册组 aligned to a 销售部 objective aligned
to the company's counts for 质量部 as well as 销售部 supporting it.

Only what the reader may read counts, and chains run only through objectives they may read
(``services.visibility``), as everywhere else on the dashboard. A chain is followed through
objectives inside the unit's subtree (and from the unit's own objectives); one that leaves the
unit and comes back is not. Objectives of other cycles do not count.

Cost: one query for the columns, one or two for the rows, the alignment links whose child lies in
the unit's subtree (in slices of units, ``storage.batches``), and the rollup of only the
objectives that begin a row's support (a company's hundred or so department objectives, not its
26,000 personal ones). The walk along the links is in Python, once per column.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..workspace.errors import NotFound
from ..workspace.permissions import Actor
from ..workspace.progress import mean
from ..workspace.values import ObjectiveStatus, Role
from ..storage.batches import batches
from .dashboards import resolve_cycle, rounded
from .progress import collector_paused, compute
from .visibility import readable_rows, visible_objectives

UNITS, PEOPLE = "units", "people"   # what the rows are


@dataclass
class Column:
    id: int
    title: str
    status: str
    progress: float     # the objective's own rolled-up progress
    at_risk: bool       # active and at risk


@dataclass
class Cell:
    progress: float | None      # the mean over ``objectives``; None: the row supports nothing of the column
    objectives: int             # the row's objectives where its support begins
    supporting: int             # every objective of the row that serves the column, those beneath included
    at_risk: int                # of ``objectives``, the active ones at risk


@dataclass
class Row:
    kind: str                   # "unit" (a sub-unit), "members" (the unit's own people together), "person"
    id: int                     # the sub-unit's, the unit's own (members), the person's
    name: str
    cells: list[Cell]           # one a column, in the columns' order


@dataclass
class Heatmap:
    unit: m.Unit
    cycle: m.Cycle
    rows_are: str               # "units" or "people"
    columns: list[Column]
    rows: list[Row]


@collector_paused()
def unit_heatmap(session: Session, *, actor: Actor, unit_id: int, cycle_id: int | None,
                 today: dt.date) -> Heatmap:
    """``unit_id``'s sub-units (or people) × its objectives in a cycle, as ``actor`` may see them."""
    unit = session.get(m.Unit, unit_id)
    if unit is None or unit.org_id != actor.org_id:
        raise NotFound(f"unit {unit_id} does not exist")
    cycle = resolve_cycle(session, actor, cycle_id, today)
    readable = visible_objectives(actor)
    columns = session.execute(
        select(m.Objective.id, m.Objective.title, m.Objective.status)
        .join(m.Unit, m.Unit.id == m.Objective.unit_id)
        .where(m.Objective.cycle_id == cycle.id, m.Objective.unit_id == unit.id,
               m.Objective.owner_id.is_(None), readable)
        .order_by(m.Objective.position, m.Objective.id)).all()

    rows_are, heads, row_of_unit, whole_org = _rows(session, unit)
    own_id = unit.id

    def row_of(unit_id: int, owner_id: int | None) -> int | None:
        if unit_id == own_id:   # the unit's own objectives are the columns; its people's, a row
            return None if owner_id is None else owner_id if rows_are == PEOPLE else own_id
        return row_of_unit.get(unit_id)

    # the alignment links into the unit's subtree whose child the reader may read, with the child's row
    # and status, and the parent: an objective, or the objective of the KR it is aligned to
    query = (select(m.Alignment.child_id, m.Objective.unit_id, m.Objective.owner_id, m.Objective.status,
                    m.Alignment.parent_objective_id, m.KeyResult.objective_id)
             .select_from(m.Alignment).join(m.Objective, m.Objective.id == m.Alignment.child_id)
             .join(m.Unit, m.Unit.id == m.Objective.unit_id)
             .outerjoin(m.KeyResult, m.KeyResult.id == m.Alignment.parent_kr_id)
             .where(m.Objective.cycle_id == cycle.id, readable))
    # a company's subtree is its whole organisation (``readable`` keeps to it): no list of units to pass
    slices = [None] if whole_org else batches(row_of_unit)
    conn = session.connection()
    children: dict[int, list[int]] = defaultdict(list)
    row: dict[int, int | None] = {}
    status: dict[int, str] = {}
    for batch in slices:
        links = conn.execute(query if batch is None else query.where(m.Objective.unit_id.in_(batch))).all()
        for child, child_unit, owner, child_status, parent, parent_via_kr in links:
            children[parent if parent is not None else parent_via_kr].append(child)
            if child not in row:
                row[child] = row_of(child_unit, owner)
                status[child] = child_status

    begins: dict[tuple[int, int], set[int]] = defaultdict(set)   # (column, row) -> objectives
    serving: dict[tuple[int, int], set[int]] = defaultdict(set)
    for column_id, *_ in columns:
        seen, stack = {column_id}, [column_id]
        while stack:
            parent = stack.pop()
            parent_row = row.get(parent)
            for child in children.get(parent, ()):
                child_row = row[child]
                if child_row is not None:
                    serving[column_id, child_row].add(child)
                    if child_row != parent_row:
                        begins[column_id, child_row].add(child)
                if child not in seen:
                    seen.add(child)
                    stack.append(child)

    wanted = {c.id for c in columns} | {o for ids in begins.values() for o in ids}
    progress = compute(session, wanted, today=today, visible=readable_rows(actor))
    active = ObjectiveStatus.ACTIVE.value

    def cell(column_id: int, row_key) -> Cell:
        counted = [o for o in begins.get((column_id, row_key), ()) if o in progress]
        return Cell(progress=rounded(mean(progress[o].progress for o in counted)), objectives=len(counted),
                    supporting=len(serving.get((column_id, row_key), ())),
                    at_risk=sum(status[o] == active and progress[o].risk.at_risk for o in counted))

    out_columns = [Column(c.id, c.title, c.status, rounded(progress[c.id].progress),
                          c.status == active and progress[c.id].risk.at_risk)
                   for c in columns if c.id in progress]
    rows = []
    for kind, key, name in heads:
        cells = [cell(c.id, key) for c in out_columns]
        if kind == "members" and not any(x.supporting for x in cells):
            continue   # the unit's own people together: only when they support something
        rows.append(Row(kind, key, name, cells))
    return Heatmap(unit, cycle, rows_are, out_columns, rows)


def _rows(session: Session, unit: m.Unit) -> tuple[str, list[tuple[str, int, str]], dict[int, int], bool]:
    """What the rows are; the rows as (kind, id, name); each unit of the subtree mapped to its row; and
    whether the subtree is the whole organisation.

    Sub-units by name, then the unit's own people together; with no sub-units, the unit's active
    people, managers first (as the dashboard lists them).
    """
    units = session.execute(select(m.Unit.id, m.Unit.parent_id, m.Unit.name, m.Unit.path)
                            .where(m.Unit.org_id == unit.org_id)).all()
    subtree = [u for u in units if u.path.startswith(unit.path)]
    whole_org = len(subtree) == len(units)
    subs = sorted((u for u in subtree if u.parent_id == unit.id), key=lambda u: (u.name, u.id))
    if not subs:
        people = session.execute(
            select(m.Person.id, m.Person.name).join(m.Membership, m.Membership.person_id == m.Person.id)
            .where(m.Membership.unit_id == unit.id, m.Person.is_active.is_(True))
            .order_by(m.Membership.role != Role.MANAGER.value, m.Person.name, m.Person.id)).all()
        return PEOPLE, [("person", p.id, p.name) for p in people], {unit.id: unit.id}, whole_org
    by_path = {u.path: u.id for u in subs}
    row_of_unit = {unit.id: unit.id}
    for u in subtree:   # /1/4/9/: the segment after the unit's own path names the sub-unit
        step = u.path[len(unit.path):].split("/", 1)[0]
        if step:
            row_of_unit[u.id] = by_path[f"{unit.path}{step}/"]
    rows = [("unit", u.id, u.name) for u in subs] + [("members", unit.id, unit.name)]
    return UNITS, rows, row_of_unit, whole_org

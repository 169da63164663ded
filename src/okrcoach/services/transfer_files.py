"""Import and export as files a browser sends and receives (the web app's ``/admin/transfer``).

``okr import`` reads paths; a browser sends names and bytes, which are checked here before any is
parsed: an allowed suffix, a size limit, UTF-8 text (an Excel workbook, .xlsx, is bytes: it travels
through the preview page as base64, and ``documents.spreadsheet`` reads it). Both end in ``transfer.import_documents``, so
the page and the CLI map documents onto the workspace the same way. An import is first previewed:
run for real in a transaction that is then rolled back, so the counts and the checker's findings
shown are exactly those the import will give, and nothing is stored. Only admins transfer: an import
creates people and units, and an export writes every set whole, whoever may read each objective.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.cycles import parse_cycle
from ..domain.errors import InputError
from ..domain.model import Document
from ..documents.load import load_text
from ..documents.spreadsheet import WorkbookError, is_workbook_name, read_workbook
from ..storage import models as m
from ..workspace.errors import Forbidden, Invalid, NotFound
from ..workspace.permissions import Actor, can_administer
from ..workspace.values import CycleState
from . import findings, spreadsheet_export, transfer
from ..storage.batches import batches
from .cycles import list_cycles
from .units import depth, list_units

MAX_FILES = 20
MAX_BYTES = 1024 * 1024          # per file: an OKR document is a few KB
SUFFIXES = (".yaml", ".yml", ".json", ".md", ".txt", ".xlsx")
FORMATS = {"yaml": ("application/yaml; charset=utf-8", ".yaml"),
           "json": ("application/json; charset=utf-8", ".json"),
           "xlsx": (spreadsheet_export.MEDIA_TYPE, ".xlsx")}
SEVERITY_ORDER = {"error": 0, "warning": 1}


def check_may_transfer(actor: Actor) -> None:
    if not can_administer(actor, actor.org_id):
        raise Forbidden("importing and exporting OKR documents is for administrators: an import creates "
                        "people and units")


# --- uploads ------------------------------------------------------------------------------------

@dataclass
class Upload:
    name: str
    text: str                  # UTF-8 decoded, line ends as \n; a workbook's bytes in base64
    workbook: bytes | None = None

    @classmethod
    def of(cls, name: str, raw: bytes) -> Upload:
        if is_workbook_name(name):
            return cls(name, base64.b64encode(raw).decode("ascii"), raw)
        return cls(name, raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"))


def sent_back(name: str, text: str) -> bytes:
    """A file's bytes from the text the preview page carried: base64 for a workbook, else the text.

    Text that is not base64 stays as it is, and is then refused as not being a workbook."""
    if is_workbook_name(name):
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            pass
    return text.replace("\r\n", "\n").encode("utf-8")


@dataclass
class Problem:
    """Why nothing is imported. ``code`` names a check of this module (the page words it in the
    reader's language); a document's own problem has none and says ``what`` and ``expected``."""

    file: str | None
    what: str
    line: int | None = None
    expected: str | None = None
    code: str | None = None   # missing, too_many, duplicate, suffix, too_large, empty, binary, encoding,
    #                           cycle, unit; a workbook's: cell-<kind> (``spreadsheet.CellProblem.kind``)
    sheet: str | None = None  # a workbook's problem: the sheet, the column's header and the cell's text
    column: str | None = None
    value: str | None = None

    @classmethod
    def of(cls, error: InputError) -> Problem:
        return cls(error.file, error.what, error.line, error.expected)

    @classmethod
    def all_of(cls, error: InputError) -> list[Problem]:
        """One problem per cell of a workbook's error (the row as the line), else the error's own."""
        if isinstance(error, WorkbookError):
            return [cls(error.file, p.what, p.row, p.expected, f"cell-{p.kind}", p.sheet, p.column, p.value)
                    for p in error.problems]
        return [cls.of(error)]


def file_name(raw: str) -> str:
    """The name without any folder a browser may send (``C:\\okr\\qa.yaml`` → ``qa.yaml``)."""
    return PurePosixPath(raw.replace("\\", "/")).name.strip()[:200]


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[list[Upload], list[Problem]]:
    """The files (name, bytes) as text, and every file that cannot be read, each named.

    Bytes longer than ``MAX_BYTES`` are refused, so a caller need not read more than one byte past it.
    The same checks run on the preview's upload and on the confirmation's re-sent text."""
    files = [(file_name(name), raw) for name, raw in files if file_name(name) or raw]
    if not files:
        return [], [Problem(None, "choose at least one file", code="missing")]
    if len(files) > MAX_FILES:
        return [], [Problem(None, f"at most {MAX_FILES} files at once", code="too_many")]
    uploads, problems, seen = [], [], set()
    for name, raw in files:
        problem = _check(name, raw, seen)
        if problem:
            problems.append(problem)
            continue
        seen.add(name)
        uploads.append(Upload.of(name, raw))
    return uploads, problems


def _check(name: str, raw: bytes, seen: set[str]) -> Problem | None:
    if not name:
        return Problem(None, "a file has no name", code="missing")
    if name in seen:
        return Problem(name, "two files have this name", code="duplicate")
    if not name.lower().endswith(SUFFIXES):
        return Problem(name, "not an OKR document", expected=", ".join(SUFFIXES), code="suffix")
    if len(raw) > MAX_BYTES:
        return Problem(name, f"larger than {MAX_BYTES // 1024} KB", code="too_large")
    if not raw.strip():
        return Problem(name, "the file is empty", code="empty")
    if is_workbook_name(name):
        return None   # bytes: ``parse`` tells whether they are a workbook
    if b"\x00" in raw:
        return Problem(name, "a binary file, not an OKR document", code="binary")
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return Problem(name, "not UTF-8 text", line=raw[:e.start].count(b"\n") + 1, code="encoding")
    return None


def parse(uploads: list[Upload]) -> tuple[list[Document], list[Problem]]:
    """Every upload read as ``okr check`` reads a file; the problems of all of them, not just the first."""
    docs, problems = [], []
    for upload in uploads:
        try:
            if upload.workbook is not None:
                docs.append(read_workbook(upload.workbook, upload.name))
            else:
                docs.append(load_text(upload.text, upload.name))
        except InputError as error:
            problems += Problem.all_of(error)
    return docs, problems


# --- import -------------------------------------------------------------------------------------

@dataclass
class Options:
    cycle: str = ""   # for sets that name none ("": the active cycle, else the current quarter)
    unit: str = ""    # the unit personal sets join ("": the person's own, else the company)


@dataclass
class SetView:
    outcome: transfer.SetOutcome
    objectives: list[tuple[int, str]]            # (id, title) in the set's order
    findings: list[dict] = field(default_factory=list)


@dataclass
class Outcome:
    """What an import did (or would do): nothing at all when there are ``problems``."""

    problems: list[Problem] = field(default_factory=list)
    report: transfer.ImportReport | None = None
    sets: list[SetView] = field(default_factory=list)


def preview(sessions: sessionmaker, actor: Actor, uploads: list[Upload], options: Options, *,
            today: dt.date, lang: str) -> Outcome:
    """The import done in a transaction of its own that is rolled back: nothing of it is stored."""
    return _in_transaction(sessions, actor, uploads, options, today, lang, keep=False)


def run(sessions: sessionmaker, actor: Actor, uploads: list[Upload], options: Options, *, today: dt.date,
        lang: str) -> Outcome:
    """The import, all or nothing: committed only when every file reads and every set is written."""
    return _in_transaction(sessions, actor, uploads, options, today, lang, keep=True)


def _in_transaction(sessions: sessionmaker, actor: Actor, uploads: list[Upload], options: Options,
                    today: dt.date, lang: str, *, keep: bool) -> Outcome:
    check_may_transfer(actor)
    with sessions() as session:
        session.info["actor_id"] = actor.person_id
        transaction = session.begin()
        try:
            outcome = _import(session, actor, uploads, options, today, lang)
            if keep and not outcome.problems:
                transaction.commit()
            return outcome
        finally:
            if transaction.is_active:
                transaction.rollback()


def _import(session: Session, actor: Actor, uploads: list[Upload], options: Options, today: dt.date,
            lang: str) -> Outcome:
    docs, problems = parse(uploads)
    problems += _check_options(session, actor, options)
    if problems:
        return Outcome(problems)
    org = session.get(m.Organisation, actor.org_id)
    try:
        report = transfer.import_documents(session, docs, today=today, cycle=options.cycle or None,
                                           unit=options.unit or None, org=org.slug, actor_id=actor.person_id)
    except InputError as error:
        return Outcome(Problem.all_of(error))
    return Outcome([], report, _views(session, report, lang))


def _check_options(session: Session, actor: Actor, options: Options) -> list[Problem]:
    problems = []
    if options.cycle and session.scalar(select(m.Cycle.id).where(
            m.Cycle.org_id == actor.org_id, m.Cycle.name == options.cycle)) is None:
        try:
            parse_cycle(options.cycle)
        except ValueError:
            problems.append(Problem(None, f"{options.cycle!r} is not a cycle", code="cycle",
                                    expected="2026-Q4, 2026-H2 or 2026"))
    if options.unit and session.scalar(select(m.Unit.id).where(
            m.Unit.org_id == actor.org_id, m.Unit.key == options.unit)) is None:
        problems.append(Problem(None, f"no unit with the key {options.unit!r}", code="unit"))
    return problems


def _views(session: Session, report: transfer.ImportReport, lang: str) -> list[SetView]:
    """Each set's objectives and the checker's findings on them, a set-level finding once."""
    ids = [i for o in report.outcomes for i in o.objective_ids]
    titles, found = {}, {}
    for batch in batches(ids):
        titles.update(session.execute(select(m.Objective.id, m.Objective.title)
                                      .where(m.Objective.id.in_(batch))).all())
        for f in session.scalars(select(m.StoredFinding).where(m.StoredFinding.objective_id.in_(batch))
                                 .order_by(m.StoredFinding.id)):
            found.setdefault(f.objective_id, []).append(f)
    views = []
    for outcome in report.outcomes:
        unique = {}
        for objective_id in outcome.objective_ids:
            for f in found.get(objective_id, []):
                unique.setdefault((f.rule, f.severity, f.location), findings.public(f, lang))
        ordered = sorted(unique.values(), key=lambda f: (SEVERITY_ORDER.get(f["severity"], 2), f["location"]))
        views.append(SetView(outcome, [(i, titles[i]) for i in outcome.objective_ids], ordered))
    return views


# --- export -------------------------------------------------------------------------------------

@dataclass
class Choices:
    cycles: list[m.Cycle]
    units: list[tuple[m.Unit, int]]   # in tree order, with their depth
    active: str                       # the active cycle's label, "" when none is active


def choices(session: Session, actor: Actor) -> Choices:
    """The cycles and units the forms offer."""
    check_may_transfer(actor)
    cycles, _ = list_cycles(session, actor=actor, limit=200)
    units, _ = list_units(session, actor=actor, limit=5000)
    active = next((c.name for c in cycles if c.state == CycleState.ACTIVE.value), "")
    return Choices(cycles, [(u, depth(u)) for u in units], active)


@dataclass
class Download:
    filename: str
    media_type: str
    content: bytes


def export(session: Session, actor: Actor, *, cycle: str, unit: str, sub_units: bool, fmt: str,
           package: str, lang: str = "zh", tz: dt.tzinfo = dt.timezone.utc) -> Download:
    """The sets chosen, in YAML or JSON: one ``okrs:`` file, or a ZIP with one file per set; or one
    Excel workbook (``spreadsheet_export``, in ``lang``), whatever the package.

    A unit alone is its own set and its people's; with its sub-units, every set owned in its subtree."""
    check_may_transfer(actor)
    if fmt not in FORMATS:
        raise Invalid(f"format {fmt!r}: choose yaml or json (or xlsx, an Excel workbook)", field="format")
    if package not in ("file", "zip"):
        raise Invalid(f"package {package!r}: choose file or zip", field="package")
    org = session.get(m.Organisation, actor.org_id)
    if cycle and session.scalar(select(m.Cycle.id).where(m.Cycle.org_id == org.id,
                                                         m.Cycle.name == cycle)) is None:
        raise Invalid(f"no cycle named {cycle!r}", field="cycle")
    if unit and session.scalar(select(m.Unit.id).where(m.Unit.org_id == org.id, m.Unit.key == unit)) is None:
        raise Invalid(f"no unit with the key {unit!r}", field="unit")
    stem = "-".join(part for part in ("okrs", org.slug, cycle, unit) if part)
    if fmt == "xlsx":
        content = spreadsheet_export.export_workbook(session, org=org.slug, cycle=cycle or None,
                                                     unit=unit or None, sub_units=sub_units, lang=lang, tz=tz)
        if content is None:
            raise NotFound("no OKR set matches this choice: pick another cycle or unit", field="cycle",
                           details={"reason": "nothing"})
        return Download(_safe(stem) + ".xlsx", spreadsheet_export.MEDIA_TYPE, content)
    sets = transfer.export_sets(session, org=org.slug, cycle=cycle or None, unit=unit or None,
                                sub_units=sub_units)
    if not sets:
        raise NotFound("no OKR set matches this choice: pick another cycle or unit", field="cycle",
                       details={"reason": "nothing"})
    media_type, suffix = FORMATS[fmt]
    if package == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for s, name in zip(sets, transfer.file_names(sets, fmt)):
                archive.writestr(name, transfer.render(s.data, fmt).encode("utf-8"))
        return Download(_safe(stem) + ".zip", "application/zip", buffer.getvalue())
    try:
        text = transfer.render_many(sets, fmt)
    except InputError:
        raise Invalid("one owner has sets in several cycles, which one file cannot hold: choose a cycle, "
                      "or download a ZIP with one file per set", field="cycle",
                      details={"reason": "several_cycles"}) from None
    return Download(_safe(stem) + suffix, media_type, text.encode("utf-8"))


def _safe(stem: str) -> str:
    return re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "okrs"

"""Excel workbooks (.xlsx) as companies keep their OKRs: one row per key result, read into ``Document``s.

Pure: bytes in, one ``Document`` (or every problem, each with its sheet, row and column) out. The
decisions, so that any company's sheet reads the same way:

- A sheet is read when one of its first ``HEADER_SCAN`` rows holds an objective and a key-result
  header (``目标``/``关键结果`` and their variants, English too; spaces, brackets and case do not
  matter); rows above it (titles) and other sheets are ignored, and a workbook without one is refused.
- A row is a key result. Its objective is the row's ``目标`` cell, else the one above it: a merged
  cell (openpyxl keeps the value in the top-left cell) or a blank cell under a filled one both mean
  "the same objective". A new, different text starts a new objective; blank rows are skipped.
- The objective's first row says what belongs to the objective: cycle, unit, owner, level, aligns_to.
- Sets: the ``层级`` column names the level; without it an objective is a department's when its
  ``部门`` cell is filled and its ``负责人``'s (personal) otherwise. A personal set is owned by the
  ``负责人`` of the objective's first row, a unit's by its ``部门``; objectives of the same owner,
  level and cycle (or the same hidden set id) form one set, in the order they appear.
- KR owners: the ``关键结果负责人`` column where there is one; else each row's ``负责人`` in a
  unit's set, and in a personal set the rows whose ``负责人`` is not the set's owner.
- ``进度`` (0.6, 60%, "60%" or 60) is read only in a sheet without a ``当前值`` column (where there is
  one, progress is derived from it, and a blank current means "no check-in yet"): a row with a
  ``目标值`` gets current = start + progress × (target − start); a row without becomes a percentage
  KR (start 0, target 100, unit %, current = the percentage).
- Columns the workspace computes or records itself (status, confidence, score) are not read.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain.cycles import Cycle, parse_cycle
from ..domain.errors import InputError
from ..domain.model import Document, KeyResult, Level, Objective, OkrSet

SUFFIXES = (".xlsx", ".xlsm")
HEADER_SCAN = 20          # title rows above the header row
MAX_PROBLEMS = 200        # a report beyond this is not read by anyone: the rest are counted

# field → header texts, normalised as ``_norm`` does. The export's own headers (both languages) are here.
HEADERS: dict[str, tuple[str, ...]] = {
    "cycle": ("周期", "考核周期", "okr周期", "季度", "cycle", "period", "quarter"),
    "unit": ("部门", "负责单位", "负责部门", "所属部门", "部门负责单位", "团队", "department", "dept", "team",
             "owningunit", "orgunit"),
    "owner": ("负责人", "责任人", "执行人", "owner", "responsible", "personincharge"),
    "kr_owner": ("关键结果负责人", "kr负责人", "krowner", "keyresultowner"),
    "objective": ("目标", "目标o", "o", "目标名称", "目标内容", "目标objective", "objective", "objectives"),
    "kr": ("关键结果", "kr", "关键结果kr", "关键成果", "关键结果名称", "关键结果内容", "keyresult", "keyresults"),
    "start": ("起始值", "初始值", "基线值", "基准值", "start", "startvalue", "baseline"),
    "target": ("目标值", "target", "targetvalue"),
    "current": ("当前值", "实际值", "完成值", "current", "currentvalue", "actual"),
    "measure": ("单位", "计量单位", "unit", "unitofmeasure", "measure"),
    "progress": ("进度", "完成进度", "完成率", "完成度", "进展", "progress", "completion"),
    "due": ("截止日期", "截止时间", "完成时间", "截止", "到期日", "due", "duedate", "deadline"),
    "aligns_to": ("对齐", "上级目标", "对齐上级目标", "对齐目标", "alignsto", "alignment", "parent"),
    "level": ("层级", "级别", "level"),
    "set_id": ("okr集编号", "集编号", "setid", "set"),
    "objective_id": ("目标编号", "objectiveid"),
    "kr_id": ("关键结果编号", "krid", "keyresultid"),
}
_FIELD_OF = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
_LEVELS = {"公司": Level.COMPANY, "集团": Level.COMPANY, "company": Level.COMPANY,
           "部门": Level.DEPARTMENT, "department": Level.DEPARTMENT,
           "团队": Level.TEAM, "小组": Level.TEAM, "team": Level.TEAM,
           "个人": Level.PERSONAL, "员工": Level.PERSONAL, "personal": Level.PERSONAL}
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
DATE_EXPECTED = "a date: an Excel date, 2026-12-31, 2026/12/31 or 2026年12月31日"


@dataclass
class CellProblem:
    """Why one cell (or row) cannot be read: where, what it holds, and what was expected."""

    kind: str             # date, number, progress, cycle, level, orphan, untitled, progress_unit,
    #                       not_workbook, unreadable, no_header, no_objective, more: pages word it by this
    sheet: str | None
    row: int | None
    column: str | None    # the header as written in the sheet
    value: str | None     # the cell's text, shortened
    what: str
    expected: str | None = None

    def describe(self) -> str:
        where = " ".join(p for p in (f"[{self.sheet}]" if self.sheet else "",
                                     f"row {self.row}" if self.row else "",
                                     f"column {self.column!r}" if self.column else "") if p)
        text = f"{where}: {self.what}" if where else self.what
        if self.value is not None:
            text += f" ({self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class WorkbookError(InputError):
    """Every problem of one workbook at once; nothing of it is imported."""

    def __init__(self, file: str, problems: list[CellProblem]):
        self.problems = problems
        first = problems[0]
        what = first.describe() if len(problems) == 1 else (
            f"{len(problems)} problems, nothing imported:\n" + "\n".join(f"  - {p.describe()}" for p in problems))
        super().__init__(what, file=file)


def is_workbook_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def read_workbook(raw: bytes, name: str) -> Document:
    """The workbook's OKRs as one document (``path`` = ``name``), or ``WorkbookError`` naming every problem."""
    from openpyxl import load_workbook   # imported here: ``okr check`` on text files need not load it

    if not raw.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(raw)):
        raise WorkbookError(name, [CellProblem("not_workbook", None, None, None, None,
                                               "the file is not an Excel workbook",
                                               "an .xlsx file (in Excel or WPS: Save as → Excel Workbook)")])
    try:
        book = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as e:   # openpyxl raises KeyError, ValueError, zip and XML errors for a broken file
        raise WorkbookError(name, [CellProblem("unreadable", None, None, None, None,
                                               f"the workbook cannot be opened ({type(e).__name__}: {e})",
                                               "an .xlsx file saved by Excel, WPS or LibreOffice")]) from None
    reader = _Reader()
    for sheet in book.worksheets:
        reader.sheet(sheet)
    if not reader.sheets_read:
        raise WorkbookError(name, [CellProblem(
            "no_header", None, None, None, None, "no sheet has a header row with an objective and a key-result column",
            "a row of headers such as 目标 / 关键结果 / 负责人 / 进度 / 截止日期 within the first "
            f"{HEADER_SCAN} rows")])
    if reader.problems:
        shown = reader.problems[:MAX_PROBLEMS]
        if len(reader.problems) > MAX_PROBLEMS:
            shown.append(CellProblem("more", None, None, None, None,
                                     f"and {len(reader.problems) - MAX_PROBLEMS} more problems"))
        raise WorkbookError(name, shown)
    sets = reader.sets()
    if not any(s.objectives for s in sets):
        raise WorkbookError(name, [CellProblem("no_objective", None, None, None, None,
                                               "the sheets hold no objective",
                                               "rows under the header row")])
    return Document(path=name, sets=sets, multi=all(s.id for s in sets), format="xlsx")


# --- cells --------------------------------------------------------------------------------------

def _norm(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header)).lower()
    return re.sub(r"[\s()\[\]【】〔〕<>《》/\\:：*._\-]+", "", text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip() if not isinstance(value, str) else value.strip()


def _shown(value: Any) -> str:
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else _text(value)
    return text if len(text) <= 60 else text[:57] + "…"


class _Bad(ValueError):
    """A cell value that does not read; the message says what was expected."""


def _is_percent_cell(cell) -> bool:
    return cell is not None and "%" in (cell.number_format or "")


def parse_number(value: Any, percent_format: bool = False) -> tuple[float, bool]:
    """A number, and whether it was written as a percentage (60% → 60.0, True)."""
    if isinstance(value, bool):
        raise _Bad("a number")
    if isinstance(value, (int, float)):
        return (float(value) * 100, True) if percent_format else (float(value), False)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    percent = text.endswith("%")
    try:
        return float(text.rstrip("%")), percent
    except ValueError:
        raise _Bad("a number such as 12, 1,200 or 60%") from None


def parse_progress(value: Any, percent_format: bool = False) -> float:
    """Progress as a share (0.6) from 0.6, 60%, "60%" or 60: a bare number above 1 is a percentage."""
    try:
        number, percent = parse_number(value, percent_format)
    except _Bad:
        raise _Bad("progress as 0.6, 60% or 60") from None
    share = number / 100 if percent or number > 1 else number
    if not 0 <= share <= 10:
        raise _Bad("progress from 0% to 1000%")
    return share


def parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        from openpyxl.utils.datetime import from_excel   # an Excel day number without a date format
        return from_excel(value).date()
    found = _DATE_TEXT.match(unicodedata.normalize("NFKC", str(value)).strip())
    if found:
        try:
            return dt.date(*(int(g) for g in found.groups()))
        except ValueError:
            pass
    raise _Bad(DATE_EXPECTED)


def parse_sheet_cycle(value: Any) -> Cycle:
    """2026-Q4, 2026Q4, 2026年Q4, 2026年第四季度, 2026-H2, 2026年下半年, 2026, 2026-10-01..2026-12-31."""
    text = unicodedata.normalize("NFKC", _text(value)).upper().replace(" ", "")
    halves = {"上半年": "H1", "下半年": "H2"}
    if m := re.fullmatch(r"(\d{4})年?(上半年|下半年)", text):
        text = f"{m.group(1)}-{halves[m.group(2)]}"
    elif m := re.fullmatch(r"(\d{4})年?第?([一二三四1-4])季度?", text):
        text = f"{m.group(1)}-Q{_CN_QUARTER[m.group(2)]}"
    elif m := re.fullmatch(r"(\d{4})年?-?([QH][1-4])", text):
        text = f"{m.group(1)}-{m.group(2)}"
    elif m := re.fullmatch(r"(\d{4})年?(?:度)?", text):
        text = m.group(1)
    elif m := re.fullmatch(r"(.+?)(?:\.\.|~|—|至|到)(.+)", text):
        try:
            return parse_cycle({"start": parse_day(m.group(1)), "end": parse_day(m.group(2))})
        except (_Bad, ValueError):
            raise _Bad("a cycle: 2026-Q4, 2026-H2, 2026 or 2026-10-01..2026-12-31") from None
    try:
        return parse_cycle(text)
    except ValueError:
        raise _Bad("a cycle: 2026-Q4, 2026年第四季度, 2026-H2, 2026 or 2026-10-01..2026-12-31") from None


def parse_level(value: Any) -> Level:
    text = _norm(value)
    for name, level in _LEVELS.items():
        if text == name or text == name + "级" or text == name + "okr":
            return level
    raise _Bad("a level: 公司, 部门, 团队 or 个人 (company, department, team, personal)")


# --- rows into sets -----------------------------------------------------------------------------

@dataclass
class _Obj:
    """An objective being read, with what its first row says about its set."""

    objective: Objective
    sheet: str
    row: int
    owner: str
    unit: str
    level: Level | None
    cycle: Cycle | None
    set_id: str
    kr_owner_column: bool
    krs: list[tuple[KeyResult, str]] = field(default_factory=list)   # with the row's 负责人


class _Reader:
    def __init__(self):
        self.problems: list[CellProblem] = []
        self.sheets_read = 0
        self.objectives: list[_Obj] = []

    def sheet(self, ws) -> None:
        found = self._header(ws)
        if found is None:
            return
        header_row, columns = found
        self.sheets_read += 1
        merged = {}
        for block in ws.merged_cells.ranges:
            top_left = ws.cell(block.min_row, block.min_col)
            for row in range(block.min_row, block.max_row + 1):
                for col in range(block.min_col, block.max_col + 1):
                    merged[(row, col)] = top_left
        current: _Obj | None = None
        for row in range(header_row + 1, (ws.max_row or header_row) + 1):
            cells = {name: merged.get((row, col)) or ws.cell(row, col) for name, (col, _) in columns.items()}
            if all(_text(c.value) == "" for c in cells.values()):
                continue
            current = self._row(ws.title, row, columns, cells, current)

    def _header(self, ws) -> tuple[int, dict[str, tuple[int, str]]] | None:
        for row in ws.iter_rows(min_row=1, max_row=min(HEADER_SCAN, ws.max_row or 0)):
            columns: dict[str, tuple[int, str]] = {}
            for cell in row:
                name = _FIELD_OF.get(_norm(cell.value)) if cell.value is not None else None
                if name and name not in columns:
                    columns[name] = (cell.column, _text(cell.value))
            if "objective" in columns and "kr" in columns:
                return row[0].row, columns
        return None

    def _row(self, sheet: str, row: int, columns: dict, cells: dict, current: _Obj | None) -> _Obj | None:
        problems: list[CellProblem] = []

        def read(name: str, kind: str, parse: Callable[..., Any], *percent: bool) -> Any:
            cell = cells.get(name)
            if cell is None or _text(cell.value) == "":
                return None
            try:
                return parse(cell.value, *percent)
            except _Bad as e:
                problems.append(CellProblem(kind, sheet, row, columns[name][1], _shown(cell.value),
                                            f"cannot read {columns[name][1]}", str(e)))
                return None

        def text(name: str) -> str:
            cell = cells.get(name)
            return _text(cell.value) if cell is not None else ""

        title = text("objective")
        object_id = text("objective_id")
        if title and (current is None or title != current.objective.title
                      or (object_id and object_id != (current.objective.id or ""))):
            current = _Obj(Objective(title=title, id=object_id or None, aligns_to=text("aligns_to") or None,
                                     line=row),
                           sheet, row, owner=text("owner"), unit=text("unit"),
                           level=read("level", "level", parse_level),
                           cycle=read("cycle", "cycle", parse_sheet_cycle),
                           set_id=text("set_id"), kr_owner_column="kr_owner" in columns)
            self.objectives.append(current)
        kr = self._key_result(sheet, row, columns, cells, read, text)
        if kr is not None and current is None:
            problems.append(CellProblem("orphan", sheet, row, columns["objective"][1], None,
                                        "a key result with no objective in this row or above it",
                                        "the objective's text in this column, or in a row above"))
        elif kr is not None:
            current.krs.append((kr, text("kr_owner") if current.kr_owner_column else text("owner")))
        self.problems += problems
        return current

    def _key_result(self, sheet: str, row: int, columns: dict, cells: dict, read, text) -> KeyResult | None:
        title = text("kr")
        numbers = {}
        for name in ("start", "target", "current"):
            cell = cells.get(name)
            numbers[name] = read(name, "number", parse_number, _is_percent_cell(cell))
        progress = None   # derived where the sheet states current values: those are what counts
        if "current" not in columns:
            progress = read("progress", "progress", parse_progress, _is_percent_cell(cells.get("progress")))
        due = read("due", "date", parse_day)
        measure = text("measure") or None
        if not title:
            if any(v is not None for v in (*numbers.values(), progress, due)) or measure:
                self.problems.append(CellProblem("untitled", sheet, row, columns["kr"][1], None,
                                                 "values for a key result that has no text",
                                                 "the key result's text in this column"))
            return None
        values = {name: pair[0] for name, pair in numbers.items() if pair is not None}
        if measure is None and any(pair[1] for pair in numbers.values() if pair is not None):
            measure = "%"
        kr = KeyResult(title=title, id=text("kr_id") or None, unit=measure, due=due, line=row, **values)
        if progress is not None:
            if kr.target is not None:
                start = kr.start if kr.start is not None else 0.0
                kr.current = _round(start + progress * (kr.target - start))
            elif measure in (None, "%"):
                kr.start, kr.target, kr.unit, kr.current = 0.0, 100.0, "%", _round(progress * 100)
            else:
                self.problems.append(CellProblem(
                    "progress_unit", sheet, row, columns["progress"][1], _shown(cells["progress"].value),
                    f"progress in {measure!r} without a target value cannot be placed",
                    f"a {columns.get('target', (0, '目标值'))[1]} for this key result, or the unit %"))
        return kr

    def sets(self) -> list[OkrSet]:
        """The objectives grouped into sets by (set id, level, owner, cycle), in order of appearance."""
        sets: dict[tuple, OkrSet] = {}
        for o in self.objectives:
            level = o.level or (Level.DEPARTMENT if o.unit else Level.PERSONAL)
            owner = (o.owner if level is Level.PERSONAL else o.unit) or None
            key = (o.set_id, level, owner, o.cycle.label if o.cycle else None)
            okr_set = sets.get(key)
            if okr_set is None:
                okr_set = sets[key] = OkrSet(id=o.set_id or None, owner=owner, level=level, cycle=o.cycle,
                                             line=o.row)
            for kr, row_owner in o.krs:
                if o.kr_owner_column or level is not Level.PERSONAL or row_owner != owner:
                    kr.owner = row_owner or None
                o.objective.key_results.append(kr)
            okr_set.objectives.append(o.objective)
        return list(sets.values())


def _round(value: float) -> float:
    return round(value, 6)

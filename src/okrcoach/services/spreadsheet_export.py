"""The workspace's OKRs as an Excel workbook (``okr export --format xlsx``, the transfer page's download).

Three sheets: "OKR" (one row per key result, objective cells merged down its rows, progress by
``workspace.progress.kr_progress`` — the one formula — as a percentage), the checker's stored
findings, and the check-ins. The "OKR" sheet is what ``documents.spreadsheet`` reads back: its
headers are among the reader's (in either language), and trailing columns keep what a re-import
needs to be lossless (aligns_to, and hidden: set id, objective id, KR id). Which sets are written is
``transfer.export_sets``'s choice, so the workbook and the YAML export always hold the same sets.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage.batches import batches
from ..workspace.progress import kr_progress
from . import transfer

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    width: int
    number_format: str | None = None
    per_objective: bool = False   # merged down the objective's rows
    hidden: bool = False


OKR_COLUMNS = (
    Column("cycle", "周期", "Cycle", 10, per_objective=True),
    Column("level", "层级", "Level", 8, per_objective=True),
    Column("unit", "部门", "Owning unit", 16, per_objective=True),
    Column("owner", "负责人", "Owner", 10),
    Column("objective", "目标", "Objective", 40, per_objective=True),
    Column("kr", "关键结果", "Key result", 44),
    Column("kr_owner", "关键结果负责人", "KR owner", 10),
    Column("start", "起始值", "Start", 9, "General"),
    Column("target", "目标值", "Target", 9, "General"),
    Column("current", "当前值", "Current", 9, "General"),
    Column("measure", "单位", "Unit", 7),
    Column("progress", "进度", "Progress", 8, "0%"),
    Column("due", "截止日期", "Due", 12, "yyyy-mm-dd"),
    Column("status", "状态", "Status", 9, per_objective=True),
    Column("confidence", "信心", "Confidence", 8, "0%"),
    Column("score", "得分", "Score", 7, "0.00"),
    Column("aligns_to", "对齐", "Aligns to", 18, per_objective=True),
    Column("set_id", "OKR集编号", "Set id", 12, per_objective=True, hidden=True),
    Column("objective_id", "目标编号", "Objective id", 12, per_objective=True, hidden=True),
    Column("kr_id", "关键结果编号", "KR id", 12, hidden=True),
)
FINDING_COLUMNS = (
    Column("cycle", "周期", "Cycle", 10), Column("set", "OKR 集", "Set", 16),
    Column("objective", "目标", "Objective", 40), Column("location", "位置", "Location", 10),
    Column("rule", "规则", "Rule", 22), Column("severity", "级别", "Severity", 8),
    Column("message", "说明", "Message", 60), Column("suggestion", "建议", "Suggestion", 60),
)
CHECK_IN_COLUMNS = (
    # "所属目标", not "目标": with 目标 and 关键结果 side by side the importer would take this for OKRs
    Column("objective", "所属目标", "In objective", 36), Column("kr", "关键结果", "Key result", 40),
    Column("at", "日期", "Date", 17, "yyyy-mm-dd hh:mm"), Column("value", "数值", "Value", 9, "General"),
    Column("confidence", "信心", "Confidence", 8, "0%"), Column("author", "填报人", "Author", 10),
    Column("note", "备注", "Note", 50),
)
SHEETS = {"okr": ("OKR", "OKR"), "findings": ("检查结果", "Findings"), "check_ins": ("签到", "Check-ins")}
WORDS = {
    "zh": {"company": "公司", "department": "部门", "team": "团队", "personal": "个人",
           "draft": "草稿", "in_review": "审核中", "active": "进行中", "closed": "已关闭",
           "error": "错误", "warning": "警告", "info": "提示"},
    "en": {},
}


def export_workbook(session: Session, *, org: str | None = None, cycle: str | None = None,
                    unit: str | None = None, owner: str | None = None, sub_units: bool = True,
                    lang: str = "zh", tz: dt.tzinfo = dt.timezone.utc) -> bytes | None:
    """The chosen sets (as ``transfer.export_sets`` chooses them) as .xlsx bytes; None when none matches."""
    sets = transfer.export_sets(session, org=org, cycle=cycle, unit=unit, owner=owner, sub_units=sub_units)
    if not sets:
        return None
    org_row = transfer.organisation(session, org)
    rows = _Rows(session, org_row, lang, tz)
    for exported in sets:
        rows.add_set(exported)
    return rows.workbook()


class _Rows:
    def __init__(self, session: Session, org: m.Organisation, lang: str, tz: dt.tzinfo):
        self.s, self.org, self.lang, self.tz = session, org, lang, tz
        self.words = WORDS.get(lang, {})
        self.people = {p.id: p for p in session.scalars(select(m.Person).where(m.Person.org_id == org.id))}
        self.units = {u.id: u for u in session.scalars(select(m.Unit).where(m.Unit.org_id == org.id))}
        self.okr: list[list[dict]] = []          # per objective: its rows
        self.objectives: list[tuple[m.Objective, str, str]] = []   # with its set's label and cycle

    def word(self, value: str) -> str:
        return self.words.get(value, value)

    def add_set(self, exported: transfer.ExportedSet) -> None:
        data = exported.data
        personal = data["level"] == "personal"
        for objective, written in zip(exported.objectives, data["objectives"], strict=True):
            self.objectives.append((objective, data["owner"], exported.cycle))
            first = {"cycle": exported.cycle, "level": self.word(data["level"]),
                     "unit": self.units[objective.unit_id].name, "objective": objective.title,
                     "status": self.word(objective.status), "aligns_to": written.get("aligns_to"),
                     "set_id": exported.id, "objective_id": objective.key}
            rows = []
            for kr in objective.key_results or [None]:
                row = dict(first)
                kr_owner = self.people[kr.owner_id].name if kr is not None and kr.owner_id else None
                row["owner"] = data["owner"] if personal else kr_owner
                if kr is not None:
                    row.update(kr=kr.title, kr_owner=kr_owner, start=kr.start, target=kr.target,
                               current=kr.current, measure=kr.unit, due=kr.due, confidence=kr.confidence,
                               score=kr.score, kr_id=kr.key,
                               progress=kr_progress(kr.kind, kr.start, kr.target, kr.current, kr.direction))
                rows.append(row)
            self.okr.append(rows)

    def _findings(self) -> list[dict]:
        by_id = {o.id: (o, label, cycle) for o, label, cycle in self.objectives}
        found: dict[tuple, dict] = {}
        for batch in batches(list(by_id)):
            for f in self.s.scalars(select(m.StoredFinding).where(m.StoredFinding.objective_id.in_(batch))
                                    .order_by(m.StoredFinding.objective_id, m.StoredFinding.id)):
                objective, label, cycle = by_id[f.objective_id]
                text = f.texts.get(self.lang) or f.texts["zh"]
                set_key = (objective.cycle_id, objective.owner_id, objective.unit_id if objective.owner_id is None
                           else None)
                # a set-level finding is stored on each objective of its set: written once
                whole_set = not f.location.startswith("O")
                key = (set_key, f.rule, f.severity, f.location) if whole_set else (f.id,)
                found.setdefault(key, {"cycle": cycle, "set": label,
                                       "objective": None if whole_set else objective.title,
                                       "location": f.location, "rule": f.rule,
                                       "severity": self.word(f.severity), "message": text["message"],
                                       "suggestion": text["suggestion"]})
        return list(found.values())

    def _check_ins(self) -> list[dict]:
        krs = {kr.id: (o, kr) for o, _, _ in self.objectives for kr in o.key_results}
        out = []
        for batch in batches(list(krs)):
            for c in self.s.scalars(select(m.CheckIn).where(m.CheckIn.kr_id.in_(batch))):
                objective, kr = krs[c.kr_id]
                author = self.people.get(c.author_id)
                out.append({"objective": objective.title, "kr": kr.title,
                            "at": c.created_at.astimezone(self.tz).replace(tzinfo=None, microsecond=0),
                            "value": c.value, "confidence": c.confidence,
                            "author": author.name if author else None, "note": c.note or None,
                            "_order": (objective.position, objective.id, kr.position, c.created_at, c.id)})
        return sorted(out, key=lambda r: r["_order"])

    def workbook(self) -> bytes:
        from openpyxl import Workbook   # imported here: only an Excel export needs it

        book = Workbook()
        sheet = book.active
        sheet.title = SHEETS["okr"][self.lang == "en"]
        line = self._head(sheet, OKR_COLUMNS)
        for rows in self.okr:
            for offset, row in enumerate(rows):
                self._write(sheet, OKR_COLUMNS, line + offset, row)
            if len(rows) > 1:
                for i, column in enumerate(OKR_COLUMNS, 1):
                    if column.per_objective or (column.key == "owner" and rows[0]["level"] == self.word("personal")):
                        sheet.merge_cells(start_row=line, end_row=line + len(rows) - 1, start_column=i,
                                          end_column=i)
            line += len(rows)
        for key, columns, rows in (("findings", FINDING_COLUMNS, self._findings()),
                                   ("check_ins", CHECK_IN_COLUMNS, self._check_ins())):
            sheet = book.create_sheet(SHEETS[key][self.lang == "en"])
            line = self._head(sheet, columns)
            for offset, row in enumerate(rows):
                self._write(sheet, columns, line + offset, row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def _head(self, sheet, columns: tuple[Column, ...]) -> int:
        """The bold, frozen header row and the column widths; returns the first data row."""
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        for i, column in enumerate(columns, 1):
            cell = sheet.cell(1, i, column.en if self.lang == "en" else column.zh)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="center")
            dimension = sheet.column_dimensions[get_column_letter(i)]
            dimension.width = column.width
            dimension.hidden = column.hidden
        sheet.freeze_panes = "A2"
        return 2

    def _write(self, sheet, columns: tuple[Column, ...], line: int, row: dict) -> None:
        from openpyxl.styles import Alignment

        for i, column in enumerate(columns, 1):
            value = row.get(column.key)
            if value is None:
                continue
            cell = sheet.cell(line, i, value)
            if column.number_format:
                cell.number_format = column.number_format
            if column.per_objective or isinstance(value, str):
                cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and column.width >= 30)

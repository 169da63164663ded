"""The report as a PDF: A4, the system's Chinese font embedded, charts drawn as vectors.

fpdf2 lays it out: a title block and the summary figures on the first page, the charts
(``reports.charts``' shapes painted with fpdf2's own lines, rectangles and text, so they stay sharp
and their text searchable), the alignment, each objective with its KRs, reflection and review
notes, and the findings left open. Tables repeat their heading row on every page they run onto and
never split a row; Chinese text wraps between any two characters. Page numbers sit in the footer.

Without a Chinese font a Chinese report cannot be written (``fonts.FontMissing`` says what to
install); an English one falls back to Helvetica as long as its text needs nothing beyond Latin-1.
"""
from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from ..services.cycle_report import CycleReport, ObjectiveLine
from . import charts as c
from .fonts import find_cjk_fonts, missing
from .labels import day, kr_values, percent, score, text, word

MARGIN = 18
INK, MUTED, ACCENT, DANGER = (31, 41, 51), (97, 110, 124), (29, 63, 114), (196, 48, 48)
TILE, HEAD_FILL, RULE = (241, 244, 248), (232, 238, 246), (210, 216, 224)
# Helvetica (Latin-1) stands in for the few typographic marks the report uses, when it must.
CORE_SUBSTITUTES = str.maketrans({"–": "-", "→": "->", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'"})


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _strings(report: CycleReport):
    """Every text the report prints that comes from the workspace (for the Latin-1 check)."""
    yield from (report.organisation, report.unit_name, report.cycle_name)
    for o in report.objectives:
        yield from (o.title, o.unit_name, o.owner_name or "", o.reflection, o.review_note)
        yield from (p.objective_title + (p.kr_title or "") + p.unit_name for p in o.parents)
        yield from (k.title + (k.unit or "") + k.review_note for k in o.key_results)
    yield from (f.message + f.location for f in report.findings)


class _Document(FPDF):
    def __init__(self, report: CycleReport) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report, self.language = report, report.lang
        fonts = find_cjk_fonts()
        self.core = fonts is None
        if self.core:
            if report.lang == "zh":
                raise missing("no Chinese font found on this system")
            if not all(_latin1(s.translate(CORE_SUBSTITUTES)) for s in _strings(report)):
                raise missing("the report's objectives hold Chinese text and no Chinese font was found")
            self.family = "helvetica"
        else:
            self.family = "cjk"
            self.add_font("cjk", "", str(fonts.regular.path), collection_font_number=fonts.regular.index)
            self.add_font("cjk", "B", str(fonts.bold.path), collection_font_number=fonts.bold.index)
        self.wrap = WrapMode.CHAR if report.lang == "zh" else WrapMode.WORD
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_title(f"{text(self.language, 'title')}: {report.unit_name} {report.cycle_name}")
        self.set_author(report.organisation)
        self.set_creator("okrcoach")
        self.set_lang("zh-CN" if self.language == "zh" else "en")

    def normalize_text(self, value: str) -> str:
        return super().normalize_text(value.translate(CORE_SUBSTITUTES) if self.core else value)

    def t(self, key: str, **values) -> str:
        return text(self.language, key, **values)

    def font(self, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def header(self) -> None:
        if self.page_no() == 1:
            self.set_fill_color(*ACCENT)
            self.rect(0, 0, self.w, 7, style="F")
            return
        self.font(8, colour=MUTED)
        self.set_y(9)
        r = self.report
        self.cell(0, 4, f"{self.t('title')} · {r.unit_name} · {r.cycle_name}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, 14.5, self.w - MARGIN, 14.5)
        self.set_y(MARGIN + 2)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8, colour=MUTED)
        self.cell(0, 5, self.t("page", n=self.page_no(), total="{nb}"), align="C")

    # --- blocks ------------------------------------------------------------------------------

    def room(self, height: float) -> None:
        """A new page unless ``height`` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, value: str, level: int = 1) -> None:
        self.room(30 if level == 1 else 22)
        self.ln(4 if level == 1 else 2)
        self.font(14 if level == 1 else 11.5, bold=True, colour=ACCENT if level == 1 else INK)
        self.multi_cell(0, 7 if level == 1 else 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap)
        if level == 1:
            self.set_draw_color(*ACCENT)
            self.set_line_width(0.4)
            self.line(MARGIN, self.get_y() + 0.5, self.w - MARGIN, self.get_y() + 0.5)
            self.ln(3)
        else:
            self.ln(1)

    def paragraph(self, value: str, size: float = 9.5, colour=INK, bold: bool = False, fill=None) -> None:
        self.font(size, bold, colour)
        if fill:
            self.set_fill_color(*fill)
        self.multi_cell(0, size * 0.55, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap,
                        fill=bool(fill), padding=(1.5, 2.5) if fill else 0)

    def grid(self, head: list[str], rows: list[list[str]], widths: tuple[float, ...], align: tuple[str, ...],
              size: float = 8.5) -> None:
        self.font(size)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        with super().table(col_widths=widths, width=self.epw, text_align=align, line_height=size * 0.5,
                           headings_style=FontFace(emphasis="BOLD", color=INK, fill_color=HEAD_FILL),
                           borders_layout="HORIZONTAL_LINES",
                           padding=(1.2, 1.5), wrapmode=self.wrap, v_align="TOP") as table:
            for values in [head, *rows]:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(3)

    def chart(self, drawing: c.Drawing) -> None:
        """A drawing across the page, painted shape by shape."""
        k = self.epw / drawing.width
        self.room(drawing.height * k + 12)
        self.font(10, bold=True)
        self.cell(0, 6, drawing.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        x, y = MARGIN, self.get_y() + 1
        for s in drawing.shapes:
            self._paint(s, x, y, k)
        self.set_dash_pattern()
        self.set_y(y + drawing.height * k + 4)

    def _paint(self, s, x: float, y: float, k: float) -> None:
        if isinstance(s, c.Rect):
            self.set_fill_color(*_rgb(s.fill))
            self.rect(x + s.x * k, y + s.y * k, s.w * k, s.h * k, style="F")
        elif isinstance(s, (c.Line, c.Polyline)):
            self.set_draw_color(*_rgb(s.stroke))
            self.set_line_width(s.width * k)
            self.set_dash_pattern(dash=5 * k, gap=4 * k) if s.dashed else self.set_dash_pattern()
            if isinstance(s, c.Line):
                self.line(x + s.x1 * k, y + s.y1 * k, x + s.x2 * k, y + s.y2 * k)
            else:
                self.polyline([(x + px * k, y + py * k) for px, py in s.points], style="D")
        elif isinstance(s, c.Dot):
            self.set_fill_color(*_rgb(s.fill))
            self.circle(x + s.x * k, y + s.y * k, s.r * k, style="F")
        else:
            self.font(s.size * k * 72 / 25.4, s.bold, _rgb(s.fill))
            width = self.get_string_width(s.text)
            shift = {"start": 0, "middle": width / 2, "end": width}[s.anchor]
            self.text(x + s.x * k - shift, y + s.y * k, s.text)

    def tiles(self, figures: list[tuple[str, str, bool]]) -> None:
        """The summary figures, four to a row: (value, label, warn)."""
        gap, per_row, height = 3, 4, 19
        width = (self.epw - gap * (per_row - 1)) / per_row
        top = self.get_y()
        for i, (value, label, warn) in enumerate(figures):
            x, y = MARGIN + (width + gap) * (i % per_row), top + (height + gap) * (i // per_row)
            self.set_fill_color(*TILE)
            self.rect(x, y, width, height, style="F")
            self.set_fill_color(*(DANGER if warn else ACCENT))
            self.rect(x, y, 1.2, height, style="F")
            self.font(16, True, DANGER if warn else INK)
            self.set_xy(x + 4, y + 2.5)
            self.cell(width - 6, 8, value)
            self.font(8.5, colour=MUTED)
            self.set_xy(x + 4, y + 11)
            self.cell(width - 6, 5, label)
        rows = -(-len(figures) // per_row)
        self.set_xy(MARGIN, top + rows * (height + gap) + 2)


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def render(report: CycleReport) -> bytes:
    pdf = _Document(report)
    lang, s = report.lang, report.summary
    pdf.add_page()
    _title(pdf, report)
    pdf.heading(pdf.t("summary"))
    pdf.tiles([(str(s.objectives), pdf.t("objectives"), False), (str(s.key_results), pdf.t("key_results"), False),
               (percent(s.average_progress), pdf.t("average_progress"), False),
               (score(s.average_score), pdf.t("average_score"), False),
               (str(s.at_risk), pdf.t("at_risk"), s.at_risk > 0), (f"{s.scored} / {s.objectives}", pdf.t("scored"), False),
               (str(s.check_ins), pdf.t("check_ins"), False),
               (f"{s.aligned} / {s.objectives}", pdf.t("aligned"), s.orphans > 0)])
    if not report.objectives:
        pdf.paragraph(pdf.t("no_objectives"), colour=MUTED)
        return bytes(pdf.output())
    pdf.heading(pdf.t("charts"))
    for drawing in c.charts(report):
        pdf.chart(drawing)
    if not report.history:
        pdf.paragraph(pdf.t("no_history"), colour=MUTED)
    _alignment(pdf, report)
    pdf.add_page()
    pdf.heading(pdf.t("details"))
    for line in report.objectives:
        _objective(pdf, line)
    pdf.heading(pdf.t("findings"))
    if report.findings:
        pdf.grid([pdf.t("objective"), pdf.t("where"), pdf.t("severity"), pdf.t("message")],
                  [[f"{f.objective_label} {f.objective_title}", f.location, word(lang, f.severity), f.message]
                   for f in report.findings], (52, 18, 16, 88), ("LEFT", "LEFT", "LEFT", "LEFT"))
    else:
        pdf.paragraph(pdf.t("no_findings"), colour=MUTED)
    return bytes(pdf.output())


def _title(pdf: _Document, report: CycleReport) -> None:
    lang = report.lang
    pdf.set_y(22)
    pdf.paragraph(report.organisation, 10, MUTED)
    pdf.ln(1)
    pdf.paragraph(pdf.t("title"), 22, ACCENT, bold=True)
    pdf.ln(1.5)
    pdf.paragraph(f"{report.unit_name} · {report.cycle_name}", 15, INK, bold=True)
    pdf.ln(2)
    pdf.paragraph(f"{pdf.t('unit')}: {report.unit_name} ({report.unit_key})    "
                  f"{pdf.t('period')}: {day(report.cycle_start, lang)} – {day(report.cycle_end, lang)}    "
                  f"{pdf.t('generated')}: {day(report.generated, lang)}", 9, MUTED)
    pdf.ln(2)


def _alignment(pdf: _Document, report: CycleReport) -> None:
    s = report.summary
    pdf.heading(pdf.t("alignment"))
    pdf.paragraph(pdf.t("aligned_line", aligned=s.aligned, total=s.objectives, orphans=s.orphans))
    pdf.ln(2)
    goals = report.goals()
    if goals:
        pdf.grid([pdf.t("company_goal"), pdf.t("count")],
                  [[f"{title} → {kr}" if kr else title, str(n)] for title, kr, n in goals],
                  (150, 24), ("LEFT", "RIGHT"))
    pdf.heading(pdf.t("orphan_list"), 2)
    orphans = [line for line in report.objectives if line.orphan]
    for o in orphans:
        pdf.paragraph(f"•  {o.label} {o.title} ({o.owner_name or o.unit_name})")
    if not orphans:
        pdf.paragraph(pdf.t("no_orphans"), colour=MUTED)


def _objective(pdf: _Document, line: ObjectiveLine) -> None:
    lang = pdf.language
    pdf.room(45)
    pdf.ln(2)
    top = pdf.get_y()
    pdf.font(11.5, True, ACCENT)
    pdf.cell(11, 6, line.label)
    pdf.set_xy(MARGIN + 11, top)
    pdf.font(11.5, True)
    pdf.multi_cell(pdf.epw - 11, 6, line.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=pdf.wrap)
    pdf.ln(0.5)
    owner = line.owner_name or line.unit_name + pdf.t("unit_owned")
    pdf.paragraph(f"{pdf.t('owner')}: {owner}   ·   {pdf.t('unit')}: {line.unit_name}   ·   "
                  f"{pdf.t('level')}: {word(lang, line.level)}   ·   {pdf.t('status')}: {word(lang, line.status)}",
                  8.5, MUTED)
    pdf.paragraph(f"{pdf.t('progress')}: {percent(line.progress)}   ·   {pdf.t('score')}: {score(line.score)}"
                  + (f"   ·   {pdf.t('at_risk')}: " + ", ".join(pdf.t("risk_" + r) for r in line.risk_reasons)
                     if line.at_risk else ""), 9, DANGER if line.at_risk else INK, bold=True)
    for parent in line.parents:
        via = f" → {parent.kr_title}" if parent.kr_title else ""
        pdf.paragraph(f"{pdf.t('supports')}: {parent.objective_title}{via} ({parent.unit_name})", 8.5, MUTED)
    pdf.ln(1.5)
    if line.key_results:
        pdf.grid([pdf.t("kr"), pdf.t("start_target"), pdf.t("current"), pdf.t("progress"), pdf.t("score"),
                   pdf.t("confidence"), pdf.t("due")],
                  [[f"{k.label} {k.title}", *kr_values(k, lang), percent(k.progress), score(k.score),
                    percent(k.confidence), day(k.due, lang, short=True)] for k in line.key_results],
                  (66, 27, 18, 15, 13, 15, 20), ("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT"))
    pdf.room(16)   # the reflection's label never alone at the foot of a page
    pdf.paragraph(pdf.t("reflection"), 9, INK, bold=True)
    pdf.ln(0.5)
    if line.reflection.strip():
        pdf.paragraph(line.reflection.strip(), 9, INK, fill=TILE)
    else:
        pdf.paragraph(pdf.t("no_reflection"), 9, MUTED)
    notes = [n for n in [line.review_note, *(f"{k.label}: {k.review_note}" for k in line.key_results if k.review_note)]
             if n]
    if notes:
        pdf.ln(1)
        pdf.paragraph(pdf.t("review_note"), 9, INK, bold=True)
        for note in notes:
            pdf.paragraph(f"•  {note}", 9)
    pdf.ln(3)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(1)

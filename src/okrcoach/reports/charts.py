"""The report's charts, each described once as a drawing of plain shapes, then written as SVG.

A ``Drawing`` is rectangles, lines, polylines, dots and text in its own units (``WIDTH`` across);
``svg`` writes it for the Markdown report and ``reports.pdf`` paints the very same shapes as
vector graphics in the PDF, so the two reports cannot draw different charts. Labels are fitted to
their room by an estimate of the text's width (a Chinese character is about one em, a Latin
letter about half), which both renderers honour with room to spare.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..services.cycle_report import SCORE_BANDS, CycleReport
from .labels import band_label, percent, score, text

WIDTH = 640
FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
MAX_BARS = 25            # objectives drawn in the bar chart; the rest are counted beneath it

INK, MUTED, GRID = "#1f2933", "#616e7c", "#e3e7ec"
PROGRESS, SCORE, EXPECTED = "#2f6fde", "#2e9d5b", "#9aa5b1"
BAND_COLOURS = ("#d64545", "#e0a100", "#2e9d5b")
BAND_LIGHT = ("#f0a8a8", "#f2d27a", "#9fd8b5")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 2.0
    dashed: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float                 # the baseline
    text: str
    size: float = 11
    fill: str = INK
    anchor: str = "start"    # start | middle | end
    bold: bool = False


@dataclass
class Drawing:
    name: str                # its file name in the Markdown report: ``<name>.svg``
    title: str
    height: float
    shapes: list = field(default_factory=list)
    width: float = WIDTH


def text_width(value: str, size: float) -> float:
    """An estimate, a little generous: wide (CJK) characters one em, others about 0.56 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in value)


def fit(value: str, size: float, room: float) -> str:
    """The text, cut with an ellipsis where it would not fit in ``room``."""
    if text_width(value, size) <= room:
        return value
    while value and text_width(value + "…", size) > room:
        value = value[:-1]
    return value.rstrip() + "…"


def _legend(d: Drawing, x: float, y: float, entries: list[tuple[str, str]]) -> None:
    for colour, label in entries:
        d.shapes += [Rect(x, y - 9, 12, 10, colour), Text(x + 17, y, label, 11, MUTED)]
        x += 17 + text_width(label, 11) + 22


def objective_bars(report: CycleReport) -> Drawing:
    """Each objective's progress (the wide bar) and score (the narrow one), 0–100 % across."""
    lang, lines = report.lang, report.objectives[:MAX_BARS]
    label_room, left, right, top, row = 210, 222, WIDTH - 50, 40, 30
    d = Drawing("progress", text(lang, "chart_progress"), top + row * len(lines) + 42)
    _legend(d, left, 16, [(PROGRESS, text(lang, "progress")), (SCORE, text(lang, "score"))])
    span = right - left
    bottom = top + row * len(lines)
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + span * tick
        d.shapes += [Line(x, top - 6, x, bottom, GRID), Text(x, bottom + 15, percent(tick), 10, MUTED, "middle")]
    for i, line in enumerate(lines):
        y = top + row * i
        d.shapes.append(Text(0, y + 15, fit(f"{line.label}  {line.title}", 11, label_room), 11))
        d.shapes.append(Rect(left, y + 4, span, 12, "#f1f4f8"))
        d.shapes.append(Rect(left, y + 4, max(span * line.progress, 0.5), 12, PROGRESS))
        d.shapes.append(Text(left + span * line.progress + 5, y + 14, percent(line.progress), 10, INK))
        if line.score is not None:
            d.shapes.append(Rect(left, y + 19, max(span * line.score, 0.5), 6, SCORE))
            d.shapes.append(Text(left + span * line.score + 5, y + 26, score(line.score), 9, SCORE))
    if len(report.objectives) > len(lines):
        d.shapes.append(Text(0, bottom + 34, text(lang, "more_objectives", shown=len(lines),
                                                  total=len(report.objectives)), 10, MUTED))
    return d


def score_bands(report: CycleReport) -> Drawing:
    """How many objectives and KRs scored in each grading band (0.0–0.3, 0.4–0.6, 0.7–1.0)."""
    lang = report.lang
    d = Drawing("scores", text(lang, "chart_scores"), 210)
    top, bottom, left = 40, 172, 60
    counts = report.summary.score_bands
    peak = max([n for pair in counts for n in pair] + [1])
    step = max(1, -(-peak // 4))
    peak = step * 4
    _legend(d, left, 16, [(BAND_COLOURS[2], text(lang, "band_objectives")), (BAND_LIGHT[2], text(lang, "band_krs"))])
    for value in range(0, peak + 1, step):
        y = bottom - (bottom - top) * value / peak
        d.shapes += [Line(left, y, WIDTH - 10, y, GRID), Text(left - 8, y + 4, str(value), 10, MUTED, "end")]
    slot = (WIDTH - 10 - left) / len(counts)
    bounds = [*SCORE_BANDS[1:], None]
    for i, (objectives, krs) in enumerate(counts):
        x = left + slot * i + slot / 2
        for offset, n, colour in ((-40, objectives, BAND_COLOURS[i]), (4, krs, BAND_LIGHT[i])):
            h = (bottom - top) * n / peak
            d.shapes.append(Rect(x + offset, bottom - h, 36, max(h, 0.5), colour))
            d.shapes.append(Text(x + offset + 18, bottom - h - 5, str(n), 10, INK, "middle"))
        d.shapes.append(Text(x, bottom + 18, band_label(SCORE_BANDS[i], bounds[i]), 11, INK, "middle"))
    return d


def history(report: CycleReport) -> Drawing | None:
    """The mean progress week by week from check-ins, against where the calendar says it should be."""
    points = report.history
    if not points:
        return None
    lang = report.lang
    d = Drawing("history", text(lang, "chart_history"), 230)
    top, bottom, left, right = 40, 190, 60, WIDTH - 20
    _legend(d, left, 16, [(PROGRESS, text(lang, "progress")), (EXPECTED, text(lang, "expected"))])
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = bottom - (bottom - top) * tick
        d.shapes += [Line(left, y, right, y, GRID), Text(left - 8, y + 4, percent(tick), 10, MUTED, "end")]
    total = max((report.cycle_end - report.cycle_start).days, 1)

    def at(day, value) -> tuple[float, float]:
        return (left + (right - left) * (day - report.cycle_start).days / total, bottom - (bottom - top) * value)

    expected = tuple(at(p.day, p.expected) for p in points)
    line = tuple(at(p.day, p.progress) for p in points)
    d.shapes.append(Polyline((at(report.cycle_start, 0.0), *expected), EXPECTED, 1.5, dashed=True))
    d.shapes.append(Polyline(line, PROGRESS, 2.0))
    d.shapes += [Dot(x, y, 3, PROGRESS) for x, y in line]
    lx, ly = line[-1]
    d.shapes.append(Text(min(lx + 6, right - 30), ly - 6, percent(points[-1].progress), 10, PROGRESS, "start", True))
    shown = points if len(points) <= 8 else points[::2]
    d.shapes += [Text(at(p.day, 0)[0], bottom + 16, f"{p.day.month}/{p.day.day}", 10, MUTED, "middle")
                 for p in shown]
    return d


def charts(report: CycleReport) -> list[Drawing]:
    """The report's charts in the order they appear (no progress line before anyone checked in)."""
    if not report.objectives:
        return []
    return [c for c in (objective_bars(report), score_bands(report), history(report)) if c is not None]


# --- SVG ---------------------------------------------------------------------------------------

def _dash(dashed: bool) -> str:
    return ' stroke-dasharray="5 4"' if dashed else ""


def _svg_shape(s) -> str:
    if isinstance(s, Rect):
        return f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" fill="{s.fill}"/>'
    if isinstance(s, Line):
        return (f'<line x1="{s.x1:.1f}" y1="{s.y1:.1f}" x2="{s.x2:.1f}" y2="{s.y2:.1f}" stroke="{s.stroke}" '
                f'stroke-width="{s.width}"{_dash(s.dashed)}/>')
    if isinstance(s, Polyline):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
        return (f'<polyline points="{points}" fill="none" stroke="{s.stroke}" stroke-width="{s.width}" '
                f'stroke-linejoin="round"{_dash(s.dashed)}/>')
    if isinstance(s, Dot):
        return f'<circle cx="{s.x:.1f}" cy="{s.y:.1f}" r="{s.r}" fill="{s.fill}"/>'
    weight = ' font-weight="bold"' if s.bold else ""
    return (f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" fill="{s.fill}" '
            f'text-anchor="{s.anchor}"{weight}>{escape(s.text)}</text>')


def svg(drawing: Drawing) -> str:
    """The drawing as a standalone SVG document (UTF-8), its title for screen readers."""
    body = "\n".join(_svg_shape(s) for s in drawing.shapes)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width:g}" height="{drawing.height:g}" '
            f'viewBox="0 0 {drawing.width:g} {drawing.height:g}" font-family={quoteattr(FONT)} role="img">\n'
            f'<title>{escape(drawing.title)}</title>\n<rect width="100%" height="100%" fill="#ffffff"/>\n'
            f'{body}\n</svg>\n')

"""End-of-cycle reports: ``services.cycle_report`` gathers the figures, this package lays them out.

``charts`` describes each chart once (SVG for Markdown, vector shapes in the PDF), ``markdown`` and
``pdf`` write the two formats, ``labels`` holds their words in zh and en, ``fonts`` finds the Chinese
font the PDF embeds. ``download`` is the one file the web app and the API send.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..services.cycle_report import CycleReport
from . import markdown, pdf

FORMATS = ("pdf", "md")


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    content: bytes


def stem(report: CycleReport) -> str:
    """``report-qa-2026-Q4``: the file name without its suffix (the unit's key, the cycle's label)."""
    return re.sub(r"[^\w.-]+", "-", f"report-{report.unit_key}-{report.cycle_name}")


def download(report: CycleReport, fmt: str) -> Download:
    """The PDF, or the Markdown and its charts in one zip (``report-qa-2026-Q4.md`` and the
    ``report-qa-2026-Q4-charts/`` folder it refers to)."""
    name = stem(report)
    if fmt == "pdf":
        return Download(f"{name}.pdf", "application/pdf", pdf.render(report))
    rendered = markdown.render(report, f"{name}-charts")
    return Download(f"{name}.zip", "application/zip", markdown.zipped(rendered, f"{name}.md"))

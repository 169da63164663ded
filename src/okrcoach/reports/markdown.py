"""The report as Markdown: one ``.md`` file and its charts as SVG files in a folder beside it.

The charts are files, referenced by relative path (``report-qa-2026-Q4-charts/progress.svg``),
rather than SVG inlined in the text: Markdown viewers (GitLab, GitHub, VS Code, Typora) show
``![…](file.svg)`` images but drop or escape raw ``<svg>`` markup, and a folder of SVGs can be
reused in slides. The web app and the API send the two together as one zip.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..review.atomic import atomic_write
from ..services.cycle_report import CycleReport, ObjectiveLine
from .charts import charts, svg
from .labels import day, kr_values, percent, score, text, word


@dataclass(frozen=True)
class MarkdownReport:
    text: str
    files: dict[str, str]     # relative path -> SVG document


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or " "


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows), ""]


def _quote(value: str) -> list[str]:
    return ["> " + line if line.strip() else ">" for line in value.strip().splitlines()] + [""]


def render(report: CycleReport, folder: str) -> MarkdownReport:
    """The Markdown text, its images under ``folder`` (a path relative to the ``.md`` file)."""
    lang, s = report.lang, report.summary

    def t(key: str, **values) -> str:
        return text(lang, key, **values)

    out = [f"# {t('title')}: {report.unit_name} · {report.cycle_name}", ""]
    out += _table([t("org"), report.organisation],
                  [[t("unit"), f"{report.unit_name} ({report.unit_key})"], [t("cycle"), report.cycle_name],
                   [t("period"), f"{day(report.cycle_start, lang)} – {day(report.cycle_end, lang)}"],
                   [t("generated"), day(report.generated, lang)]])
    out += [f"## {t('summary')}", ""]
    out += _table([t("objectives"), t("key_results"), t("average_progress"), t("average_score"), t("at_risk"),
                   t("scored"), t("check_ins"), t("aligned")],
                  [[str(s.objectives), str(s.key_results), percent(s.average_progress), score(s.average_score),
                    str(s.at_risk), f"{s.scored} / {s.objectives}", str(s.check_ins), f"{s.aligned} / {s.objectives}"]])
    if not report.objectives:
        return MarkdownReport("\n".join(out + [t("no_objectives"), ""]), {})
    files = {}
    out += [f"## {t('charts')}", ""]
    for drawing in charts(report):
        path = f"{folder}/{drawing.name}.svg"
        files[path] = svg(drawing)
        out += [f"### {drawing.title}", "", f"![{drawing.title}]({path})", ""]
    if not report.history:
        out += [t("no_history"), ""]
    out += _alignment(report, t)
    out += [f"## {t('details')}", ""]
    for line in report.objectives:
        out += _objective(line, lang, t)
    out += [f"## {t('findings')}", ""]
    if report.findings:
        out += _table([t("objective"), t("where"), t("severity"), t("message")],
                      [[f"{f.objective_label} {f.objective_title}", f.location, word(lang, f.severity), f.message]
                       for f in report.findings])
    else:
        out += [t("no_findings"), ""]
    return MarkdownReport("\n".join(out), files)


def _alignment(report: CycleReport, t) -> list[str]:
    s = report.summary
    out = [f"## {t('alignment')}", "", t("aligned_line", aligned=s.aligned, total=s.objectives, orphans=s.orphans), ""]
    goals = report.goals()
    if goals:
        out += _table([t("company_goal"), t("count")],
                      [[f"{title} → {kr}" if kr else title, str(n)] for title, kr, n in goals])
    out += [f"### {t('orphan_list')}", ""]
    orphans = [line for line in report.objectives if line.orphan]
    out += [f"- {o.label} {o.title} ({o.owner_name or o.unit_name})" for o in orphans] or [t("no_orphans")]
    return out + [""]


def _objective(line: ObjectiveLine, lang: str, t) -> list[str]:
    meta = [f"{t('owner')}: {line.owner_name or line.unit_name + t('unit_owned')}", f"{t('unit')}: {line.unit_name}",
            f"{t('level')}: {word(lang, line.level)}", f"{t('status')}: {word(lang, line.status)}",
            f"{t('progress')}: {percent(line.progress)}", f"{t('score')}: {score(line.score)}"]
    if line.at_risk:
        meta.append(f"**{t('at_risk')}** ({', '.join(t('risk_' + r) for r in line.risk_reasons)})")
    out = [f"### {line.label} {line.title}", "", " · ".join(meta), ""]
    for parent in line.parents:
        via = f" → {parent.kr_title}" if parent.kr_title else ""
        out += [f"{t('supports')}: {parent.objective_title}{via} ({parent.unit_name})", ""]
    if line.key_results:
        out += _table([t("kr"), t("start_target"), t("current"), t("progress"), t("score"), t("confidence"), t("due")],
                      [[f"{k.label} {k.title}", *kr_values(k, lang), percent(k.progress), score(k.score),
                        percent(k.confidence), day(k.due, lang, short=True)] for k in line.key_results])
    out += [f"**{t('reflection')}**", ""]
    out += _quote(line.reflection) if line.reflection.strip() else [t("no_reflection"), ""]
    notes = [n for n in [line.review_note, *(f"{k.label}: {k.review_note}" for k in line.key_results if k.review_note)]
             if n]
    if notes:
        out += [f"**{t('review_note')}**", "", *(f"- {n}" for n in notes), ""]
    return out


def write(report: MarkdownReport, path: Path) -> None:
    """The ``.md`` at ``path`` and its images beside it, each file written whole."""
    for name, content in report.files.items():
        (path.parent / name).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path.parent / name, content.encode("utf-8"))
    atomic_write(path, report.text.encode("utf-8"))


def zipped(report: MarkdownReport, name: str) -> bytes:
    """The ``.md`` (as ``name``) and its images in one zip, as the web app and the API send it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, report.text)
        for path, content in report.files.items():
            archive.writestr(path, content)
    return buffer.getvalue()

"""Render a report: JSON exactly as ``okr-format.md`` defines it, or text grouped by objective and KR."""
from __future__ import annotations

import json
import os
import sys
from collections import defaultdict

from ..checker.engine import Report
from ..domain.locations import kr_location, objective_location, set_location

_COLOURS = {"error": "31", "warning": "33", "info": "36"}
_LABELS = {"zh": {"error": "错误", "warning": "警告", "info": "提示", "suggestion": "建议",
                  "clean": "未发现问题", "summary": "{files} 个文件,{objectives} 个目标,{key_results} 个关键结果:"
                  "{error} 个错误,{warning} 个警告,{info} 个提示"},
           "en": {"error": "error", "warning": "warning", "info": "info", "suggestion": "suggestion",
                  "clean": "no findings", "summary": "{files} file(s), {objectives} objective(s), {key_results} key "
                  "result(s): {error} error(s), {warning} warning(s), {info} info"}}


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def use_colour(stream=sys.stdout) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (hasattr(stream, "isatty") and stream.isatty())


def render_text(report: Report, lang: str = "zh", colour: bool = False) -> str:
    labels = _LABELS.get(lang, _LABELS["zh"])

    def paint(code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    by_place: dict[tuple[str, str], list] = defaultdict(list)
    for f in report.findings:
        by_place[(f.file, f.location)].append(f)
    lines: list[str] = []
    for doc in report.documents:
        doc_lines: list[str] = []
        for s in doc.sets:
            prefix = doc.prefix(s)
            if found := by_place.get((doc.path, set_location(prefix))):
                doc_lines.append(paint("1", f"  [{set_location(prefix) or s.owner or 'set'}]"))
                doc_lines += _finding_lines(found, "    ", labels, paint)
            for oi, obj in enumerate(s.objectives):
                o_loc = objective_location(prefix, oi)
                o_found = by_place.get((doc.path, o_loc), [])
                k_found = [(ki, kr, by_place.get((doc.path, kr_location(prefix, oi, ki)), []))
                           for ki, kr in enumerate(obj.key_results)]
                if not o_found and not any(f for _, _, f in k_found):
                    continue
                doc_lines.append(paint("1", f"  {o_loc}  {obj.title}"))
                doc_lines += _finding_lines(o_found, "    ", labels, paint)
                for ki, kr, found in k_found:
                    if found:
                        doc_lines.append(f"    KR{ki + 1}  {kr.title}")
                        doc_lines += _finding_lines(found, "      ", labels, paint)
        lines.append(paint("1;4", doc.path))
        lines += doc_lines or ["  " + paint("32", "✓ " + labels["clean"])]
        lines.append("")
    lines.append(labels["summary"].format(**report.summary()))
    return "\n".join(lines)


def _finding_lines(findings, indent, labels, paint) -> list[str]:
    out = []
    for f in findings:
        sev = f.severity.value
        out.append(f"{indent}{paint(_COLOURS[sev], labels[sev])} {paint('2', f.rule)}  {f.message}")
        out.append(f"{indent}  {paint('32', '→ ' + labels['suggestion'])}: {f.suggestion}")
    return out

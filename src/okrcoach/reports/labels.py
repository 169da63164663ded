"""The report's words in its two languages, and how its numbers are written.

The report is a document, not a page: it is written in the language asked for (``--lang``, the
reader's on the web), whatever the language of the process, so its words live here rather than in
the web app's gettext catalogue.
"""
from __future__ import annotations

import datetime as dt

LANGS = ("zh", "en")

TEXT = {
    "zh": {
        "title": "OKR 周期总结报告", "unit": "部门", "cycle": "周期", "period": "起止日期", "generated": "生成日期",
        "org": "组织", "summary": "概览", "objectives": "目标", "key_results": "关键结果",
        "average_progress": "平均进度", "average_score": "平均评分", "at_risk": "有风险", "scored": "已评分目标",
        "check_ins": "进展更新", "aligned": "已对齐目标", "orphans": "未对齐目标",
        "charts": "图表", "chart_progress": "各目标的进度与评分", "chart_scores": "评分分布",
        "chart_history": "周期内的平均进度(按进展更新推算)", "progress": "进度", "score": "评分",
        "expected": "按时间应达到", "more_objectives": "仅显示前 {shown} 个目标,共 {total} 个",
        "no_history": "本周期还没有进展更新,无法绘制进度曲线。", "band_objectives": "目标", "band_krs": "关键结果",
        "alignment": "对齐情况", "aligned_line": "{aligned} / {total} 个目标对齐到上级目标;{orphans} 个未对齐。",
        "supports": "支撑的上级目标", "company_goal": "最终支撑的公司目标 / 关键结果", "count": "目标数",
        "orphan_list": "未对齐的目标", "no_orphans": "所有非公司级目标都已对齐。",
        "details": "目标详情", "owner": "负责人", "status": "状态", "level": "层级", "kr": "关键结果",
        "start_target": "起点 → 目标", "current": "当前", "confidence": "信心", "due": "截止",
        "reflection": "复盘", "review_note": "评审意见", "no_reflection": "尚未填写复盘。",
        "findings": "仍未解决的检查问题", "no_findings": "没有未解决的检查问题。", "where": "位置",
        "severity": "级别", "message": "说明", "objective": "目标", "no_objectives": "该部门在本周期没有可查看的目标。",
        "page": "第 {n} / {total} 页", "unit_owned": "(部门目标)", "risk_low_confidence": "信心低",
        "risk_behind_schedule": "进度落后", "via": "经由",
    },
    "en": {
        "title": "End-of-cycle OKR report", "unit": "Unit", "cycle": "Cycle", "period": "Dates",
        "generated": "Generated", "org": "Organisation", "summary": "Summary", "objectives": "Objectives",
        "key_results": "Key results", "average_progress": "Average progress", "average_score": "Average score",
        "at_risk": "At risk", "scored": "Scored objectives", "check_ins": "Check-ins", "aligned": "Aligned",
        "orphans": "Not aligned", "charts": "Charts", "chart_progress": "Progress and score per objective",
        "chart_scores": "Score distribution", "chart_history": "Average progress over the cycle (from check-ins)",
        "progress": "Progress", "score": "Score", "expected": "Expected by now",
        "more_objectives": "Showing the first {shown} of {total} objectives",
        "no_history": "Nobody has checked in this cycle yet: there is no progress line to draw.",
        "band_objectives": "Objectives", "band_krs": "Key results", "alignment": "Alignment",
        "aligned_line": "{aligned} of {total} objectives support a parent objective; {orphans} support none.",
        "supports": "Supports", "company_goal": "Company objective / key result it leads to", "count": "Objectives",
        "orphan_list": "Objectives aligned to nothing", "no_orphans": "Every objective below company level is aligned.",
        "details": "Objectives in detail", "owner": "Owner", "status": "Status", "level": "Level", "kr": "Key result",
        "start_target": "Start → target", "current": "Current", "confidence": "Confidence", "due": "Due",
        "reflection": "Reflection", "review_note": "Review note", "no_reflection": "No reflection written yet.",
        "findings": "Findings still open", "no_findings": "No findings left open.", "where": "Where",
        "severity": "Severity", "message": "Message", "objective": "Objective",
        "no_objectives": "The unit has no objectives you may read in this cycle.", "page": "Page {n} of {total}",
        "unit_owned": "(unit objective)", "risk_low_confidence": "low confidence",
        "risk_behind_schedule": "behind schedule", "via": "via",
    },
}

WORDS = {
    "zh": {"draft": "草稿", "in_review": "审批中", "active": "进行中", "closed": "已结束", "company": "公司",
           "department": "部门", "team": "团队", "personal": "个人", "error": "错误", "warning": "警告", "info": "提示",
           "milestone": "里程碑", "done": "已完成", "not_done": "未完成"},
    "en": {"draft": "draft", "in_review": "in review", "active": "active", "closed": "closed", "company": "company",
           "department": "department", "team": "team", "personal": "personal", "error": "error",
           "warning": "warning", "info": "info", "milestone": "milestone", "done": "done", "not_done": "not done"},
}


def text(lang: str, key: str, **values) -> str:
    phrase = TEXT[lang][key]
    return phrase.format(**values) if values else phrase


def word(lang: str, value: str) -> str:
    """A stored vocabulary value (status, level, severity) in the report's language."""
    return WORDS[lang].get(value, value)


def band_label(low: float, high: float | None) -> str:
    """"0.0–0.3": a score band as graders write it (its upper end one tenth below the next band)."""
    return f"{low:.1f}–{(high - 0.1) if high is not None else 1.0:.1f}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def score(value: float | None) -> str:
    """0.7, 0.65, 1.0: as graders write scores."""
    if value is None:
        return "–"
    shown = f"{round(value, 2):g}"
    return shown if "." in shown else f"{value:.1f}"


def number(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "–"
    shown = f"{value:g}" if abs(value) < 1e15 else f"{value:.3g}"
    return f"{shown}{'' if unit in (None, '') else (unit if unit == '%' else ' ' + unit)}"


def day(value: dt.date | None, lang: str, *, short: bool = False) -> str:
    """2026年12月31日 in Chinese prose; 2026-12-31 in English and in tables, where room is short."""
    if value is None:
        return "–"
    return f"{value.year}年{value.month}月{value.day}日" if lang == "zh" and not short else value.isoformat()


def kr_values(kr, lang: str) -> tuple[str, str]:
    """A KR's "start → target" and current value; a milestone's is done or not."""
    if kr.kind == "milestone":
        done = kr.current is not None and kr.current >= 1
        return WORDS[lang]["milestone"], WORDS[lang]["done" if done else "not_done"]
    return f"{number(kr.start, kr.unit)} → {number(kr.target, kr.unit)}", number(kr.current, kr.unit)

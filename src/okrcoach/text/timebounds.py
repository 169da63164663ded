"""Does a text bound itself in time? Dates, quarters, relative periods, holidays, "within N weeks".

A response threshold is not a deadline: "48 小时内响应", "投诉后 10 个工作日内完成", "within 24 hours
of creation" or "30 秒以内" say how fast something recurring must happen, not by when the KR is
done. Those are stripped before looking for a time bound (they still make a KR measurable).
"""
from __future__ import annotations

import re

from .identifiers import IDENTIFIERS
from .normalize import arabic

_N = r"\d+(?:\.\d+)?"
_MONTHS_EN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
              r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")

# Thresholds: how fast, after an event or per occurrence. Removed before deadline detection.
THRESHOLD = re.compile(
    "|".join([
        rf"{_N}\s*(?:秒|分钟|分|小时|h|min|s)\s*(?:钟)?\s*(?:内|以内|之内|以下|左右)",
        rf"(?:后|起|收到[^,,。;;]{{0,12}}|下发[^,,。;;]{{0,6}})\s*{_N}\s*个?\s*(?:工作日|自然日|天|日|周|小时)\s*(?:内|以内|之内)",
        rf"{_N}\s*个?\s*(?:工作日|天|日|小时)\s*(?:内|以内|之内)\s*(?:响应|回复|答复|处理|反馈|解决|整改|完成整改|关闭|办结|受理)",
        rf"(?:平均|每[个次份项单]?)[^,,。;;]{{0,12}}?{_N}\s*个?\s*(?:工作日|天|日)\s*(?:内|以内|之内)",
        rf"within\s+{_N}\s+(?:business\s+|working\s+|calendar\s+)?(?:seconds?|minutes?|hours?|days?|weeks?)\s+(?:of|after|from)\b",
        rf"(?:under|below|within|in|at most|less than)\s+{_N}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)\b",
        rf"{_N}\s*(?:seconds?|minutes?|hours?)\s+or\s+(?:less|fewer)",
    ]), re.I)

DEADLINE = re.compile(
    "|".join([
        r"(?<![\d.])(?:19|20)\d{2}\s*(?:年|-\d{1,2}|/\d{1,2}|\s*(?:fy|财年))",  # 2026 年, 2026-09
        r"(?:fy|财年)\s*\d{2,4}",
        r"(?<!个)(?<!每)(?<![\d.])\d{1,2}\s*月(?!\s*\d+\s*[次份])",            # 9 月, 9 月 30 日前
        r"[qQ]\s*[1-4](?![0-9])|[第]?\s*[1-4一二三四]\s*季度|[上下]半年|[hH][12](?![0-9])",
        r"(?:本|这个|当|今|明|下个?|次)\s*(?:季度|月|周|年|年度|半年|财年)",
        r"(?:年|季度?|月)(?:底|末|中|初)|年内|季度内|月内|周内|年度内",
        rf"(?<![\d.]){_N}\s*个?\s*(?:工作日|自然日|天|日|周|星期|个月|月|季度|年)\s*(?:内|以内|之内|之前|前)",
        r"(?:国庆|春节|元旦|中秋|五一|清明|端午|双十一|618)(?:节)?\s*(?:前|之前|以前|后)",
        r"截至|截止",
        rf"\b(?:(?:by|before|in|until|through|during|end of|from|on)\s+)?{_MONTHS_EN}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s*(?:19|20)\d{{2}})?(?=\W|$)",
        rf"\b\d{{1,2}}\s+{_MONTHS_EN}\b",
        r"\b(?:this|next|current|the)\s+(?:quarter|month|half|year|week|cycle|sprint)\b",
        r"\b(?:by|before|until)\s+(?:the\s+)?(?:end|start|beginning|close)\s+of\b",
        r"\b(?:by|before)\s+(?:year|quarter|month)[- ]end\b|\b(?:eoy|eoq|ytd|qtd)\b",
        rf"\bwithin\s+(?:{_N}|one|two|three|four|five|six|eight|ten|twelve)\s+(?:business\s+|working\s+)?(?:days?|weeks?|months?|quarters?|years?)\b",
        r"\b(?:19|20)\d{2}\b",
        r"\b(?:q[1-4]|h[12])\b",
    ]), re.I)


def strip_thresholds(text: str) -> str:
    return THRESHOLD.sub(" ", text)


def time_bound(text: str) -> str | None:
    """The first phrase that bounds the text in time, or None."""
    t = strip_thresholds(IDENTIFIERS.sub(" ", arabic(text)))
    m = DEADLINE.search(t)
    return m.group(0).strip() if m else None


def has_time_bound(text: str) -> bool:
    return time_bound(text) is not None


def mask_time(text: str) -> str:
    """Text without its time phrases and thresholds: what remains says *what*, not *when*."""
    return DEADLINE.sub(" ", THRESHOLD.sub(" ", text))

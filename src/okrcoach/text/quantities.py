"""Numeric targets, frequencies and thresholds: what makes a KR checkable by a number.

Numbers that only name something (ISO 9001, GB/T 27922, v3, 2026, 9 月 30 日, 一级资质, 二类注册证)
are masked first: they are identifiers and dates, not targets.
"""
from __future__ import annotations

import re

from .identifiers import IDENTIFIERS
from .normalize import arabic
from .timebounds import DEADLINE

_N = r"\d+(?:[.,]\d+)*"
QUANTITY = re.compile(
    "|".join([
        rf"{_N}\s*%|{_N}\s*‰|百分之",
        rf"{_N}\s*(?:个|项|次|份|篇|名|家|场|轮|人|条|件|套|本|台|张|位|所|批|门|节|堂|款|种|起|例|笔|户|单|处|座|部|首|"
        rf"元|万|亿|千|百|分|倍|天|日|周|小时|分钟|秒|公里|km|kg|吨|米|平方米|㎡|小时|h|ms|s|min|点)",
        rf"(?:达到|达|提升至|提高到|提升到|提高至|降至|降到|降低到|缩短到|缩短至|控制在|不低于|不少于|不超过|不高于|"
        rf"至少|最多|超过|低于|高于|少于|多于|大于|小于|以上|以下|从|由|增至|减至|增加|减少|为|≥|≤|>|<|=)\s*{_N}",
        rf"{_N}\s*(?:以上|以下|以内|及以上|或以上|或以下)",
        r"(?:零|0)\s*(?:个|项|次|起|例|件|份)?\s*(?:缺陷|不符合|投诉|事故|差错|逾期|失误|遗漏|延误)|(?:缺陷|不符合项?|投诉|事故|差错|逾期|失误|遗漏|延误)[^,,。;;]{0,6}(?:为|是)?\s*(?:零|0)",
        rf"\b{_N}\s*(?:x|times|pts?|points?|percent|bps|k|m|million|billion|thousand|usd|eur|rmb|cny|days?|weeks?|months?|hours?|minutes?|seconds?|people|staff|hires?|clients?|customers?|suppliers?|vendors?|controls?|findings?|audits?|sites?|products?|items?|tickets?|units?|records?)\b",
        rf"[$€¥£]\s*{_N}",
        rf"\b(?:at least|at most|no more than|no fewer than|fewer than|less than|more than|above|below|under|over|up to|"
        rf"from|to|reach(?:es)?|of|exceeds?|≥|≤)\s+\$?{_N}",
        r"\b(?:zero|no)\s+(?:major|critical|open|missed|late|repeat|high|severe|unresolved|overdue)\b|\bzero\b",
        rf"\b{_N}\s*(?:/|out of|of)\s*{_N}\b|{_N}\s*/\s*{_N}",
        rf"\b{_N}\b(?!\s*[-/]\d)",
    ]), re.I)

UNIVERSAL = re.compile(r"全部|所有|全体|全数|100\s*%|均已|一律|逐一|无一|每一|每个|每项|每份|每名|全员|全面覆盖|全覆盖|"
                       r"\b(?:all|every|each|100 ?%|none of)\b", re.I)

FREQUENCY = re.compile(
    r"每\s*(?:\d+\s*)?(?:日|天|周|星期|月|季度?|年|半年|工作日|双周)\s*(?:至少|不少于)?\s*\d*|"
    r"\b(?:daily|weekly|monthly|quarterly|yearly|annually|biweekly|fortnightly)\b|"
    r"\b(?:every|each|per|a|once a|twice a)\s+(?:day|week|month|quarter|year|sprint)\b|\btwice\b|\bonce\b", re.I)


def masked(text: str) -> str:
    """Arabic-numeral text with identifiers and time phrases blanked out."""
    t = arabic(text)
    t = IDENTIFIERS.sub(" ", t)
    return DEADLINE.sub(" ", t)


def quantity(text: str) -> str | None:
    """The first numeric target in the text (after masking dates and identifiers), or None."""
    m = QUANTITY.search(masked(text))
    return m.group(0).strip() if m else None


def universal(text: str) -> str | None:
    m = UNIVERSAL.search(arabic(text))
    return m.group(0) if m else None


def frequency(text: str) -> str | None:
    m = FREQUENCY.search(arabic(text))
    return m.group(0).strip() if m else None

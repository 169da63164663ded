"""Normalisation used before every pattern: full-width forms folded, Chinese numerals read.

``normalize`` keeps the text readable (for quoting) but folds ``100%`` and ``:``
to ASCII. ``arabic`` additionally rewrites Chinese numerals that count something
(三款, 两周, 百分之九十五, 十二月) into digits, for detection only: it never feeds a message.
"""
from __future__ import annotations

import re
import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_NUM = "零〇一二两三四五六七八九十百千万"
# A Chinese numeral is read only where a measure word, a time unit or 分之 follows it, so that
# 统一, 一级, 一次性 and 万一 stay words.
_FOLLOW = r"(?!次(?:性|合格|通过|解决|成功|到位))(?=\s*(?:个|项|次|份|篇|名|家|场|轮|人|条|件|套|本|台|张|位|所|类|批|期|门|节|堂|款|种|周|天|日|月|年|季度|小时|分钟|秒|星期|倍|成|分之|万|亿|元|%))"
_CN_RE = re.compile(rf"(?<![{_CN_NUM}])([{_CN_NUM}]+){_FOLLOW}")
_PERCENT_RE = re.compile(r"百分之\s*([0-9.]+|[零〇一二两三四五六七八九十百]+)")


def cn_to_int(text: str) -> int | None:
    """Read a Chinese numeral up to the ten-thousands (三, 十二, 二十五, 一百零五, 两千); None if not one."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    if all(c in _DIGITS for c in text) and len(text) > 1:  # 二〇二六
        return int("".join(str(_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            unit = _UNITS[c]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
    return total + section + (digit or 0)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def arabic(text: str) -> str:
    """``normalize`` plus Chinese numerals that count or time something rewritten as digits."""
    text = normalize(text)
    text = _PERCENT_RE.sub(lambda m: f"{m.group(1) if m.group(1)[0].isdigit() else cn_to_int(m.group(1))}%", text)

    def repl(m: re.Match) -> str:
        n = cn_to_int(m.group(1))
        return m.group(0) if n is None else str(n)

    return _CN_RE.sub(repl, text)

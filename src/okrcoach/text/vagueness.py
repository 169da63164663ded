"""Is an objective vague? It names no concrete outcome that someone could later verify.

The shape is an abstract verb (推进, 做好, 提升, improve, drive) on an abstract object (相关工作,
管理水平, processes, things) with at most one concrete word left over. "推进资质相关工作" is vague
although 资质 is a domain word: "X 相关工作" is no outcome. "本季度提升资质管理专业能力与团队
协作水平" is not: it names a field and the facets that grow. A number, a standard, a named
document or product makes an objective concrete.
"""
from __future__ import annotations

import re

from .identifiers import IDENTIFIERS
from .lexicon import ABSTRACT_OBJECTS, ABSTRACT_VERBS, GENERIC
from .normalize import arabic, normalize
from .quantities import quantity
from .segment import tag
from .timebounds import mask_time

_MARKERS = re.compile(r"相关工作|各项工作|本职工作|日常工作|各方面|方方面面|多做贡献|自己|自身|\\bthings\\b|\\bstuff\\b")
_ABSTRACT_ZH = set(ABSTRACT_VERBS.split("|")) | set(ABSTRACT_OBJECTS.split("|")) | {
    "管理水平", "工作效率", "工作质量", "贡献", "多", "做", "相关", "各项", "更好", "更", "好", "一些", "方面", "成绩",
    "进步", "成长", "价值", "作用", "努力", "全面", "整体", "良好", "高效"}
_PRONOUNS = {"自己", "自身", "我", "我们", "大家", "本人"}
_EN_ABSTRACT = set("""
    improve enhance support work on strengthen optimize optimise boost foster promote advance deliver achieve pursue
    focus be become make drive get do help better best great good excellence excellent operational operations
    processes process things thing stuff work performance quality efficiency effectiveness capability capabilities
    culture collaboration experience outcomes results overall general various everything more most world class forward ahead across up through along around onward onwards
    world-class our the a an and of to for in on with at things team teams us we my me it its this that those
""".split())
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _is_english(text: str) -> bool:
    letters = sum(c.isascii() and c.isalpha() for c in text)
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    return letters > 2 * cjk


def concrete_words(title: str) -> list[str]:
    """Words of the objective that name something specific (not time, not abstract aims)."""
    t = mask_time(normalize(title))
    if _is_english(t):
        words = _EN_WORD.findall(t)
        return [w for w in words if w.lower() not in _EN_ABSTRACT]
    out = []
    for word, pos in tag(t):
        w = word.strip()
        if (not w or w in _ABSTRACT_ZH or w in GENERIC or w in _PRONOUNS or pos.startswith(("u", "p", "c", "r", "d", "m"))
                or not any("\u4e00" <= c <= "\u9fff" or c.isalnum() for c in w)):
            continue
        out.append(w)
    return out


def vague_reason(title: str) -> str | None:
    """Why the objective is vague (the abstract phrase it rests on), or None when it is concrete."""
    t = normalize(title)
    if quantity(t) or IDENTIFIERS.search(arabic(t)) or "《" in t:
        return None
    concrete = concrete_words(t)
    if m := _MARKERS.search(t):
        return m.group(0) if len(concrete) <= 2 else None
    if len(concrete) <= 1:
        return t
    return None

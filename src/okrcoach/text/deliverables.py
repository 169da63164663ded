"""Checkable deliverables, milestones and ongoing actions: the non-numeric half of measurability.

A KR without a number is still checkable when it names an event that happens or not:
"形成完整的信息文档", "取得甲级资质证书", "完成技术审评", "V5.0 正式发布", "hire a compliance
officer". It is not when it leans on a never-finished activity: "建立常态化沟通机制,实时跟踪…",
"持续关注政策变化", "不断提升全员质量意识", "keep communicating as needed" — or names no
event at all ("提高员工的廉洁意识", "improve team morale").
"""
from __future__ import annotations

import re

from .lexicon import COMPLETION_VERBS, DELIVERABLE_NOUNS, MILESTONE, MILESTONE_EN, ONGOING, ONGOING_EN
from .normalize import normalize

# completion verb, then within a clause a deliverable noun (完成…报告, 取得…证书, 提交…申请)
_DELIVERABLE = re.compile(rf"(?:{COMPLETION_VERBS})[^,,。;;]{{0,30}}?(?:{DELIVERABLE_NOUNS})|"
                          r"(?:形成|输出|出具|编制|完成|发布|印发)《[^》]+》")
_ONGOING = re.compile(ONGOING.replace("及时", "及时(?!间)"))
_MILESTONE = re.compile(MILESTONE)


def deliverable(text: str) -> str | None:
    """A document, certificate, system or other thing the text promises to produce or obtain."""
    m = _DELIVERABLE.search(normalize(text))
    return m.group(0) if m else None


def ongoing(text: str) -> str | None:
    """A qualitative, never-finished action word the text leans on (持续, 加强, keep …), or None."""
    t = normalize(text)
    m = _ONGOING.search(t) or ONGOING_EN.search(t)
    return m.group(0) if m else None


def milestone(text: str) -> str | None:
    """A verb of an event that either happens or not (完成, 通过, 发布, hire, submitted …), or None."""
    t = normalize(text)
    m = _MILESTONE.search(t) or MILESTONE_EN.search(t)
    return m.group(0) if m else None


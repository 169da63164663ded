"""Checkable deliverables and ongoing actions: the non-numeric half of measurability.

"形成完整的信息文档", "取得甲级资质证书", "SOC 2 report received" are checkable without a number:
something exists at the end or it does not. "建立常态化沟通机制", "持续关注政策变化", "keep
communicating as needed" describe activity that never ends in a state anyone can verify.
"""
from __future__ import annotations

import re

from .lexicon import COMPLETION_VERBS, DELIVERABLE_NOUNS, ONGOING, ONGOING_EN, OUTCOME_EN
from .normalize import normalize

# completion verb, then within a clause a deliverable noun (完成…报告, 取得…证书, 提交…申请)
_DELIVERABLE = re.compile(rf"(?:{COMPLETION_VERBS})[^,,。;;]{{0,30}}?(?:{DELIVERABLE_NOUNS})|"
                          rf"(?:{DELIVERABLE_NOUNS})[^,,。;;]{{0,12}}?(?:{COMPLETION_VERBS}|通过|获批|生效|上线|发布)|"
                          r"《[^》]+》[^,,。;;]{0,8}(?:完成|发布|印发|定稿|签字|批准|审批|生效)|"
                          r"(?:形成|输出|出具|编制|完成)《[^》]+》")
_ABSTRACT_TAIL = re.compile(r"(?:机制|意识|氛围|文化|理念|关系|能力|水平|共识|协同|合作)(?:[。.;;]|$)")
_DELIVERABLE_EN = re.compile(
    r"\b(?:report|document|documentation|plan|policy|policies|procedure|sop|certificate|licen[cs]e|permit|"
    r"approval|attestation|registration|submission|dossier|file|checklist|playbook|runbook|guide|manual|"
    r"dashboard|system|tool|page|site|website|intranet|feature|release|version|contract|agreement|minutes|"
    r"review|audit|assessment|analysis|inventory|register|matrix|template|training|course|program|pipeline|"
    r"migration|integration|launch|rollout|portal|database|library|offers?|hires?)\b", re.I)
_DONE_EN = re.compile(
    r"\b(?:completed?|finished|submitted|published|signed|approved|issued|received|obtained|launched|live|"
    r"delivered|deployed|implemented|migrated|updated|filed|granted|passed|held|closed|accepted|rolled out|"
    r"shipped|released|documented|in place|go(?:es)? live|sign(?:ed)? off|signed off|ready|run|conducted|"
    r"define[d]?|build|built|create[d]?|write|written|draft(?:ed)?|produce[d]?|mapped|trained|hired)\b", re.I)


def deliverable(text: str) -> str | None:
    """A checkable thing the text promises to produce or obtain, or None."""
    t = normalize(text)
    if m := _DELIVERABLE.search(t):
        return m.group(0)
    if _DELIVERABLE_EN.search(t) and (_DONE_EN.search(t) or OUTCOME_EN.search(t)):
        return _DELIVERABLE_EN.search(t).group(0)
    return None


def ongoing(text: str) -> str | None:
    """A qualitative, never-finished action word the text leans on, or None."""
    t = normalize(text)
    if m := re.search(ONGOING, t):
        return m.group(0)
    if m := ONGOING_EN.search(t):
        return m.group(0)
    return None


def abstract_tail(text: str) -> bool:
    """The text ends in an abstract object (机制, 意识, 氛围…) that no one can hold in hand."""
    return bool(_ABSTRACT_TAIL.search(normalize(text)))

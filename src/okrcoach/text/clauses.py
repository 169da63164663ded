"""Split an objective into the aims it bundles, and tell a second aim from a purpose or condition.

"完成ISO9001复审并搭建公司新官网" holds two aims; "取得 MDSAP 证书,支撑美国和加拿大市场准入"
holds one aim and its purpose; "完成 ISO 27001 监督审核,且不出现严重不符合项" one aim and a
condition on it.
"""
from __future__ import annotations

import re

from .normalize import normalize
from .timebounds import mask_time

_SPLIT_ZH = re.compile(r"\s*(?:[,,;;]\s*(?:并且|并|同时|且|以及|还要|另外)?|并且|同时|以及|并(?=[\u4e00-\u9fff])|"
                       r"和(?=(?:完成|组织|上线|发布|搭建|建设|推进|开展|举办|启动|招聘|扩充|搬迁|改版|办好|做好|筹办)))\s*")
_EN_VERBS = ("ship|launch|relaunch|rebuild|build|cut|reduce|increase|grow|hire|open|migrate|move|implement|roll|"
             "complete|pass|achieve|deliver|create|set|establish|run|organi[sz]e|host|redesign|refresh|renew|expand|"
             "improve|train|close|publish|introduce|start|stand|win|sign|double|halve|raise|lower|recruit|onboard|"
             "refurbish|relocate|replace|upgrade|overhaul|revamp|hold|plan|prepare|get|obtain|earn|secure|finish|"
             "make|become|lead|cut|also")
_SPLIT_EN = re.compile(rf"\s*(?:;|,?\s+and\s+(?=(?:{_EN_VERBS})\b)|,\s*(?=(?:{_EN_VERBS})\b))\s*", re.I)
# Clauses that serve the first aim rather than adding one.
_SERVING = re.compile(
    r"^(?:以|为|为了|从而|进而|支撑|支持|保障|保证|确保|使|让|满足|具备|维持|保持|保住|助力|实现|达到|不出现|无|零|且无|"
    r"证书|资质|其中|包括|含|即|so that|so|to support|supporting|to enable|enabling|to meet|meeting|ensuring|ensure|"
    r"keeping|keep|without|with|while|in order|to secure|securing|which|that|before|ahead of|by|in time)", re.I)


# A clause that carries the first aim to its end (申报 → 取得批复, 续展 → 获批准): the same aim.
_NEXT_STEP = re.compile(
    r"^(?:并|且|再)?(?:取得|获得|获取|获|拿到|领取|换发|输出|形成|报送|提交|交付|递交|上报|出具|核准|获批|完成备案|"
    r"通过|obtain|receive|get|submit|deliver|file|have it|be granted)", re.I)

# "应收账款逾期率降到 5% 以下", "注册资本增至 20 亿元": a second measure of the same aim, not an aim.
_METRIC = re.compile(r"(?:达到|达|降到|降至|降低到|增至|增加到|提升到|提升至|提高到|提高至|缩短到|缩短至|控制在|不超过|不低于|低于|高于)"
                     r"\s*\d|\d[\d.]*\s*%?\s*(?:以下|以上|以内)|(?:不符合|缺陷|问题|事故)[^,,]{0,4}(?:0|零)\s*(?:项|个|起)")
_ACTION = re.compile(r"^(?:把|将|让|使|完成|组织|上线|发布|搭建|建设|举办|启动|招聘|扩充|搬迁|改版|办好|做好|筹办|开展|建立)")


def aims(title: str) -> list[str]:
    """The separate aims of an objective: its clauses minus purposes, conditions and time phrases."""
    t = normalize(title)
    english = sum(c.isascii() and c.isalpha() for c in t) > len(t) / 2
    parts = [p.strip() for p in (_SPLIT_EN if english else _SPLIT_ZH).split(t) if p and p.strip()]
    out: list[str] = []
    for p in parts:
        if len(re.sub(r"\W", "", mask_time(p))) < 3:  # a time phrase on its own ("By September 30, 2026")
            continue
        if out and len(out[-1].split()) == 1 and out[-1].isascii():  # "Hire and onboard 4 engineers"
            out[-1] = f"{out[-1]} and {p}"
            continue
        if out and re.search(r"\b(?:it|its|them|their|they)\b", p, re.I):  # refers back to the first aim
            continue
        if out and (_SERVING.match(p) or _NEXT_STEP.match(p) or _METRIC.search(p) and not _ACTION.match(p)
                    or len(p) < 4):
            continue
        out.append(p)
    return out

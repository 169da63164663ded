"""The outcome an objective names, and whether a key result states that outcome as reached.

The seed's sufficiency test: with every KR met, is the objective necessarily met? For
"完成某项目甲级资质认证" only a KR that obtains the certification (取得证书, 通过评审) closes
the gap; research, materials and communication KRs do not. For an objective with a numeric
target ("回款额达到 8000 万元", "attrition below 15%") some KR must measure that number.
"""
from __future__ import annotations

import re

from .normalize import arabic, normalize
from .timebounds import DEADLINE

OUTCOME_NOUN_ZH = re.compile(r"认证|资质|证书|注册证|许可证|许可|执照|认定|批复|批准|核准|检查|验收|备案|资格|牌照|"
                             r"延续|续展|延期|换证|换版|复审|再认证|监督审核|审核|上市|挂网|准入|登记|评级|评估")
OUTCOME_NOUN_EN = re.compile(r"\b(?:certificat\w*|certified|ce mark\w*|licen[cs]e|permit|attestation|accreditation|"
                             r"registration|approval|clearance|authori[sz]ation|audit|inspection|recognition|"
                             r"designation|listing|marking|510\(k\)|soc ?2 (?:type ii )?report|report)\b", re.I)
REACHED_ZH = re.compile(r"取得|获得|获取|获批|获|拿到|领取|通过|核发|颁发|换发|下证|发证|出证|签发|入选|进入.{0,6}名单|"
                        r"公示|批准|批复|认定为|保持认证|维持|挂网|上市|无缝衔接")
REACHED_EN = re.compile(r"\b(?:issued|granted|awarded|obtain(?:ed)?|receive[ds]?|received|earn(?:ed)?|pass(?:ed|es)?|"
                        r"approved|cleared|certified|registered|accepted|recommend(?:ed|ation)|clean|unqualified|"
                        r"in hand|on file|ends? with|concluded|closed with|zero major|no major|nai|vai)\b", re.I)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


_PREPARATION = re.compile(r"材料|资料|报告|台账|准备|迎审|申请|申报书|预案|\b(?:preparation|prepare|dossier|application|"
                         r"submission|report|readiness|filing)\b", re.I)
_COMPLETES_PROCESS = re.compile(r"完成[^,,;;]{0,30}?(?:认证|认定|审核|检查|延续|续展|延期|换证|换版|复审|再认证|备案|验收|注册)|"
                                r"\b(?:complete|finish|close)\b[^,;]{0,40}?\b(?:audit|inspection|certification|"
                                r"self-inspection|assessment)\b", re.I)
_ZERO = re.compile(r"(?:严重|重大|主要)?(?:缺陷|不符合项?|问题|偏差)[^,,;;]{0,6}?(?:为\s*)?(?:0|零)\s*(?:项|个|条)?|"
                   r"(?:无|没有)(?:严重|重大)(?:缺陷|不符合)|\b(?:0|zero|no)\s+(?:major|critical)\b", re.I)
_TARGET = re.compile(r"(?:达到|达|降到|降至|降低到|提升到|提升至|提高到|提高至|缩短到|缩短至|增至|控制在|不低于|不超过|低于|以下|以上|%|万元|亿元|"
                     r"\b(?:to|below|under|above|at least|at most|reach|hit)\b\s*[$€¥£]?\s*\d|[$€¥£]\s*\d)", re.I)
_NAMES = re.compile(r"\b(?:ISO|IEC|IATF|GB|GB/T|YY|EN|SOC|AS)[\s/-]*\d[\d.:\-/]*|\b(?![QqHh][1-4]\b)[A-Za-z]+\d+[A-Za-z0-9]*\b", re.I)


def outcome_nouns(title: str) -> set[str]:
    t = normalize(title)
    return {m.lower() for m in OUTCOME_NOUN_ZH.findall(t) + OUTCOME_NOUN_EN.findall(t)} | (
        {"测试", "考试"} & set(re.findall(r"测试|考试", t)))


def seeks_outcome(aim: str) -> bool:
    """The aim is to reach an external outcome (取得资质, 通过检查, obtain the certificate), not to prepare for it."""
    t = normalize(aim)
    if not outcome_nouns(t) or _PREPARATION.search(t):
        return False
    return bool(REACHED_ZH.search(t) or REACHED_EN.search(t) or _COMPLETES_PROCESS.search(t)
                or re.search(r"\b(?:obtain|achieve|secure|get|earn|gain|win)\b", t, re.I))


def states_outcome(kr: str, aim: str) -> bool:
    """The KR says the aim's outcome is reached: the outcome named with a reaching verb or a zero-defect result."""
    t = normalize(kr)
    nouns = outcome_nouns(aim)
    if not any(n in t.lower() for n in nouns | {"证书", "证", "certificate", "licence", "license", "report"}):
        return False
    done = REACHED_ZH.search(t) or REACHED_EN.search(t) or _ZERO.search(t)
    if not done and _COMPLETES_PROCESS.search(normalize(aim)):
        done = re.search(r"完成|\b(?:complete[ds]?|completed|finished|closed?)\b", t, re.I)
    return bool(done)


def target_numbers(aim: str) -> set[str]:
    """Numbers of the aim's own targets ("达到 8000 万元", "below 15%"), when it states one."""
    t = arabic(aim)
    if not _TARGET.search(t):
        return set()
    t = DEADLINE.sub(" ", _NAMES.sub(" ", t))
    return {_canon(n) for n in _NUMBER.findall(t)}


def numbers(text: str) -> set[str]:
    """Numbers a KR measures (its dates and identifiers removed); a zero-miss count stands for 100%."""
    t = arabic(text)
    found = {_canon(n) for n in _NUMBER.findall(_DATES.sub(" ", _NAMES.sub(" ", t)))}
    if _ZERO_MISS.search(t):
        found.add("100")
    return found


_DATES = re.compile(r"(?:19|20)\d{2}\s*年|\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号])?|第?\s*\d+\s*季度|"
                    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b(?:19|20)\d{2}\b", re.I)
_ZERO_MISS = re.compile(r"(?:超时|逾期|遗漏|延误|差错|失误|漏报|迟报)\s*(?:为\s*)?(?:0|零)|(?:0|零)\s*(?:笔|次|份)?\s*(?:超时|逾期|遗漏|延误)|"
                        r"\b(?:zero|no|0)\s+(?:late|missed|overdue)\b", re.I)


def _canon(n: str) -> str:
    return n.rstrip("0").rstrip(".") if "." in n else n

"""The stage of a process a KR measures: preparing, submitting, passing, obtaining, launching …

Two KRs on different stages of one outcome ("提交申请" then "取得证书", 初稿 then 终稿) are both
needed, however alike their words; the necessity test only removes a KR that measures the same
stage as another (nlp-stack §5: no similarity separates these, a rule must).
"""
from __future__ import annotations

import re

from .normalize import normalize

STAGES = {
    "obtain": re.compile(r"取得|获得|获批|拿到|领取|核发|颁发|换发|下证|获证|授权|\b(?:obtain|issued|granted|receive|awarded)", re.I),
    "submit": re.compile(r"提交|递交|报送|上报|申请|申报|\b(?:submit|file|filed|apply|application)", re.I),
    "pass": re.compile(r"通过|合格|\b(?:pass|passed|inspection|clean)", re.I),
    "train": re.compile(r"培训|宣贯|\b(?:train|training|trained)\b", re.I),
    "exam": re.compile(r"考试|考核|\b(?:exam|test)\b", re.I),
    "launch": re.compile(r"发布|上线|投产|\b(?:launch|release|go live|live)\b", re.I),
    "audit": re.compile(r"审核|审计|检查|评审|内审|\b(?:audit|inspection|review)", re.I),
    "fix": re.compile(r"整改|关闭|复查|\b(?:remediat|close|fix)", re.I),
}
_METRIC = re.compile(r"(?:至少|突破|超过|最多|少于|多于|不低于|不高于|不少于|不超过|低于|高于|降至|降到|提升至|提升到|达到|以上|以下|≥|≤|%|"
                     r"\b(?:at least|at most|below|above|under|over|or (?:less|more|higher|lower)|drops?|rate)\b)", re.I)
# Words that name mutually exclusive steps or grades: two KRs that differ in one are different steps.
_EXCLUSIVE = [set(g.split()) for g in (
    "初稿 终稿 定稿 草稿 征求意见稿 送审稿", "第一轮 第二轮 第三轮 首轮 第1轮 第2轮 第3轮 一轮 二轮", "初审 复审 终审 预审",
    "一阶段 二阶段 第一阶段 第二阶段 第一批 第二批", "内审 外审", "自查 自评 模拟 正式", "高风险 中风险 低风险",
    "严重 一般 轻微", "主要 次要", "新增 存量", "线上 线下", "国内 海外 境外", "上半年 下半年", "试点 推广 全面",
    "draft final", "first second third", "high medium low", "major minor critical", "internal external",
    "mock real", "pilot rollout")]


def stages(text: str) -> set[str]:
    t = normalize(text)
    return {name for name, pattern in STAGES.items() if pattern.search(t)}


def is_metric(text: str) -> bool:
    return bool(_METRIC.search(normalize(text)))


def different_steps(a: str, b: str) -> bool:
    """True when the two KRs measure different steps or kinds of result, so neither implies the other."""
    sa, sb = stages(a), stages(b)
    if sa and sb and not (sa & sb):
        return True
    if is_metric(a) != is_metric(b):
        return True
    ta, tb = normalize(a).lower(), normalize(b).lower()
    for group in _EXCLUSIVE:
        wa = {w for w in group if w in ta}
        wb = {w for w in group if w in tb}
        if wa and wb and wa != wb:
            return True
    return False

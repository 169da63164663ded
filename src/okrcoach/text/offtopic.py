"""How much a text reads like workplace side activity rather than work toward an outcome.

Unrelated KRs slipped under an objective are, in practice, mostly of one kind: social events,
office logistics and unrelated internal projects (团建, 聚餐, 羽毛球比赛, a website redesign, an
office move, a fire drill). The prototypes below describe that *kind* in both languages; a KR is
compared with them by meaning, so "summer picnic" or "部门烧烤" match without being listed.
The score is only ever used together with the KR's weak relation to its own objective.
"""
from __future__ import annotations

PROTOTYPES = (
    "组织部门团建活动", "部门聚餐", "公司年会", "羽毛球比赛", "员工生日会", "员工食堂满意度调查", "公司官网首页改版",
    "办公室搬迁和工位调整", "消防演练", "员工年度体检", "PPT 制作技巧分享", "办公室绿植", "公司庆典", "趣味运动会",
    "team building event", "summer picnic", "team barbecue", "holiday party", "company website redesign",
    "office move", "cafeteria menu", "sports tournament", "fire drill", "annual health check",
    "office plants and lobby decoration", "birthday celebration",
)


def offtopic_score(analyzer, text: str) -> float:
    """Highest similarity of the text to the side-activity prototypes (about -0.1 … 0.8)."""
    return float((analyzer.matrix(PROTOTYPES) @ analyzer.vectors([text])[0]).max())

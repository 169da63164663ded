"""The demo company: the seed article's story as a live workspace, for ``okr demo`` and ``okr serve --demo``.

华康医疗器械, a medical-device maker, in the current quarter. The company's quarterly OKR has the
key result the article starts from (“实现三款新型设备上市”); the quality and registration
department supports it with the article's Grade-A certification objective (as the corrected
template writes it, with measurable KRs), R&D and Sales with their own; a qualification
specialist carries the article's personal-growth OKR. Twelve people (one admin, unit managers,
members), a few weeks of weekly check-ins (some objectives on track, some at risk), comments,
and one draft with six KRs that breaks the seed's “at most 5” rule on purpose, so the checker
has something to show; and the qualification work behind the company KR (``demo_qualifications``).

Everything is placed relative to today, so the demo always looks current; everything else comes
from ``random.Random(SEED)``, so two runs on the same day build the same workspace.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage.models import Base
from ..workspace.progress import direction_of
from ..workspace.values import CycleKind, CycleState, ObjectiveStatus, Role
from . import demo_qualifications, findings, tokens
from .passwords import hash_password
from .transfer import current_quarter, kr_kind, new_unit

PASSWORD = "okrcoach-demo"          # every demo account's password (documented in ``okr demo --help``)
SEED = 20250421                     # the seed article's date: the demo's random choices
ORG_NAME, ORG_SLUG = "华康医疗器械", "huakang"
EMAIL_DOMAIN = "huakang-demo.example"
ADMIN = "wangjg"

# key, name, kind, parent
UNITS = [
    ("hk", "华康医疗器械", "company", None),
    ("rd", "研发部", "department", "hk"),
    ("rd-device", "新品开发组", "team", "rd"),
    ("qa", "质量与注册部", "department", "hk"),
    ("qa-cert", "资质管理组", "team", "qa"),
    ("sales", "销售部", "department", "hk"),
    ("sales-east", "华东大区", "team", "sales"),
]

# handle, name, job title (shown in the printout), unit, role
PEOPLE = [
    ("wangjg", "王建国", "总经理", "hk", Role.MANAGER),
    ("chenjing", "陈静", "研发部经理", "rd", Role.MANAGER),
    ("zhaolei", "赵磊", "新品开发组组长", "rd-device", Role.MANAGER),
    ("sunli", "孙莉", "硬件工程师", "rd-device", Role.MEMBER),
    ("liumin", "刘敏", "质量与注册部经理", "qa", Role.MANAGER),
    ("zhouyan", "周燕", "资质管理组组长", "qa-cert", Role.MANAGER),
    ("wufang", "吴芳", "资质专员", "qa-cert", Role.MEMBER),
    ("zhengkai", "郑凯", "注册专员", "qa-cert", Role.MEMBER),
    ("huangwei", "黄伟", "销售部经理", "sales", Role.MANAGER),
    ("linxiao", "林晓", "华东大区经理", "sales-east", Role.MANAGER),
    ("hejun", "何军", "销售代表", "sales-east", Role.MEMBER),
    ("xuting", "徐婷", "销售代表", "sales-east", Role.MEMBER),
]


@dataclass
class K:
    """A key result: ``target`` None is a milestone; ``due`` in weeks from the cycle's start (None: end)."""

    title: str
    start: float | None = 0
    target: float | None = None
    unit: str | None = None
    owner: str | None = None
    due: int | None = None
    weight: float = 1.0


@dataclass
class O:
    ref: str                      # how other objectives name it: "hk-1", KRs "hk-1.KR1"
    owner: str                    # "unit:qa" or a person's handle
    level: str
    title: str
    krs: list[K]
    aligns_to: str | None = None
    approver: str | None = None   # None: still a draft
    status: str = ObjectiveStatus.ACTIVE.value
    pace: str = "on_track"        # or "at_risk": how the check-ins go
    visibility: str = "public"
    comments: list[tuple[str, str]] = field(default_factory=list)   # (author, text)


def objectives(q: str, end: str) -> list[O]:
    """The company's OKRs; ``q`` is the quarter ("Q4"), ``end`` its last day ("12 月 31 日")."""
    return [
        O("hk-1", "unit:hk", "company", f"{q} 季度以三款新型设备上市带动营收增长", [
            K(f"{q} 季度实现三款新型设备上市:3 款新型设备取得 NMPA 注册证并正式发售", 0, 3, "款", "liumin",
              weight=2.0),
            K("新产品季度销售额达到 1200 万元", 0, 1200, "万元", "huangwei"),
            K("新增 40 家二级以上医院客户", 0, 40, "家", "huangwei"),
        ], approver="wangjg"),
        O("hk-2", "unit:hk", "company", f"{q} 季度通过 ISO 13485 监督审核,质量体系零重大不符合项", [
            K("客户投诉平均闭环时间从 15 天缩短到 7 天", 15, 7, "天", "liumin"),
            K(f"{end}前通过 ISO 13485 监督审核,重大不符合项 0 项", None, None, None, "liumin"),
        ], approver="wangjg"),
        O("rd-1", "unit:rd", "department", f"{end}前完成三款新型设备的设计验证与型式检验", [
            K("3 款设备完成设计验证并形成验证报告", 0, 3, "款", "zhaolei", due=8),
            K("3 款设备型式检验一次通过率 100%", 0, 100, "%", "sunli", due=10),
            K("关键物料完成 2 项国产化替代验证", 0, 2, "项", "chenjing"),
        ], aligns_to="hk-1.KR1", approver="wangjg"),
        O("qa-1", "unit:qa", "department", f"在 {q} 季度末前完成某项目甲级资质认证", [
            K("在 3 周内,系统梳理该资质申报所需的最新政策法规、行业标准及申报流程,形成完整的信息文档",
              None, None, None, "wufang", due=3),
            K("完成申报材料的撰写、内部审核与修订工作,确保材料内容 100% 符合评审要求", 0, 100, "%", "zhouyan",
              due=8),
            K("评审反馈问题 48 小时内响应率 100%,每周至少与评审机构同步 1 次审核进度并形成沟通记录",
              0, 100, "%", "zhouyan"),
            K(f"{end}前通过专家评审并取得甲级资质证书", None, None, None, "liumin", weight=2.0),
        ], aligns_to="hk-1.KR1", approver="wangjg",
            comments=[("liumin", "评审机构下周到现场核查,申报材料请周四前定稿。"),
                      ("zhouyan", "收到,政策法规梳理文档已归档到共享盘。")]),
        O("qa-2", "unit:qa", "department", f"{end}前三款新型设备全部取得 NMPA 医疗器械注册证", [
            K("3 款设备注册申报资料提交并获国家药监局受理", 0, 3, "款", "zhengkai", due=6),
            K("技术审评发补意见 10 个工作日内完成回复,按时回复率 100%", 0, 100, "%", "zhengkai"),
            K(f"{end}前 3 款设备取得医疗器械注册证", 0, 3, "款", "liumin"),
        ], aligns_to="hk-1.KR1", approver="wangjg", pace="at_risk",
            comments=[("wangjg", "注册进度直接影响三款新品上市,请每周一同步阻塞问题。")]),
        O("sales-1", "unit:sales", "department", "新产品上市首季度实现销售额 1200 万元", [
            K("新品签约二级以上医院 40 家", 0, 40, "家", "linxiao"),
            K("新品销售额 1200 万元", 0, 1200, "万元", "huangwei"),
            K("举办 6 场新品学术推广会,每场到会医生不少于 50 人", 0, 6, "场", "xuting"),
        ], aligns_to="hk-1.KR2", approver="wangjg", pace="at_risk",
            comments=[("huangwei", "华东签约进度偏慢,下周一起过一遍重点医院名单。")]),
        O("east-1", "unit:sales-east", "team", "华东大区新品签约二级以上医院 15 家", [
            K("完成 30 家目标医院的新品演示", 0, 30, "家", "hejun"),
            K("签约 15 家二级以上医院", 0, 15, "家", "linxiao"),
        ], aligns_to="sales-1.KR1", approver="huangwei", pace="at_risk"),
        O("wufang-1", "wufang", "personal", "本季度提升资质管理专业能力与团队协作水平", [
            K("完成 3 项资质管理相关专业课程学习,并输出学习总结报告", 0, 3, "项", "wufang"),
            K("主导或参与 1 次部门内部资质管理经验分享会,促进团队知识共享", 0, 1, "次", "wufang"),
            K("优化 1 项现有资质管理工作流程,提升工作效率与质量", 0, 1, "项", "wufang"),
        ], aligns_to="qa-1", approver="zhouyan", visibility="unit"),
        O("zhengkai-1", "zhengkai", "personal", "第 6 周前完成 3 款新型设备的注册申报资料并提交", [
            K("3 份产品技术要求定稿并通过内部评审", 0, 3, "份", "zhengkai", due=5),
            K("3 份临床评价资料通过内部审核", 0, 3, "份", "zhengkai", due=6),
        ], aligns_to="qa-2.KR1", approver="zhouyan", pace="at_risk"),
        O("zhaolei-1", "zhaolei", "personal", "完成新型便携式监护仪的设计验证", [
            K("设计验证测试用例执行率 100%", 0, 100, "%", "zhaolei", due=8),
            K("遗留严重缺陷从 12 个降到 0 个", 12, 0, "个", "zhaolei", due=8),
        ], aligns_to="rd-1.KR1", approver="chenjing"),
        O("xuting-1", "xuting", "personal", f"{q} 季度完成 3 场新品学术推广会", [
            K("3 场推广会到会医生合计 150 人", 0, 150, "人", "xuting"),
            K("收集有效试用意向 20 份", 0, 20, "份", "xuting"),
        ], aligns_to="sales-1.KR3", approver=None, status=ObjectiveStatus.IN_REVIEW.value),
        # The rule breaker: six KRs (the seed: keep KRs within five). Left a draft, as its owner would.
        O("hejun-1", "hejun", "personal", "提升华东新客户开发能力", [
            K("拜访 20 家目标医院设备科", 0, 20, "家", "hejun"),
            K("完成 10 场产品演示", 0, 10, "场", "hejun"),
            K("提交 8 份投标方案", 0, 8, "份", "hejun"),
            K("签约 5 家新医院", 0, 5, "家", "hejun"),
            K("新品销售额 200 万元", 0, 200, "万元", "hejun"),
            K("客户满意度调查得分达到 90 分", 0, 90, "分", "hejun"),
        ], aligns_to="east-1", approver=None, status=ObjectiveStatus.DRAFT.value,
            comments=[("linxiao", "KR 太多了,请合并到 5 个以内再提交审核。")]),
    ]


_NOTES = {
    "on_track": ["按计划推进。", "本周完成既定节点。", "进展顺利,无阻塞。", "与相关部门对齐,节奏正常。"],
    "at_risk": ["进度滞后,正在协调资源。", "外部审评节奏慢于预期。", "客户决策周期拉长,需要支持。",
                "本周有阻塞,已上报负责人。"],
}


@dataclass
class DemoResult:
    org: str
    cycle: str
    admin_email: str
    password: str
    token: str
    people: list[tuple[str, str, str, str]]     # (name, job title, email, role)
    objectives: int
    check_ins: int


def email_of(handle: str) -> str:
    return f"{handle}@{EMAIL_DOMAIN}"


def is_empty(session: Session) -> bool:
    """True when no workspace table holds a row (the schema's own version table aside)."""
    return all(session.execute(select(table).limit(1)).first() is None
               for table in Base.metadata.sorted_tables)


def wipe(session: Session) -> None:
    """Delete every row of every workspace table (children first): what ``okr demo --reset`` does."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


def seed(session: Session, *, today: dt.date, tz: ZoneInfo, now: dt.datetime | None = None) -> DemoResult:
    """Build the demo company in an empty workspace; the caller commits."""
    rng = random.Random(SEED)
    now = now or dt.datetime.now(dt.timezone.utc)
    quarter = current_quarter(today)

    def at(day: dt.date, hour: int = 10) -> dt.datetime:
        """A moment on ``day`` in the organisation's clock, never later than now."""
        return min(dt.datetime.combine(day, dt.time(hour), tz).astimezone(dt.timezone.utc), now)

    org = m.Organisation(name=ORG_NAME, slug=ORG_SLUG)
    session.add(org)
    session.flush()
    cycle = m.Cycle(org_id=org.id, name=quarter.label, kind=CycleKind.QUARTER.value, start_date=quarter.start,
                    end_date=quarter.end, state=CycleState.ACTIVE.value)
    session.add(cycle)
    units: dict[str, m.Unit] = {}
    for key, name, kind, parent in UNITS:
        units[key] = new_unit(session, org.id, units.get(parent), key, name, kind)

    hashed = hash_password(PASSWORD)
    people: dict[str, m.Person] = {}
    for handle, name, _, unit, role in PEOPLE:
        person = m.Person(org_id=org.id, handle=handle, name=name, email=email_of(handle),
                          password_hash=hashed, is_admin=handle == ADMIN)
        session.add(person)
        session.flush()
        session.add(m.Membership(person_id=person.id, unit_id=units[unit].id, role=role.value,
                                 is_primary=True))
        people[handle] = person
    unit_of = {handle: units[unit] for handle, _, _, unit, _ in PEOPLE}

    q = quarter.label.split("-")[1]
    end = f"{quarter.end.month} 月 {quarter.end.day} 日"
    specs = objectives(q, end)
    rows: dict[str, m.Objective] = {}
    kr_rows: dict[str, m.KeyResult] = {}
    positions: dict[str, int] = {}
    for spec in specs:
        person = None if spec.owner.startswith("unit:") else people[spec.owner]
        unit = units[spec.owner[5:]] if person is None else unit_of[spec.owner]
        position = positions.get(spec.owner, 0)
        positions[spec.owner] = position + 1
        row = m.Objective(org_id=org.id, cycle_id=cycle.id, unit_id=unit.id,
                          owner_id=person.id if person else None, level=spec.level, position=position,
                          title=spec.title, status=spec.status, visibility=spec.visibility,
                          created_by_id=(person or people[ADMIN]).id)
        if spec.approver:
            row.approved_by_id = people[spec.approver].id
            row.approved_at = at(quarter.start + dt.timedelta(days=3))
        for i, k in enumerate(spec.krs):
            due = quarter.end if k.due is None else min(quarter.start + dt.timedelta(weeks=k.due, days=-1),
                                                        quarter.end)
            kr = m.KeyResult(position=i, title=k.title, kind=kr_kind(k.target, k.unit).value, start=k.start,
                             target=k.target, unit=k.unit, direction=direction_of(k.start, k.target).value,
                             weight=k.weight, owner_id=people[k.owner].id if k.owner else None, due=due)
            row.key_results.append(kr)
            kr_rows[f"{spec.ref}.KR{i + 1}"] = kr
        session.add(row)
        rows[spec.ref] = row
    session.flush()

    for spec in specs:
        if spec.aligns_to:
            parent_kr = kr_rows.get(spec.aligns_to)
            session.add(m.Alignment(child_id=rows[spec.ref].id,
                                    parent_objective_id=None if parent_kr else rows[spec.aligns_to].id,
                                    parent_kr_id=parent_kr.id if parent_kr else None,
                                    created_by_id=rows[spec.ref].created_by_id))

    moments = _check_in_moments(quarter.start, today, now, at)
    span = (quarter.end - quarter.start).days + 1
    check_ins = 0
    for spec in specs:
        if spec.status != ObjectiveStatus.ACTIVE.value:
            continue
        row = rows[spec.ref]
        for i, k in enumerate(spec.krs):
            kr = row.key_results[i]
            on_track = spec.pace == "on_track"
            author = kr.owner_id or row.owner_id or people[ADMIN].id
            pace = rng.uniform(1.0, 1.3) if on_track else rng.uniform(0.3, 0.55)
            for moment in moments:
                elapsed = min(1.0, ((moment.astimezone(tz).date() - quarter.start).days + 1) / span)
                value = _value(k, min(1.0, elapsed * pace), on_track, moment.astimezone(tz).date(), kr.due)
                low, high = (0.7, 0.9) if on_track else (0.3, 0.45)
                confidence = round(rng.uniform(low, high) * 20) / 20
                session.add(m.CheckIn(kr_id=kr.id, author_id=author, value=value, confidence=confidence,
                                      note=rng.choice(_NOTES[spec.pace]), created_at=moment))
                kr.current, kr.confidence = value, confidence
                check_ins += 1
    last = moments[-1]
    for spec in specs:
        for n, (author, text) in enumerate(spec.comments):
            session.add(m.Comment(objective_id=rows[spec.ref].id, author_id=people[author].id, body=text,
                                  created_at=min(last + dt.timedelta(hours=1 + n), now)))
    session.flush()
    demo_qualifications.seed(session, people=people, unit=units["qa-cert"], kr_rows=kr_rows, today=today,
                             start=quarter.start, now=min(at(today, 17), now))
    findings.refresh(session, [r.id for r in rows.values()])
    _, secret = tokens.issue(session, person=people[ADMIN], name="okr demo")
    accounts = [(name, job, email_of(handle), "admin" if handle == ADMIN else role.value)
                for handle, name, job, _, role in PEOPLE]
    return DemoResult(org=ORG_SLUG, cycle=quarter.label, admin_email=email_of(ADMIN), password=PASSWORD,
                      token=secret, people=accounts, objectives=len(rows), check_ins=check_ins)


def _check_in_moments(start: dt.date, today: dt.date, now: dt.datetime, at) -> list[dt.datetime]:
    """Weekly check-ins up to today (three to six of them); squeezed together early in a quarter."""
    weeks = max(3, min(6, (today - start).days // 7 + 1))
    if (today - start).days >= 7 * (weeks - 1):
        return [at(today - dt.timedelta(days=7 * (weeks - 1 - i)), 9) for i in range(weeks)]
    first = at(start, 9)
    step = (now - first) / weeks
    return [first + step * i for i in range(weeks)]


def _value(k: K, progress: float, on_track: bool, day: dt.date, due: dt.date) -> float:
    """What a check-in reports at this progress: whole numbers; a milestone is done once due, if on track."""
    if k.target is None:
        return 1.0 if on_track and day >= due else 0.0
    start = k.start or 0.0
    return float(round(start + (k.target - start) * progress))

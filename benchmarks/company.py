"""Build a synthetic company in an empty workspace database, for the workspace benchmarks.

    .venv/bin/python benchmarks/company.py --people 10000 --database-url sqlite:////tmp/bench/company.db
    .venv/bin/python benchmarks/company.py --people 10000 --database-url "$(bash scripts/pg-test.sh start)"

At ``--people 10000``: one organisation; units company → ~20 departments → ~300 teams with
materialised paths; 10,000 people, each with a primary membership (a manager per unit, a few
admins, some people in a second team); one active quarter whose middle is today (in the
organisation's time zone, as the API's clock sees it); ~27,000 objectives (company 5,
department ~4 each, team ~3 each, personal ~2.6 per person), Chinese and English titles from
templates, mostly public and active; ~120,000 key results (metric, percentage, milestone, some
decreasing, weights, owners); every non-company objective aligned to an objective or a KR one
level up (a few to two parents); ~1,000,000 check-ins over the weeks gone so far, each KR's
``current``/``confidence`` being its latest; and API tokens for a sample of people, written to
a JSON file (``--tokens-file``, default next to a SQLite file) with what the load test needs.

Rows go in through SQLAlchemy Core bulk inserts with ids chosen here (the database is empty),
so no ORM and no audit hook: the audit trail stays empty, as for an imported history. On
PostgreSQL, check-ins go through ``COPY`` (``--no-copy``: Core inserts, to compare), the id
sequences are moved past the ids used, and every table is analysed (as autovacuum would soon).
No checker findings are stored: running the checker over 27,000 objectives is a benchmark of its
own (``benchmarks/bench_check.py``), and no measure here reads findings.

Deterministic for a seed, except the API tokens (random secrets) and the dates (around today).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import secrets
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, make_url

from okrcoach.services.tokens import PREFIX, hash_token
from okrcoach.settings import get_settings
from okrcoach.storage import models as m
from okrcoach.storage import rollups, unit_digests
from okrcoach.storage.db import Database

CHUNK = 20_000
CYCLE_DAYS = 91

DEPARTMENTS = [("质量部", "Quality"), ("研发部", "R&D"), ("销售部", "Sales"), ("市场部", "Marketing"),
               ("生产部", "Manufacturing"), ("采购部", "Procurement"), ("财务部", "Finance"),
               ("人力资源部", "People"), ("法务合规部", "Legal & Compliance"), ("注册事务部", "Regulatory Affairs"),
               ("信息技术部", "IT"), ("客户服务部", "Customer Service"), ("供应链部", "Supply Chain"),
               ("临床事务部", "Clinical Affairs"), ("医学事务部", "Medical Affairs"), ("战略发展部", "Strategy"),
               ("行政部", "Administration"), ("安全环保部", "EHS"), ("数据平台部", "Data Platform"),
               ("国际业务部", "International")]
TEAM_TOPICS = ["体系", "审核", "注册", "测试", "平台", "华东", "华南", "华北", "西南", "产品", "交付", "运营",
               "培训", "工艺", "设备", "分析", "招聘", "预算", "合同", "客户成功"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红文斌宇浩凯欣怡晨阳佳琪子涵思雨"
EN_FIRST = ["Alice", "Ben", "Chloe", "Daniel", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kiran", "Lena"]
EN_LAST = ["Smith", "Müller", "Garcia", "Nakamura", "Okafor", "Rossi", "Novak", "Dubois", "Kim", "Silva"]

ZH_OBJECTIVES = {
    "company": ["本年度实现营业收入同比增长 {n}%,成为{area}医疗器械领先企业", "{q}末前取得{cert},打开{area}市场",
                "建立以客户为中心的质量文化,客户投诉下降 {n}%", "把新产品上市周期缩短到 {m} 个月",
                "打造可持续增长的人才梯队,关键岗位继任率达到 {n}%", "全面提升运营效率,人均产值提高 {n}%"],
    "department": ["{q}末前完成{cert}的全部准备工作", "{dept}关键流程全部线上化,审批周期缩短 {n}%",
                   "{area}区域新签客户 {m} 家", "{dept}年度预算执行偏差控制在 {n}% 以内",
                   "建立{dept}的数据看板,每周按数据复盘", "降低{dept}的质量成本 {n}%"],
    "team": ["本季度交付{topic}项目的第一阶段", "{topic}工作的一次通过率提升到 {n}%",
             "把{topic}的平均处理时长缩短到 {m} 天", "{q}内完成{cert}的{topic}准备",
             "搭建{topic}知识库,覆盖 {m} 个常见问题"],
    "personal": ["提升{topic}专业能力,{q}内取得{cert}相关证书", "主导完成{topic}流程优化,节省 {n}% 工时",
                 "本季度独立负责 {m} 个{topic}项目", "成为团队的{topic}骨干,带教 {m} 名新人",
                 "按时高质量完成{topic}工作,零重大差错"],
}
EN_OBJECTIVES = {
    "company": ["Grow revenue {n}% year on year and lead the {area} device market", "Win {cert} by the end of {q}",
                "Build a customer-first quality culture: {n}% fewer complaints", "Launch new products in {m} months"],
    "department": ["Be ready for {cert} by the end of {q}", "Move every key {dept} process online",
                   "Sign {m} new customers in the {area} region", "Cut the cost of poor quality in {dept} by {n}%"],
    "team": ["Ship phase one of the {topic} project this quarter", "Raise the {topic} first-pass yield to {n}%",
             "Bring the {topic} turnaround down to {m} days"],
    "personal": ["Earn a {topic} certificate this quarter", "Lead the {topic} process review and save {n}% of the time",
                 "Own {m} {topic} projects end to end"],
}
ZH_KRS = {
    "metric": ["新签合同额达到 {t} 万元", "完成 {t} 次内部审核", "新增注册人员 {t} 人", "客户拜访 {t} 家",
               "交付 {t} 个需求", "培训覆盖 {t} 人"],
    "down": ["重大不符合项从 {s} 项降到 {t} 项", "平均处理时长从 {s} 天降到 {t} 天", "客户投诉从 {s} 起降到 {t} 起",
             "返工率从 {s}% 降到 {t}%"],
    "zero": ["保持重大质量事故为 0", "安全事故保持 0 起"],
    "percentage": ["文件评审通过率达到 {t}%", "培训考核通过率达到 {t}%", "问题 48 小时响应率达到 {t}%",
                   "流程线上化比例达到 {t}%"],
    "milestone": ["{mon}月底前通过现场评审", "{mon}月 15 日前提交全部申报材料", "完成供应商年度评审",
                  "发布新版质量手册", "上线客户门户第一版"],
}
EN_KRS = {
    "metric": ["Sign contracts worth {t}k", "Complete {t} internal audits", "Visit {t} customers", "Ship {t} features"],
    "down": ["Cut major nonconformities from {s} to {t}", "Bring the ticket backlog from {s} down to {t}",
             "Reduce complaints from {s} to {t}"],
    "zero": ["Keep serious incidents at zero"],
    "percentage": ["Reach {t}% first-pass review rate", "Answer {t}% of questions within 48 h"],
    "milestone": ["Pass the on-site audit by {mon}", "Submit the technical file", "Publish the new quality manual"],
}
ZH_NOTES = ["按计划推进", "本周完成评审", "供应商延期,已协调", "数据已核对", "风险:资源不足", "已提交材料"]
EN_NOTES = ["on track", "review done this week", "supplier slipped, escalated", "numbers checked"]
CERTS = ["ISO 13485 认证", "ISO 27001 认证", "CE 认证", "FDA 510(k)", "高新技术企业认定", "CMMI 3 级评估"]
AREAS = ["华东", "华南", "华北", "西南", "东南亚", "欧洲"]


def today_in_org() -> dt.date:
    """Today as the API's clock sees it (the organisation's time zone from the settings)."""
    return dt.datetime.now(get_settings().tz).date()


def _chunks(rows: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Builder:
    """Plans every row in memory (ids chosen here), then writes them table by table."""

    def __init__(self, people: int, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.n_people = people
        self.today = today
        self.start = today - dt.timedelta(days=CYCLE_DAYS // 2)
        self.end = self.start + dt.timedelta(days=CYCLE_DAYS - 1)
        self.created = dt.datetime.combine(self.start - dt.timedelta(days=14), dt.time(9), tzinfo=dt.timezone.utc)
        self.units: list[dict] = []
        self.people: list[dict] = []
        self.memberships: list[dict] = []
        self.objectives: list[dict] = []
        self.krs: list[dict] = []
        self.alignments: list[dict] = []
        self.check_ins: list[tuple] = []   # (kr_id, author_id, value, confidence, note, created_at)
        self.members_of: dict[int, list[int]] = defaultdict(list)   # unit id -> person ids (primary)
        self.manager_of: dict[int, int] = {}                          # unit id -> person id
        self.primary_unit: dict[int, int] = {}
        self.locale: dict[int, str] = {}
        self.objectives_of_unit: dict[int, list[dict]] = defaultdict(list)   # unit-owned objectives
        self.krs_of: dict[int, list[int]] = defaultdict(list)

    # --- organisation ---------------------------------------------------------------------------

    def plan_units(self) -> None:
        n_teams = max(1, round(self.n_people / 33.3))
        n_depts = max(1, round(n_teams / 15))
        self.units.append({"id": 1, "org_id": 1, "parent_id": None, "key": "hq", "name": "宏远医疗科技",
                           "kind": "company", "path": "/1/"})
        for d in range(n_depts):
            zh, _ = DEPARTMENTS[d % len(DEPARTMENTS)]
            name = zh if d < len(DEPARTMENTS) else f"{zh}{d // len(DEPARTMENTS) + 1}"
            uid = len(self.units) + 1
            self.units.append({"id": uid, "org_id": 1, "parent_id": 1, "key": f"d{d + 1:02d}", "name": name,
                               "kind": "department", "path": f"/1/{uid}/"})
        depts = self.units[1:]
        for t in range(n_teams):
            dept = depts[t % len(depts)]
            uid = len(self.units) + 1
            topic = TEAM_TOPICS[(t // len(depts)) % len(TEAM_TOPICS)]
            self.units.append({"id": uid, "org_id": 1, "parent_id": dept["id"], "key": f"{dept['key']}-t{t + 1:03d}",
                               "name": f"{dept['name']}{topic}{t // (len(depts) * len(TEAM_TOPICS)) + 1}组",
                               "kind": "team", "path": f"{dept['path']}{uid}/"})

    def _name(self, pid: int) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < 0.1:
            return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}", "en"
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))), "zh"

    def plan_people(self) -> None:
        rng = self.rng
        teams = [u for u in self.units if u["kind"] == "team"]
        depts = [u for u in self.units if u["kind"] == "department"]
        # managers first: the CEO (an admin), then one per department and per team
        placements: list[tuple[int, str]] = [(1, "manager")]
        placements += [(u["id"], "manager") for u in depts] + [(u["id"], "manager") for u in teams]
        rest = self.n_people - len(placements)
        if rest < 0:
            raise SystemExit(f"--people {self.n_people}: too few for {len(self.units)} units (one manager each)")
        n_company = max(1, rest // 500) if rest > 2 else 0          # staff of the company unit (HR admins among them)
        n_dept_staff = rest // 50                                   # people directly in a department
        placements += [(1, "member")] * n_company
        placements += [(rng.choice(depts)["id"], "member") for _ in range(n_dept_staff)]
        placements += [(rng.choice(teams)["id"], "member") for _ in range(rest - n_company - n_dept_staff)]
        for index, (unit_id, role) in enumerate(placements):
            pid = index + 1
            name, locale = self._name(pid)
            admin = pid == 1 or (unit_id == 1 and role == "member" and index < len(self.units) + 2)   # the CEO and two HR admins
            self.people.append({"id": pid, "org_id": 1, "handle": f"u{pid:05d}", "name": name,
                                "email": f"u{pid:05d}@bench.okrcoach.test", "password_hash": None,
                                "is_admin": admin, "is_active": True, "locale": locale})
            self.memberships.append({"person_id": pid, "unit_id": unit_id, "role": role, "is_primary": True})
            self.members_of[unit_id].append(pid)
            self.primary_unit[pid] = unit_id
            self.locale[pid] = locale
            if role == "manager":
                self.manager_of[unit_id] = pid
        for pid in range(1, self.n_people + 1):   # about 3% also belong to a second team
            if rng.random() < 0.03 and len(teams) > 1:
                other = rng.choice(teams)["id"]
                if other != self.primary_unit[pid]:
                    self.memberships.append({"person_id": pid, "unit_id": other, "role": "member",
                                             "is_primary": False})
        for i, row in enumerate(self.memberships, 1):
            row["id"] = i

    # --- OKRs -----------------------------------------------------------------------------------

    def _fill(self, unit: dict) -> dict:
        rng = self.rng
        return {"n": rng.choice((10, 15, 20, 25, 30, 50)), "m": rng.randint(3, 12), "q": f"Q{rng.randint(1, 4)}",
                "cert": rng.choice(CERTS), "area": rng.choice(AREAS), "dept": unit["name"],
                "topic": rng.choice(TEAM_TOPICS), "mon": rng.randint(1, 12)}

    def _objective(self, level: str, unit: dict, owner: int | None, position: int, locale: str) -> dict:
        rng = self.rng
        templates = (ZH_OBJECTIVES if locale == "zh" else EN_OBJECTIVES)[level]
        title = rng.choice(templates).format(**self._fill(unit))
        if level == "company":
            visibility, status = "public", "active"
        else:
            visibility = rng.choices(("public", "unit", "private"),
                                     (80, 12, 8) if level == "personal" else (90, 10, 0))[0]
            status = rng.choices(("active", "in_review", "draft", "closed"), (85, 5, 5, 5))[0]
        approver = self.manager_of[unit["id"]] if owner is not None else None
        if approver is None or approver == owner:   # a unit's own objectives are approved one level up
            approver = self.manager_of[unit["parent_id"] or 1]
        row = {"id": len(self.objectives) + 1, "org_id": 1, "cycle_id": 1, "unit_id": unit["id"], "owner_id": owner,
               "level": level, "key": f"O{position + 1}", "position": position, "title": title,
               "description": "", "visibility": visibility, "status": status,
               "approved_by_id": approver if status in ("active", "closed") else None,
               "approved_at": self.created if status in ("active", "closed") else None,
               "reflection": "", "created_by_id": owner or self.manager_of[unit["id"]],
               "created_at": self.created, "updated_at": self.created, "version": 1}
        self.objectives.append(row)
        return row

    def plan_objectives(self) -> None:
        rng = self.rng
        by_id = {u["id"]: u for u in self.units}
        counts = {"company": lambda: 5, "department": lambda: rng.randint(3, 5), "team": lambda: rng.randint(2, 4)}
        for unit in self.units:
            manager = self.manager_of[unit["id"]]
            for pos in range(counts[unit["kind"]]()):
                row = self._objective(unit["kind"], unit, None, pos, self.locale[manager])
                self.objectives_of_unit[unit["id"]].append(row)
        for person in self.people:
            unit = by_id[self.primary_unit[person["id"]]]
            for pos in range(rng.choices((1, 2, 3, 4), (10, 35, 40, 15))[0]):
                self._objective("personal", unit, person["id"], pos, person["locale"])

    def _kr_numbers(self, kind: str) -> tuple[float | None, float | None, str, str | None, str]:
        """(start, target, direction, unit, template family) of a new KR."""
        rng = self.rng
        if kind == "milestone":
            return (0.0, 1.0, "up", None, "milestone") if rng.random() < 0.7 else (None, None, "up", None, "milestone")
        if kind == "percentage":
            r = rng.random()
            if r < 0.6:
                return 0.0, 100.0, "up", "%", "percentage"
            if r < 0.8:
                return None, None, "up", "%", "percentage"        # the kind's defaults: 0 → 100
            start = float(rng.choice((40, 50, 60, 70)))
            return start, float(rng.choice((85, 90, 95))), "up", "%", "percentage"
        r = rng.random()
        unit = rng.choice(("个", "次", "人", "家", "天", "万元", "items"))
        if r < 0.01:
            return 0.0, 0.0, "down", "起", "zero"               # keep it at zero: met or not met
        if r < 0.015:
            return 0.0, None, "up", unit, "metric"              # a target nobody set yet: progress 0
        if r < 0.2:
            start = float(rng.choice((12, 20, 40, 60, 100)))
            return start, round(start * rng.choice((0.1, 0.25, 0.5)), 1), "down", unit, "down"
        start = float(rng.choice((0, 0, 0, 5, 10, 50)))
        return start, start + float(rng.choice((3, 5, 8, 10, 12, 20, 30, 50, 100, 200))), "up", unit, "metric"

    def plan_key_results(self) -> None:
        rng = self.rng
        for obj in self.objectives:
            empty = {"company": 0.2, "department": 0.03, "team": 0.02, "personal": 0.0}[obj["level"]]
            if rng.random() < empty:
                continue   # an umbrella objective: its progress is its aligned children's
            unit_members = self.members_of[obj["unit_id"]] or [self.manager_of[obj["unit_id"]]]
            locale = self.locale[obj["owner_id"] or self.manager_of[obj["unit_id"]]]
            for pos in range(rng.choices((2, 3, 4, 5, 6), (5, 15, 30, 30, 20))[0]):
                kind = rng.choices(("metric", "percentage", "milestone"), (50, 30, 20))[0]
                start, target, direction, unit, family = self._kr_numbers(kind)
                templates = (ZH_KRS if locale == "zh" else EN_KRS)[family]
                title = rng.choice(templates).format(s=_num(start), t=_num(target if target is not None else 100),
                                                     mon=rng.randint(1, 12))
                owner = obj["owner_id"] or (rng.choice(unit_members) if rng.random() < 0.7
                                            else self.manager_of[obj["unit_id"]])
                row = {"id": len(self.krs) + 1, "objective_id": obj["id"], "key": f"KR{pos + 1}", "position": pos,
                       "title": title, "kind": kind, "start": start, "target": target, "current": None,
                       "confidence": None, "unit": unit, "direction": direction,
                       "weight": rng.choices((1.0, 2.0, 0.5), (80, 10, 10))[0], "owner_id": owner,
                       "due": self.end if rng.random() < 0.7 else self.start + dt.timedelta(days=rng.randint(30, 90)),
                       "score": None, "created_at": self.created, "updated_at": self.created, "version": 1}
                self.krs.append(row)
                self.krs_of[obj["id"]].append(row["id"])

    def plan_alignments(self) -> None:
        """Every non-company objective supports an objective, or a KR, of the unit one level up."""
        rng = self.rng
        by_id = {u["id"]: u for u in self.units}
        seen = set()

        def link(child: dict, parents: list[dict]) -> None:
            parent = rng.choice(parents)
            krs = self.krs_of.get(parent["id"])
            if krs and rng.random() < 0.5:
                key = (child["id"], None, rng.choice(krs))
            else:
                key = (child["id"], parent["id"], None)
            if key not in seen:
                seen.add(key)
                self.alignments.append({"id": len(self.alignments) + 1, "child_id": key[0],
                                        "parent_objective_id": key[1], "parent_kr_id": key[2],
                                        "created_by_id": child["created_by_id"], "created_at": self.created})

        for obj in self.objectives:
            if obj["level"] == "company":
                continue
            unit = by_id[obj["unit_id"]]
            if obj["level"] == "personal":
                parents = self.objectives_of_unit[unit["id"]]           # the person's own unit
            else:
                parents = self.objectives_of_unit[unit["parent_id"]]
            link(obj, parents)
            if rng.random() < 0.02:
                link(obj, parents)                                       # a second parent now and then

    def plan_check_ins(self) -> None:
        """Check-ins on the days gone so far; each KR's current and confidence are its latest."""
        rng = self.rng
        days_gone = (self.today - self.start).days
        start_dt = dt.datetime.combine(self.start, dt.time(0), tzinfo=dt.timezone.utc)
        objective_of = {o["id"]: o for o in self.objectives}
        for kr in self.krs:
            if days_gone <= 0 or rng.random() < 0.05:
                continue                                    # never checked in: progress 0
            n = rng.randint(4, 13)
            pace = rng.choice((rng.uniform(0.2, 1.3), rng.uniform(0.2, 1.3), rng.uniform(1.3, 2.6)))
            regress = rng.random() < 0.03
            zh = self.locale[kr["owner_id"]] == "zh"
            s = kr["start"] if kr["start"] is not None else 0.0
            t = kr["target"] if kr["target"] is not None else (100.0 if kr["kind"] == "percentage" else 1.0)
            stamps = sorted(rng.randrange(days_gone * 86400) for _ in range(n))
            value = confidence = None
            for stamp in stamps:
                share = (stamp / 86400 + 1) / CYCLE_DAYS
                done = pace * share * (1 + rng.gauss(0, 0.1))
                if regress:
                    done = -abs(done) * 0.3
                if kr["kind"] == "milestone":
                    value = 1.0 if done > 0.6 else 0.0
                elif t == s:
                    value = float(rng.random() < 0.15)      # 1 incident now and then, else still zero
                else:
                    value = round(s + done * (t - s), 2)
                confidence = None if rng.random() < 0.03 else round(min(1.0, max(0.05, 0.3 + 0.45 * pace
                                                                                   + rng.gauss(0, 0.1))), 2)
                note = "" if rng.random() < 0.7 else rng.choice(ZH_NOTES if zh else EN_NOTES)
                self.check_ins.append((kr["id"], kr["owner_id"], value, confidence, note,
                                       start_dt + dt.timedelta(seconds=stamp)))
            kr["current"], kr["confidence"] = value, confidence
            kr["updated_at"] = start_dt + dt.timedelta(seconds=stamps[-1])
            owner_obj = objective_of[kr["objective_id"]]
            owner_obj["updated_at"] = max(owner_obj["updated_at"], kr["updated_at"])

    def plan(self) -> None:
        self.plan_units()
        self.plan_people()
        self.plan_objectives()
        self.plan_key_results()
        self.plan_alignments()
        self.plan_check_ins()


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _copy_check_ins(conn: Connection, rows: list[tuple]) -> None:
    raw = conn.connection.driver_connection   # psycopg 3, inside the same transaction
    with raw.cursor() as cursor:
        with cursor.copy("COPY check_ins (kr_id, author_id, value, confidence, note, created_at) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert(conn: Connection, table, rows: Iterable[dict]) -> int:
    count = 0
    for batch in _chunks(rows):
        conn.execute(table.insert(), batch)
        count += len(batch)
    return count


def _tokens(builder: Builder, sample: int) -> tuple[list[dict], list[dict]]:
    """Token rows for the database and, for the load test, each sampled person's secret and whereabouts."""
    rng = random.Random(builder.rng.random())
    managers = sorted(set(builder.manager_of.values()))
    members = [p["id"] for p in builder.people if p["id"] not in set(managers)]
    chosen = managers[:1 + min(len(managers) - 1, sample // 5)]   # the CEO and some managers
    chosen += rng.sample(members, min(len(members), max(0, sample - len(chosen))))
    units = {u["id"]: u for u in builder.units}
    own: dict[int, list[int]] = defaultdict(list)
    for o in builder.objectives:
        if o["owner_id"] is not None:
            own[o["owner_id"]].append(o["id"])
    rows, people = [], []
    role_of = {(ms["person_id"], ms["unit_id"]): ms["role"] for ms in builder.memberships}
    for i, pid in enumerate(chosen, 1):
        secret = PREFIX + secrets.token_urlsafe(32)
        rows.append({"id": i, "person_id": pid, "name": "benchmark", "token_hash": hash_token(secret),
                     "prefix": secret[:10], "created_at": builder.created})
        unit = units[builder.primary_unit[pid]]
        path_units = [int(x) for x in unit["path"].strip("/").split("/")]   # company … own unit
        people.append({"person_id": pid, "handle": f"u{pid:05d}", "token": secret,
                       "role": role_of[(pid, unit["id"])], "is_admin": builder.people[pid - 1]["is_admin"],
                       "unit_id": unit["id"], "unit_kind": unit["kind"], "path_unit_ids": path_units,
                       "own_objective_ids": own.get(pid, [])})
    return rows, people


def build(url: str, *, people: int = 10000, seed: int = 1, tokens: int = 300, tokens_file: Path | None = None,
          copy: bool = True, analyze: bool = True, log=print) -> dict:
    """Build the company in the (empty) database at ``url``; returns a summary with timings."""
    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    database = Database(url)
    try:
        t0 = time.perf_counter()
        database.upgrade()
        with database.engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(m.Organisation)).scalar():
                raise SystemExit(f"{_safe(url)} already holds an organisation: company.py needs an empty database")
        timings["migrate"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        builder = Builder(people, seed, today_in_org())
        builder.plan()
        timings["plan"] = time.perf_counter() - t0
        log(f"planned {len(builder.objectives)} objectives, {len(builder.krs)} KRs, "
            f"{len(builder.check_ins)} check-ins in {timings['plan']:.1f} s")
        token_rows, token_people = _tokens(builder, tokens)

        postgres = database.dialect == "postgresql"
        t0 = time.perf_counter()
        with database.engine.begin() as conn:
            conn.execute(m.Organisation.__table__.insert(),
                         [{"id": 1, "name": "宏远医疗科技(基准)", "slug": "bench", "created_at": builder.created}])
            for table, rows in ((m.Unit, builder.units), (m.Person, builder.people),
                                (m.Membership, builder.memberships), (m.ApiToken, token_rows)):
                _insert(conn, table.__table__, rows)
            conn.execute(m.Cycle.__table__.insert(),
                         [{"id": 1, "org_id": 1, "name": f"bench-{builder.start:%Y%m%d}", "kind": "quarter",
                           "start_date": builder.start, "end_date": builder.end, "state": "active",
                           "created_at": builder.created}])
            _insert(conn, m.Objective.__table__, builder.objectives)
            _insert(conn, m.KeyResult.__table__, builder.krs)
            _insert(conn, m.Alignment.__table__, builder.alignments)
            timings["insert_rows"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            if postgres and copy:
                _copy_check_ins(conn, builder.check_ins)
            else:
                names = ("kr_id", "author_id", "value", "confidence", "note", "created_at")
                _insert(conn, m.CheckIn.__table__, (dict(zip(names, row)) for row in builder.check_ins))
            timings["insert_check_ins"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            rollups.rebuild(conn)      # Core inserts fire no ORM events: sum the KRs up once, as a migration does
            unit_digests.rebuild(conn)
            timings["rollups"] = time.perf_counter() - t0
            if postgres:   # ids were chosen here: move each sequence past them
                for table in (t for t in m.Base.metadata.sorted_tables if "id" in t.c):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"(SELECT MAX(id) FROM {table.name}))"))
        t0 = time.perf_counter()
        if analyze:
            with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        timings["analyze"] = time.perf_counter() - t0
        timings["total"] = time.perf_counter() - t_all
        summary = {
            "backend": database.dialect, "people": people, "seed": seed, "org_id": 1, "cycle_id": 1,
            "today": builder.today.isoformat(), "cycle_start": builder.start.isoformat(),
            "cycle_end": builder.end.isoformat(), "check_in_method": "copy" if postgres and copy else "core",
            "counts": {"units": len(builder.units), "people": len(builder.people),
                       "memberships": len(builder.memberships), "objectives": len(builder.objectives),
                       "key_results": len(builder.krs), "alignments": len(builder.alignments),
                       "check_ins": len(builder.check_ins), "api_tokens": len(token_rows)},
            "objectives_by_level": _count(o["level"] for o in builder.objectives),
            "timings_s": {k: round(v, 2) for k, v in timings.items()},
        }
        if tokens_file is None:
            tokens_file = default_tokens_file(url)
        tokens_file.parent.mkdir(parents=True, exist_ok=True)
        public = [o["id"] for o in builder.objectives if o["visibility"] == "public"]
        random.Random(seed).shuffle(public)
        tokens_file.write_text(json.dumps({**summary, "people": token_people, "public_objective_ids": public[:5000],
                                           "unit_ids": [u["id"] for u in builder.units]}, ensure_ascii=False),
                               encoding="utf-8")
        summary["tokens_file"] = str(tokens_file)
        return summary
    finally:
        database.dispose()


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for v in values:
        out[v] += 1
    return dict(out)


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def default_tokens_file(url: str) -> Path:
    """Next to a SQLite file; for a server database, in benchmarks/out/ named after it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return Path(parsed.database).with_suffix(".tokens.json")
    return Path(__file__).parent / "out" / f"company-{parsed.host}-{parsed.port}-{parsed.database}.tokens.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=10000)
    ap.add_argument("--database-url", required=True, metavar="URL", help="an empty database (it is migrated first)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tokens", type=int, default=300, help="how many people get an API token (default 300)")
    ap.add_argument("--tokens-file", type=Path, default=None,
                    help="where to write the tokens JSON (default: next to a SQLite file, else benchmarks/out/)")
    ap.add_argument("--no-copy", action="store_true", help="PostgreSQL: Core inserts for check-ins instead of COPY")
    ap.add_argument("--no-analyze", action="store_true", help="skip ANALYZE after loading")
    args = ap.parse_args(argv)
    summary = build(args.database_url, people=args.people, seed=args.seed, tokens=args.tokens,
                    tokens_file=args.tokens_file, copy=not args.no_copy, analyze=not args.no_analyze,
                    log=lambda msg: print(msg, file=sys.stderr))
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

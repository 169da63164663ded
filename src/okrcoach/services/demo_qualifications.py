"""The demo company's qualification work: its certificates, its applications and the chain to its strategy.

华康医疗器械 holds an ISO 13485 certificate that expires within a month (an alert), a production
licence, a registered ECG monitor and a high-tech recognition under renewal; it seeks the
registrations of the three new devices that its company KR "实现三款新型设备上市" needs. The
portable monitor's application is under technical review with feedback to answer (one answer due
within days), the central station's is preparing materials, the fetal monitor's has just begun;
the registration department's KR on answering feedback on time is bound to the first. Written
through the services, as 刘敏 (the department's manager) would, so every rule holds.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage import rollups
from . import application_work, applications, bound_krs, certificates, qualification_chain
from .access import actor_for

HELD = [  # name, category, grade, authority, number, issued (days before today), expires (days after today)
    ("ISO 13485 医疗器械质量管理体系认证证书", "iso_13485", None, "北京国医械华光认证有限公司", "CMD-13485-2023-0417",
     1070, 25),
    ("医疗器械生产许可证", "medical_device_production_licence", None, "北京市药品监督管理局", "京药监械生产许 20210088 号",
     1680, 150),
    ("心电监护仪医疗器械注册证", "medical_device_registration", "第二类", "北京市药品监督管理局", "京械注准 20232070415",
     700, 1125),
    ("高新技术企业证书", "high_tech_enterprise", None, "北京市科学技术委员会", "GR202311004521", 1030, 70),
]
DEVICES = ("便携式监护仪", "中央监护系统", "胎儿监护仪")
ROAD = ("materials", "internal_review", "submitted", "under_review")


def seed(session: Session, *, people: dict[str, m.Person], unit: m.Unit, kr_rows: dict[str, m.KeyResult],
         today: dt.date, start: dt.date, now: dt.datetime) -> None:
    """The demo's certificates and applications; ``kr_rows`` are the demo's KRs by reference (hk-1.KR1).
    The automatic check-ins the work records are stamped ``now``, the demo's clock, not the machine's."""
    before = session.scalar(select(func.max(m.CheckIn.id))) or 0
    _seed(session, people, unit, kr_rows, today, start)
    session.flush()
    session.execute(update(m.CheckIn).where(m.CheckIn.id > before).values(created_at=now))
    session.expire_all()
    rollups.rebuild(session.connection())      # the KRs' latest check-in times follow the new stamps


def _seed(session: Session, people: dict[str, m.Person], unit: m.Unit, kr_rows: dict[str, m.KeyResult],
          today: dt.date, start: dt.date) -> None:
    actor = actor_for(session, people["liumin"])
    admin = actor_for(session, people["wangjg"])     # the company KR is the admin's to say what it needs
    owner = people["zhengkai"].id

    def register(**data) -> m.Certificate:
        return certificates.create(session, actor=actor, data={"unit_id": unit.id, "owner_id": owner,
                                                               "holder": "华康医疗器械股份有限公司", **data})

    held = {}
    for name, category, grade, authority, number, issued, expires in HELD:
        held[category] = register(name=name, category=category, grade=grade, authority=authority, number=number,
                                  issued_on=today - dt.timedelta(days=issued),
                                  expires_on=today + dt.timedelta(days=expires),
                                  documents=[{"name": f"{name}.pdf", "reference": "资质档案柜 A-03"}])
    applications.create(session, actor=actor, certificate_id=held["high_tech_enterprise"].id, kind="renewal",
                        title="高新技术企业重新认定", today=start, owner_id=owner)

    due = start + dt.timedelta(days=80)
    sought = []
    for device in DEVICES:
        c = register(name=f"{device}医疗器械注册证", category="medical_device_registration", grade="第二类",
                     authority="国家药品监督管理局", held=False)
        qualification_chain.need(session, actor=admin, kr_id=kr_rows["hk-1.KR1"].id, certificate_id=c.id)
        sought.append(applications.create(session, actor=actor, certificate_id=c.id, kind="new",
                                          title=f"{device}二类注册申报", today=start, owner_id=owner,
                                          due_on=min(due, today + dt.timedelta(days=60))))
    portable, central, _ = sought

    days = max(1, (today - start).days)
    for i, to in enumerate(ROAD):
        applications.move(session, actor=actor, application_id=portable.id, version=portable.version, to=to,
                          on=start + dt.timedelta(days=days * (i + 1) // (len(ROAD) + 1)), today=today)
    applications.move(session, actor=actor, application_id=central.id, version=central.version, to="materials",
                      on=start + dt.timedelta(days=days // 3), today=today)

    bound_krs.bind(session, actor=actor, kr_id=kr_rows["qa-2.KR2"].id, application_id=portable.id,
                   measure="feedback_on_time", today=today)
    for application, compliant in ((portable, 1.0), (central, 0.4)):
        items = application_work.add_checklist_from_template(session, actor=actor, application_id=application.id,
                                                             today=today)
        for item in items[:round(len(items) * compliant) - (1 if compliant == 1.0 else 0)]:
            application_work.mark_item(session, actor=actor, item_id=item.id, status="compliant", today=today)
    received = today - dt.timedelta(days=min(12, days))
    answered = application_work.add_feedback(session, actor=actor, application_id=portable.id,
                                             summary="补充产品电磁兼容检验报告", received_on=received,
                                             response_due=received + dt.timedelta(days=10), today=today)
    application_work.respond(session, actor=actor, feedback_id=answered.id,
                             on=min(received + dt.timedelta(days=6), today), today=today, close=True)
    application_work.add_feedback(session, actor=actor, application_id=portable.id,
                                  summary="说明书中报警限设置的描述与产品技术要求不一致,请修订",
                                  received_on=today - dt.timedelta(days=min(2, days)),
                                  response_due=today + dt.timedelta(days=5), today=today)
    for back, channel, summary in ((min(20, days), "phone", "确认技术审评排期"),
                                   (min(9, days), "meeting", "与审评老师沟通电磁兼容补充资料的要求"),
                                   (min(2, days), "portal", "在线提交发补资料")):
        application_work.log_contact(session, actor=actor, application_id=portable.id,
                                     on=today - dt.timedelta(days=back), channel=channel, summary=summary,
                                     counterpart="器审中心", today=today)

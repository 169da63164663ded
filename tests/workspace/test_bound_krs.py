"""KRs bound to an application (``services.bound_krs``): ticking the checklist, answering feedback and an
approval move the bound KRs, each with an automatic check-in that says why, and the rollups above follow."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from okrcoach.services import application_work as work
from okrcoach.services import applications, bound_krs, certificates
from okrcoach.services.progress import compute
from okrcoach.storage import models as m
from okrcoach.workspace.errors import Forbidden, Invalid

from .conftest import TODAY
from .factories import act, make_objective


def test_the_pipeline_moves_the_bound_krs_and_the_company_rollup_with_automatic_check_ins(database, people):
    company = make_objective(database, people, None, unit="hk", title="Q4 三款新型设备上市")
    team = make_objective(database, people, None, unit="qa-reg", title="取得监护仪二类注册证", aligned_to=company.id,
                          krs=[dict(title="注册申报材料 100% 符合评审要求", kind="percentage"),
                               dict(title="取得注册证", kind="milestone")])
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "medical_device_registration", "grade": "第二类", "name": "监护仪注册证", "held": False,
        "unit_id": people.units["qa-reg"]}).id)
    application = act(database, people, "mei", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="new", title="监护仪注册申报", today=dt.date(2026, 10, 9)).id)
    for kr, measure in zip(team.kr_ids, ["checklist_compliance", "certificate_obtained"], strict=True):
        act(database, people, "mei", lambda s, a, kr=kr, measure=measure: bound_krs.bind(
            s, actor=a, kr_id=kr, application_id=application, measure=measure, today=TODAY))
    items = act(database, people, "mei", lambda s, a: [i.id for i in work.add_checklist(
        s, actor=a, application_id=application, requirements=["产品技术要求", "注册检验报告", "说明书和标签", "风险分析"],
        today=TODAY)])

    def progress() -> tuple[float, float]:
        with database.session() as s:
            found = compute(s, [company.id, team.id], today=TODAY)
            return found[team.id].progress, found[company.id].progress

    before = progress()
    for item in items[:3]:
        act(database, people, "mei", lambda s, a, item=item: work.mark_item(s, actor=a, item_id=item,
                                                                           status="compliant", today=TODAY))
    with database.session() as s:
        kr = s.get(m.KeyResult, team.kr_ids[0])
        notes = s.scalars(select(m.CheckIn.note).where(m.CheckIn.kr_id == kr.id).order_by(m.CheckIn.id)).all()
        assert kr.current == 75.0
        assert notes == ["材料清单新增 4 项(自动记录)", "材料「产品技术要求」标为符合(自动记录)",
                         "材料「注册检验报告」标为符合(自动记录)", "材料「说明书和标签」标为符合(自动记录)"]
    after = progress()
    assert after[0] > before[0] and after[1] == after[0]           # the company objective rolls its one child up

    version = 1
    for to in ("materials", "internal_review", "submitted", "under_review", "approved"):
        version = act(database, people, "mei", lambda s, a, to=to, v=version: applications.move(
            s, actor=a, application_id=application, version=v, to=to, on=TODAY, today=TODAY).version)
    with database.session() as s:
        obtained = s.get(m.KeyResult, team.kr_ids[1])
        assert obtained.current == 1.0
        assert s.scalar(select(m.CheckIn.note).where(m.CheckIn.kr_id == obtained.id)
                        .order_by(m.CheckIn.id.desc()).limit(1)) == "申请「监护仪注册申报」进入已获批阶段(自动记录)"
    assert progress()[1] == pytest.approx((0.75 + 1.0) / 2)


def test_a_kr_binds_only_to_a_measure_of_its_kind_and_only_by_those_who_may_check_in_on_it(database, people):
    team = make_objective(database, people, "lin", krs=[dict(kind="metric", target=5)])
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "iso_13485", "name": "ISO 13485 证书", "unit_id": people.units["qa-reg"]}).id)
    application = act(database, people, "mei", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="renewal", title="ISO 13485 再认证", today=TODAY).id)
    with pytest.raises(Invalid) as refused:
        act(database, people, "lin", lambda s, a: bound_krs.bind(s, actor=a, kr_id=team.kr_ids[0],
                                                                 application_id=application,
                                                                 measure="checklist_compliance", today=TODAY))
    assert refused.value.field == "measure"
    with pytest.raises(Forbidden):
        act(database, people, "sam", lambda s, a: bound_krs.bind(s, actor=a, kr_id=team.kr_ids[0],
                                                                 application_id=application,
                                                                 measure="stage_reached", today=TODAY))

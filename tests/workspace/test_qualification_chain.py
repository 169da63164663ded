"""From the company's KR to the qualification team's work and back (``services.qualification_chain``).

The scenario of the seed article: 华康医疗's company KR "Q4 三款新型设备上市" needs two device
registrations; the registration team applies for both, generates its OKR from the applications, and
its daily work - ticking the materials checklist, answering the reviewers - moves its KRs and the
company's progress, with automatic check-ins that say why.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from okrcoach.services import application_work as work
from okrcoach.services import applications, certificates, findings, objectives, qualification_chain
from okrcoach.services.progress import compute
from okrcoach.storage import models as m
from okrcoach.workspace.errors import Forbidden, Invalid

from .conftest import TODAY
from .factories import act, make_objective

DEVICES = ("便携式监护仪", "胎儿监护仪")


def _company_kr(database, people):
    company = make_objective(database, people, None, unit="hk", level="company", title="Q4 推出三款新型监护设备",
                             krs=[dict(title="Q4 三款新型设备上市", kind="metric", start=0, target=3, current=0),
                                  dict(title="新设备首季度销售额达到 3000 万元", kind="metric", target=3000)])
    return company


def _registration(database, people, device: str, company_kr: int) -> tuple[int, int]:
    """A sought registration the company KR needs, and the application for it, owned by Lin."""
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "medical_device_registration", "grade": "第二类", "name": f"{device}医疗器械注册证",
        "held": False, "unit_id": people.units["qa-reg"], "owner_id": people.ids["lin"]}).id)
    act(database, people, "ada", lambda s, a: qualification_chain.need(s, actor=a, kr_id=company_kr,
                                                                       certificate_id=certificate))
    application = act(database, people, "mei", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="new", title=f"{device}二类注册申报", today=TODAY,
        owner_id=people.ids["lin"], due_on=dt.date(2026, 12, 20)).id)
    return certificate, application


def _approve(database, people, objective_id: int) -> None:
    act(database, people, "mei", lambda s, a: objectives.transition(s, actor=a, objective_id=objective_id,
                                                                    to="in_review"))
    act(database, people, "ada", lambda s, a: objectives.transition(s, actor=a, objective_id=objective_id,
                                                                    to="active"))


def test_from_the_company_kr_to_two_registrations_and_back_through_the_generated_team_okr(database, people):
    company = _company_kr(database, people)
    launch_kr = company.kr_ids[0]
    pairs = [_registration(database, people, device, launch_kr) for device in DEVICES]

    drafts = [act(database, people, "mei", lambda s, a, app=app: qualification_chain.draft_from_application(
        s, actor=a, application_id=app, cycle_id=people.cycle_id, today=TODAY).id) for _, app in pairs]

    with database.session() as s:
        for draft in drafts:
            o = s.get(m.Objective, draft)
            assert (o.status, o.level, o.unit_id) == ("draft", "team", people.units["qa-reg"])
            assert o.title.startswith("12 月 20 日前取得") and o.title.endswith("医疗器械注册证")
            assert [f.rule for f in findings.for_objective(s, draft)] == []      # okr check finds nothing
            link = s.scalar(select(m.Alignment).where(m.Alignment.child_id == draft))
            assert link.parent_kr_id == launch_kr
            assert {k.owner_id for k in o.key_results} == {people.ids["lin"]}
            assert len(s.scalars(select(m.KrBinding).where(m.KrBinding.kr_id.in_([k.id for k in o.key_results])))
                       .all()) == 4
    for draft in drafts:
        _approve(database, people, draft)

    def progress() -> dict[int, float]:
        with database.session() as s:
            return {i: p.progress for i, p in compute(s, [company.id, *drafts], today=TODAY).items()}

    def company_rollup() -> float:
        [chain] = act(database, people, "ada", lambda s, a: qualification_chain.chains(s, actor=a, today=TODAY))
        return chain.below

    before, company_before = progress(), company_rollup()
    _, first = pairs[0]
    items = act(database, people, "mei", lambda s, a: [i.id for i in work.add_checklist(
        s, actor=a, application_id=first, requirements=["产品技术要求", "注册检验报告", "临床评价资料", "说明书和标签样稿"],
        today=TODAY)])
    for item in items[:2]:
        act(database, people, "mei", lambda s, a, item=item: work.mark_item(s, actor=a, item_id=item,
                                                                           status="compliant", today=TODAY))
    feedback = act(database, people, "mei", lambda s, a: work.add_feedback(
        s, actor=a, application_id=first, summary="补充电磁兼容检验报告", received_on=dt.date(2026, 11, 10),
        response_due=dt.date(2026, 11, 20), today=TODAY).id)
    act(database, people, "mei", lambda s, a: work.respond(s, actor=a, feedback_id=feedback, on=TODAY, today=TODAY))
    after = progress()
    company_after = company_rollup()

    assert after[drafts[0]] > before[drafts[0]]
    assert after[drafts[1]] == before[drafts[1]]              # the other device's work has not moved
    # the company KR's rollup: the mean of the two team objectives aligned to it
    assert company_after == pytest.approx((after[drafts[0]] + after[drafts[1]]) / 2)
    assert company_after > company_before
    with database.session() as s:
        team = s.get(m.Objective, drafts[0])
        by_kr = {k.position: k for k in team.key_results}
        assert by_kr[0].current == 50.0 and by_kr[1].current == 100.0
        notes = s.scalars(select(m.CheckIn.note).where(m.CheckIn.kr_id == by_kr[0].id)
                          .order_by(m.CheckIn.id)).all()
    assert notes == ["材料清单新增 4 项(自动记录)", "材料「产品技术要求」标为符合(自动记录)",
                     "材料「注册检验报告」标为符合(自动记录)"]

    chains = act(database, people, "sam", lambda s, a: qualification_chain.chains(s, actor=a, today=TODAY))
    [chain] = chains
    assert chain.kr.id == launch_kr
    assert [c.listed.certificate.name for c in chain.certificates] == [f"{d}医疗器械注册证" for d in DEVICES]
    shown = chain.certificates[0].applications[0]
    assert shown.measures.checklist_compliance == 0.5
    assert {b.objective.id for b in shown.bound} == {drafts[0]}
    assert [b.measure for b in shown.bound] == ["checklist_compliance", "feedback_on_time", "contacts_per_week",
                                                "certificate_obtained"]


def test_the_draft_comes_in_english_too_and_passes_the_checker(database, people):
    company = _company_kr(database, people)
    _, application = _registration(database, people, "监护仪", company.kr_ids[0])

    draft = act(database, people, "mei", lambda s, a: qualification_chain.draft_from_application(
        s, actor=a, application_id=application, cycle_id=people.cycle_id, lang="en", today=TODAY).id)

    with database.session() as s:
        o = s.get(m.Objective, draft)
        assert o.title == "Obtain the 监护仪医疗器械注册证 by December 20"
        assert findings.for_objective(s, draft) == []


def test_a_draft_needs_a_unit_and_a_known_cycle_and_is_written_only_by_those_who_may(database, people):
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "iso_13485", "name": "ISO 13485 证书"}).id)
    application = act(database, people, "ada", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="renewal", title="ISO 13485 再认证", today=TODAY).id)

    with pytest.raises(Invalid) as no_unit:
        act(database, people, "ada", lambda s, a: qualification_chain.draft_from_application(
            s, actor=a, application_id=application, cycle_id=people.cycle_id, today=TODAY))
    with pytest.raises(Invalid) as no_cycle:
        act(database, people, "ada", lambda s, a: qualification_chain.draft_from_application(
            s, actor=a, application_id=application, cycle_id=9999, unit_id=people.units["qa-reg"], today=TODAY))
    with pytest.raises(Forbidden):
        act(database, people, "sam", lambda s, a: qualification_chain.draft_from_application(
            s, actor=a, application_id=application, cycle_id=people.cycle_id, unit_id=people.units["qa-reg"],
            today=TODAY))

    assert (no_unit.value.field, no_cycle.value.field) == ("unit_id", "cycle_id")
    with database.session() as s:
        assert s.scalar(select(m.Objective.id)) is None


def test_only_those_who_may_edit_a_kr_say_which_certificates_it_needs(database, people):
    company = _company_kr(database, people)
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "medical_device_registration", "name": "监护仪注册证", "held": False}).id)

    with pytest.raises(Forbidden):
        act(database, people, "lin", lambda s, a: qualification_chain.need(s, actor=a, kr_id=company.kr_ids[0],
                                                                           certificate_id=certificate))
    for _ in range(2):          # saying it twice records it once
        act(database, people, "ada", lambda s, a: qualification_chain.need(s, actor=a, kr_id=company.kr_ids[0],
                                                                           certificate_id=certificate))

    with database.session() as s:
        assert s.scalars(select(m.CertificateNeed.certificate_id)).all() == [certificate]

"""The certificate registry (``services.certificates``): what is stored, what is refused and why, who may
write, and which expiries call for an alert."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from okrcoach.services import certificates
from okrcoach.storage import models as m
from okrcoach.workspace.errors import Forbidden, Invalid
from okrcoach.workspace.qualifications import CertificateStatus

from .factories import act

TODAY = dt.date(2026, 11, 29)
REGISTRATION = {"category": "medical_device_registration", "grade": "第二类", "name": "便携式监护仪注册证",
                "authority": "浙江省药品监督管理局", "number": "浙械注准20262070001", "holder": "华康医疗器械有限公司",
                "scope": "多参数监护", "issued_on": dt.date(2021, 12, 29), "expires_on": dt.date(2026, 12, 28),
                "documents": [{"name": "注册证扫描件.pdf", "kind": "certificate", "reference": "DMS-2021-0042"}]}



def stored(database) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(m.Certificate))


def test_an_admin_registers_a_device_registration_and_everyone_reads_it_expiring(database, people):
    made = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        **REGISTRATION, "unit_id": people.units["qa-reg"], "owner_id": people.ids["lin"]}).id)
    listed = act(database, people, "sam", lambda s, a: [(x.certificate.id, x.certificate.number, x.status)
                                                         for x in certificates.list_certificates(s, actor=a,
                                                                                                 today=TODAY)])
    assert listed == [(made, "浙械注准20262070001", CertificateStatus.EXPIRING)]   # 29 days left


@pytest.mark.parametrize(("change", "field"), [
    ({"expires_on": dt.date(2020, 1, 1)}, "expires_on"),            # before the issue date
    ({"category": "building_stuff"}, "category"),
    ({"grade": "甲级"}, "grade"),                                  # a design grade on a device registration
    ({"name": "  "}, "name"),
    ({"number": "号" * 101}, "number"),
    ({"issued_on": "2021-12-29"}, "issued_on"),                    # the API parses dates; here they are dates
    ({"documents": [{"kind": "scan"}]}, "documents[0].name"),
    ({"unit_id": 999999}, "unit_id"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(database, people, change, field):
    with pytest.raises(Invalid) as refused:
        act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={**REGISTRATION, **change}))
    assert refused.value.field == field
    assert stored(database) == 0


def test_a_refused_update_leaves_the_certificate_as_it_was(database, people):
    made = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data=REGISTRATION).id)
    with pytest.raises(Invalid):
        act(database, people, "ada", lambda s, a: certificates.update(
            s, actor=a, certificate_id=made, version=1, changes={"number": "新编号", "expires_on": dt.date(2000, 1, 1)}))
    with database.session() as s:
        kept = s.get(m.Certificate, made)
        assert (kept.number, kept.expires_on, kept.version) == ("浙械注准20262070001", dt.date(2026, 12, 28), 1)


def test_the_manager_of_the_unit_writes_its_certificates_and_a_member_may_not(database, people):
    made = act(database, people, "mei", lambda s, a: certificates.create(s, actor=a, data={
        **REGISTRATION, "unit_id": people.units["qa-reg"]}).id)   # mei manages 质量部, above 注册组
    act(database, people, "mei", lambda s, a: certificates.update(s, actor=a, certificate_id=made, version=1,
                                                                  changes={"suspended": True}))
    with pytest.raises(Forbidden):
        act(database, people, "lin", lambda s, a: certificates.update(s, actor=a, certificate_id=made, version=2,
                                                                      changes={"suspended": False}))
    with pytest.raises(Forbidden):   # nor may a manager hand one to a unit they do not manage
        act(database, people, "mei", lambda s, a: certificates.update(
            s, actor=a, certificate_id=made, version=2, changes={"unit_id": people.units["sales"]}))
    status = act(database, people, "lin", lambda s, a: certificates.list_certificates(s, actor=a, today=TODAY)[0].status)
    assert status is CertificateStatus.SUSPENDED


def test_alerts_list_the_expiries_that_reached_a_threshold_soonest_first(database, people):
    def register(name: str, expires: dt.date | None, **extra):
        act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
            **REGISTRATION, "name": name, "expires_on": expires, **extra}))
    register("三十天内到期", TODAY + dt.timedelta(days=30))
    register("已过期", TODAY - dt.timedelta(days=3))
    register("一百天后到期", TODAY + dt.timedelta(days=100))
    register("两年后到期", TODAY + dt.timedelta(days=700))
    register("没有有效期", None)
    register("正在申请", TODAY + dt.timedelta(days=10), held=False)   # sought, not held: nothing to renew
    found = act(database, people, "sam", lambda s, a: [(x.certificate.name, x.days_left, x.threshold)
                                                       for x in certificates.alerts(s, actor=a, today=TODAY)])
    assert found == [("已过期", -3, 0), ("三十天内到期", 30, 30), ("一百天后到期", 100, 180)]
    own_days = act(database, people, "sam", lambda s, a: [x.threshold for x in certificates.alerts(
        s, actor=a, today=TODAY, days=(60, 14))])
    assert own_days == [0, 60]


def test_answers_to_review_feedback_coming_due_join_the_alerts_until_they_are_given(database, people):
    from okrcoach.services import application_work as work
    from okrcoach.services import applications

    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        **REGISTRATION, "held": False, "unit_id": people.units["qa-reg"]}).id)
    application = act(database, people, "mei", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="new", title="二类注册申报", today=TODAY).id)
    soon, later = (act(database, people, "mei", lambda s, a, due=due, text=text: work.add_feedback(
        s, actor=a, application_id=application, summary=text, received_on=TODAY, response_due=due, today=TODAY).id)
        for due, text in [(TODAY + dt.timedelta(days=2), "补充电磁兼容报告"),
                          (TODAY + dt.timedelta(days=20), "修改说明书")])

    def alerts():
        return act(database, people, "sam", lambda s, a: [(x.kind.value, x.feedback.summary, x.threshold)
                                                           for x in certificates.alerts(s, actor=a, today=TODAY)])
    assert alerts() == [("response_due", "补充电磁兼容报告", 3)]
    act(database, people, "mei", lambda s, a: work.respond(s, actor=a, feedback_id=soon, on=TODAY, today=TODAY))
    assert alerts() == []
    own_days = act(database, people, "sam", lambda s, a: [x.feedback.id for x in certificates.alerts(
        s, actor=a, today=TODAY, response_days=(30,))])
    assert own_days == [later]

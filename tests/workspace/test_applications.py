"""Applications (``services.applications``): stage by stage to a verdict, each move kept with its day,
author and reason; refused moves store nothing; an approval brings the certificate sought into the registry."""
from __future__ import annotations

import datetime as dt

import pytest

from okrcoach.services import applications, bound_krs, certificates
from okrcoach.storage import models as m
from okrcoach.workspace.errors import Forbidden, Invalid
from okrcoach.workspace.qualifications import CertificateStatus

from .factories import act

TODAY = dt.date(2026, 11, 29)
SOUGHT = {"category": "medical_device_registration", "grade": "第三类", "name": "植入式心脏监测器注册证",
          "authority": "国家药品监督管理局", "held": False}



def start(database, people, handle="mei"):
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        **SOUGHT, "unit_id": people.units["qa-reg"]}).id)
    made = act(database, people, handle, lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="new", title="三类注册申报", today=dt.date(2026, 10, 8),
        owner_id=people.ids["lin"], due_on=dt.date(2027, 6, 30)).id)
    return certificate, made


def moved(database, people, application_id: int, to: str, on: dt.date, version: int, note: str = ""):
    return act(database, people, "mei", lambda s, a: applications.move(
        s, actor=a, application_id=application_id, version=version, to=to, on=on, today=TODAY, note=note).version)


def test_an_application_goes_stage_by_stage_to_approval_and_the_certificate_is_then_held(database, people):
    certificate, made = start(database, people)
    road = [("materials", dt.date(2026, 10, 20)), ("internal_review", dt.date(2026, 11, 3)),
            ("submitted", dt.date(2026, 11, 10)), ("under_review", dt.date(2026, 11, 12)),
            ("rectification", dt.date(2026, 11, 20)), ("under_review", dt.date(2026, 11, 26)),
            ("approved", TODAY)]
    version = 1
    for to, on in road:
        version = moved(database, people, made, to, on, version, note=f"到 {to}")
    steps = act(database, people, "sam", lambda s, a: [(h.from_stage, h.to_stage, h.on)
                                                      for h in applications.history(s, actor=a, application_id=made)])
    assert steps[0] == (None, "policy_research", dt.date(2026, 10, 8)) and len(steps) == 8
    assert steps[-1] == ("under_review", "approved", TODAY)
    status = act(database, people, "sam", lambda s, a: certificates.status_of(s, s.get(m.Certificate, certificate), TODAY))
    assert status is CertificateStatus.VALID


@pytest.mark.parametrize(("to", "on", "field"), [
    ("approved", dt.date(2026, 10, 20), "to"),          # no skipping to a verdict
    ("finished", dt.date(2026, 10, 20), "to"),
    ("materials", TODAY + dt.timedelta(days=1), "on"),  # not in the future
    ("materials", dt.date(2026, 10, 1), "on"),          # not before the application began
])
def test_a_refused_move_names_its_field_and_changes_nothing(database, people, to, on, field):
    _, made = start(database, people)
    with pytest.raises(Invalid) as refused:
        moved(database, people, made, to, on, 1)
    assert refused.value.field == field
    steps = act(database, people, "mei", lambda s, a: applications.history(s, actor=a, application_id=made))
    assert [h.to_stage for h in steps] == ["policy_research"]


def test_only_those_who_may_write_the_certificate_start_or_move_its_applications(database, people):
    with pytest.raises(Forbidden):
        start(database, people, handle="lin")
    _, made = start(database, people)
    with pytest.raises(Forbidden):
        act(database, people, "sam", lambda s, a: applications.move(
            s, actor=a, application_id=made, version=1, to="materials", on=TODAY, today=TODAY))


def test_ticking_the_checklist_and_answering_feedback_move_what_the_application_measures(database, people):
    from okrcoach.services import application_work as work

    _, made = start(database, people)
    items = act(database, people, "mei", lambda s, a: [i.id for i in work.add_checklist(
        s, actor=a, application_id=made, requirements=["产品技术要求", "注册检验报告", "临床评价资料", "说明书和标签"],
        today=TODAY, reviewer_id=people.ids["lin"])])
    for item, status in zip(items, ["compliant", "compliant", "pending", "not_applicable"], strict=True):
        act(database, people, "mei", lambda s, a, item=item, status=status: work.mark_item(
            s, actor=a, item_id=item, status=status, today=TODAY))
    late = act(database, people, "mei", lambda s, a: work.add_feedback(
        s, actor=a, application_id=made, summary="补充生物相容性评价", received_on=dt.date(2026, 11, 1),
        response_due=dt.date(2026, 11, 20), today=TODAY).id)
    on_time = act(database, people, "mei", lambda s, a: work.add_feedback(
        s, actor=a, application_id=made, summary="说明书警示语修改", received_on=dt.date(2026, 11, 10),
        response_due=dt.date(2026, 12, 10), today=TODAY).id)
    act(database, people, "mei", lambda s, a: work.respond(s, actor=a, feedback_id=late, on=dt.date(2026, 11, 25),
                                                           today=TODAY))
    act(database, people, "mei", lambda s, a: work.respond(s, actor=a, feedback_id=on_time, on=TODAY, today=TODAY,
                                                           close=True))
    seen = act(database, people, "sam", lambda s, a: bound_krs.measures(s, actor=a, application_id=made, today=TODAY))
    assert (seen.checklist_compliance, seen.feedback_on_time) == (pytest.approx(2 / 3), 0.5)
    assert seen.stage_reached == 0.0 and not seen.certificate_obtained


def test_bad_checklist_and_feedback_input_is_refused_and_nothing_is_stored(database, people):
    from okrcoach.services import application_work as work

    _, made = start(database, people)
    with pytest.raises(Invalid) as refused:   # all or nothing: one empty requirement refuses the list
        act(database, people, "mei", lambda s, a: work.add_checklist(s, actor=a, application_id=made,
                                                                     requirements=["产品技术要求", "  "], today=TODAY))
    assert refused.value.field == "requirements[1]"
    with pytest.raises(Invalid) as refused:
        act(database, people, "mei", lambda s, a: work.add_feedback(
            s, actor=a, application_id=made, summary="补充资料", received_on=dt.date(2026, 11, 20),
            response_due=dt.date(2026, 11, 10), today=TODAY))
    assert refused.value.field == "response_due"
    seen = act(database, people, "mei", lambda s, a: bound_krs.measures(s, actor=a, application_id=made, today=TODAY))
    assert (seen.checklist_compliance, seen.feedback_on_time) == (None, None)


def test_the_communication_log_counts_contacts_a_week_since_the_application_began(database, people):
    from okrcoach.services import application_work as work

    _, made = start(database, people)          # began 2026-10-08: TODAY is in its ninth week
    for day, channel in [(dt.date(2026, 10, 9), "phone"), (dt.date(2026, 11, 2), "meeting"),
                         (dt.date(2026, 11, 20), "email"), (dt.date(2026, 11, 27), "portal")]:
        act(database, people, "mei", lambda s, a, day=day, channel=channel: work.log_contact(
            s, actor=a, application_id=made, on=day, channel=channel, summary="同步审评进度",
            counterpart="器审中心 王老师", today=TODAY))

    seen = act(database, people, "lin", lambda s, a: bound_krs.measures(s, actor=a, application_id=made, today=TODAY))
    _, _, log = act(database, people, "lin", lambda s, a: work.work_of(s, actor=a, application_id=made))

    assert seen.contacts_per_week == pytest.approx(4 / 8, abs=0.01)
    assert [c.on for c in log][:2] == [dt.date(2026, 11, 27), dt.date(2026, 11, 20)]


@pytest.mark.parametrize("change, field", [(dict(channel="pigeon"), "channel"), (dict(summary=" "), "summary"),
                                           (dict(on=TODAY + dt.timedelta(days=1)), "on")])
def test_a_bad_contact_is_refused_naming_its_field_and_nothing_is_logged(database, people, change, field):
    from okrcoach.services import application_work as work

    _, made = start(database, people)
    contact = {"on": TODAY, "channel": "phone", "summary": "电话沟通发补意见"} | change
    with pytest.raises(Invalid) as refused:
        act(database, people, "mei", lambda s, a: work.log_contact(s, actor=a, application_id=made, today=TODAY,
                                                                   **contact))
    assert refused.value.field == field
    with database.session() as s:
        assert s.query(m.Contact).count() == 0


def test_an_application_due_in_a_closed_cycle_is_refused_and_not_stored(database, people):
    with database.session() as s:
        s.add(m.Cycle(org_id=people.org_id, name="2026-Q2", kind="quarter", start_date=dt.date(2026, 4, 1),
                      end_date=dt.date(2026, 6, 30), state="closed"))
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        **SOUGHT, "unit_id": people.units["qa-reg"]}).id)

    with pytest.raises(Invalid) as refused:
        act(database, people, "mei", lambda s, a: applications.create(
            s, actor=a, certificate_id=certificate, kind="new", title="三类注册申报", today=TODAY,
            due_on=dt.date(2026, 5, 15)))

    assert refused.value.field == "due_on" and "2026-Q2" in refused.value.message
    with database.session() as s:
        assert s.query(m.Application).count() == 0


def test_an_open_renewal_shows_its_certificate_as_renewal_in_progress_until_it_is_decided(database, people):
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "iso_13485", "name": "ISO 13485 证书", "unit_id": people.units["qa-reg"],
        "issued_on": dt.date(2023, 12, 1), "expires_on": dt.date(2026, 12, 31)}).id)

    def status() -> CertificateStatus:
        return act(database, people, "sam", lambda s, a: certificates.status_of(s, s.get(m.Certificate, certificate),
                                                                                TODAY))
    assert status() is CertificateStatus.EXPIRING
    renewal = act(database, people, "mei", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="renewal", title="ISO 13485 再认证", today=TODAY).id)
    listed = act(database, people, "sam", lambda s, a: [x.status for x in certificates.list_certificates(
        s, actor=a, today=TODAY)])
    assert status() is CertificateStatus.RENEWAL_IN_PROGRESS and listed == [CertificateStatus.RENEWAL_IN_PROGRESS]

    version = 1
    for to in ("materials", "internal_review", "submitted", "under_review", "rejected"):
        version = moved(database, people, renewal, to, TODAY, version)
    assert status() is CertificateStatus.EXPIRING

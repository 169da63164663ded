"""An application's work over the API: the checklist from the library, compliance marks, review feedback
and its answers, the communication log; a KR bound to the work; the company KR's certificates, the
team's generated draft and the chain view; deadlines in the alerts and the calendar feed."""
from __future__ import annotations

import datetime as dt

import icalendar

from ..conftest import TODAY
from ..factories import make_objective
from .test_objectives import error

API = "/api/v1"
MONITOR = {"category": "medical_device_registration", "grade": "第二类", "name": "便携式监护仪医疗器械注册证",
           "authority": "国家药品监督管理局", "held": False}


def started(api, people) -> tuple[dict, dict]:
    certificate = api.as_("ada").post(f"{API}/certificates", json={**MONITOR, "unit_id": people.units["qa-reg"]})
    application = api.as_("mei").post(f"{API}/applications", json={
        "certificate_id": certificate.json()["id"], "kind": "new", "title": "监护仪二类注册申报",
        "owner_id": people.ids["lin"], "due_on": "2026-12-20"})
    assert application.status_code == 201, application.text
    return certificate.json(), application.json()


def test_the_checklist_comes_from_the_library_and_its_marks_move_a_bound_kr(api, database, people):
    _, application = started(api, people)
    team = make_objective(database, people, None, unit="qa-reg",
                          title="取得监护仪二类注册证", krs=[dict(title="注册申报材料 100% 符合评审要求", kind="percentage")])
    r = api.as_("mei").put(f"{API}/key-results/{team.kr_ids[0]}/binding",
                           json={"application_id": application["id"], "measure": "checklist_compliance"})
    assert r.status_code == 200, r.text

    items = api.as_("mei").post(f"{API}/applications/{application['id']}/checklist", json={"template": True})
    assert items.status_code == 201, items.text
    assert len(items.json()) >= 8 and all(i["status"] == "pending" for i in items.json())
    for item in items.json()[:len(items.json()) // 2]:
        r = api.as_("mei").patch(f"{API}/checklist-items/{item['id']}", json={"status": "compliant"})
        assert r.status_code == 200, r.text

    kr = api.as_("lin").get(f"{API}/key-results/{team.kr_ids[0]}").json()
    read = api.as_("sam").get(f"{API}/applications/{application['id']}").json()
    assert read["measures"]["checklist_compliance"] == (len(items.json()) // 2) / len(items.json())
    assert kr["current"] == round(100 * read["measures"]["checklist_compliance"], 2)
    error(api.as_("mei").patch(f"{API}/checklist-items/{items.json()[0]['id']}", json={"status": "ok"}),
          422, "validation_error")
    error(api.as_("lin").patch(f"{API}/checklist-items/{items.json()[0]['id']}", json={"status": "compliant"}),
          403, "forbidden")


def test_feedback_and_contacts_are_recorded_and_a_due_answer_is_alerted_until_it_is_given(api, people):
    _, application = started(api, people)
    due = (TODAY + dt.timedelta(days=2)).isoformat()
    feedback = api.as_("mei").post(f"{API}/applications/{application['id']}/feedback", json={
        "summary": "补充电磁兼容检验报告", "received_on": TODAY.isoformat(), "response_due": due})
    assert feedback.status_code == 201, feedback.text
    contact = api.as_("mei").post(f"{API}/applications/{application['id']}/contacts", json={
        "channel": "phone", "counterpart": "器审中心", "summary": "确认补充资料的格式"})
    assert contact.status_code == 201 and contact.json()["on"] == TODAY.isoformat()

    alerts = api.as_("lin").get(f"{API}/certificates/alerts").json()
    assert [(a["kind"], a["feedback_summary"], a["threshold"]) for a in alerts] == [
        ("response_due", "补充电磁兼容检验报告", 3)]
    feed = icalendar.Calendar.from_ical(api.anonymous().get(f"{API}/certificates/calendar.ics",
                                                            params={"token": people.tokens["lin"]}).content)
    assert {str(e["SUMMARY"]) for e in feed.walk("VEVENT")} == {"申请截止:监护仪二类注册申报",
                                                                "评审意见答复截止:监护仪二类注册申报"}

    r = api.as_("mei").post(f"{API}/feedback/{feedback.json()['id']}/response", json={"close": True})
    assert r.status_code == 200 and r.json()["responded_on"] == TODAY.isoformat()
    assert api.as_("lin").get(f"{API}/certificates/alerts").json() == []
    read = api.as_("sam").get(f"{API}/applications/{application['id']}").json()
    assert read["feedback"][0]["closed"] and read["contacts"][0]["counterpart"] == "器审中心"
    error(api.as_("mei").post(f"{API}/applications/{application['id']}/contacts", json={
        "channel": "pigeon", "summary": "x"}), 422, "validation_error")
    error(api.as_("mei").post(f"{API}/applications/{application['id']}/feedback", json={
        "summary": "x", "received_on": due, "response_due": TODAY.isoformat()}), 422, "invalid", "received_on")


def test_a_company_kr_needs_the_certificate_and_the_team_draft_is_generated_aligned_and_clean(api, database, people):
    certificate, application = started(api, people)
    company = make_objective(database, people, None, unit="hk", level="company",
                             title="Q4 推出三款新型监护设备", krs=[dict(title="Q4 三款新型设备上市", kind="metric", target=3)])
    error(api.as_("lin").put(f"{API}/key-results/{company.kr_ids[0]}/certificates/{certificate['id']}"),
          403, "forbidden")
    assert api.as_("ada").put(f"{API}/key-results/{company.kr_ids[0]}/certificates/{certificate['id']}"
                              ).status_code == 204

    r = api.as_("mei").post(f"{API}/applications/{application['id']}/draft-okr", json={"cycle_id": people.cycle_id})
    assert r.status_code == 201, r.text
    draft = api.as_("mei").get(f"{API}/objectives/{r.json()['objective_id']}").json()
    assert draft["status"] == "draft" and draft["findings"] == []
    assert len(draft["key_results"]) == 4

    [chain] = api.as_("sam").get(f"{API}/chain").json()
    assert chain["kr_id"] == company.kr_ids[0]
    [shown] = chain["certificates"]
    assert shown["certificate"]["status"] == "sought"
    assert {b["objective_id"] for b in shown["applications"][0]["bound"]} == {draft["id"]}
    error(api.as_("mei").post(f"{API}/applications/{application['id']}/draft-okr", json={"cycle_id": 999}),
          422, "invalid", "cycle_id")

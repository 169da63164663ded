"""The certificate registry over the API: register, read with today's status, change with a version,
alerts, and an iCalendar feed that a real iCalendar library reads back."""
from __future__ import annotations

import datetime as dt

import icalendar

from ..conftest import TODAY
from .test_objectives import error

URL = "/api/v1/certificates"
DESIGN = {"category": "engineering_design", "grade": "甲级", "name": "工程设计建筑行业甲级资质",
          "authority": "住房和城乡建设部", "number": "A133012345", "holder": "华康建设集团有限公司",
          "issued_on": "2021-12-01", "expires_on": (TODAY + dt.timedelta(days=30)).isoformat(),
          "documents": [{"name": "资质证书正本.pdf", "reference": "档案室 B-12"}]}


def test_a_registered_certificate_is_read_back_with_todays_status_and_its_version(api, people):
    r = api.as_("ada").post(URL, json=DESIGN)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["status"] == "expiring" and made["grade"] == "甲级" and made["documents"][0]["reference"] == "档案室 B-12"
    one = api.as_("sam").get(f"{URL}/{made['id']}")
    assert one.status_code == 200 and one.headers["ETag"] == '"1"' and one.json() == made
    r = api.as_("ada").patch(f"{URL}/{made['id']}", json={"expires_on": "2031-11-30"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["status"] == "valid" and r.json()["version"] == 2
    error(api.as_("ada").patch(f"{URL}/{made['id']}", json={"suspended": True, "version": 1}), 409, "conflict")


def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(api, people):
    error(api.as_("ada").post(URL, json={**DESIGN, "expires_on": "2020-01-01"}), 422, "invalid", "expires_on")
    error(api.as_("ada").post(URL, json={**DESIGN, "category": "建筑资质"}), 422, "invalid", "category")
    error(api.as_("ada").post(URL, json={**DESIGN, "grade": "第三类"}), 422, "invalid", "grade")
    error(api.as_("ada").post(URL, json={**DESIGN, "expires_on": "2026-02-30"}), 422, "validation_error")
    error(api.as_("ada").post(URL, json={**DESIGN, "colour": "red"}), 422, "validation_error")
    error(api.as_("lin").post(URL, json=DESIGN), 403, "forbidden")
    assert api.as_("ada").get(URL).json() == []
    assert api.as_("ada").get(f"{URL}/alerts", params={"days": "ninety"}).status_code == 422


def test_a_certificate_expiring_in_30_days_is_in_the_alerts_and_the_calendar_feed(api, people):
    made = api.as_("ada").post(URL, json=DESIGN).json()
    api.as_("ada").post(URL, json={**DESIGN, "name": "三年后到期", "expires_on": "2029-11-30"})
    alerts = api.as_("lin").get(f"{URL}/alerts").json()
    assert [(a["certificate"]["id"], a["days_left"], a["threshold"]) for a in alerts] == [(made["id"], 30, 30)]

    feed = api.anonymous().get(f"{URL}/calendar.ics", params={"token": people.tokens["lin"]})
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"证书到期:工程设计建筑行业甲级资质", "证书到期:三年后到期"}
    event = events["证书到期:工程设计建筑行业甲级资质"]
    assert event.decoded("DTSTART") == TODAY + dt.timedelta(days=30)
    assert "A133012345" in str(event["DESCRIPTION"])
    assert sorted(str(a["TRIGGER"].to_ical(), "ascii") for a in event.walk("VALARM")) == ["-P180D", "-P30D", "-P90D"]
    assert all(len(line.encode()) <= 75 for line in feed.content.decode().split("\r\n"))
    error(api.anonymous().get(f"{URL}/calendar.ics"), 401, "not_authenticated", "token")


def test_an_application_starts_moves_stage_by_stage_and_refuses_a_skip(api, people):
    certificate = api.as_("ada").post(URL, json={**DESIGN, "held": False}).json()
    r = api.as_("ada").post("/api/v1/applications", json={"certificate_id": certificate["id"], "kind": "upgrade",
                                                           "title": "设计资质升甲"})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["stage"] == "policy_research" and made["measures"]["stage_reached"] == 0.0
    r = api.as_("ada").post(f"/api/v1/applications/{made['id']}/moves", json={"to": "materials", "note": "开始准备材料"},
                            headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert [(h["from_stage"], h["to_stage"], h["note"]) for h in r.json()["history"]] == [
        (None, "policy_research", ""), ("policy_research", "materials", "开始准备材料")]
    error(api.as_("ada").post(f"/api/v1/applications/{made['id']}/moves", json={"to": "approved", "version": 2}),
          422, "invalid", "to")
    error(api.as_("ada").post("/api/v1/applications", json={"certificate_id": certificate["id"], "kind": "buy",
                                                           "title": "x"}), 422, "validation_error")
    error(api.as_("lin").post(f"/api/v1/applications/{made['id']}/moves", json={"to": "internal_review", "version": 2}),
          403, "forbidden")
    assert api.as_("sam").get(f"/api/v1/applications/{made['id']}").json()["stage"] == "materials"

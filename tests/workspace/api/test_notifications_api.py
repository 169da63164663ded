"""The notification endpoints: my preferences, a unit's channels, the delivery log; who may do what, and
bad input refused with the field named and nothing stored."""
from __future__ import annotations

from sqlalchemy import func, select

from okrcoach.storage import models as m

DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=abc123"


def count(database, model) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_my_preferences_start_from_the_defaults_and_keep_what_i_change(api):
    lin = api.as_("lin")
    first = lin.get("/api/v1/me/notifications").json()
    assert first["checkin_cadence"] == "weekly" and first["checkin_weekday"] == 4 and "at_risk" in first["kinds"]
    r = lin.patch("/api/v1/me/notifications", json={"checkin_weekday": 0, "checkin_hour": 9,
                                                     "kinds": ["review_decided"]})
    assert r.status_code == 200
    again = lin.get("/api/v1/me/notifications").json()
    assert (again["checkin_weekday"], again["checkin_hour"], again["kinds"]) == (0, 9, ["review_decided"])
    assert api.as_("mei").get("/api/v1/me/notifications").json()["checkin_weekday"] == 4   # only mine changed


def test_a_preference_out_of_range_is_a_422_naming_it(api, database):
    r = api.as_("lin").patch("/api/v1/me/notifications", json={"checkin_hour": 24})
    assert r.status_code == 422 and "checkin_hour" in r.text
    r = api.as_("lin").patch("/api/v1/me/notifications", json={"kinds": ["gossip"]})
    assert r.status_code == 422 and "kinds" in r.text
    assert count(database, m.NotificationPreference) == 0


def test_a_manager_adds_a_signed_dingtalk_robot_whose_secret_is_never_shown_again(api):
    r = api.as_("mei").post("/api/v1/units/qa/channels", json={
        "kind": "dingtalk", "name": "质量部群", "address": DINGTALK, "secret": "SEC0123456789abcdef",
        "kinds": ["at_risk", "certificate_expiry"]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["has_secret"] is True and "secret" not in body and "SEC0123" not in r.text
    [listed] = api.as_("mei").get("/api/v1/units/qa/channels").json()
    assert listed["name"] == "质量部群" and listed["kinds"] == ["at_risk", "certificate_expiry"]


def test_a_robot_address_of_the_wrong_shape_is_refused_and_nothing_is_stored(api, database):
    for wrong in ({"kind": "dingtalk", "address": "ftp://example.com/robot"},
                  {"kind": "wecom", "address": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"},
                  {"kind": "email", "address": "not an address"}):
        r = api.as_("mei").post("/api/v1/units/qa/channels", json=wrong)
        assert r.status_code == 422, wrong
        assert "address" in r.text
    assert count(database, m.NotificationChannel) == 0


def test_a_member_may_not_configure_the_units_channels_and_an_outsider_unit_is_404(api):
    assert api.as_("lin").post("/api/v1/units/qa/channels", json={"kind": "dingtalk", "address": DINGTALK}
                               ).status_code == 403
    assert api.as_("mei").post("/api/v1/units/sales/channels", json={"kind": "dingtalk", "address": DINGTALK}
                               ).status_code == 403
    assert api.as_("mei").get("/api/v1/units/nowhere/channels").status_code == 404


def test_switching_a_channel_off_needs_the_version_read(api):
    made = api.as_("mei").post("/api/v1/units/qa/channels", json={"kind": "dingtalk", "address": DINGTALK}).json()
    url = f"/api/v1/channels/{made['id']}"
    assert api.as_("mei").patch(url, json={"enabled": False}).status_code == 428
    r = api.as_("mei").patch(url, json={"enabled": False, "version": made["version"]})
    assert r.status_code == 200 and r.json()["enabled"] is False
    assert api.as_("mei").patch(url, json={"enabled": True, "version": made["version"]}).status_code == 409
    assert api.as_("mei").delete(url).status_code == 204
    assert api.as_("mei").get("/api/v1/units/qa/channels").json() == []


def test_the_delivery_log_is_for_admins_and_a_failed_notice_can_be_tried_again(api, database, people):
    with database.session() as s:
        n = m.Notification(org_id=people.org_id, kind="at_risk", dedupe_key="risk:1:0", recipient="channel:9",
                           lang="zh", data={"objective": "完成注册"}, status="failed", attempts=6,
                           last_error="dingtalk: errcode 310000")
        s.add(n)
        s.flush()
        nid = n.id
    assert api.as_("mei").get("/api/v1/notifications").status_code == 403
    log = api.as_("ada").get("/api/v1/notifications?status=failed").json()
    assert log["total"] == 1 and log["items"][0]["last_error"] == "dingtalk: errcode 310000"
    r = api.as_("ada").post(f"/api/v1/notifications/{nid}/retry")
    assert r.status_code == 200 and r.json()["status"] == "pending" and r.json()["attempts"] == 0
    assert api.as_("ada").get("/api/v1/notifications?status=bogus").status_code == 422


def test_a_test_message_reaches_a_working_robot_and_a_refusing_one_says_why(api):
    from tests.local_servers import running_receiver

    with running_receiver() as robot:
        made = api.as_("mei").post("/api/v1/units/qa/channels", json={
            "kind": "dingtalk", "name": "质量部群", "secret": "SEC-test-secret",
            "address": robot.url("/robot/send?access_token=t")}).json()
        r = api.as_("mei").post(f"/api/v1/channels/{made['id']}/test")
        assert r.status_code == 200 and r.json() == {"delivered": True, "error": None}
        [got] = robot.received
        assert got.json()["markdown"]["title"] == "【OKR】通知渠道测试:质量部群" and "sign" in got.query
        robot.answer(200, {"errcode": 310000, "errmsg": "sign not match"})
        r = api.as_("mei").post(f"/api/v1/channels/{made['id']}/test")
        assert r.json()["delivered"] is False and "310000" in r.json()["error"]
        assert "SEC-test-secret" not in r.text
    assert api.as_("lin").post(f"/api/v1/channels/{made['id']}/test").status_code == 403

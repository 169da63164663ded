"""The notification pages through HTTP: my settings, a unit's channels, the delivery log."""
from __future__ import annotations

from sqlalchemy import select

from okrcoach.storage import models as m

from .test_admin_pages import alert, form_of
from .test_pages import sign_in


def test_i_choose_my_reminder_day_and_the_notices_i_want_and_the_page_keeps_them(browser, database, people):
    sign_in(browser, "lin")
    page = browser.get("/settings/notifications")
    assert page.status_code == 200 and "通知设置" in page.text
    form = form_of(browser, "/settings/notifications", email_enabled="on", checkin_cadence="biweekly",
                   checkin_weekday="0", checkin_hour="9")
    form["kinds"] = ["review_decided", "at_risk"]
    r = browser.post("/settings/notifications", data=form)
    assert r.status_code == 303
    with database.session() as s:
        pref = s.get(m.NotificationPreference, people.ids["lin"])
        assert (pref.checkin_cadence, pref.checkin_weekday, pref.checkin_hour) == ("biweekly", 0, 9)
        assert pref.kinds == ["at_risk", "review_decided"]
    again = browser.get("/settings/notifications?done=saved").text
    assert 'value="biweekly" selected' in again and "已保存" in again


def test_an_hour_out_of_range_is_refused_beside_the_form_and_nothing_is_stored(browser, database, people):
    sign_in(browser, "lin")
    form = form_of(browser, "/settings/notifications", checkin_cadence="weekly", checkin_weekday="4",
                   checkin_hour="25")
    r = browser.post("/settings/notifications", data=form)
    assert r.status_code == 422 and alert(r.text) == "提醒时间必须是 0 到 23 之间的整点,而不是 '25'"
    with database.session() as s:
        assert s.get(m.NotificationPreference, people.ids["lin"]) is None


def test_a_manager_adds_the_teams_feishu_robot_and_switches_it_off(browser, database, people):
    sign_in(browser, "mei")
    url = f"/units/{people.units['qa']}/notifications"
    form = form_of(browser, url, name="质量部飞书群", kind="feishu", lang="zh", secret="feishu-secret",
                   address="https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d")
    form["kinds"] = ["at_risk", "response_due"]
    assert browser.post(url, data=form).status_code == 303
    page = browser.get(url).text
    assert "质量部飞书群" in page and "飞书群机器人" in page and "feishu-secret" not in page
    with database.session() as s:
        channel = s.scalar(select(m.NotificationChannel))
    r = browser.post(f"{url}/{channel.id}", data=form_of(browser, url, action="disable"))
    assert r.status_code == 303
    with database.session() as s:
        assert s.get(m.NotificationChannel, channel.id).enabled is False


def test_a_wrong_robot_address_is_explained_and_what_was_typed_is_kept(browser, database, people):
    sign_in(browser, "mei")
    url = f"/units/{people.units['qa']}/notifications"
    form = form_of(browser, url, name="质量部群", kind="dingtalk", lang="zh", address="https://example.com/robot")
    r = browser.post(url, data=form)
    assert r.status_code == 422 and alert(r.text) == "地址:应为钉钉机器人的 Webhook 地址,带有 ?access_token=…"
    assert 'value="质量部群"' in r.text and 'aria-invalid="true"' in r.text
    with database.session() as s:
        assert s.scalar(select(m.NotificationChannel)) is None


def test_a_member_gets_a_403_on_the_units_channels(browser, people):
    sign_in(browser, "lin")
    assert browser.get(f"/units/{people.units['qa']}/notifications").status_code == 403


def test_the_admin_reads_the_delivery_log_and_tries_a_failed_notice_again(browser, database, people):
    with database.session() as s:
        n = m.Notification(org_id=people.org_id, kind="certificate_expiry", dedupe_key="c:1", recipient="person:2",
                           lang="zh", data={"certificate": "ISO 13485 认证"}, status="failed", attempts=1,
                           last_error="e-mail via smtp.huakang.test:587: 550 mailbox unavailable")
        s.add(n)
        s.flush()
        nid = n.id
    sign_in(browser, "ada")
    page = browser.get("/admin/notifications").text
    assert "ISO 13485 认证" in page and "证书即将到期" in page and "失败" in page
    r = browser.post(f"/admin/notifications/{nid}/retry", data=form_of(browser, "/admin/notifications"))
    assert r.status_code == 303
    with database.session() as s:
        assert s.get(m.Notification, nid).status == "pending"


def test_the_unit_dashboard_links_its_managers_to_the_channels_and_not_its_members(browser, people):
    sign_in(browser, "mei")
    assert f'href="/units/{people.units["qa"]}/notifications"' in browser.get(f"/units/{people.units['qa']}").text
    browser.cookies.clear()
    sign_in(browser, "lin")
    assert "unit-notifications" not in browser.get(f"/units/{people.units['qa']}").text


def test_a_manager_sends_a_test_message_and_reads_at_once_whether_it_arrived(browser, database, people):
    from tests.local_servers import running_receiver

    sign_in(browser, "mei")
    url = f"/units/{people.units['qa']}/notifications"
    with running_receiver() as robot:
        form = form_of(browser, url, name="质量部企业微信群", kind="wecom", lang="zh",
                       address=robot.url("/cgi-bin/webhook/send?key=k"))
        assert browser.post(url, data=form).status_code == 303
        with database.session() as s:
            channel_id = s.scalar(select(m.NotificationChannel.id))
        page = browser.post(f"{url}/{channel_id}", data=form_of(browser, url, action="test")).text
        assert "测试消息已送达" in page and len(robot.received) == 1
        robot.answer(500, {"errcode": -1, "errmsg": "system busy"})
        page = browser.post(f"{url}/{channel_id}", data=form_of(browser, url, action="test")).text
        assert "测试消息未送达" in page and "500" in page

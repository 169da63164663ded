"""Issue 6 in the browser: a manager sets her reminders, adds her department's DingTalk robot (a wrong
address first), downloads the department's end-of-cycle report, and the admin reads the delivery log;
the pages on a phone and the settings in English.

The robot's address is on 127.0.0.1 (a closed port): the live server's scheduler may try it, and
nothing leaves this machine. Screenshots: notification-settings, unit-notification-channels,
admin-notifications (the live server's scheduler runs every 2 s: tests/web/conftest.py).
"""
from __future__ import annotations

from playwright.sync_api import expect

from .test_admin_pages import PHONE, no_sideways_scroll
from .test_member_journey import sign_in

ROBOT = "http://127.0.0.1:9/robot/send?access_token=demo-journey"


def test_a_manager_sets_her_reminders_adds_the_departments_robot_and_downloads_the_report(
        page, demo_people, shoot, js_errors):
    sign_in(page, demo_people, "liumin")
    page.click("header a.who")
    expect(page.locator("h1")).to_have_text("通知设置")
    page.select_option("select[name=checkin_weekday]", "0")
    page.select_option("select[name=checkin_hour]", "9")
    page.uncheck("input[name=kinds][value=back_on_track]")
    page.click("form[action='/settings/notifications'] button[type=submit]")
    expect(page.locator(".notice")).to_have_text("已保存。")
    expect(page.locator("select[name=checkin_weekday]")).to_have_value("0")
    expect(page.locator("input[name=kinds][value=back_on_track]")).not_to_be_checked()
    shoot(page, "notification-settings")

    page.click("nav a[href='/units/mine']")
    page.click("#unit-notifications")
    expect(page.locator("h1")).to_contain_text("通知渠道")
    form = page.locator("#new-channel")
    form.locator("input[name=name]").fill("质量部钉钉群")
    form.locator("select[name=kind]").select_option("dingtalk")
    form.locator("input[name=address]").fill("http://127.0.0.1:9/robot/send")
    form.locator("button[type=submit]").click()
    expect(page.locator("#new-channel .alert")).to_contain_text("钉钉机器人的 Webhook 地址")
    expect(page.locator("#new-channel input[name=address]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#new-channel input[name=name]")).to_have_value("质量部钉钉群")
    js_errors.clear()          # the 422 answer is logged by the browser as a failed resource

    page.locator("#new-channel input[name=address]").fill(ROBOT)
    page.locator("#new-channel input[name=secret]").fill("SEC-demo-journey")
    page.locator("#new-channel button[type=submit]").click()
    row = page.locator("tr", has_text="质量部钉钉群")
    expect(row).to_contain_text("钉钉群机器人")
    expect(row).to_contain_text("已加签")
    expect(page.locator("body")).not_to_contain_text("SEC-demo-journey")
    row.locator("button[value=test]").click()           # nothing listens on port 9: the answer says so
    expect(page.locator("tr[id^=tested-] .alert")).to_contain_text("测试消息未送达")
    shoot(page, "unit-notification-channels")

    page.click("a[href^='/units/']:has-text('返回看板')")
    pdf = page.locator("#cycle-report a[href*='report.pdf']").get_attribute("href")
    answer = page.request.get(pdf)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    assert js_errors == []


def test_the_admin_reads_the_delivery_log_of_a_webhook_nobody_answers_and_tries_again(
        page, demo_people, shoot, js_errors):
    sign_in(page, demo_people, "wangjg")
    page.click("nav a[href='/units/mine']")
    page.click("#unit-notifications")
    form = page.locator("#new-channel")
    form.locator("input[name=name]").fill("公司 OKR 接口")
    form.locator("select[name=kind]").select_option("webhook")
    form.locator("input[name=address]").fill("http://127.0.0.1:9/okr-hook")
    form.locator("button[type=submit]").click()
    expect(page.locator("tr", has_text="公司 OKR 接口")).to_be_visible()

    page.goto("/admin")
    page.click("nav.admin-tabs a[href='/admin/notifications']")
    expect(page.locator("h1")).to_have_text("通知")
    tried = page.locator("tr[id^=notice-]", has_text="webhook 公司 OKR 接口")
    for _ in range(30):              # the live server's scheduler queues and tries every 2 s
        if tried.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(tried.first).to_contain_text("cannot connect")
    expect(tried.first.locator(".badge")).to_have_text("等待发送")      # a refused connection is retried
    shoot(page, "admin-notifications")
    tried.first.locator("button[type=submit]").click()
    expect(page.locator(".notice")).to_have_text("已保存。")
    assert js_errors == []


def test_the_notification_pages_fit_a_phone_and_read_in_english(page, demo_people, js_errors):
    sign_in(page, demo_people, "wangjg")
    page.set_viewport_size(PHONE)
    page.goto("/units/mine")
    page.click("#unit-notifications")
    for url in (page.url, "/admin/notifications", "/my", "/settings/notifications"):
        page.goto(url)
        no_sideways_scroll(page)
    page.goto("/lang/en?next=/settings/notifications")
    expect(page.locator("h1")).to_have_text("Notification settings")
    expect(page.locator("label", has_text="Send me notices by e-mail")).to_be_visible()
    no_sideways_scroll(page)
    assert js_errors == []

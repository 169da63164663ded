"""A member's quarter in the browser: sign in, check in from the list, see the objective's page and
chart, switch to English, sign out; another member cannot open that objective by its URL.

Runs against ``okr serve --demo`` (华康医疗器械). 吴芳 (qa-cert) owns an objective visible to her unit
only; 何军 (sales) may not see it. Screenshots go to ``screenshots/`` (README, "Screenshots").
"""
from __future__ import annotations

import re

from playwright.sync_api import expect


def sign_in(page, demo_people, handle: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/signin"))
    page.fill("input[name=email]", demo_people.email(handle))
    page.fill("input[name=password]", demo_people.password)
    page.click("form[action='/signin'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/my$"))


def test_a_member_checks_in_and_sees_the_objective_move(page, demo_people, shoot, js_errors):
    page.goto("/signin")
    expect(page.locator("h1")).to_have_text("登录")
    shoot(page, "01-sign-in")
    sign_in(page, demo_people, "wufang")
    expect(page.locator("h1")).to_have_text("我的 OKR")
    shoot(page, "02-my-okrs")

    card = page.locator("article.objective").first
    objective_bar = card.locator(".objective-progress .bar")
    before = objective_bar.get_attribute("aria-valuenow")
    kr = card.locator("li.kr").first
    kr.locator("details.check-in summary").click()
    kr.locator("input[name=value]").fill("0")
    kr.locator("select[name=confidence]").select_option("0.3")
    kr.locator("input[name=note]").fill("评审意见尚未回复")
    kr.locator("button[type=submit]").click()
    card = page.locator("article.objective").first
    expect(card.locator(".objective-progress .bar")).not_to_have_attribute("aria-valuenow", before)
    expect(card.locator("li.kr").first.locator(".badge.warn").first).to_be_visible()

    kr = card.locator("li.kr").first
    kr.locator("details.check-in summary").click()
    kr.locator("input[name=value]").fill("很多")
    kr.locator("button[type=submit]").click()
    expect(page.locator("li.kr .alert").first).to_contain_text("不是数字")
    assert all("422" in e for e in js_errors)   # Chromium logs the refused check-in: expected here
    js_errors.clear()

    card.locator("h2 a").click()
    expect(page).to_have_url(re.compile(r"/objectives/\d+$"))
    expect(page.locator(".chart svg")).to_have_count(1)
    expect(page.locator("h2", has_text="关键结果")).to_be_visible()
    shoot(page, "03-objective")

    page.click("a[data-lang=en]")
    expect(page.locator("h2", has_text="Key results")).to_be_visible()
    expect(page.locator("h2", has_text="Progress over time")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/my")
    expect(page.locator("h1")).to_have_text("My OKRs")
    shoot(page, "04-my-okrs-en")
    page.click("a[data-lang=zh]")
    expect(page.locator("h1")).to_have_text("我的 OKR")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a phone's screen"
    shoot(page, "05-my-okrs-phone")

    page.click("form[action='/signout'] button")
    expect(page).to_have_url(re.compile(r"/signin$"))


def test_a_member_of_another_unit_cannot_open_the_objective_by_its_url(page, demo_people, js_errors):
    sign_in(page, demo_people, "wufang")
    url = page.locator("article.objective h2 a").first.get_attribute("href")
    page.click("form[action='/signout'] button")
    sign_in(page, demo_people, "hejun")
    response = page.goto(url)
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("未找到")
    assert all("404" in e for e in js_errors)
    js_errors.clear()


def test_a_manager_sees_the_units_dashboard_with_its_chart(page, demo_people, shoot):
    sign_in(page, demo_people, "liumin")
    page.click("nav a[href='/units/mine']")
    expect(page.locator("h1")).to_have_text("质量与注册部")
    expect(page.locator(".chart svg")).to_have_count(1)
    expect(page.locator("h2", has_text="下级部门")).to_be_visible()
    shoot(page, "08-unit-dashboard")

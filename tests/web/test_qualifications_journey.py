"""The registration department's manager in the browser: the registry's alerts, an application's work, the
chain from the company KR, a refused certificate, and the same pages on a phone and in English.

刘敏 (manager of 质量与注册部) works on the demo's portable-monitor application: ticks its last
checklist item, answers the reviewers' open point, and follows the work up to the company KR.
Screenshots: qualifications-registry, qualifications-application, qualifications-chain.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_admin_pages import PHONE, no_sideways_scroll
from .test_member_journey import sign_in


def test_a_manager_works_an_application_and_follows_it_up_to_the_company_kr(page, demo_people, shoot, js_errors):
    sign_in(page, demo_people, "liumin")
    page.click("nav a[href='/qualifications']")
    expect(page.locator("h1")).to_have_text("资质证书台账")
    alerts = page.locator("#alerts")
    expect(alerts.locator("li[data-kind=expiry]", has_text="ISO 13485")).to_contain_text("剩 25 天")
    expect(alerts.locator("li[data-kind=response_due]")).to_contain_text("说明书中报警限设置")
    expect(page.locator("table.registry tr", has_text="高新技术企业证书")).to_contain_text("延续中")
    shoot(page, "qualifications-registry")

    alerts.locator("li[data-kind=response_due] a").click()
    expect(page.locator("h1")).to_have_text("便携式监护仪二类注册申报")
    expect(page.locator("#stage")).to_have_text("审评中")
    expect(page.locator("[data-measure=checklist_compliance]")).not_to_have_text("100.0%")
    pending = page.locator("#checklist tr[data-status=pending]")
    expect(pending).to_have_count(1)
    pending.locator("select[name=status]").select_option("compliant")   # submits on change
    expect(page.locator(".notice")).to_have_text("已保存。")
    expect(page.locator("[data-measure=checklist_compliance]")).to_have_text("100.0%")

    open_point = page.locator("#feedback li[data-answered=no]")
    open_point.locator("button[type=submit]").click()
    expect(page.locator("#feedback li[data-answered=no]")).to_have_count(0)
    expect(page.locator("[data-measure=feedback_on_time]")).to_have_text("100.0%")
    expect(page.locator("#bound-krs")).to_contain_text("按时回复率 100%")
    shoot(page, "qualifications-application")

    page.click("a[href='/chain']")
    expect(page.locator("h1")).to_have_text("从战略到资质")
    chain = page.locator("section.chain").first
    expect(chain.locator("h2")).to_contain_text("三款新型设备上市")
    expect(chain.locator(".chain-certificate")).to_have_count(3)
    expect(chain.locator(".chain-application", has_text="便携式监护仪二类注册申报")).to_contain_text("按时回复率")
    shoot(page, "qualifications-chain")
    assert js_errors == []


def test_a_refused_certificate_keeps_what_was_typed_and_stores_nothing(page, demo_people, js_errors):
    sign_in(page, demo_people, "liumin")
    page.goto("/qualifications")
    rows = page.locator("table.registry tbody tr").count()
    page.fill("#new-certificate input[name=name]", "安全生产许可证(测试)")
    page.select_option("#new-certificate select[name=category]", "safety_production_licence")
    page.fill("#new-certificate input[name=issued_on]", "2026-01-10")
    page.fill("#new-certificate input[name=expires_on]", "2025-01-10")
    page.click("#new-certificate button[type=submit]")
    expect(page.locator("#new-certificate .alert")).to_contain_text("有效期至 2025-01-10 早于发证日期 2026-01-10")
    expect(page.locator("#new-certificate input[name=expires_on]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#new-certificate input[name=name]")).to_have_value("安全生产许可证(测试)")
    page.goto("/qualifications")
    expect(page.locator("table.registry tbody tr")).to_have_count(rows)
    js_errors.clear()      # the 422 answer is logged by the browser as a failed resource


def test_the_qualification_pages_fit_a_phone_and_read_in_english(page, demo_people, js_errors):
    sign_in(page, demo_people, "wangjg")
    page.set_viewport_size(PHONE)
    for url in ("/qualifications", "/chain"):
        page.goto(url)
        no_sideways_scroll(page)
    page.goto("/lang/en?next=/qualifications")
    expect(page.locator("h1")).to_have_text("Certificate registry")
    expect(page.locator("#alerts h2")).to_have_text("Deadlines not to miss")
    expect(page).to_have_url(re.compile(r"/qualifications$"))
    page.goto("/lang/zh?next=/qualifications")
    assert js_errors == []

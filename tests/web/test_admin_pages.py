"""An admin of the demo in the browser: opens the admin pages from the top bar, adds a person and a team,
reads the organisation chart and the cycles, then the same pages in English and on a phone.

王建国 (the demo's admin) adds 钱多多 to 新品开发组 and a new team 智能硬件组 under 研发部, so that
no other test's unit or person changes. Screenshots: admin-people, admin-units, admin-cycles.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_member_journey import sign_in

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def test_an_admin_adds_a_person_and_a_unit_and_reads_the_admin_pages_in_english(page, demo_people, shoot,
                                                                               js_errors):
    sign_in(page, demo_people, demo_people.admins[0])
    page.click("nav a[href='/admin']")
    expect(page).to_have_url(re.compile(r"/admin/people$"))
    expect(page.locator("h1")).to_have_text("人员")
    expect(page.locator(".admin-tabs a[aria-current=page]")).to_have_text("人员")
    expect(page.locator(".admin-table tbody tr", has_text="王建国")).to_be_visible()

    page.click("a[href='/admin/people/new']")
    page.fill("input[name=name]", "钱多多")
    page.fill("input[name=handle]", "qianduoduo")
    page.fill("input[name=email]", "qianduoduo@huakang-demo.example")
    page.select_option("select[name=unit_id]", label="\u3000\u3000新品开发组 (rd-device)")
    page.fill("input[name=password]", "qianduoduo-2027")
    page.click("form[action='/admin/people/new'] button[type=submit]")
    expect(page.locator("h1")).to_have_text("钱多多")
    expect(page.locator(".notice")).to_have_text("已创建。")
    expect(page.locator("#memberships")).to_contain_text("新品开发组")
    shoot(page, "admin-person")

    page.goto("/admin/people?q=钱多多")
    expect(page.locator(".admin-table tbody tr")).to_have_count(1)
    page.goto("/admin/people")
    shoot(page, "admin-people")

    page.click(".admin-tabs a[href='/admin/units']")
    expect(page.locator("h1")).to_have_text("组织架构")
    page.select_option("select[name=parent_id]", label="\u3000研发部 (rd)")
    page.fill("#new-unit input[name=name]", "智能硬件组")
    page.fill("#new-unit input[name=key]", "rd-smart")
    page.click("#new-unit button[type=submit]")
    expect(page.locator("h1")).to_have_text("智能硬件组")
    expect(page.locator(".notice")).to_have_text("已创建。")
    page.fill("input[name=person]", "qianduoduo")
    page.click("form[action$='/members'] button[type=submit]")
    expect(page.locator("#members .admin-table")).to_contain_text("钱多多")
    shoot(page, "admin-unit")

    page.click(".admin-tabs a[href='/admin/units']")
    row = page.locator(".unit-tree tr", has_text="智能硬件组")
    expect(row).to_have_class("depth-2")
    expect(row.locator("td.num")).to_have_text("1")
    shoot(page, "admin-units")

    page.click(".admin-tabs a[href='/admin/cycles']")
    expect(page.locator("h1")).to_have_text("周期")
    expect(page.locator(".admin-table .badge.cycle-active")).to_have_count(1)
    shoot(page, "admin-cycles")

    page.click("a[data-lang=en]")
    expect(page.locator("h1")).to_have_text("Cycles")
    expect(page.locator(".admin-tabs a")).to_have_text(["People and roles", "Units", "Cycles", "Notifications",
                                                        "Import/export"])
    expect(page.locator("#new-cycle h2")).to_have_text("New cycle")
    page.click(".admin-tabs a[href='/admin/people']")
    expect(page.locator(".admin-table th").first).to_have_text("Full name")
    page.click("a[data-lang=zh]")

    page.set_viewport_size(PHONE)
    for url, name in (("/admin/people", "admin-people-phone"), ("/admin/units", "admin-units-phone"),
                      ("/admin/cycles", None)):
        page.goto(url)
        no_sideways_scroll(page)
        if name:
            shoot(page, name)

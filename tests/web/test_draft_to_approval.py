"""From a draft to an approved objective in the browser: the coach reviews the draft while it is typed
(six KRs and a vague one), the member fixes what it says, saves and submits; the unit's manager approves;
the member checks in on the approved objective.

郑凯 (qa-cert member) writes; 周燕 manages qa-cert and approves.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_member_journey import sign_in

TITLE = "完成 3 款新型设备的二类注册证申报"
KRS = [("提交 3 款设备的注册申报资料", "3", "款"), ("加强与评审机构的沟通", "", ""),
       ("完成 2 次注册资料内审", "2", "次"), ("培训注册专员 4 人", "4", "人"),
       ("整理 6 份技术文档", "6", "份"), ("取得 3 张注册证", "3", "张")]


def coach_rules(page) -> set[str]:
    return set(page.locator("#coach .finding").evaluate_all("els => els.map(e => e.dataset.rule)"))


def map_progress(page) -> str:
    """The new objective's progress on the alignment map, under the company objective it supports."""
    page.click("nav a[href='/map']")
    expect(page.locator("h1")).to_have_text("对齐地图")
    page.locator(".map > .tree > li.node details summary").first.click()
    node = page.locator("li.node", has=page.locator(".node-title", has_text=TITLE)).last
    expect(node).to_be_visible()
    return node.locator(".node-progress .bar").first.get_attribute("aria-valuenow")


def test_a_member_drafts_with_the_coach_submits_and_a_manager_approves(page, demo_people, shoot, js_errors):
    sign_in(page, demo_people, "zhengkai")
    page.click("nav a[href='/objectives/new']")
    expect(page.locator("h1")).to_have_text("新建目标")
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=supports]", index=1)
    for i, (title, target, unit) in enumerate(KRS):
        if i >= page.locator(".kr-row").count():
            page.click("#add-kr")
        row = page.locator(".kr-row").nth(i)
        row.locator("input[name=kr_title]").fill(title)
        row.locator("input[name=kr_target]").fill(target)
        row.locator("input[name=kr_unit]").fill(unit)
    expect(page.locator("#coach .finding[data-rule='kr-count-exceeded']")).to_have_count(1)
    expect(page.locator("#coach .finding[data-rule='kr-unmeasurable'][data-kr='1']")).to_have_count(1)
    shoot(page, "06-editor-coach")

    # Fix it: five KRs, the vague one made measurable.
    page.locator(".kr-row").nth(4).locator("input[name=kr_title]").fill("")
    vague = page.locator(".kr-row").nth(1)
    vague.locator("input[name=kr_title]").fill("评审反馈 100% 在 5 个工作日内答复")
    vague.locator("input[name=kr_target]").fill("100")
    vague.locator("input[name=kr_unit]").fill("%")
    expect(page.locator("#coach .finding[data-rule='kr-count-exceeded']")).to_have_count(0)
    expect(page.locator("#coach .finding[data-rule='kr-unmeasurable']")).to_have_count(0)
    assert "kr-count-exceeded" not in coach_rules(page)

    page.click("form#editor button[type=submit]")
    expect(page).to_have_url(re.compile(r"/objectives/\d+$"))
    objective_url = page.url
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".kr")).to_have_count(5)
    page.click("button:has-text('提交审核')")
    expect(page.locator(".badge.status-in_review")).to_be_visible()
    page.click("form[action='/signout'] button")

    sign_in(page, demo_people, "zhouyan")
    page.goto(objective_url)
    page.click("button:has-text('批准')")
    expect(page.locator(".badge.status-active")).to_be_visible()
    page.click("form[action='/signout'] button")

    sign_in(page, demo_people, "zhengkai")
    assert map_progress(page) == "0"
    shoot(page, "07-alignment-map")
    page.goto("/my")
    card = page.locator("article.objective", has_text=TITLE)
    expect(card).to_have_count(1)
    assert card.locator(".objective-progress .bar").get_attribute("aria-valuenow") == "0"
    kr = card.locator("li.kr").first
    kr.locator("details.check-in summary").click()
    kr.locator("input[name=value]").fill("2")
    kr.locator("button[type=submit]").click()
    card = page.locator("article.objective", has_text=TITLE)
    expect(card.locator(".objective-progress .bar")).not_to_have_attribute("aria-valuenow", "0")
    assert map_progress(page) != "0"
    assert js_errors == [], "\n".join(js_errors[:6])

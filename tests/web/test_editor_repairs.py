"""The coach's one-click repairs in the browser, and editing a saved objective.

郑凯 (qa-cert member) types a draft with six KRs and a liaison KR nobody could measure; he applies the
coach's repairs with a click each, and the findings go; he saves, opens the editor again from the
objective page, changes the title and saves.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_member_journey import sign_in

TITLE = "年底前完成 2 款新型监护仪的二类注册证申报"
KRS = ["10 月底前提交 2 款设备的注册申报资料", "与评审机构保持密切沟通", "完成 2 次注册资料内审",
       "培训注册专员 4 人", "整理 6 份技术文档", "12 月 31 日前取得 2 张二类注册证"]


def test_a_member_applies_the_coachs_repairs_and_later_edits_the_saved_objective(page, demo_people, shoot,
                                                                                 js_errors):
    sign_in(page, demo_people, "zhengkai")
    page.goto("/objectives/new")
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=supports]", index=1)
    for i, title in enumerate(KRS):
        if i >= page.locator(".kr-row").count():
            page.click("#add-kr")
        page.locator(".kr-row").nth(i).locator("input[name=kr_title]").fill(title)
    count = page.locator("#coach .finding[data-rule='kr-count-exceeded'] .apply-repair")
    vague = page.locator("#coach .finding[data-rule='kr-unmeasurable'][data-kr='1'] .apply-repair")
    expect(count).to_contain_text(re.compile(r"删除 KR[1-5]"))     # never the outcome, KR6
    expect(vague).to_contain_text("48 小时内响应率 100%")
    shoot(page, "editor-repairs")

    vague.click()
    expect(page.locator(".kr-row").nth(1).locator("input[name=kr_title]")).to_have_value(
        re.compile("48 小时内响应率 100%"))
    expect(page.locator("#coach .finding[data-rule='kr-unmeasurable']")).to_have_count(0)
    page.locator("#coach .finding[data-rule='kr-count-exceeded'] .apply-repair").click()
    expect(page.locator(".kr-row")).to_have_count(5)
    expect(page.locator("#coach .finding[data-rule='kr-count-exceeded']")).to_have_count(0)
    assert [n.strip() for n in page.locator(".kr-number").all_inner_texts()] == [f"KR{i}" for i in range(1, 6)]
    expect(page.locator(".kr-row").nth(4).locator("input[name=kr_title]")).to_have_value(KRS[5])

    typed = page.locator("input[name=kr_title]").evaluate_all("els => els.map(e => e.value)")

    page.click("form#editor button[type=submit]")
    expect(page).to_have_url(re.compile(r"/objectives/\d+$"))
    expect(page.locator(".kr")).to_have_count(5)
    page.click("a:has-text('编辑')")
    expect(page.locator("h1")).to_have_text("编辑目标")
    assert page.locator("input[name=kr_title]").evaluate_all("els => els.map(e => e.value)") == typed
    page.fill("input[name=title]", "12 月 31 日前完成 2 款新型监护仪的二类注册证申报")
    page.locator(".kr-row").nth(3).locator(".remove-kr").click()
    page.click("form#editor button[type=submit]")
    expect(page.locator("h1")).to_have_text("12 月 31 日前完成 2 款新型监护仪的二类注册证申报")
    expect(page.locator(".kr")).to_have_count(4)
    assert js_errors == [], "\n".join(js_errors[:6])

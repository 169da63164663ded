"""The unit dashboard's heat map in Chromium: the company's manager sees which department supports which goal.

Runs against ``okr serve --demo`` (华康医疗器械): 王建国 (wangjg), its general manager and admin, opens his unit.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect


def sign_in(page, demo_people, handle: str) -> None:
    page.goto("/signin")
    page.fill("input[name=email]", demo_people.email(handle))
    page.fill("input[name=password]", demo_people.password)
    page.click("form[action='/signin'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/my$"))


def test_the_company_manager_sees_a_heatmap_of_departments_by_company_objectives(page, demo_people, shoot):
    sign_in(page, demo_people, "wangjg")
    page.click("nav a[href='/units/mine']")
    expect(page.locator("h1")).to_have_text("华康医疗器械")
    card = page.locator(".heatmap-card")
    expect(card.locator("h2")).to_have_text("谁在支撑哪个目标")
    chart = card.locator(".chart[data-chart=heatmap]")
    expect(chart.locator("canvas").first).to_be_visible()   # ECharts draws here (hover: a layer above)
    box = chart.locator("canvas").first.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    drawn = chart.evaluate("""el => {
        const option = echarts.getInstanceByDom(el).getOption();
        return { types: option.series.map(s => s.type), cells: option.series.map(s => s.data.length),
                 rows: option.yAxis[0].data, columns: option.xAxis[0].data.length };
    }""")
    assert drawn["types"] == ["heatmap", "heatmap"]
    assert drawn["rows"][:3] == ["研发部", "质量与注册部", "销售部"]
    assert drawn["columns"] >= 2 and sum(drawn["cells"]) == drawn["columns"] * len(drawn["rows"])
    assert drawn["cells"][0] > 0, "no department supports any company objective in the demo"
    card.scroll_into_view_if_needed()
    shoot(page, "unit-heatmap")

    x, y = chart.evaluate("el => echarts.getInstanceByDom(el).convertToPixel({ seriesIndex: 0 }, [0, 0])")
    box = chart.bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    tooltip = page.locator("div", has_text="研发部").filter(has_text="进度").last
    expect(tooltip).to_be_visible()
    page.screenshot(path=str(shoot(page, "unit-heatmap-tooltip")), clip={**box, "height": box["height"] + 40})

    page.set_viewport_size({"width": 390, "height": 844})   # a phone: the chart scrolls, the page does not
    page.reload()
    expect(chart.locator("canvas").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    card.screenshot(path=str(shoot(page, "unit-heatmap-phone")))

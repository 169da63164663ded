"""The unit page's heat map, fetched by the page once shown: the data ``charts.js`` draws, its labels in the
reader's language."""
from __future__ import annotations

import json
import re

from ..factories import make_objective
from .test_pages import sign_in


def heatmap_data(page: str) -> dict:
    [source] = re.findall(r'data-chart="heatmap".*?<script type="application/json" class="chart-data">'
                          r'(.*?)</script>', page, re.DOTALL)
    return json.loads(source)


def test_the_unit_page_carries_the_heatmap_with_its_labels_in_chinese_and_english(browser, database, people):
    company = make_objective(database, people, None, unit="hk", title="三款新设备上市带动营收增长",
                             krs=[dict(kind="metric", start=0, target=3, current=1)])
    make_objective(database, people, None, unit="qa", title="全部新设备取得注册证", 
                   aligned_to=company.id, krs=[dict(kind="metric", start=0, target=4, current=3)])
    sign_in(browser, "mei")
    page = browser.get(f"/units/{people.units['hk']}")
    assert page.status_code == 200
    assert "谁在支撑哪个目标" in page.text
    [fragment] = re.findall(r'hx-get="(/units/\d+/heatmap\?cycle=\d+)" hx-trigger="load"', page.text)
    heat = browser.get(fragment)
    assert heat.status_code == 200 and "<html" not in heat.text
    data = heatmap_data(heat.text)
    assert [c["title"] for c in data["heatmap"]["columns"]] == ["三款新设备上市带动营收增长"]
    assert [r["name"] for r in data["heatmap"]["rows"]] == ["质量部", "销售部"]
    assert data["heatmap"]["cells"] == [[0, 0, 75, 1, 1, 0], [0, 1, None, 0, 0, 0]]
    assert data["labels"]["progress"] == "进度" and data["labels"]["none"] == "没有目标支撑这个目标"
    assert data["labels"]["objective_many"] == "%(num)s 个目标"

    browser.get("/lang/en", params={"next": "/my"})
    assert "Who supports which objective" in browser.get(f"/units/{people.units['hk']}").text
    labels = heatmap_data(browser.get(fragment).text)["labels"]
    assert labels["progress"] == "Progress" and labels["objective_one"] == "%(num)s objective"
    assert labels["members"] == "Directly in 华康医疗"


def test_a_unit_without_objectives_of_its_own_says_so_instead_of_a_heatmap(browser, people):
    sign_in(browser, "sam")
    page = browser.get(f"/units/{people.units['sales']}/heatmap").text
    assert 'data-chart="heatmap"' not in page and "销售部本周期没有你能看到的本单位目标。" in page


def test_the_heatmap_of_a_unit_that_does_not_exist_is_404_and_a_cycle_not_a_number_422(browser, people):
    sign_in(browser, "sam")
    assert browser.get("/units/999999/heatmap").status_code == 404
    assert browser.get(f"/units/{people.units['sales']}/heatmap", params={"cycle": "q3"}).status_code == 422

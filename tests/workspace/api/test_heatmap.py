"""A unit's heat map: its sub-units (or people) × its objectives, a cell how far a row's support has come."""
from __future__ import annotations

import pytest

from ..factories import counting, make_check_in, make_objective

URL = "/api/v1/units/{}/heatmap"


def heatmap(api, who: str, unit: int, **params) -> dict:
    r = api.as_(who).get(URL.format(unit), params=params)
    assert r.status_code == 200, r.text
    return r.json()


def cell(body: dict, row_name: str, column_id: int) -> dict:
    [row] = [r for r in body["rows"] if r["name"] == row_name]
    index = [c["id"] for c in body["columns"]].index(column_id)
    return row["cells"][index]


@pytest.fixture
def goals(database, people):
    """华康医疗 has two objectives; 质量部 supports the first through its KR, 销售部 supports nothing yet."""
    growth = make_objective(database, people, None, unit="hk", title="三款新设备上市带动营收增长",
                            krs=[dict(title="三款设备取得注册证", kind="metric", start=0, target=3, current=1),
                                 dict(title="新品销售额 1200 万", kind="metric", start=0, target=1200)])
    quality = make_objective(database, people, None, unit="hk", title="质量体系零重大不符合项", position=1,
                             krs=[dict(kind="milestone")])
    qa = make_objective(database, people, None, unit="qa", title="全部新设备取得 NMPA 注册证",
                        aligned_to_kr=growth.kr_ids[0],
                        krs=[dict(title="提交注册申报", kind="metric", start=0, target=4, current=1)])
    return {"growth": growth, "quality": quality, "qa": qa}


def test_a_department_objective_aligned_to_a_company_kr_fills_that_departments_cell_with_its_progress(
        api, people, goals):
    body = heatmap(api, "ada", people.units["hk"], cycle_id=people.cycle_id)
    assert body["unit"]["name"] == "华康医疗" and body["cycle"]["name"] == "2026-Q4"
    assert body["rows_are"] == "units"
    assert [c["title"] for c in body["columns"]] == ["三款新设备上市带动营收增长", "质量体系零重大不符合项"]
    assert [(r["kind"], r["name"]) for r in body["rows"]] == [("unit", "质量部"), ("unit", "销售部")]
    qa = cell(body, "质量部", goals["growth"].id)
    assert qa == {"progress": 0.25, "objectives": 1, "supporting": 1, "at_risk": 1}   # behind, half-way in
    assert cell(body, "质量部", goals["quality"].id)["progress"] is None


def test_a_unit_that_supports_nothing_shows_an_empty_cell(api, people, goals):
    body = heatmap(api, "sam", people.units["hk"])
    for column in body["columns"]:
        assert cell(body, "销售部", column["id"]) == {"progress": None, "objectives": 0, "supporting": 0,
                                                     "at_risk": 0}


def test_a_check_in_moves_the_cell(api, database, people, goals):
    assert cell(heatmap(api, "mei", people.units["hk"]), "质量部", goals["growth"].id)["progress"] == 0.25
    r = api.as_("mei").post(f"/api/v1/key-results/{goals['qa'].kr_ids[0]}/check-ins", json={"value": 3})
    assert r.status_code == 201, r.text
    assert cell(heatmap(api, "mei", people.units["hk"]), "质量部", goals["growth"].id)["progress"] == 0.75


def test_an_objective_aligned_through_two_levels_counts_for_its_departments_row(api, database, people, goals):
    """Lin's objective → 注册组's (no KRs of its own) → the company's quality objective."""
    team = make_objective(database, people, None, unit="qa-reg", title="注册组体系文件零缺陷",
                          aligned_to=goals["quality"].id)
    lin = make_objective(database, people, "lin", title="完成 20 份体系文件复核", aligned_to=team.id,
                         krs=[dict(kind="metric", start=0, target=20, current=12)])
    body = heatmap(api, "ada", people.units["hk"])
    qa = cell(body, "质量部", goals["quality"].id)
    assert qa["progress"] == pytest.approx(0.6)   # the team objective rolls up Lin's 12 of 20
    assert (qa["objectives"], qa["supporting"]) == (1, 2)
    department = heatmap(api, "mei", people.units["qa"])
    assert department["columns"][0]["id"] == goals["qa"].id
    assert [r["name"] for r in department["rows"]] == ["注册组"]
    assert cell(department, "注册组", goals["qa"].id)["progress"] is None   # it serves the company directly
    make_check_in(database, people, lin.kr_ids[0], value=20)
    assert cell(heatmap(api, "ada", people.units["hk"]), "质量部", goals["quality"].id)["progress"] == 1.0


def test_an_objective_aligned_to_another_departments_counts_for_its_own_department_too(api, database, people,
                                                                                      goals):
    sales = make_objective(database, people, None, unit="sales", title="新品首季销售 1200 万",
                           aligned_to_kr=goals["growth"].kr_ids[1], krs=[dict(kind="percentage", current=40)])
    make_objective(database, people, "lin", title="为销售提供注册证副本", aligned_to=sales.id,
                   krs=[dict(kind="milestone", current=1)])
    body = heatmap(api, "ada", people.units["hk"])
    assert cell(body, "销售部", goals["growth"].id)["progress"] == 0.4
    qa = cell(body, "质量部", goals["growth"].id)
    assert (qa["objectives"], qa["supporting"]) == (2, 2)   # its own objective, and Lin's through 销售部's
    assert qa["progress"] == pytest.approx((0.25 + 1.0) / 2)


def test_a_team_without_sub_units_has_a_row_per_person(api, database, people):
    team = make_objective(database, people, None, unit="qa-reg", title="注册申报一次通过率 90%",
                          krs=[dict(kind="percentage", current=50)])
    make_objective(database, people, "lin", title="提交 8 份申报", aligned_to=team.id,
                   krs=[dict(kind="metric", start=0, target=8, current=2)])
    body = heatmap(api, "lin", people.units["qa-reg"])
    assert body["rows_are"] == "people" and [r["name"] for r in body["rows"]] == ["林工"]
    assert body["rows"][0]["kind"] == "person" and body["rows"][0]["id"] == people.ids["lin"]
    assert body["rows"][0]["cells"] == [{"progress": 0.25, "objectives": 1, "supporting": 1, "at_risk": 1}]
    assert body["columns"][0]["progress"] == 0.5


def test_the_units_own_people_get_a_row_together_only_when_they_support_something(api, database, people,
                                                                                   goals):
    assert [r["kind"] for r in heatmap(api, "mei", people.units["qa"])["rows"]] == ["unit"]
    make_objective(database, people, "mei", title="培养两名注册骨干", aligned_to=goals["qa"].id,
                   krs=[dict(kind="metric", start=0, target=2, current=1)])
    body = heatmap(api, "mei", people.units["qa"])
    assert [(r["kind"], r["id"], r["name"]) for r in body["rows"]] == [
        ("unit", people.units["qa-reg"], "注册组"), ("members", people.units["qa"], "质量部")]
    assert body["rows"][1]["cells"][0]["progress"] == 0.5


def test_a_private_objective_a_reader_may_not_see_is_not_counted_for_them(api, database, people, goals):
    make_objective(database, people, "lin", title="私人：考取注册专员证书", visibility="private",
                   aligned_to=goals["quality"].id, krs=[dict(kind="milestone", current=1)])
    as_lin = cell(heatmap(api, "lin", people.units["hk"]), "质量部", goals["quality"].id)
    assert as_lin == {"progress": 1.0, "objectives": 1, "supporting": 1, "at_risk": 0}
    as_sam = cell(heatmap(api, "sam", people.units["hk"]), "质量部", goals["quality"].id)
    assert as_sam == {"progress": None, "objectives": 0, "supporting": 0, "at_risk": 0}


def test_a_chain_through_a_hidden_objective_is_not_followed(api, database, people, goals):
    hidden = make_objective(database, people, "lin", title="私人：个人计划", visibility="private",
                            aligned_to=goals["quality"].id, krs=[dict(kind="milestone")])
    make_objective(database, people, "mei", title="公开：复核体系文件", aligned_to=hidden.id,
                   krs=[dict(kind="milestone", current=1)])
    assert cell(heatmap(api, "sam", people.units["hk"]), "质量部", goals["quality"].id)["supporting"] == 0
    assert cell(heatmap(api, "lin", people.units["hk"]), "质量部", goals["quality"].id)["supporting"] == 2


def test_the_numbers_agree_with_the_progress_the_objective_and_dashboard_report(api, database, people, goals):
    team = make_objective(database, people, None, unit="qa-reg", title="注册组按期完成申报",
                          aligned_to_kr=goals["growth"].kr_ids[1])
    for i, current in enumerate((3, 7)):
        make_objective(database, people, "lin", title=f"申报批次 {i}", aligned_to=team.id, position=i,
                       krs=[dict(kind="metric", start=0, target=10, current=current, confidence=0.9)])
    sales = make_objective(database, people, None, unit="sales", title="新品首季销售 1200 万",
                           aligned_to=goals["growth"].id,
                           krs=[dict(kind="metric", start=100, target=1200, current=320),
                                dict(kind="milestone")])
    body = heatmap(api, "ada", people.units["hk"])
    reported = {o: api.as_("ada").get(f"/api/v1/objectives/{o}").json()["progress"]["progress"]
                for o in (goals["qa"].id, team.id, sales.id, goals["growth"].id)}
    qa = cell(body, "质量部", goals["growth"].id)
    assert (qa["objectives"], qa["supporting"]) == (2, 4)
    assert qa["progress"] == pytest.approx((reported[goals["qa"].id] + reported[team.id]) / 2, abs=1e-4)
    assert cell(body, "销售部", goals["growth"].id)["progress"] == pytest.approx(reported[sales.id], abs=1e-4)
    assert body["columns"][0]["progress"] == pytest.approx(reported[goals["growth"].id], abs=1e-4)
    dashboard = api.as_("ada").get(f"/api/v1/units/{people.units['hk']}/dashboard").json()
    listed = {o["id"]: o["progress"]["progress"] for o in dashboard["objectives"]}
    assert all(listed[o] == pytest.approx(p, abs=1e-4) for o, p in reported.items())


def test_a_unit_that_does_not_exist_is_not_found(api, people):
    r = api.as_("ada").get(URL.format(999999))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert api.as_("ada").get(URL.format(people.units["hk"]), params={"cycle_id": 999999}).status_code == 404
    assert api.anonymous().get(URL.format(people.units["hk"])).status_code == 401


def test_a_unit_without_objectives_of_its_own_has_no_columns(api, database, people):
    make_objective(database, people, "sam", title="拓展华东市场", krs=[dict(kind="milestone")])
    body = heatmap(api, "sam", people.units["sales"])
    assert body["columns"] == []
    assert body["rows"] == [{"kind": "person", "id": people.ids["sam"], "name": "Sam", "cells": []}]


def test_the_heatmap_takes_as_many_queries_for_many_objectives_as_for_few(api, database, people, goals):
    api.as_("ada").get("/api/v1/tree")   # a token records its use at most every few minutes: not counted
    counts = []
    for first, count in ((0, 2), (2, 30)):
        for i in range(first, first + count):
            make_objective(database, people, "lin", title=f"个人目标 {i}", position=i, aligned_to=goals["qa"].id,
                           krs=[dict(kind="percentage", current=i)])
        with counting(database) as statements:
            assert api.as_("ada").get(URL.format(people.units["hk"])).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]

"""A unit's dashboard: its progress, what is at risk, the checker's findings and its people, in a cycle."""
from __future__ import annotations

import pytest

from ..factories import counting, make_finding, make_objective

URL = "/api/v1/units/{}/dashboard"


@pytest.fixture
def qa_okrs(database, people):
    """质量部's own objective (done), Lin's active one with low confidence, Lin's private draft, Mei's one."""
    qa = make_objective(database, people, None, unit="qa", title="质量体系全面达标",
                        krs=[dict(kind="milestone", current=1)])
    doubtful = make_objective(database, people, "lin", title="提升注册申报一次通过率",
                              krs=[dict(kind="metric", start=0, target=8, current=6, confidence=0.2)])
    private = make_objective(database, people, "lin", title="私人：考取注册专员证书", visibility="private",
                             status="draft", position=1, krs=[dict(kind="milestone")])
    mei = make_objective(database, people, "mei", title="培养两名注册骨干", status="in_review",
                         krs=[dict(kind="metric", start=0, target=2, current=1)])
    make_objective(database, people, "sam", title="拓展华东市场", krs=[dict(kind="milestone")])
    make_finding(database, doubtful.id, "kr-unmeasurable")
    make_finding(database, private.id, "kr-unmeasurable")
    make_finding(database, mei.id, "objective-vague")
    return {"qa": qa.id, "doubtful": doubtful.id, "private": private.id, "mei": mei.id}


def test_the_dashboard_shows_the_units_progress_status_counts_and_people(api, people, qa_okrs):
    r = api.as_("mei").get(URL.format(people.units["qa"]), params={"cycle_id": people.cycle_id})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["unit"]["id"] == people.units["qa"] and body["unit"]["name"] == "质量部"
    assert body["cycle"]["name"] == "2026-Q4"
    assert body["objectives_count"] == 4
    assert body["by_status"] == {"draft": 1, "in_review": 1, "active": 2, "closed": 0}
    assert body["own_progress"] == 1.0
    assert body["subtree_progress"] == pytest.approx((1.0 + 0.75 + 0.0 + 0.5) / 4, abs=1e-4)
    assert body["findings_by_rule"] == {"kr-unmeasurable": 2, "objective-vague": 1}
    assert body["distribution"] == [1, 0, 0, 0, 0, 1, 0, 1, 0, 1]   # 0, 0.5, 0.75 and 1.0
    assert [(m["name"], m["role"], m["objectives"]) for m in body["members"]] == [("梅经理", "manager", 1)]
    [team] = body["sub_units"]
    assert (team["name"], team["objectives"], team["at_risk"]) == ("注册组", 2, 1)
    assert team["progress"] == pytest.approx(0.375)
    assert {o["id"] for o in body["objectives"]} == set(qa_okrs.values())


def test_a_low_confidence_objective_is_on_the_at_risk_list(api, people, qa_okrs):
    body = api.as_("mei").get(URL.format(people.units["qa"])).json()
    [at_risk] = body["at_risk"]
    assert body["at_risk_count"] == 1
    assert at_risk["id"] == qa_okrs["doubtful"] and at_risk["owner_id"] == people.ids["lin"]
    assert at_risk["risk_reasons"] == ["low_confidence"] and at_risk["progress"] == pytest.approx(0.75)


def test_a_draft_is_not_at_risk_however_far_behind_it_is(api, database, people):
    draft = make_objective(database, people, "lin", status="draft", krs=[dict(kind="milestone")])
    body = api.as_("lin").get(URL.format(people.units["qa-reg"])).json()
    assert body["at_risk"] == []
    assert [o["progress"]["risk_reasons"] for o in body["objectives"] if o["id"] == draft.id] == [["behind_schedule"]]


def test_numbers_on_the_dashboard_never_reveal_a_private_objective(api, people, qa_okrs):
    body = api.as_("sam").get(URL.format(people.units["qa"])).json()
    assert body["objectives_count"] == 3
    assert qa_okrs["private"] not in {o["id"] for o in body["objectives"]}
    assert body["by_status"]["draft"] == 0
    assert body["findings_by_rule"] == {"kr-unmeasurable": 1, "objective-vague": 1}
    [team] = body["sub_units"]
    assert team["objectives"] == 1 and team["progress"] == pytest.approx(0.75)
    assert sum(body["distribution"]) == 3


def test_a_team_dashboard_covers_only_the_team(api, people, qa_okrs):
    body = api.as_("lin").get(URL.format(people.units["qa-reg"])).json()
    assert body["own_progress"] is None
    assert {o["id"] for o in body["objectives"]} == {qa_okrs["doubtful"], qa_okrs["private"]}
    assert [m["name"] for m in body["members"]] == ["林工"] and body["sub_units"] == []


def test_an_empty_unit_has_no_progress_rather_than_zero(api, people):
    body = api.as_("sam").get(URL.format(people.units["sales"])).json()
    assert body["objectives_count"] == 0 and body["own_progress"] is None and body["subtree_progress"] is None
    assert body["findings_by_rule"] == {} and body["at_risk"] == []


def test_a_company_dashboard_lists_a_page_of_objectives_and_the_worst_at_risk_first(api, database, people):
    for i in range(60):
        make_objective(database, people, "lin", title=f"个人目标 {i}", position=i,
                       krs=[dict(kind="percentage", current=60 - i, confidence=0.2)])
    url = URL.format(people.units["hk"])
    first = api.as_("ada").get(url, params={"per_page": 25}).json()
    assert first["objectives_count"] == 60 and len(first["objectives"]) == 25
    assert first["page"] == 1 and first["per_page"] == 25
    last = api.as_("ada").get(url, params={"per_page": 25, "page": 3}).json()
    assert len(last["objectives"]) == 10
    assert first["at_risk_count"] == 60 and len(first["at_risk"]) == 50
    progress = [a["progress"] for a in first["at_risk"]]
    assert progress == sorted(progress) and progress[0] == pytest.approx(0.01)
    assert {u["key"]: u["objectives"] for u in first["sub_units"]} == {"qa": 60, "sales": 0}
    assert api.as_("ada").get(url, params={"per_page": 0}).status_code == 422


def test_a_unit_that_does_not_exist_is_not_found(api):
    r = api.as_("ada").get(URL.format(999999))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_a_cycle_that_does_not_exist_is_not_found_naming_cycle_id(api, people):
    r = api.as_("ada").get(URL.format(people.units["qa"]), params={"cycle_id": 999999})
    assert r.status_code == 404 and r.json()["error"]["field"] == "cycle_id"


def test_the_dashboard_takes_as_many_queries_for_fifty_objectives_as_for_five(api, database, people):
    api.as_("mei").get("/api/v1/tree")   # a token records its use at most every few minutes: not counted
    counts = []
    for first, count in ((0, 5), (5, 45)):
        for i in range(first, first + count):
            make_objective(database, people, "lin", title=f"个人目标 {i}", position=i,
                           krs=[dict(kind="percentage", current=i, confidence=0.3)])
        with counting(database) as statements:
            assert api.as_("mei").get(URL.format(people.units["qa"])).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_dashboard_says_how_recently_each_active_key_result_was_checked_in(api, database, people):
    import datetime as dt

    from ..conftest import TODAY
    from ..factories import make_check_in

    o = make_objective(database, people, "lin", krs=[dict(title="本周已更新", kind="metric", target=4),
                                                     dict(title="十天前更新", kind="metric", target=4),
                                                     dict(title="从未更新", kind="metric", target=4)])
    noon = dt.datetime.combine(TODAY, dt.time(12), dt.timezone.utc)
    make_check_in(database, people, o.kr_ids[0], value=1, at=noon - dt.timedelta(days=2))
    make_check_in(database, people, o.kr_ids[1], value=1, at=noon - dt.timedelta(days=10))
    make_objective(database, people, "lin", status="draft", krs=[dict(kind="milestone")])   # not counted
    body = api.as_("mei").get(URL.format(people.units["qa-reg"])).json()
    assert body["freshness"] == {"fresh": 1, "stale": 1, "overdue": 1}

"""My OKRs: my objectives, the key results I own in other people's, and the check-ins I owe this week."""
from __future__ import annotations

import datetime as dt

import pytest

from ..conftest import TODAY
from ..factories import counting, make_check_in, make_objective

URL = "/api/v1/me/okrs"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(days_ago: int, hour: int = 10) -> dt.datetime:
    """A moment ``days_ago`` days before the frozen today, at ``hour`` o'clock in Shanghai."""
    day = TODAY - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def lins_okrs(database, people):
    own = make_objective(database, people, "lin", title="提升注册申报一次通过率", krs=[
        dict(title="一次通过 8 份", kind="metric", start=0, target=8, current=2),
        dict(title="建立申报资料模板库", kind="milestone"),
        dict(title="培训新人", kind="milestone", owner="mei")])
    meis = make_objective(database, people, "mei", title="所有新产品按期取得注册证", krs=[
        dict(title="完成 3 个产品的注册检验", kind="metric", start=0, target=3, owner="lin"),
        dict(title="质量手册改版", kind="milestone")])
    make_check_in(database, people, own.kr_ids[0], value=4, confidence=0.8, at=at(2))
    make_check_in(database, people, meis.kr_ids[0], value=1, confidence=0.3, at=at(10))
    return {"own": own, "meis": meis}


def test_my_okrs_lists_my_objectives_with_their_key_results_and_progress(api, people, lins_okrs):
    r = api.as_("lin").get(URL)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["cycle"]["id"] == people.cycle_id
    [mine] = body["objectives"]
    assert mine["id"] == lins_okrs["own"].id and mine["title"] == "提升注册申报一次通过率"
    assert [k["title"] for k in mine["key_results"]] == ["一次通过 8 份", "建立申报资料模板库", "培训新人"]
    assert mine["key_results"][0]["progress"] == pytest.approx(0.5) and mine["key_results"][0]["current"] == 4
    assert mine["progress"]["progress"] == pytest.approx(0.5 / 3, abs=1e-4)


def test_my_okrs_lists_a_key_result_i_own_inside_my_managers_objective(api, people, lins_okrs):
    [owned] = api.as_("lin").get(URL).json()["key_results_owned"]
    assert owned["id"] == lins_okrs["meis"].kr_ids[0] and owned["title"] == "完成 3 个产品的注册检验"
    assert owned["objective"] == {"id": lins_okrs["meis"].id, "title": "所有新产品按期取得注册证",
                                  "owner_id": people.ids["mei"], "status": "active"}
    assert owned["progress"] == pytest.approx(1 / 3, abs=1e-4)
    assert owned["at_risk"] and owned["risk_reasons"] == ["low_confidence"]


def test_a_key_result_with_no_check_in_for_a_week_is_due(api, lins_okrs):
    due = {d["kr_id"]: d for d in api.as_("lin").get(URL).json()["due_check_ins"]}
    meis_kr = lins_okrs["meis"].kr_ids[0]
    assert due[meis_kr]["days_since"] == 10 and due[meis_kr]["objective_title"] == "所有新产品按期取得注册证"
    never = lins_okrs["own"].kr_ids[1]
    assert due[never]["days_since"] is None and due[never]["last_check_in_at"] is None
    # checked in two days ago: not due; owned by Mei: hers to check in on, not Lin's
    assert lins_okrs["own"].kr_ids[0] not in due and lins_okrs["own"].kr_ids[2] not in due


def test_a_check_in_exactly_a_week_ago_is_due_again(api, database, people):
    made = make_objective(database, people, "lin", krs=[dict(kind="milestone")])
    make_check_in(database, people, made.kr_ids[0], value=0, at=at(7))
    [due] = api.as_("lin").get(URL).json()["due_check_ins"]
    assert due["kr_id"] == made.kr_ids[0] and due["days_since"] == 7


def test_days_are_counted_in_the_organisations_time_zone(api, database, people):
    # 6 days ago at 04:00 in Shanghai is still 7 days ago in UTC: not yet due for a team in Shanghai
    made = make_objective(database, people, "lin", krs=[dict(kind="milestone")])
    make_check_in(database, people, made.kr_ids[0], value=0, at=at(6, hour=4))
    assert api.as_("lin").get(URL).json()["due_check_ins"] == []


def test_key_results_of_objectives_that_are_not_active_are_never_due(api, database, people):
    make_objective(database, people, "lin", status="draft", krs=[dict(kind="milestone")])
    make_objective(database, people, "lin", status="closed", krs=[dict(kind="milestone")])
    assert api.as_("lin").get(URL).json()["due_check_ins"] == []


def test_the_summary_counts_my_objectives_their_progress_risks_and_what_is_due(api, lins_okrs):
    summary = api.as_("lin").get(URL).json()["summary"]
    assert summary == {"objectives": 1, "progress": pytest.approx(0.5 / 3, abs=1e-4), "at_risk": 1, "due_check_ins": 2}


def test_someone_with_no_okrs_gets_empty_lists_and_no_progress(api):
    body = api.as_("sam").get(URL).json()
    assert body["objectives"] == [] and body["key_results_owned"] == [] and body["due_check_ins"] == []
    assert body["summary"] == {"objectives": 0, "progress": None, "at_risk": 0, "due_check_ins": 0}


def test_my_okrs_take_as_many_queries_for_fifty_objectives_as_for_five(api, database, people):
    api.as_("lin").get(URL)   # a token records its use at most every few minutes: not counted
    counts = []
    for first, count in ((0, 5), (5, 45)):
        for i in range(first, first + count):
            made = make_objective(database, people, "lin", title=f"个人目标 {i}", position=i,
                                  krs=[dict(kind="metric", start=0, target=10), dict(kind="milestone", owner="mei")])
            make_objective(database, people, "mei", title=f"经理目标 {i}", position=i,
                           krs=[dict(kind="milestone", owner="lin")])
            make_check_in(database, people, made.kr_ids[0], value=i, at=at(i % 10))
        with counting(database) as statements:
            assert api.as_("lin").get(URL).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_my_okrs_in_a_cycle_that_does_not_exist_is_not_found(api):
    r = api.as_("lin").get(URL, params={"cycle_id": 999999})
    assert r.status_code == 404 and r.json()["error"]["field"] == "cycle_id"


def test_my_okrs_needs_a_token(api):
    r = api.anonymous().get(URL)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"

"""Check-ins over the API: recording progress on a key result, retrying safely, who may, and when."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from okrcoach.services import checkins
from okrcoach.services.access import actor_for
from okrcoach.storage import models as m

from ..factories import make_objective, set_status

URL = "/api/v1/key-results/{}/check-ins"


@pytest.fixture
def lins_kr(database, people) -> int:
    made = make_objective(database, people, "lin", krs=[dict(title="注册申报资料一次通过 8 份", kind="metric",
                                                             start=0, target=8)])
    return made.kr_ids[0]


def stored_check_ins(database, kr_id: int) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(m.CheckIn).where(m.CheckIn.kr_id == kr_id))


def kr_state(database, kr_id: int) -> tuple:
    with database.session() as s:
        kr = s.get(m.KeyResult, kr_id)
        return kr.current, kr.confidence


def test_an_owner_checks_in_on_her_key_result_and_sees_its_new_progress(api, database, people, lins_kr):
    r = api.as_("lin").post(URL.format(lins_kr), json={"value": 2, "confidence": 0.8, "note": "第一批资料已受理"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["kr_id"] == lins_kr and body["author_id"] == people.ids["lin"]
    assert body["value"] == 2 and body["confidence"] == 0.8 and body["note"] == "第一批资料已受理"
    assert body["progress"] == pytest.approx(0.25)
    assert "Idempotent-Replayed" not in r.headers
    assert kr_state(database, lins_kr) == (2, 0.8)


def test_a_retry_with_the_same_idempotency_key_returns_the_first_check_in_and_stores_nothing(api, database,
                                                                                             lins_kr):
    send = dict(json={"value": 3, "confidence": 0.6}, headers={"Idempotency-Key": "c0ffee-1"})
    first = api.as_("lin").post(URL.format(lins_kr), **send)
    retry = api.as_("lin").post(URL.format(lins_kr), **send)
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert stored_check_ins(database, lins_kr) == 1
    assert kr_state(database, lins_kr) == (3, 0.6)


def test_an_idempotency_key_reused_with_another_body_is_refused(api, database, lins_kr):
    api.as_("lin").post(URL.format(lins_kr), json={"value": 3}, headers={"Idempotency-Key": "k-42"})
    r = api.as_("lin").post(URL.format(lins_kr), json={"value": 4}, headers={"Idempotency-Key": "k-42"})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "conflict" and r.json()["error"]["field"] == "Idempotency-Key"
    assert stored_check_ins(database, lins_kr) == 1 and kr_state(database, lins_kr)[0] == 3


def test_an_idempotency_key_reused_on_another_key_result_is_refused(api, database, people):
    made = make_objective(database, people, "lin", krs=[dict(kind="metric", start=0, target=8),
                                                        dict(kind="metric", start=0, target=8)])
    api.as_("lin").post(URL.format(made.kr_ids[0]), json={"value": 3}, headers={"Idempotency-Key": "k-7"})
    r = api.as_("lin").post(URL.format(made.kr_ids[1]), json={"value": 3}, headers={"Idempotency-Key": "k-7"})
    assert r.status_code == 409 and r.json()["error"]["field"] == "Idempotency-Key"


def test_idempotency_keys_belong_to_their_author(api, database, people):
    made = make_objective(database, people, "lin", krs=[dict(kind="metric", start=0, target=8)])
    kr = made.kr_ids[0]
    assert api.as_("lin").post(URL.format(kr), json={"value": 1}, headers={"Idempotency-Key": "same"}).status_code \
        == 201
    assert api.as_("mei").post(URL.format(kr), json={"value": 1}, headers={"Idempotency-Key": "same"}).status_code \
        == 201
    assert stored_check_ins(database, kr) == 2


def test_two_identical_requests_racing_each_other_store_one_check_in(api, database, lins_kr):
    barrier = threading.Barrier(2)
    responses = []

    def send():
        barrier.wait()
        responses.append(api.as_("lin").post(URL.format(lins_kr), json={"value": 5},
                                             headers={"Idempotency-Key": "race-1"}))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(r.status_code for r in responses) == [200, 201], [r.text for r in responses]
    assert responses[0].json() == responses[1].json()
    assert stored_check_ins(database, lins_kr) == 1


def test_a_request_that_loses_the_race_to_insert_replays_the_winners_check_in(database, people, lins_kr,
                                                                               monkeypatch):
    """The path the unique constraint takes: the first look-up missed the winner, the insert then fails."""
    with database.session(people.ids["lin"]) as s:
        lin = actor_for(s, s.get(m.Person, people.ids["lin"]))
        won = checkins.record(s, actor=lin, kr_id=lins_kr, value=5, idempotency_key="race-2")
    real_lookup = checkins._by_key
    misses = iter([True])
    monkeypatch.setattr(checkins, "_by_key", lambda *a: None if next(misses, False) else real_lookup(*a))
    with database.session(people.ids["lin"]) as s:
        lost = checkins.record(s, actor=lin, kr_id=lins_kr, value=5, idempotency_key="race-2")
        assert lost.replayed and lost.check_in.id == won.check_in.id
    assert stored_check_ins(database, lins_kr) == 1


def test_checking_in_on_a_decreasing_metric_moves_its_progress_down_the_right_way(api, database, people):
    made = make_objective(database, people, "lin", krs=[dict(title="审评补正次数从 40 降到 10", kind="metric",
                                                             start=40, target=10)])
    url = URL.format(made.kr_ids[0])
    assert api.as_("lin").post(url, json={"value": 25}).json()["progress"] == pytest.approx(0.5)
    assert api.as_("lin").post(url, json={"value": 16}).json()["progress"] == pytest.approx(0.8)
    assert api.as_("lin").post(url, json={"value": 45}).json()["progress"] == 0.0


def test_a_confidence_only_check_in_keeps_the_value_and_records_the_doubt(api, database, lins_kr):
    api.as_("lin").post(URL.format(lins_kr), json={"value": 4, "confidence": 0.9})
    r = api.as_("lin").post(URL.format(lins_kr), json={"confidence": 0.3, "note": "审评中心排队变长"})
    assert r.status_code == 201
    assert r.json()["value"] == 4 and r.json()["progress"] == pytest.approx(0.5)
    assert kr_state(database, lins_kr) == (4, 0.3)


def test_someone_from_another_team_may_read_but_not_check_in_on_a_public_key_result(api, lins_kr):
    r = api.as_("sam").post(URL.format(lins_kr), json={"value": 1})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_a_private_objectives_key_results_do_not_exist_for_outsiders(api, database, people):
    made = make_objective(database, people, "lin", visibility="private", krs=[dict(kind="milestone")])
    r = api.as_("sam").post(URL.format(made.kr_ids[0]), json={"value": 1})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert api.as_("sam").get(URL.format(made.kr_ids[0])).status_code == 404


def test_the_manager_above_may_check_in_on_her_teams_key_result(api, lins_kr):
    r = api.as_("mei").post(URL.format(lins_kr), json={"value": 6})
    assert r.status_code == 201 and r.json()["progress"] == pytest.approx(0.75)


def test_the_owner_of_a_key_result_may_check_in_inside_someone_elses_objective(api, database, people):
    made = make_objective(database, people, "mei", krs=[dict(title="完成 3 个产品的注册检验", kind="metric", start=0,
                                                             target=3, owner="lin")])
    assert api.as_("lin").post(URL.format(made.kr_ids[0]), json={"value": 1}).status_code == 201


def test_an_objective_that_is_not_active_refuses_check_ins_and_says_why(api, database, lins_kr):
    with database.session() as s:
        objective_id = s.get(m.KeyResult, lins_kr).objective_id
    for status, why in [("closed", "closed"), ("draft", "draft"), ("in_review", "approval")]:
        set_status(database, objective_id, status)
        r = api.as_("lin").post(URL.format(lins_kr), json={"value": 1})
        assert r.status_code == 409 and r.json()["error"]["code"] == "conflict", status
        assert why in r.json()["error"]["message"]
    assert stored_check_ins(database, lins_kr) == 0


def test_a_milestone_is_checked_in_as_done_or_not_done(api, database, people):
    made = make_objective(database, people, "lin", krs=[dict(title="取得二类注册证", kind="milestone")])
    url = URL.format(made.kr_ids[0])
    r = api.as_("lin").post(url, json={"value": 0.5})
    assert r.status_code == 422 and r.json()["error"]["field"] == "value"
    assert api.as_("lin").post(url, json={"value": 1}).json()["progress"] == 1.0


BAD_BODIES = [
    ({"value": 1, "confidence": 1.5}, "confidence"),
    ({"value": 1, "confidence": -0.1}, "confidence"),
    ({"note": "只写了备注"}, "value"),
    ({}, "value"),
    ({"value": "很多"}, "value"),
    ({"value": 1, "progress": 0.5}, "progress"),
    ({"value": 1, "note": "长" * 5001}, "note"),
]


def test_a_bad_check_in_is_refused_naming_the_field(api, database, lins_kr):
    for body, field in BAD_BODIES:
        r = api.as_("lin").post(URL.format(lins_kr), json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["error"]["field"] == field, body
    assert stored_check_ins(database, lins_kr) == 0


def test_an_idempotency_key_must_have_1_to_128_characters(api, lins_kr):
    for key in ["", "k" * 129]:
        r = api.as_("lin").post(URL.format(lins_kr), json={"value": 1}, headers={"Idempotency-Key": key})
        assert r.status_code == 422 and r.json()["error"]["field"] == "Idempotency-Key", key
    headers = {"Idempotency-Key": "k" * 128}
    assert api.as_("lin").post(URL.format(lins_kr), json={"value": 1}, headers=headers).status_code == 201


def test_a_check_in_on_a_key_result_that_does_not_exist_is_not_found(api):
    r = api.as_("lin").post(URL.format(999999), json={"value": 1})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_checking_in_needs_a_token(api, lins_kr):
    r = api.anonymous().post(URL.format(lins_kr), json={"value": 1})
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"


def test_check_ins_are_listed_newest_first_page_by_page_for_anyone_who_can_read_them(api, lins_kr):
    for value in (1, 2, 3):
        api.as_("lin").post(URL.format(lins_kr), json={"value": value})
    first = api.as_("sam").get(URL.format(lins_kr), params={"per_page": 2})
    assert first.status_code == 200
    assert [c["value"] for c in first.json()["items"]] == [3, 2] and first.json()["total"] == 3
    assert first.json()["items"][0]["progress"] == pytest.approx(3 / 8)
    second = api.as_("sam").get(URL.format(lins_kr), params={"per_page": 2, "page": 2})
    assert [c["value"] for c in second.json()["items"]] == [1]

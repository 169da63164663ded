"""End-of-cycle scoring over the API: KR grades, the weighted objective score, and the reflection."""
from __future__ import annotations

from .test_objectives import BASE, error, new_objective
from .test_transitions import move

TWO_KRS = [{"title": "完成 12 家医院的注册申报", "target": 12, "weight": 3},
           {"title": "申报一次通过率达到 90%", "kind": "percentage", "start": 60, "target": 90, "weight": 1}]


def active_objective(api, who: str = "lin", **body) -> dict:
    body.setdefault("key_results", TWO_KRS)
    o = new_objective(api, who, **body)
    assert move(api, who, o["id"], "in_review").status_code == 200
    assert move(api, "ada" if who == "mei" else "mei", o["id"], "active").status_code == 200
    return o


def score(api, who: str, objective_id: int, **body):
    return api.as_(who).post(f"{BASE}/objectives/{objective_id}/score", json=body)


def test_the_objective_score_is_the_weighted_mean_once_every_kr_is_scored(api, people):
    o = active_objective(api)
    first, second = (k["id"] for k in o["key_results"])
    r = score(api, "lin", o["id"], key_results=[{"id": first, "score": 0.8}])
    assert r.status_code == 200, r.text
    assert r.json()["score"] is None and [k["score"] for k in r.json()["key_results"]] == [0.8, None]
    r = score(api, "lin", o["id"], key_results=[{"id": second, "score": 0.4}],
              reflection="申报节奏达标；一次通过率因新法规未达成，下季度提前准备。")
    got = r.json()
    assert abs(got["score"] - 0.7) < 1e-9
    assert got["reflection"] == "申报节奏达标；一次通过率因新法规未达成，下季度提前准备。"
    assert api.as_("sam").get(f"{BASE}/objectives/{o['id']}").json()["score"] == got["score"]


def test_closed_objectives_are_scored_and_drafts_are_not(api, people):
    draft = new_objective(api, "lin")
    r = score(api, "lin", draft["id"], key_results=[{"id": draft["key_results"][0]["id"], "score": 1}])
    error(r, 409, "conflict")
    o = active_objective(api)
    move(api, "lin", o["id"], "closed")
    r = score(api, "lin", o["id"], key_results=[{"id": k["id"], "score": 1.0} for k in o["key_results"]])
    assert r.status_code == 200 and r.json()["score"] == 1.0


def test_scores_outside_zero_to_one_are_refused_naming_the_kr(api, people):
    o = active_objective(api)
    first, second = (k["id"] for k in o["key_results"])
    error(score(api, "lin", o["id"], key_results=[{"id": first, "score": 1.5}]),
          422, "validation_error", "key_results.0.score")
    both = [{"id": first, "score": 0.5}, {"id": second, "score": -0.1}]
    error(score(api, "lin", o["id"], key_results=both), 422, "validation_error", "key_results.1.score")
    error(score(api, "lin", o["id"], key_results=[]), 422, "validation_error", "key_results")


def test_only_the_objectives_own_krs_are_scored_once_each(api, people):
    o = active_objective(api)
    other = active_objective(api, title="第二个目标")
    first = o["key_results"][0]["id"]
    error(score(api, "lin", o["id"], key_results=[{"id": other["key_results"][0]["id"], "score": 0.5}]),
          422, "invalid", "key_results.0.id")
    error(score(api, "lin", o["id"], key_results=[{"id": first, "score": 0.5}, {"id": first, "score": 0.6}]),
          422, "invalid", "key_results.1.id")


def test_who_may_score(api, people):
    o = active_objective(api)
    scores = [{"id": k["id"], "score": 0.5} for k in o["key_results"]]
    error(score(api, "sam", o["id"], key_results=scores), 403, "forbidden")
    assert score(api, "mei", o["id"], key_results=scores).status_code == 200
    private = active_objective(api, visibility="private", title="个人成长")
    error(score(api, "sam", private["id"], key_results=[{"id": private["key_results"][0]["id"], "score": 1}]),
          404, "not_found")

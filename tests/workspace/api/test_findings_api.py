"""The checker on live data over the API: findings on the detail, searchable across units, blocking review."""
from __future__ import annotations

from .test_objectives import BASE, error, new_objective
from .test_transitions import move

SIX_KRS = [{"title": f"完成第 {i} 批医院的注册申报", "target": 10 + i, "unit": "家"} for i in range(1, 7)]


def rules(items) -> set[str]:
    return {f["rule"] for f in items}


def test_an_objective_with_six_krs_breaks_the_cap_until_one_is_deleted(api, people):
    o = new_objective(api, "lin", title="注册申报全面提速", key_results=SIX_KRS)
    cap = [f for f in o["findings"] if f["rule"] == "kr-count-exceeded"]
    assert len(cap) == 1 and cap[0]["severity"] == "error" and cap[0]["objective_id"] == o["id"]
    listed = api.as_("mei").get(f"{BASE}/objectives").json()["items"][0]
    assert listed["findings"]["error"] >= 1

    search = api.as_("mei").get(f"{BASE}/findings", params={
        "rule": "kr-count-exceeded", "unit_id": people.units["qa"], "include_subunits": True})
    assert search.status_code == 200, search.text
    page = search.json()
    assert page["total"] == 1
    assert [(f["objective_id"], f["objective_title"]) for f in page["items"]] == [(o["id"], "注册申报全面提速")]
    assert set(page["items"][0]) == {"rule", "severity", "location", "message", "suggestion", "repair",
                                     "objective_id", "objective_title", "kr_id"}
    repair = page["items"][0]["repair"]        # the one-click fix: a KR to remove, named by its index
    assert repair["op"] == "remove-kr" and repair["label"] == f"删除 KR{repair['kr'] + 1}"

    body = error(move(api, "lin", o["id"], "in_review"), 422, "checker_errors")
    assert "kr-count-exceeded" in rules(body["details"]["findings"])

    doomed = o["key_results"][repair["kr"]]["id"]            # applying the repair through the API
    assert api.as_("lin").delete(f"{BASE}/key-results/{doomed}").status_code == 204
    after = api.as_("lin").get(f"{BASE}/objectives/{o['id']}").json()
    assert "kr-count-exceeded" not in rules(after["findings"])
    assert api.as_("mei").get(f"{BASE}/findings", params={"rule": "kr-count-exceeded"}).json()["total"] == 0
    assert move(api, "lin", o["id"], "in_review").status_code == 200


def test_findings_of_objectives_you_cannot_see_are_not_found(api, people):
    private = new_objective(api, "lin", visibility="private", title="个人成长", key_results=[])
    public = new_objective(api, "lin", title="公开目标", key_results=[])
    sam = api.as_("sam").get(f"{BASE}/findings", params={"rule": "kr-missing"}).json()
    assert {f["objective_id"] for f in sam["items"]} == {public["id"]} and sam["total"] == 1
    mei = api.as_("mei").get(f"{BASE}/findings", params={"rule": "kr-missing"}).json()
    assert {f["objective_id"] for f in mei["items"]} == {public["id"], private["id"]} and mei["total"] == 2


def test_findings_narrow_by_unit_subtree_owner_severity_and_cycle(api, people):
    lin = new_objective(api, "lin", title="注册申报全面提速", key_results=SIX_KRS)
    sam = new_objective(api, "sam", title="华东销售额增长 30%", key_results=[])
    mei = api.as_("mei")

    def objective_ids(**params) -> set[int]:
        r = mei.get(f"{BASE}/findings", params={"per_page": 200, **params})
        assert r.status_code == 200, r.text
        return {f["objective_id"] for f in r.json()["items"]}

    assert objective_ids(unit_id=people.units["qa"]) == set()
    assert objective_ids(unit_id=people.units["qa"], include_subunits=True) == {lin["id"]}
    assert objective_ids(unit_id=people.units["hk"], include_subunits=True) == {lin["id"], sam["id"]}
    assert objective_ids(owner_id=people.ids["sam"]) == {sam["id"]}
    assert objective_ids(severity="error") == {lin["id"], sam["id"]}
    assert objective_ids(cycle_id=people.cycle_id + 99) == set()
    errors = mei.get(f"{BASE}/findings", params={"severity": "error"}).json()["items"]
    assert {f["severity"] for f in errors} == {"error"}
    error(mei.get(f"{BASE}/findings", params={"severity": "fatal"}), 422, "validation_error", "severity")


def test_findings_speak_english_when_asked(api, people):
    new_objective(api, "lin", key_results=[])
    url = f"{BASE}/findings"
    zh = api.as_("lin").get(url, params={"rule": "kr-missing"}).json()["items"][0]
    en = api.as_("lin").get(url, params={"rule": "kr-missing", "lang": "en"}).json()["items"][0]
    assert "has no key results" in en["message"] and "has no key results" not in zh["message"]


def test_an_unknown_rule_is_refused_with_the_valid_ids(api, people):
    r = api.as_("lin").get(f"{BASE}/findings", params={"rule": "kr-too-many"})
    body = error(r, 422, "invalid", "rule")
    assert "kr-count-exceeded" in body["details"]["valid"] and "kr-count-exceeded" in body["message"]


def test_findings_follow_the_objective_when_it_changes(api, people):
    o = new_objective(api, "lin", key_results=[])
    assert "kr-missing" in rules(o["findings"])
    r = api.as_("lin").post(f"{BASE}/objectives/{o['id']}/key-results",
                            json={"title": "完成 12 家申报", "target": 12})
    assert r.status_code == 201
    assert "kr-missing" not in rules(api.as_("lin").get(f"{BASE}/objectives/{o['id']}").json()["findings"])

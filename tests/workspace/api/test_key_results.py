"""Key results over the API: numbers that make sense, versions of their own, and who may change them."""
from __future__ import annotations

from .test_objectives import BASE, error, new_objective


def add_kr(api, who: str, objective_id: int, **body):
    body.setdefault("title", "完成 12 家医院的注册申报")
    return api.as_(who).post(f"{BASE}/objectives/{objective_id}/key-results", json=body)


def test_an_owner_adds_a_metric_kr_with_its_own_version(api, people):
    o = new_objective(api, "lin", key_results=[])
    r = add_kr(api, "lin", o["id"], target=12, unit="家", due="2026-12-20", owner_id=people.ids["lin"])
    assert r.status_code == 201, r.text
    kr = r.json()
    assert r.headers["ETag"] == '"1"' and kr["version"] == 1
    numbers = (kr["kind"], kr["start"], kr["target"], kr["unit"], kr["direction"])
    assert numbers == ("metric", None, 12, "家", "up")
    assert kr["weight"] == 1.0 and kr["due"] == "2026-12-20" and kr["progress"] == 0.0
    got = api.as_("sam").get(f"{BASE}/key-results/{kr['id']}")
    assert got.status_code == 200 and got.json()["title"] == "完成 12 家医院的注册申报"
    assert api.as_("lin").get(f"{BASE}/objectives/{o['id']}").json()["version"] == 1


def test_a_falling_metric_goes_down_unless_told_otherwise(api, people):
    o = new_objective(api, "lin", key_results=[])
    kr = add_kr(api, "lin", o["id"], title="不良事件处理时长从 14 天降到 5 天", start=14, target=5, unit="天").json()
    assert kr["direction"] == "down"
    r = add_kr(api, "lin", o["id"], title="投诉数降到 10 起", start=40, target=10, direction="up")
    body = error(r, 422, "invalid", "direction")
    assert "40 → 10" in body["message"]


def test_a_percentage_runs_from_0_to_100_percent_unless_told(api, people):
    o = new_objective(api, "lin", key_results=[])
    kr = add_kr(api, "lin", o["id"], title="员工培训覆盖率", kind="percentage").json()
    assert (kr["start"], kr["target"], kr["unit"], kr["direction"]) == (0, 100, "%", "up")


def test_a_milestone_is_done_or_not_and_has_no_numbers(api, people):
    o = new_objective(api, "lin", key_results=[])
    kr = add_kr(api, "lin", o["id"], title="通过 ISO 13485 监督审核", kind="milestone").json()
    assert (kr["kind"], kr["start"], kr["target"]) == ("milestone", None, None)
    error(add_kr(api, "lin", o["id"], kind="milestone", target=1), 422, "invalid", "target")
    error(add_kr(api, "lin", o["id"], kind="milestone", start=0), 422, "invalid", "start")


def test_bad_kr_bodies_name_the_field(api, people):
    o = new_objective(api, "lin", key_results=[])
    error(add_kr(api, "lin", o["id"]), 422, "invalid", "target")
    error(add_kr(api, "lin", o["id"], target=12, weight=0), 422, "validation_error", "weight")
    error(add_kr(api, "lin", o["id"], target=12, kind="vibes"), 422, "validation_error", "kind")
    error(add_kr(api, "lin", o["id"], target="twelve"), 422, "validation_error", "target")
    error(add_kr(api, "lin", o["id"], target=12, owner_id=9999), 422, "invalid", "owner_id")
    error(add_kr(api, "lin", o["id"], title=""), 422, "validation_error", "title")


def test_who_may_add_a_kr(api, people):
    lin_public = new_objective(api, "lin", key_results=[])
    lin_private = new_objective(api, "lin", key_results=[], visibility="private", title="个人成长")
    sam = new_objective(api, "sam", key_results=[], title="华东销售额增长 30%")
    error(add_kr(api, "lin", sam["id"], target=30), 403, "forbidden")
    error(add_kr(api, "sam", lin_public["id"], target=12), 403, "forbidden")
    error(add_kr(api, "sam", lin_private["id"], target=12), 404, "not_found")
    assert add_kr(api, "mei", lin_private["id"], target=12).status_code == 201
    assert add_kr(api, "ada", sam["id"], target=30).status_code == 201


def test_editing_a_kr_needs_its_version_and_leaves_the_objective_version_alone(api, people):
    o = new_objective(api, "lin")
    kr = o["key_results"][0]
    url = f"{BASE}/key-results/{kr['id']}"
    error(api.as_("lin").patch(url, json={"target": 95}), 428, "precondition_required", "If-Match")
    r = api.as_("lin").patch(url, json={"target": 95, "title": "一次通过率达到 95%"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["target"] == 95 and r.json()["version"] == 2 and r.headers["ETag"] == '"2"'
    error(api.as_("mei").patch(url, json={"target": 99, "version": 1}), 409, "conflict", "version")
    assert api.as_("lin").get(f"{BASE}/objectives/{o['id']}").json()["version"] == 1


def test_current_and_confidence_come_from_check_ins_not_from_edits(api, people):
    o = new_objective(api, "lin")
    url = f"{BASE}/key-results/{o['key_results'][0]['id']}"
    for name, value in (("current", 80), ("confidence", 0.9)):
        r = api.as_("lin").patch(url, json={"version": 1, name: value})
        body = error(r, 422, "validation_error", name)
        assert "check-in" in body["message"]


def test_editing_numbers_keeps_them_consistent(api, people):
    o = new_objective(api, "lin", key_results=[{"title": "投诉从 40 起降到 10 起", "start": 40, "target": 10}])
    kr = o["key_results"][0]
    assert kr["direction"] == "down"
    url = f"{BASE}/key-results/{kr['id']}"
    error(api.as_("lin").patch(url, json={"version": 1, "direction": "up"}), 422, "invalid", "direction")
    flipped = api.as_("lin").patch(url, json={"version": 1, "start": 10, "target": 40}).json()
    assert flipped["direction"] == "up"
    milestone = api.as_("lin").patch(url, json={"version": 2, "kind": "milestone"}).json()
    assert (milestone["kind"], milestone["start"], milestone["target"]) == ("milestone", None, None)
    error(api.as_("lin").patch(url, json={"version": 3, "weight": None}), 422, "invalid", "weight")


def test_who_may_edit_and_delete_a_kr(api, people):
    sam = new_objective(api, "sam", title="华东销售额增长 30%",
                        key_results=[{"title": "新签 20 家经销商", "target": 20}])
    url = f"{BASE}/key-results/{sam['key_results'][0]['id']}"
    error(api.as_("lin").patch(url, json={"version": 1, "target": 25}), 403, "forbidden")
    error(api.as_("lin").delete(url), 403, "forbidden")
    private = new_objective(api, "lin", visibility="private")
    hidden = f"{BASE}/key-results/{private['key_results'][0]['id']}"
    error(api.as_("sam").get(hidden), 404, "not_found")
    error(api.as_("sam").patch(hidden, json={"version": 1, "target": 1}), 404, "not_found")
    error(api.as_("sam").delete(hidden), 404, "not_found")
    assert api.as_("mei").delete(hidden).status_code == 204
    error(api.as_("mei").get(hidden), 404, "not_found")
    assert api.as_("lin").get(f"{BASE}/objectives/{private['id']}").json()["key_results"] == []


def test_deleting_a_kr_removes_the_links_aligned_to_it(api, people):
    parent = new_objective(api, "mei", level="department", unit_id=people.units["qa"], title="质量部：新品按期上市",
                           key_results=[{"title": "3 个新品取得注册证", "target": 3}])
    kr_id = parent["key_results"][0]["id"]
    child = new_objective(api, "lin", aligns_to=[{"key_result_id": kr_id}])
    assert [p["key_result_id"] for p in child["parents"]] == [kr_id]
    assert api.as_("mei").delete(f"{BASE}/key-results/{kr_id}").status_code == 204
    assert api.as_("lin").get(f"{BASE}/objectives/{child['id']}").json()["parents"] == []

"""Alignment over the API: which objective or KR an objective supports, across units, never in a loop."""
from __future__ import annotations

from .test_objectives import BASE, error, new_objective


def align(api, who: str, child_id: int, **target):
    return api.as_(who).post(f"{BASE}/objectives/{child_id}/alignments", json=target)


def department(api, people, **body):
    body.setdefault("title", "质量部：新品按期上市")
    return new_objective(api, "mei", level="department", unit_id=people.units["qa"], **body)


def test_an_objective_aligned_to_a_parent_shows_on_both_sides(api, people):
    parent = department(api, people)
    child = new_objective(api, "lin")
    r = align(api, "lin", child["id"], objective_id=parent["id"])
    assert r.status_code == 201, r.text
    link = r.json()
    assert (link["child_id"], link["parent_objective_id"], link["parent_kr_id"]) == \
        (child["id"], parent["id"], None)
    assert link["created_by_id"] == people.ids["lin"]
    assert api.as_("sam").get(f"{BASE}/objectives/{child['id']}").json()["parents"] == [
        {"alignment_id": link["id"], "objective_id": parent["id"], "objective_title": "质量部：新品按期上市",
         "key_result_id": None, "key_result_title": None}]
    children = api.as_("sam").get(f"{BASE}/objectives/{parent['id']}").json()["children"]
    assert [(c["id"], c["title"], c["key_result_id"]) for c in children] == \
        [(child["id"], child["title"], None)]


def test_an_objective_aligns_to_one_kr_of_another_units_objective(api, people):
    sales = new_objective(api, "sam", title="华东销售额增长 30%",
                          key_results=[{"title": "新品进入 20 家医院", "target": 20}])
    kr = sales["key_results"][0]
    child = new_objective(api, "lin", title="新品注册证按期获批", aligns_to=[{"key_result_id": kr["id"]}])
    assert [(p["objective_id"], p["key_result_id"], p["key_result_title"]) for p in child["parents"]] == [
        (sales["id"], kr["id"], "新品进入 20 家医院")]
    children = api.as_("sam").get(f"{BASE}/objectives/{sales['id']}").json()["children"]
    assert [(c["id"], c["key_result_id"]) for c in children] == [(child["id"], kr["id"])]


def test_an_objective_cannot_align_to_itself_or_its_own_kr(api, people):
    o = new_objective(api, "lin")
    error(align(api, "lin", o["id"], objective_id=o["id"]), 422, "invalid", "objective_id")
    error(align(api, "lin", o["id"], key_result_id=o["key_results"][0]["id"]),
          422, "invalid", "key_result_id")


def test_a_link_that_would_close_a_loop_is_refused_and_the_loop_named(api, people):
    top = department(api, people, key_results=[{"title": "3 个新品取得注册证", "target": 3}])
    middle = new_objective(api, "lin", aligns_to=[{"objective_id": top["id"]}])
    bottom = new_objective(api, "lin", title="整理注册资料模板", aligns_to=[{"objective_id": middle["id"]}])
    body = error(align(api, "mei", top["id"], objective_id=bottom["id"]), 422, "invalid", "objective_id")
    assert body["details"]["loop"] == [bottom["id"], middle["id"], top["id"]]
    assert f"{bottom['id']} → {middle['id']} → {top['id']}" in body["message"]
    via_kr = new_objective(api, "lin", title="准备申报",
                           aligns_to=[{"key_result_id": top["key_results"][0]["id"]}])
    error(align(api, "mei", top["id"], objective_id=via_kr["id"]), 422, "invalid", "objective_id")


def test_a_loop_through_an_objective_you_cannot_see_does_not_name_it(api, people):
    top = new_objective(api, "sam", title="华东销售额增长 30%")
    hidden = new_objective(api, "lin", visibility="private", aligns_to=[{"objective_id": top["id"]}])
    bottom = new_objective(api, "lin", title="公开的下级目标", aligns_to=[{"objective_id": hidden["id"]}])
    body = error(align(api, "sam", top["id"], objective_id=bottom["id"]), 422, "invalid", "objective_id")
    assert body["details"]["loop"] == [bottom["id"], None, top["id"]]
    assert f"{bottom['id']} → (an objective you cannot see) → {top['id']}" in body["message"]


def test_the_same_link_twice_is_a_conflict(api, people):
    parent = department(api, people)
    child = new_objective(api, "lin", aligns_to=[{"objective_id": parent["id"]}])
    body = error(align(api, "lin", child["id"], objective_id=parent["id"]), 409, "conflict", "objective_id")
    assert body["details"]["alignment_id"] == child["parents"][0]["alignment_id"]


def test_a_parent_you_cannot_read_does_not_exist_for_you(api, people):
    secret = department(api, people, visibility="unit", title="质量部内部目标")
    sam = new_objective(api, "sam", title="华东销售额增长 30%")
    error(align(api, "sam", sam["id"], objective_id=secret["id"]), 404, "not_found", "objective_id")
    error(align(api, "sam", sam["id"], objective_id=9999), 404, "not_found", "objective_id")
    error(align(api, "sam", sam["id"], key_result_id=secret["key_results"][0]["id"]), 404, "not_found",
          "key_result_id")


def test_only_the_childs_writer_decides_its_alignment(api, people):
    parent = new_objective(api, "sam", title="华东销售额增长 30%")
    lin = new_objective(api, "lin")
    error(align(api, "sam", lin["id"], objective_id=parent["id"]), 403, "forbidden")
    assert align(api, "mei", lin["id"], objective_id=parent["id"]).status_code == 201
    link_id = api.as_("lin").get(f"{BASE}/objectives/{lin['id']}").json()["parents"][0]["alignment_id"]
    error(api.as_("sam").delete(f"{BASE}/objectives/{lin['id']}/alignments/{link_id}"), 403, "forbidden")


def test_a_link_needs_exactly_one_parent(api, people):
    parent = department(api, people)
    o = new_objective(api, "lin")
    error(align(api, "lin", o["id"]), 422, "invalid", "objective_id")
    error(align(api, "lin", o["id"], objective_id=parent["id"], key_result_id=parent["key_results"][0]["id"]),
          422, "invalid", "objective_id")
    error(align(api, "lin", o["id"], parent_id=parent["id"]), 422, "validation_error", "parent_id")
    r = api.as_("lin").post(f"{BASE}/objectives", json={
        "cycle_id": people.cycle_id, "level": "personal", "title": "目标",
        "aligns_to": [{"objective_id": o["id"] + 99}]})
    error(r, 404, "not_found", "aligns_to.0.objective_id")


def test_removing_a_link(api, people):
    parent = department(api, people)
    child = new_objective(api, "lin", aligns_to=[{"objective_id": parent["id"]}])
    link_id = child["parents"][0]["alignment_id"]
    url = f"{BASE}/objectives/{child['id']}/alignments/{link_id}"
    error(api.as_("lin").delete(f"{BASE}/objectives/{parent['id']}/alignments/{link_id}"), 403, "forbidden")
    assert api.as_("lin").delete(url).status_code == 204
    error(api.as_("lin").delete(url), 404, "not_found")
    assert api.as_("lin").get(f"{BASE}/objectives/{child['id']}").json()["parents"] == []
    assert api.as_("lin").get(f"{BASE}/objectives/{parent['id']}").json()["children"] == []


def test_links_to_and_from_objectives_you_cannot_see_are_left_out(api, people):
    secret_parent = department(api, people, visibility="unit", title="质量部内部目标")
    public_parent = department(api, people, title="质量部公开目标")
    child = new_objective(api, "lin", aligns_to=[{"objective_id": secret_parent["id"]},
                                                 {"objective_id": public_parent["id"]}])
    private_child = new_objective(api, "lin", visibility="private", title="个人成长",
                                  aligns_to=[{"objective_id": public_parent["id"]}])
    seen = api.as_("sam").get(f"{BASE}/objectives/{child['id']}").json()
    assert [p["objective_id"] for p in seen["parents"]] == [public_parent["id"]]
    children = api.as_("sam").get(f"{BASE}/objectives/{public_parent['id']}").json()["children"]
    assert [c["id"] for c in children] == [child["id"]]
    children = api.as_("mei").get(f"{BASE}/objectives/{public_parent['id']}").json()["children"]
    assert sorted(c["id"] for c in children) == sorted([child["id"], private_child["id"]])

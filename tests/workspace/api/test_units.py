"""The organisation's units and their members: who may shape the tree, and paths that stay right."""
from __future__ import annotations

from ..factories import add_outsider, make_objective

URL = "/api/v1/units"


def unit(api, unit_id: int, who: str = "ada") -> dict:
    return api.as_(who).get(f"{URL}/{unit_id}").json()


def version(api, unit_id: int) -> int:
    return unit(api, unit_id)["version"]


def team(people, **overrides) -> dict:
    return {"parent_id": people.units["qa"], "key": "qa-audit", "name": "审核组", "kind": "team", **overrides}


def test_units_are_listed_in_tree_order_with_their_paths_and_depths(api, people):
    r = api.as_("lin").get(URL)
    assert r.status_code == 200 and r.json()["total"] == 4
    items = r.json()["items"]
    assert [u["key"] for u in items] == ["hk", "qa", "qa-reg", "sales"]
    u = people.units
    assert [(x["path"], x["depth"], x["parent_id"]) for x in items] == [
        (f"/{u['hk']}/", 0, None), (f"/{u['hk']}/{u['qa']}/", 1, u["hk"]),
        (f"/{u['hk']}/{u['qa']}/{u['qa-reg']}/", 2, u["qa"]), (f"/{u['hk']}/{u['sales']}/", 1, u["hk"])]
    assert items[1]["name"] == "质量部" and items[1]["kind"] == "department" and items[1]["version"] >= 1


def test_units_can_be_narrowed_to_one_parents_children(api, people):
    r = api.as_("lin").get(URL, params={"parent_id": people.units["hk"]})
    assert [x["key"] for x in r.json()["items"]] == ["qa", "sales"]


def test_one_unit_is_shown_with_its_version_as_etag(api, people):
    r = api.as_("sam").get(f"{URL}/{people.units['qa']}")
    assert r.status_code == 200 and r.json()["key"] == "qa"
    assert r.headers["ETag"] == f'"{r.json()["version"]}"'


def test_someone_from_another_organisation_cannot_see_our_units(api, people, database):
    add_outsider(database, people)
    r = api.as_("olga").get(f"{URL}/{people.units['qa']}")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert api.as_("olga").get(URL).json()["total"] == 0
    r = api.as_("olga").post(URL, json=team(people))
    assert r.status_code == 404 and r.json()["error"]["field"] == "parent_id"


def test_a_manager_adds_a_team_under_their_department(api, people):
    r = api.as_("mei").post(URL, json=team(people))
    assert r.status_code == 201
    created = r.json()
    assert created["path"] == f"{unit(api, people.units['qa'])['path']}{created['id']}/"
    assert created["depth"] == 2 and created["parent_id"] == people.units["qa"]
    assert r.headers["ETag"] == f'"{created["version"]}"'


def test_a_manager_cannot_add_a_unit_under_another_department(api, people):
    r = api.as_("mei").post(URL, json=team(people, parent_id=people.units["sales"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_a_member_cannot_create_units(api, people):
    r = api.as_("lin").post(URL, json=team(people, parent_id=people.units["qa-reg"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_bad_unit_bodies_name_the_field_at_fault(api, people):
    for change, field in (({"kind": "division"}, "kind"), ({"key": "审核 组"}, "key"), ({"name": "  "}, "name"),
                          ({"colour": "red"}, "colour")):
        r = api.as_("ada").post(URL, json=team(people, **change))
        assert r.status_code == 422, change
        assert r.json()["error"]["code"] == "validation_error" and r.json()["error"]["field"] == field


def test_only_the_top_unit_is_a_company(api, people):
    r = api.as_("ada").post(URL, json=team(people, kind="company"))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid" and r.json()["error"]["field"] == "kind"


def test_a_taken_unit_key_is_a_conflict(api, people):
    r = api.as_("ada").post(URL, json=team(people, key="sales"))
    assert r.status_code == 409 and r.json()["error"]["field"] == "key"


def test_a_manager_renames_their_unit_and_an_outsider_to_it_cannot(api, people):
    url, current = f"{URL}/{people.units['qa']}", version(api, people.units["qa"])
    r = api.as_("sam").patch(url, json={"name": "销售质量部", "version": current})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = api.as_("mei").patch(url, json={"name": "质量与法规部", "key": "qa-ra"},
                             headers={"If-Match": f'"{current}"'})
    assert r.status_code == 200 and r.json()["name"] == "质量与法规部" and r.json()["key"] == "qa-ra"
    assert r.headers["ETag"] == f'"{r.json()["version"]}"'


def test_a_unit_edit_without_a_version_is_refused_and_a_stale_one_conflicts(api, people):
    url = f"{URL}/{people.units['qa']}"
    r = api.as_("mei").patch(url, json={"name": "质量与法规部"})
    assert r.status_code == 428 and r.json()["error"]["code"] == "precondition_required"
    current = version(api, people.units["qa"])
    assert api.as_("mei").patch(url, json={"name": "质量一部", "version": current}).status_code == 200
    r = api.as_("mei").patch(url, json={"name": "质量二部", "version": current})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert unit(api, people.units["qa"])["name"] == "质量一部"


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(api, people):
    u = people.units
    deep = api.as_("ada").post(URL, json=team(people, parent_id=u["qa-reg"], key="qa-reg-1",
                                              name="一组")).json()
    reg_version = version(api, u["qa-reg"])
    r = api.as_("ada").patch(f"{URL}/{u['qa']}",
                             json={"parent_id": u["sales"], "version": version(api, u["qa"])})
    assert r.status_code == 200
    assert r.json()["path"] == f"/{u['hk']}/{u['sales']}/{u['qa']}/" and r.json()["depth"] == 2
    assert unit(api, u["qa-reg"])["path"] == f"/{u['hk']}/{u['sales']}/{u['qa']}/{u['qa-reg']}/"
    assert unit(api, deep["id"])["path"] == f"/{u['hk']}/{u['sales']}/{u['qa']}/{u['qa-reg']}/{deep['id']}/"
    assert unit(api, deep["id"])["depth"] == 4
    assert unit(api, u["sales"])["path"] == f"/{u['hk']}/{u['sales']}/"
    # the access policy follows the new paths: Mei still manages what is under QA
    assert version(api, u["qa-reg"]) == reg_version + 1
    r = api.as_("mei").patch(f"{URL}/{u['qa-reg']}", json={"name": "注册一组", "version": reg_version + 1})
    assert r.status_code == 200


def test_only_admins_move_units(api, people):
    r = api.as_("mei").patch(f"{URL}/{people.units['qa-reg']}", json={
        "parent_id": people.units["hk"], "version": version(api, people.units["qa-reg"])})
    assert r.status_code == 403 and r.json()["error"]["field"] == "parent_id"


def test_a_unit_cannot_move_under_itself_or_its_own_sub_units(api, people):
    for target in ("qa", "qa-reg"):
        r = api.as_("ada").patch(f"{URL}/{people.units['qa']}", json={
            "parent_id": people.units[target], "version": version(api, people.units["qa"])})
        assert r.status_code == 422, target
        assert r.json()["error"]["code"] == "invalid" and r.json()["error"]["field"] == "parent_id"


def test_an_admin_deletes_an_empty_unit(api, people):
    created = api.as_("ada").post(URL, json=team(people)).json()
    r = api.as_("mei").delete(f"{URL}/{created['id']}")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert api.as_("ada").delete(f"{URL}/{created['id']}").status_code == 204
    assert api.as_("ada").get(f"{URL}/{created['id']}").status_code == 404


def test_a_unit_that_still_holds_something_is_not_deleted(api, people, database):
    r = api.as_("ada").delete(f"{URL}/{people.units['qa']}")
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert r.json()["error"]["message"] == "unit qa still has 1 sub-unit, 1 member: move or remove them first"
    assert r.json()["error"]["details"] == {"sub_units": 1, "members": 1, "objectives": 0}
    make_objective(database, people, owner=None, unit="qa-reg")
    r = api.as_("ada").delete(f"{URL}/{people.units['qa-reg']}")
    assert r.status_code == 409 and r.json()["error"]["details"]["objectives"] == 1


def test_a_units_members_are_listed_managers_first(api, people):
    api.as_("ada").put(f"{URL}/{people.units['qa']}/members/{people.ids['sam']}", json={"role": "member"})
    r = api.as_("lin").get(f"{URL}/{people.units['qa']}/members")
    assert r.status_code == 200 and r.json()["total"] == 2
    assert [(x["handle"], x["role"], x["is_primary"]) for x in r.json()["items"]] == [
        ("mei", "manager", True), ("sam", "member", False)]


def test_the_manager_of_qa_adds_a_member_to_qa_reg(api, people):
    url = f"{URL}/{people.units['qa-reg']}/members/{people.ids['sam']}"
    r = api.as_("mei").put(url, json={"role": "member"})
    assert r.status_code == 201
    assert r.json()["person_id"] == people.ids["sam"] and r.json()["is_primary"] is False
    r = api.as_("mei").put(url, json={"role": "member", "is_primary": True})
    assert r.status_code == 200 and r.json()["is_primary"] is True
    sam = api.as_("sam").get("/api/v1/me").json()
    assert [(x["unit_key"], x["is_primary"]) for x in sam["memberships"]] == [
        ("qa-reg", True), ("sales", False)]


def test_someone_who_manages_nothing_there_cannot_add_members(api, people):
    r = api.as_("sam").put(f"{URL}/{people.units['qa-reg']}/members/{people.ids['sam']}",
                           json={"role": "member"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_managers_are_appointed_from_above(api, people):
    own = f"{URL}/{people.units['qa']}/members/{people.ids['lin']}"
    below = f"{URL}/{people.units['qa-reg']}/members/{people.ids['lin']}"
    r = api.as_("sam").put(below, json={"role": "manager"})
    assert r.status_code == 403
    r = api.as_("mei").put(own, json={"role": "manager"})
    assert r.status_code == 403 and r.json()["error"]["field"] == "role"
    assert api.as_("mei").put(below, json={"role": "manager"}).status_code == 200
    assert api.as_("ada").put(own, json={"role": "manager"}).status_code == 201
    assert {x["role"] for x in api.as_("lin").get("/api/v1/me").json()["memberships"]} == {"manager"}


def test_a_manager_cannot_demote_a_fellow_manager_of_their_own_unit(api, people):
    api.as_("ada").put(f"{URL}/{people.units['qa']}/members/{people.ids['sam']}", json={"role": "manager"})
    url = f"{URL}/{people.units['qa']}/members/{people.ids['sam']}"
    r = api.as_("mei").put(url, json={"role": "member"})
    assert r.status_code == 403 and r.json()["error"]["field"] == "role"
    assert api.as_("mei").delete(url).status_code == 403


def test_a_bad_role_is_refused_naming_the_field(api, people):
    r = api.as_("ada").put(f"{URL}/{people.units['qa']}/members/{people.ids['sam']}", json={"role": "boss"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "role"


def test_a_manager_removes_a_member_and_their_other_unit_becomes_primary(api, people):
    api.as_("ada").put(f"{URL}/{people.units['sales']}/members/{people.ids['lin']}", json={"role": "member"})
    url = f"{URL}/{people.units['qa-reg']}/members/{people.ids['lin']}"
    r = api.as_("sam").delete(url)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert api.as_("mei").delete(url).status_code == 204
    assert api.as_("lin").get("/api/v1/me").json()["memberships"] == [
        {"unit_id": people.units["sales"], "unit_key": "sales", "unit_name": "销售部", "role": "member",
         "is_primary": True}]
    r = api.as_("mei").delete(url)
    assert r.status_code == 404 and r.json()["error"]["field"] == "person_id"


def test_members_come_only_from_our_own_organisation(api, people, database):
    add_outsider(database, people)
    olga_id = api.as_("olga").get("/api/v1/me").json()["id"]
    r = api.as_("ada").put(f"{URL}/{people.units['qa']}/members/{olga_id}", json={"role": "member"})
    assert r.status_code == 404 and r.json()["error"]["field"] == "person_id"

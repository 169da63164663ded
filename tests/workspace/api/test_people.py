"""People of the organisation: who sees them, who adds them, and how accounts are edited."""
from __future__ import annotations

from ..factories import add_outsider
from ..personas import PASSWORD

URL = "/api/v1/people"


def new_person(people, **overrides) -> dict:
    body = {"handle": "zhangsan", "name": "张三", "email": "zhangsan@huakang.test", "password": "一二三四五六七八九十",
            "unit_id": people.units["qa-reg"], "role": "member"}
    return {**body, **overrides}


def test_everyone_in_the_organisation_can_list_its_people_by_name(api, people):
    r = api.as_("sam").get(URL)
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 4 and page["page"] == 1
    assert {p["handle"] for p in page["items"]} == {"ada", "mei", "lin", "sam"}
    lin = next(p for p in page["items"] if p["handle"] == "lin")
    assert lin["memberships"] == [{"unit_id": people.units["qa-reg"], "unit_key": "qa-reg",
                                   "unit_name": "注册组", "role": "member", "is_primary": True}]


def test_people_can_be_narrowed_to_a_units_subtree(api, people):
    r = api.as_("sam").get(URL, params={"unit_id": people.units["qa"]})
    assert {p["handle"] for p in r.json()["items"]} == {"mei", "lin"}
    r = api.as_("sam").get(URL, params={"unit_id": people.units["hk"]})
    assert r.json()["total"] == 4


def test_people_can_be_searched_by_part_of_a_name_handle_or_email(api):
    assert [p["handle"] for p in api.as_("lin").get(URL, params={"q": "林"}).json()["items"]] == ["lin"]
    assert [p["handle"] for p in api.as_("lin").get(URL, params={"q": "SAM"}).json()["items"]] == ["sam"]
    assert api.as_("lin").get(URL, params={"q": "@huakang.test"}).json()["total"] == 4
    assert api.as_("lin").get(URL, params={"q": "100%"}).json()["total"] == 0


def test_the_people_list_comes_in_pages(api):
    r = api.as_("ada").get(URL, params={"per_page": 3, "page": 2})
    assert r.json()["total"] == 4 and len(r.json()["items"]) == 1 and r.json()["per_page"] == 3
    r = api.as_("ada").get(URL, params={"per_page": 0})
    assert r.status_code == 422 and r.json()["error"]["field"] == "per_page"


def test_one_person_is_shown_with_their_version_as_etag(api, people):
    r = api.as_("sam").get(f"{URL}/{people.ids['mei']}")
    assert r.status_code == 200
    assert r.json()["name"] == "梅经理" and r.json()["memberships"][0]["role"] == "manager"
    assert r.headers["ETag"] == f'"{r.json()["version"]}"'


def test_someone_from_another_organisation_cannot_see_our_people(api, people, database):
    add_outsider(database, people)
    olga = api.as_("olga")
    r = olga.get(f"{URL}/{people.ids['mei']}")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert [p["handle"] for p in olga.get(URL).json()["items"]] == ["olga"]
    r = olga.get(URL, params={"unit_id": people.units["qa"]})
    assert r.status_code == 404 and r.json()["error"]["field"] == "unit_id"


def test_an_admin_adds_a_person_who_can_then_sign_in(api, people):
    r = api.as_("ada").post(URL, json=new_person(people, email="ZhangSan@HuaKang.test"))
    assert r.status_code == 201
    created = r.json()
    assert created["name"] == "张三" and created["email"] == "zhangsan@huakang.test" and not created["is_admin"]
    assert created["memberships"][0]["unit_key"] == "qa-reg" and created["memberships"][0]["is_primary"]
    r = api.anonymous().post("/api/v1/auth/tokens", json={"email": "zhangsan@huakang.test",
                                                           "password": "一二三四五六七八九十", "name": "laptop"})
    assert r.status_code == 201


def test_a_manager_adds_a_member_to_a_team_in_their_department(api, people):
    r = api.as_("mei").post(URL, json=new_person(people))
    assert r.status_code == 201
    assert api.as_("mei").get(f"/api/v1/units/{people.units['qa-reg']}/members").json()["total"] == 2


def test_a_manager_cannot_add_people_to_a_unit_they_do_not_manage(api, people):
    r = api.as_("mei").post(URL, json=new_person(people, unit_id=people.units["sales"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert r.json()["error"]["field"] == "unit_id"


def test_a_member_cannot_add_people(api, people):
    r = api.as_("lin").post(URL, json=new_person(people))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_a_manager_appoints_managers_below_their_unit_but_not_beside_themselves(api, people):
    r = api.as_("mei").post(URL, json=new_person(people, role="manager", unit_id=people.units["qa"]))
    assert r.status_code == 403 and r.json()["error"]["field"] == "role"
    r = api.as_("mei").post(URL, json=new_person(people, role="manager", unit_id=people.units["qa-reg"]))
    assert r.status_code == 201 and r.json()["memberships"][0]["role"] == "manager"


def test_only_admins_make_admins(api, people):
    r = api.as_("mei").post(URL, json=new_person(people, is_admin=True))
    assert r.status_code == 403 and r.json()["error"]["field"] == "is_admin"
    r = api.as_("ada").post(URL, json=new_person(people, is_admin=True))
    assert r.status_code == 201 and r.json()["is_admin"]


def test_a_taken_email_or_handle_is_a_conflict_naming_the_field(api, people):
    r = api.as_("ada").post(URL, json=new_person(people, email="Lin@huakang.test"))
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert r.json()["error"]["field"] == "email"
    r = api.as_("ada").post(URL, json=new_person(people, handle="lin"))
    assert r.status_code == 409 and r.json()["error"]["field"] == "handle"


def test_bad_bodies_name_the_field_at_fault(api, people):
    cases = [({"email": "not-an-email"}, "email"), ({"role": "boss"}, "role"),
             ({"password": "short"}, "password"), ({"handle": "has space"}, "handle"),
             ({"nickname": "三"}, "nickname")]
    for change, field in cases:
        r = api.as_("ada").post(URL, json=new_person(people, **change))
        assert r.status_code == 422, change
        assert r.json()["error"]["code"] == "validation_error" and r.json()["error"]["field"] == field
    body = new_person(people)
    del body["name"]
    r = api.as_("ada").post(URL, json=body)
    assert r.status_code == 422 and r.json()["error"]["field"] == "name"


def test_a_person_without_a_password_cannot_sign_in_with_one(api, people):
    body = new_person(people)
    del body["password"]
    assert api.as_("ada").post(URL, json=body).status_code == 201
    r = api.anonymous().post("/api/v1/auth/tokens",
                             json={"email": body["email"], "password": "", "name": "x"})
    assert r.status_code == 401


def test_an_admin_edits_an_account_based_on_its_version(api, people):
    url = f"{URL}/{people.ids['lin']}"
    etag = api.as_("ada").get(url).headers["ETag"]
    r = api.as_("ada").patch(url, json={"name": "林工程师", "email": "lin.gong@huakang.test"},
                             headers={"If-Match": etag})
    assert r.status_code == 200
    assert r.json()["name"] == "林工程师" and r.json()["email"] == "lin.gong@huakang.test"
    assert r.headers["ETag"] != etag and r.headers["ETag"] == f'"{r.json()["version"]}"'


def test_an_edit_without_a_version_is_refused_and_a_stale_one_conflicts(api, people):
    url = f"{URL}/{people.ids['lin']}"
    r = api.as_("ada").patch(url, json={"name": "林工程师"})
    assert r.status_code == 428 and r.json()["error"]["code"] == "precondition_required"
    version = api.as_("ada").get(url).json()["version"]
    assert api.as_("ada").patch(url, json={"name": "林一", "version": version}).status_code == 200
    r = api.as_("ada").patch(url, json={"name": "林二", "version": version})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert api.as_("ada").get(url).json()["name"] == "林一"


def test_only_admins_edit_other_peoples_accounts(api, people):
    url = f"{URL}/{people.ids['lin']}"
    r = api.as_("mei").patch(url, json={"name": "林工程师", "version": 1})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = api.as_("lin").patch(url, json={"is_admin": True, "version": 1})
    assert r.status_code == 403


def test_a_deactivated_persons_tokens_stop_working(api, people):
    version = api.as_("ada").get(f"{URL}/{people.ids['lin']}").json()["version"]
    r = api.as_("ada").patch(f"{URL}/{people.ids['lin']}", json={"is_active": False, "version": version})
    assert r.status_code == 200 and r.json()["is_active"] is False
    r = api.as_("lin").get("/api/v1/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    r = api.anonymous().post("/api/v1/auth/tokens", json={"email": "lin@huakang.test", "password": PASSWORD,
                                                           "name": "x"})
    assert r.status_code == 401


def test_the_last_admin_cannot_be_demoted_or_deactivated(api, people):
    url, mei = f"{URL}/{people.ids['ada']}", f"{URL}/{people.ids['mei']}"
    version = api.as_("ada").get(url).json()["version"]
    for change in ({"is_admin": False}, {"is_active": False}):
        r = api.as_("ada").patch(url, json={**change, "version": version})
        assert r.status_code == 409 and r.json()["error"]["field"] == "is_admin"
    mei_version = api.as_("ada").get(mei).json()["version"]
    r = api.as_("ada").patch(mei, json={"is_admin": True, "version": mei_version})
    assert r.status_code == 200
    assert api.as_("ada").patch(url, json={"is_admin": False, "version": version}).status_code == 200

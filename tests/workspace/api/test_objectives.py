"""Objectives over the API: create, list, read, change, delete and history — and who may do each."""
from __future__ import annotations

import datetime as dt

import pytest

from okrcoach.storage import models as m

from ..factories import make_check_in

BASE = "/api/v1"


def new_objective(api, who: str, **body) -> dict:
    """Create an objective as ``who``: personal, with one KR, unless told otherwise."""
    body.setdefault("cycle_id", api.people.cycle_id)
    body.setdefault("level", "personal")
    body.setdefault("title", "提升医疗器械注册申报一次通过率")
    body.setdefault("key_results", [{"title": "申报一次通过率从 60% 提升到 90%", "kind": "percentage",
                                     "start": 60, "target": 90}])
    r = api.as_(who).post(f"{BASE}/objectives", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def error(r, status: int, code: str, field: str | None = None) -> dict:
    """Assert the one error shape, and return it."""
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["status"] == status and body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    return body


def ids(r) -> list[int]:
    assert r.status_code == 200, r.text
    return [o["id"] for o in r.json()["items"]]


# --- creating ----------------------------------------------------------------------------------

def test_a_member_creates_a_personal_objective_owned_by_them_in_their_primary_unit(api, people):
    r = api.as_("lin").post(f"{BASE}/objectives", json={
        "cycle_id": people.cycle_id, "level": "personal", "title": "让注册申报又快又稳",
        "key_results": [{"title": "完成 12 家医院的注册申报", "target": 12, "unit": "家"}]})
    assert r.status_code == 201, r.text
    o = r.json()
    assert r.headers["ETag"] == '"1"' and o["version"] == 1
    assert o["owner_id"] == people.ids["lin"] and o["unit_id"] == people.units["qa-reg"]
    assert o["status"] == "draft" and o["visibility"] == "public" and o["can_write"] is True
    assert [k["title"] for k in o["key_results"]] == ["完成 12 家医院的注册申报"]
    assert o["key_results"][0]["direction"] == "up" and o["key_results"][0]["start"] is None
    assert o["progress"]["progress"] == 0.0 and o["score"] is None


def test_a_unit_objective_has_no_owner_unless_one_is_given(api, people):
    o = new_objective(api, "mei", level="department", unit_id=people.units["qa"], title="成为最受信赖的质量团队")
    assert o["owner_id"] is None and o["unit_id"] == people.units["qa"]
    owned = new_objective(api, "mei", level="team", unit_id=people.units["qa-reg"],
                          owner_id=people.ids["lin"], title="注册组按期完成全部申报")
    assert owned["owner_id"] == people.ids["lin"]


def test_a_member_cannot_create_an_objective_for_their_unit(api, people):
    r = api.as_("lin").post(f"{BASE}/objectives", json={
        "cycle_id": people.cycle_id, "level": "team", "unit_id": people.units["qa-reg"], "title": "注册组目标"})
    error(r, 403, "forbidden")


def test_a_manager_creates_personal_objectives_for_the_people_under_them_and_others_cannot(api, people):
    o = new_objective(api, "mei", owner_id=people.ids["lin"])
    assert o["owner_id"] == people.ids["lin"] and o["unit_id"] == people.units["qa-reg"]
    r = api.as_("sam").post(f"{BASE}/objectives", json={
        "cycle_id": people.cycle_id, "level": "personal", "owner_id": people.ids["lin"], "title": "替别人写的目标"})
    error(r, 403, "forbidden")


def test_an_admin_creates_the_company_objective(api, people):
    o = new_objective(api, "ada", level="company", unit_id=people.units["hk"], title="成为华东最受信赖的医疗器械企业")
    assert o["level"] == "company" and o["owner_id"] is None and o["created_by_id"] == people.ids["ada"]


def test_a_personal_objective_sits_in_one_of_its_owners_units(api, people):
    r = api.as_("lin").post(f"{BASE}/objectives", json={
        "cycle_id": people.cycle_id, "level": "personal", "unit_id": people.units["sales"], "title": "跨部门目标"})
    error(r, 422, "invalid", "unit_id")


def test_objectives_go_into_open_cycles_of_your_own_organisation(api, people, database):
    with database.session() as s:
        closed = m.Cycle(org_id=people.org_id, name="2026-Q3", kind="quarter", start_date=dt.date(2026, 7, 1),
                         end_date=dt.date(2026, 9, 30), state="closed")
        other = m.Organisation(name="别家公司", slug="other")
        s.add_all([closed, other])
        s.flush()
        foreign = m.Cycle(org_id=other.id, name="2026-Q4", kind="quarter", start_date=dt.date(2026, 10, 1),
                          end_date=dt.date(2026, 12, 31), state="active")
        s.add(foreign)
        s.flush()
        closed_id, foreign_id = closed.id, foreign.id
    for cycle_id in (closed_id, foreign_id, 9999):
        r = api.as_("ada").post(f"{BASE}/objectives", json={"cycle_id": cycle_id, "level": "personal",
                                                            "title": "上季度的目标"})
        error(r, 422, "invalid", "cycle_id")


def test_bad_bodies_are_refused_naming_the_field(api, people):
    lin = api.as_("lin")
    cases = [
        ({"cycle_id": people.cycle_id, "level": "personal"}, "title"),
        ({"cycle_id": people.cycle_id, "level": "galaxy", "title": "目标"}, "level"),
        ({"cycle_id": people.cycle_id, "level": "personal", "title": "目标", "colour": "red"}, "colour"),
        ({"cycle_id": people.cycle_id, "level": "personal", "title": "目标", "visibility": "secret"},
         "visibility"),
        ({"cycle_id": people.cycle_id, "level": "personal", "title": "   "}, "title"),
        ({"cycle_id": people.cycle_id, "level": "personal", "title": "目标",
          "key_results": [{"title": "KR"}, {"title": "KR", "weight": 0}]}, "key_results.1.weight"),
    ]
    for body, field in cases:
        error(lin.post(f"{BASE}/objectives", json=body), 422, "validation_error", field)
    r = lin.post(f"{BASE}/objectives", json={"cycle_id": people.cycle_id, "level": "personal", "title": "目标",
                                             "key_results": [{"title": "增加客户数"}]})
    error(r, 422, "invalid", "key_results.0.target")
    r = api.as_("mei").post(f"{BASE}/objectives", json={"cycle_id": people.cycle_id, "level": "team",
                                                        "title": "团队目标"})
    error(r, 422, "invalid", "unit_id")


# --- reading -----------------------------------------------------------------------------------

def test_a_private_objective_is_invisible_to_outsiders_everywhere(api, people):
    private = new_objective(api, "lin", visibility="private", title="个人成长：考取注册专员资格")
    r = api.as_("sam").get(f"{BASE}/objectives/{private['id']}")
    error(r, 404, "not_found")
    assert private["id"] not in ids(api.as_("sam").get(f"{BASE}/objectives"))
    error(api.as_("sam").get(f"{BASE}/objectives/{private['id']}/history"), 404, "not_found")


def test_the_manager_above_reads_and_edits_a_private_objective(api, people):
    private = new_objective(api, "lin", visibility="private", title="个人成长：考取注册专员资格")
    r = api.as_("mei").get(f"{BASE}/objectives/{private['id']}")
    assert r.status_code == 200 and r.json()["can_write"] is True
    r = api.as_("mei").patch(f"{BASE}/objectives/{private['id']}", json={"title": "考取高级注册专员资格"},
                             headers={"If-Match": r.headers["ETag"]})
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "考取高级注册专员资格" and r.headers["ETag"] == '"2"'


def test_unit_visibility_reaches_the_unit_below_and_not_other_departments(api, people):
    qa = new_objective(api, "mei", level="department", unit_id=people.units["qa"], visibility="unit",
                       title="质量部内部目标")
    assert api.as_("lin").get(f"{BASE}/objectives/{qa['id']}").status_code == 200
    assert api.as_("lin").get(f"{BASE}/objectives/{qa['id']}").json()["can_write"] is False
    error(api.as_("sam").get(f"{BASE}/objectives/{qa['id']}"), 404, "not_found")
    assert api.as_("ada").get(f"{BASE}/objectives/{qa['id']}").status_code == 200


def test_list_totals_never_count_objectives_you_cannot_see(api, people):
    for visibility in ("public", "unit", "private"):
        new_objective(api, "lin", visibility=visibility, title=f"{visibility} 目标")
    assert api.as_("mei").get(f"{BASE}/objectives").json()["total"] == 3
    assert api.as_("lin").get(f"{BASE}/objectives").json()["total"] == 3
    page = api.as_("sam").get(f"{BASE}/objectives", params={"per_page": 1}).json()
    assert page["total"] == 1 and [o["visibility"] for o in page["items"]] == ["public"]
    page2 = api.as_("mei").get(f"{BASE}/objectives", params={"per_page": 2, "page": 2}).json()
    assert page2["total"] == 3 and len(page2["items"]) == 1


def test_the_list_filters_by_unit_subtree_owner_status_level_visibility_and_title(api, people):
    company = new_objective(api, "ada", level="company", unit_id=people.units["hk"], title="公司：稳健增长")
    qa = new_objective(api, "mei", level="department", unit_id=people.units["qa"], title="质量部：零重大不合格")
    lin = new_objective(api, "lin", title="注册申报提速", visibility="unit")
    sam = new_objective(api, "sam", title="华东销售额增长 30%")
    mei = api.as_("mei")
    assert ids(mei.get(f"{BASE}/objectives", params={"unit_id": people.units["qa"]})) == [qa["id"]]
    subtree = ids(mei.get(f"{BASE}/objectives",
                          params={"unit_id": people.units["qa"], "include_subunits": True}))
    assert sorted(subtree) == sorted([qa["id"], lin["id"]])
    assert ids(mei.get(f"{BASE}/objectives", params={"owner_id": people.ids["sam"]})) == [sam["id"]]
    assert ids(mei.get(f"{BASE}/objectives", params={"level": "company"})) == [company["id"]]
    assert ids(mei.get(f"{BASE}/objectives", params={"visibility": "unit"})) == [lin["id"]]
    assert ids(mei.get(f"{BASE}/objectives", params={"q": "申报"})) == [lin["id"]]
    assert ids(mei.get(f"{BASE}/objectives", params={"status": "active"})) == []
    assert len(ids(mei.get(f"{BASE}/objectives", params={"cycle_id": people.cycle_id}))) == 4
    error(mei.get(f"{BASE}/objectives", params={"status": "finished"}), 422, "validation_error", "status")
    error(mei.get(f"{BASE}/objectives", params={"unit_id": 9999}), 422, "invalid", "unit_id")
    error(mei.get(f"{BASE}/objectives", params={"include_subunits": True}),
          422, "invalid", "include_subunits")


def test_the_list_shows_progress_kr_count_and_finding_counts(api, people, database):
    o = new_objective(api, "lin", key_results=[
        {"title": "完成 12 家医院的注册申报", "target": 12, "unit": "家"},
        {"title": "申报一次通过率达到 90%", "kind": "percentage", "start": 60, "target": 90}])
    make_check_in(database, people, o["key_results"][0]["id"], value=6, confidence=0.8)
    item = api.as_("lin").get(f"{BASE}/objectives").json()["items"][0]
    assert item["kr_count"] == 2
    assert item["progress"]["progress"] == 0.25 and item["progress"]["confidence"] == 0.8
    assert set(item["findings"]) == {"error", "warning", "info"}
    bare = new_objective(api, "lin", title="没有关键结果的目标", key_results=[])
    items = api.as_("lin").get(f"{BASE}/objectives").json()["items"]
    bare_item = next(i for i in items if i["id"] == bare["id"])
    assert bare_item["kr_count"] == 0 and bare_item["findings"]["error"] >= 1


def test_at_risk_filters_on_computed_risk_with_true_totals(api, people, database):
    on_track = new_objective(api, "lin", title="按期完成注册申报",
                             key_results=[{"title": "完成 12 家医院的注册申报", "target": 12}])
    behind = new_objective(api, "lin", title="降低投诉率",
                           key_results=[{"title": "投诉从 40 起降到 10 起", "start": 40, "target": 10}])
    make_check_in(database, people, on_track["key_results"][0]["id"], value=8, confidence=0.9)
    make_check_in(database, people, behind["key_results"][0]["id"], value=38, confidence=0.3)
    risky = api.as_("lin").get(f"{BASE}/objectives", params={"at_risk": True}).json()
    assert [o["id"] for o in risky["items"]] == [behind["id"]] and risky["total"] == 1
    assert set(risky["items"][0]["progress"]["risk_reasons"]) == {"low_confidence", "behind_schedule"}
    calm = api.as_("lin").get(f"{BASE}/objectives", params={"at_risk": False}).json()
    assert [o["id"] for o in calm["items"]] == [on_track["id"]] and calm["total"] == 1


def test_the_detail_speaks_the_language_asked_for(api, people):
    o = new_objective(api, "lin", title="没有关键结果的目标", key_results=[])
    zh = api.as_("lin").get(f"{BASE}/objectives/{o['id']}").json()["findings"]
    en = api.as_("lin").get(f"{BASE}/objectives/{o['id']}", params={"lang": "en"}).json()["findings"]
    assert [f["rule"] for f in zh] == [f["rule"] for f in en] and "kr-missing" in {f["rule"] for f in zh}
    assert zh[0]["message"] != en[0]["message"]
    error(api.as_("lin").get(f"{BASE}/objectives/{o['id']}", params={"lang": "fr"}),
          422, "validation_error", "lang")


# --- changing ----------------------------------------------------------------------------------

def test_a_change_needs_the_version_it_was_based_on(api, people):
    o = new_objective(api, "lin")
    url = f"{BASE}/objectives/{o['id']}"
    error(api.as_("lin").patch(url, json={"title": "新标题"}), 428, "precondition_required", "If-Match")
    r = api.as_("lin").patch(url, json={"title": "新标题", "version": 1})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.headers["ETag"] == '"2"'
    stale = api.as_("mei").patch(url, json={"title": "旧版本上的修改"}, headers={"If-Match": '"1"'})
    body = error(stale, 409, "conflict", "version")
    assert body["details"]["current_version"] == 2
    assert api.as_("lin").get(url).json()["title"] == "新标题"


def test_a_member_cannot_edit_another_teams_public_objective(api, people):
    sam = new_objective(api, "sam", title="华东销售额增长 30%")
    r = api.as_("lin").patch(f"{BASE}/objectives/{sam['id']}", json={"title": "改掉", "version": 1})
    error(r, 403, "forbidden")
    assert api.as_("lin").get(f"{BASE}/objectives/{sam['id']}").json()["can_write"] is False


def test_an_owner_edits_wording_visibility_review_and_reflection(api, people):
    o = new_objective(api, "lin")
    r = api.as_("lin").patch(f"{BASE}/objectives/{o['id']}", headers={"If-Match": '"1"'}, json={
        "title": "让注册申报更快、更稳", "description": "支撑新品按期上市", "visibility": "unit",
        "review": {"sufficient": True, "note": "两个 KR 都达成即可"}, "reflection": "先写下来"})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["title"] == "让注册申报更快、更稳" and got["visibility"] == "unit"
    assert got["review"] == {"sufficient": True, "note": "两个 KR 都达成即可"} and got["reflection"] == "先写下来"
    error(api.as_("lin").patch(f"{BASE}/objectives/{o['id']}", json={"version": 2, "title": None}),
          422, "invalid", "title")
    error(api.as_("lin").patch(f"{BASE}/objectives/{o['id']}", json={"version": 2, "status": "active"}),
          422, "validation_error", "status")


def test_you_cannot_hand_an_objective_to_someone_you_do_not_manage(api, people):
    o = new_objective(api, "lin")
    to_sam = {"version": 1, "owner_id": people.ids["sam"]}
    error(api.as_("lin").patch(f"{BASE}/objectives/{o['id']}", json=to_sam), 403, "forbidden")
    r = api.as_("ada").patch(f"{BASE}/objectives/{o['id']}", json=to_sam)
    assert r.status_code == 200, r.text
    assert r.json()["owner_id"] == people.ids["sam"] and r.json()["unit_id"] == people.units["sales"]


def test_a_manager_turns_a_personal_objective_into_the_teams(api, people):
    o = new_objective(api, "lin")
    r = api.as_("mei").patch(f"{BASE}/objectives/{o['id']}",
                             json={"version": 1, "level": "team", "owner_id": None})
    assert r.status_code == 200, r.text
    assert r.json()["level"] == "team" and r.json()["owner_id"] is None
    assert r.json()["unit_id"] == people.units["qa-reg"]


# --- deleting ----------------------------------------------------------------------------------

def test_drafts_are_deleted_by_their_writers_only(api, people, database):
    o = new_objective(api, "lin")
    url = f"{BASE}/objectives/{o['id']}"
    error(api.as_("sam").delete(url), 403, "forbidden")
    assert api.as_("lin").delete(url).status_code == 204
    error(api.as_("lin").get(url), 404, "not_found")
    active = new_objective(api, "lin", title="已生效的目标")
    with database.session() as s:
        s.get(m.Objective, active["id"]).status = "active"
    body = error(api.as_("lin").delete(f"{BASE}/objectives/{active['id']}"), 409, "conflict")
    assert "close it instead" in body["message"]


def test_a_private_objective_cannot_be_deleted_by_someone_who_cannot_see_it(api, people):
    o = new_objective(api, "lin", visibility="private")
    error(api.as_("sam").delete(f"{BASE}/objectives/{o['id']}"), 404, "not_found")


# --- history -----------------------------------------------------------------------------------

def test_history_shows_who_changed_the_objective_its_krs_and_links_newest_first(api, people):
    parent = new_objective(api, "mei", level="department", unit_id=people.units["qa"], title="质量部：新品按期上市")
    o = new_objective(api, "lin")
    lin = api.as_("lin")
    lin.patch(f"{BASE}/objectives/{o['id']}", json={"version": 1, "title": "注册申报提速"})
    kr_id = o["key_results"][0]["id"]
    api.as_("mei").patch(f"{BASE}/key-results/{kr_id}", json={"version": 1, "target": 95})
    link = lin.post(f"{BASE}/objectives/{o['id']}/alignments", json={"objective_id": parent["id"]}).json()
    lin.delete(f"{BASE}/objectives/{o['id']}/alignments/{link['id']}")
    lin.delete(f"{BASE}/key-results/{kr_id}")

    page = api.as_("sam").get(f"{BASE}/objectives/{o['id']}/history").json()
    events = [(e["entity"], e["action"]) for e in page["items"]]
    assert events[:5] == [("key_results", "delete"), ("alignments", "delete"), ("alignments", "create"),
                          ("key_results", "update"), ("objectives", "update")]
    assert set(events[5:]) == {("objectives", "create"), ("key_results", "create")}
    assert page["total"] == 7
    kr_update = page["items"][3]
    assert kr_update["actor_id"] == people.ids["mei"] and kr_update["actor_name"] == "梅经理"
    assert kr_update["before"] == {"target": 90.0} and kr_update["after"] == {"target": 95.0}
    assert page["items"][4]["after"] == {"title": "注册申报提速"}
    second = api.as_("sam").get(f"{BASE}/objectives/{o['id']}/history", params={"per_page": 2}).json()
    assert second["total"] == 7 and len(second["items"]) == 2


def test_history_does_not_name_a_parent_the_reader_cannot_see(api, people):
    secret = new_objective(api, "mei", level="department", unit_id=people.units["qa"], visibility="unit",
                           title="质量部内部目标")
    o = new_objective(api, "lin")
    api.as_("lin").post(f"{BASE}/objectives/{o['id']}/alignments", json={"objective_id": secret["id"]})
    seen_by_mei = api.as_("mei").get(f"{BASE}/objectives/{o['id']}/history").json()["items"][0]
    assert seen_by_mei["entity"] == "alignments"
    assert seen_by_mei["after"]["parent_objective_id"] == secret["id"]
    seen_by_sam = api.as_("sam").get(f"{BASE}/objectives/{o['id']}/history").json()["items"][0]
    assert seen_by_sam["after"]["parent_objective_id"] is None


# --- who may do what: every persona on Lin's objective, at every visibility -----------------------

@pytest.mark.parametrize("visibility", ["public", "unit", "private"])
@pytest.mark.parametrize("who", ["ada", "mei", "lin", "sam"])
def test_who_may_read_change_align_submit_approve_score_and_delete(api, people, who, visibility):
    reads = who != "sam" or visibility == "public"   # Sam is outside QA: only public objectives reach him
    writes = who != "sam"                               # Lin owns it; Mei manages QA; Ada is admin
    approves = who in ("ada", "mei")                    # nobody approves their own objective

    def expect(r, ok: int, allowed: bool = writes):
        want = ok if allowed else 403 if reads else 404
        assert r.status_code == want, (who, visibility, r.text)

    parent = new_objective(api, "ada", level="company", unit_id=people.units["hk"], title="公司：新品按期上市")
    o = new_objective(api, "lin", visibility=visibility)
    url, kr_url = f"{BASE}/objectives/{o['id']}", f"{BASE}/key-results/{o['key_results'][0]['id']}"
    actor, lin = api.as_(who), api.as_("lin")

    assert actor.get(url).status_code == (200 if reads else 404)
    assert (o["id"] in ids(actor.get(f"{BASE}/objectives"))) == reads
    expect(actor.patch(url, json={"version": 1, "title": "注册申报提速"}), 200)
    expect(actor.post(f"{url}/key-results", json={"title": "完成 12 家申报", "target": 12}), 201)
    expect(actor.patch(kr_url, json={"version": 1, "target": 95}), 200)
    expect(actor.post(f"{url}/alignments", json={"objective_id": parent["id"]}), 201)

    expect(actor.post(f"{url}/transitions", json={"to": "in_review"}), 200)
    if not writes:
        assert lin.post(f"{url}/transitions", json={"to": "in_review"}).status_code == 200
    expect(actor.post(f"{url}/transitions", json={"to": "active"}), 200, approves)
    if not approves:
        assert api.as_("mei").post(f"{url}/transitions", json={"to": "active"}).status_code == 200

    scores = [{"id": k["id"], "score": 0.5} for k in lin.get(url).json()["key_results"]]
    expect(actor.post(f"{url}/score", json={"key_results": scores}), 200)
    assert lin.post(f"{url}/transitions", json={"to": "draft"}).status_code == 200
    expect(actor.delete(url), 204)

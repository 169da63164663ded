"""Status transitions over the API: submit, approve, send back, close, reopen — each by the right person."""
from __future__ import annotations

from sqlalchemy import select

from okrcoach.storage import models as m

from .test_objectives import BASE, error, new_objective


def move(api, who: str, objective_id: int, to: str, **body):
    return api.as_(who).post(f"{BASE}/objectives/{objective_id}/transitions", json={"to": to, **body})


def test_an_owner_submits_and_the_manager_above_approves(api, people):
    o = new_objective(api, "lin")
    r = move(api, "lin", o["id"], "in_review")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "in_review" and r.headers["ETag"] == '"2"'
    r = move(api, "mei", o["id"], "active", note="目标清晰，同意")
    assert r.status_code == 200, r.text
    approved = r.json()
    assert approved["status"] == "active" and approved["approved_by_id"] == people.ids["mei"]
    assert approved["approved_at"] is not None


def test_nobody_approves_their_own_objective_and_outsiders_do_not_approve(api, people):
    o = new_objective(api, "lin")
    move(api, "lin", o["id"], "in_review")
    error(move(api, "lin", o["id"], "active"), 403, "forbidden")
    error(move(api, "sam", o["id"], "active"), 403, "forbidden")
    own = new_objective(api, "mei", owner_id=people.ids["mei"], title="梅经理自己的目标")
    move(api, "mei", own["id"], "in_review")
    error(move(api, "mei", own["id"], "active"), 403, "forbidden")
    assert move(api, "ada", own["id"], "active").status_code == 200


def test_only_writers_submit_and_a_private_objective_stays_hidden(api, people):
    public = new_objective(api, "lin")
    private = new_objective(api, "lin", visibility="private", title="个人成长")
    error(move(api, "sam", public["id"], "in_review"), 403, "forbidden")
    error(move(api, "sam", private["id"], "in_review"), 404, "not_found")
    assert move(api, "mei", private["id"], "in_review").status_code == 200


def test_a_move_the_lifecycle_does_not_allow_is_refused_naming_to(api, people):
    o = new_objective(api, "lin")
    body = error(move(api, "lin", o["id"], "closed"), 422, "invalid", "to")
    assert "allowed: in_review" in body["message"]
    error(move(api, "lin", o["id"], "finished"), 422, "validation_error", "to")
    error(api.as_("lin").post(f"{BASE}/objectives/{o['id']}/transitions", json={}),
          422, "validation_error", "to")


def test_submitting_is_blocked_while_the_checker_has_errors(api, people):
    o = new_objective(api, "lin", key_results=[])
    body = error(move(api, "lin", o["id"], "in_review"), 422, "checker_errors")
    assert [f["rule"] for f in body["details"]["findings"]] == ["kr-missing"]
    assert all(f["severity"] == "error" for f in body["details"]["findings"])
    assert api.as_("lin").get(f"{BASE}/objectives/{o['id']}").json()["status"] == "draft"
    api.as_("lin").post(f"{BASE}/objectives/{o['id']}/key-results", json={"title": "完成 12 家申报", "target": 12})
    assert move(api, "lin", o["id"], "in_review").status_code == 200


def test_sending_back_to_draft_clears_the_approval_and_keeps_the_note(api, people, database):
    o = new_objective(api, "lin")
    move(api, "lin", o["id"], "in_review")
    move(api, "mei", o["id"], "active")
    r = move(api, "mei", o["id"], "draft", note="KR 还不可衡量，请修改")
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["status"], got["approved_by_id"], got["approved_at"]) == ("draft", None, None)
    with database.session() as s:
        notes = s.scalars(select(m.Comment.body).where(m.Comment.objective_id == o["id"])).all()
    assert notes == ["active → draft: KR 还不可衡量，请修改"]


def test_a_closed_objective_reopens_only_while_its_cycle_is_open(api, people, database):
    o = new_objective(api, "lin")
    move(api, "lin", o["id"], "in_review")
    move(api, "mei", o["id"], "active")
    assert move(api, "lin", o["id"], "closed").json()["status"] == "closed"
    assert move(api, "lin", o["id"], "active").json()["status"] == "active"
    move(api, "lin", o["id"], "closed")
    with database.session() as s:
        s.get(m.Cycle, people.cycle_id).state = "closed"
    body = error(move(api, "lin", o["id"], "active"), 422, "invalid", "to")
    assert "closed" in body["message"]

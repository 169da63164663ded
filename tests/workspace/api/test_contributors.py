"""Owning a key result in someone else's objective: you see that objective, whatever its visibility."""
from __future__ import annotations

from ..factories import make_objective


def test_a_kr_owner_reads_the_private_objective_their_kr_serves(api, database, people):
    made = make_objective(database, people, owner="mei", visibility="private",
                          krs=[{"title": "Sam 负责的渠道资质备案 3 项", "kind": "metric", "start": 0, "target": 3,
                                "owner": "sam"}])
    assert api.as_("sam").get(f"/api/v1/objectives/{made.id}").status_code == 200
    listed = api.as_("sam").get("/api/v1/objectives", params={"owner_id": people.ids["mei"]}).json()
    assert [o["id"] for o in listed["items"]] == [made.id]


def test_a_kr_owner_can_check_in_on_it_but_not_edit_the_objective(api, database, people):
    made = make_objective(database, people, owner="mei", visibility="private",
                          krs=[{"title": "Sam 负责的渠道资质备案 3 项", "kind": "metric", "start": 0, "target": 3,
                                "owner": "sam"}])
    sam = api.as_("sam")
    assert sam.post(f"/api/v1/key-results/{made.kr_ids[0]}/check-ins", json={"value": 1}).status_code == 201
    patched = sam.patch(f"/api/v1/objectives/{made.id}", json={"title": "改名", "version": 1})
    assert patched.status_code == 403


def test_others_in_sams_unit_still_cannot_see_it(api, database, people):
    made = make_objective(database, people, owner="mei", visibility="private",
                          krs=[{"title": "渠道资质备案 3 项", "kind": "metric", "start": 0, "target": 3, "owner": "sam"}])
    assert api.as_("lin").get(f"/api/v1/objectives/{made.id}").status_code == 404

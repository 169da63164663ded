"""The audit trail: admins see who changed what and when, newest first; nobody else does."""
from __future__ import annotations

from ..factories import add_outsider

URL = "/api/v1/audit"


def rename_qa(api, people, name: str, who: str = "mei") -> None:
    unit = api.as_(who).get(f"/api/v1/units/{people.units['qa']}").json()
    r = api.as_(who).patch(f"/api/v1/units/{people.units['qa']}",
                           json={"name": name, "version": unit["version"]})
    assert r.status_code == 200


def test_an_admin_sees_who_changed_a_unit_from_what_to_what_newest_first(api, people):
    rename_qa(api, people, "质量与法规部")
    rename_qa(api, people, "质量部二")
    r = api.as_("ada").get(URL, params={"entity": "units", "entity_id": people.units["qa"]})
    assert r.status_code == 200
    items = r.json()["items"]
    assert [(e["action"], e["before"], e["after"]) for e in items[:2]] == [
        ("update", {"name": "质量与法规部"}, {"name": "质量部二"}), ("update", {"name": "质量部"}, {"name": "质量与法规部"})]
    assert items[0]["actor_id"] == people.ids["mei"] and items[0]["entity_id"] == people.units["qa"]
    assert set(items[0]) == {"id", "at", "actor_id", "entity", "entity_id", "action", "before", "after"}
    assert items[-1]["action"] == "create"


def test_the_audit_trail_can_be_narrowed_to_one_actor(api, people):
    rename_qa(api, people, "质量与法规部")
    api.as_("ada").post("/api/v1/cycles", json={"name": "2027-Q1", "kind": "quarter"})
    r = api.as_("ada").get(URL, params={"actor_id": people.ids["ada"]})
    seen = [(e["entity"], e["action"]) for e in r.json()["items"]]
    assert ("cycles", "create") in seen and not any(entity == "units" for entity, _ in seen)
    assert {e["actor_id"] for e in r.json()["items"]} == {people.ids["ada"]}
    r = api.as_("ada").get(URL, params={"actor_id": people.ids["mei"], "entity": "units"})
    assert r.json()["total"] == 1


def test_membership_changes_are_in_the_trail_though_memberships_carry_no_organisation(api, people):
    api.as_("mei").put(f"/api/v1/units/{people.units['qa-reg']}/members/{people.ids['sam']}",
                       json={"role": "member"})
    r = api.as_("ada").get(URL, params={"entity": "memberships", "actor_id": people.ids["mei"]})
    assert r.json()["total"] == 1
    assert r.json()["items"][0]["after"]["person_id"] == people.ids["sam"]


def test_the_audit_trail_comes_in_pages(api, people):
    for i in range(3):
        rename_qa(api, people, f"质量部{i}")
    first = api.as_("ada").get(URL, params={"entity": "units", "per_page": 2}).json()
    second = api.as_("ada").get(URL, params={"entity": "units", "per_page": 2, "page": 2}).json()
    assert len(first["items"]) == 2 and first["total"] == second["total"] >= 3
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    assert first["items"][0]["after"] == {"name": "质量部2"}


def test_only_admins_read_the_audit_trail(api, people):
    r = api.as_("mei").get(URL)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_another_organisations_admin_sees_none_of_our_trail(api, people, database):
    rename_qa(api, people, "质量与法规部")
    add_outsider(database, people)
    r = api.as_("olga").get(URL, params={"entity": "units"})
    assert r.status_code == 200 and r.json()["total"] == 0


def test_secrets_never_reach_the_trail(api, people):
    secret = api.as_("lin").post("/api/v1/me/tokens", json={"name": "脚本"}).json()["token"]
    api.as_("lin").patch("/api/v1/me", json={"current_password": "correct horse 42",
                                             "new_password": "a longer passphrase 7"})
    r = api.as_("ada").get(URL, params={"per_page": 200})
    assert r.status_code == 200 and any(e["entity"] == "api_tokens" for e in r.json()["items"])
    for secret_text in (secret, "token_hash", "password_hash", "$argon2"):
        assert secret_text not in r.text

"""Signing in for a token, my own account, my tokens."""
from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher

from okrcoach.services.passwords import needs_rehash
from okrcoach.storage import models as m

from ..personas import PASSWORD

TOKENS = "/api/v1/auth/tokens"


def sign_in(api, email="mei@huakang.test", password=PASSWORD, **extra):
    body = {"email": email, "password": password, "name": "laptop", **extra}
    return api.anonymous().post(TOKENS, json=body)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_signing_in_gives_a_token_shown_once_that_works(api, people):
    r = sign_in(api)
    assert r.status_code == 201
    body = r.json()
    assert set(body) >= {"id", "name", "prefix", "token", "created_at", "expires_at"}
    assert body["token"].startswith("okr_") and body["token"].startswith(body["prefix"])
    assert body["name"] == "laptop" and body["expires_at"] is None
    me = api.anonymous().get("/api/v1/me", headers=bearer(body["token"]))
    assert me.status_code == 200 and me.json()["handle"] == "mei"
    listed = api.as_("mei").get("/api/v1/me/tokens").json()
    assert {t["id"] for t in listed} >= {body["id"]}
    assert all("token" not in t for t in listed)


def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(api, people):
    unknown = sign_in(api, email="nobody@huakang.test")
    wrong = sign_in(api, password="not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert wrong.json()["error"]["code"] == "not_authenticated"


def test_the_email_is_matched_whatever_its_case(api, people):
    assert sign_in(api, email=" Mei@HuaKang.TEST ").status_code == 201


def test_a_deactivated_person_cannot_sign_in(api, people, database):
    with database.session() as s:
        s.get(m.Person, people.ids["lin"]).is_active = False
    r = sign_in(api, email="lin@huakang.test")
    assert r.status_code == 401 and "deactivated" in r.json()["error"]["message"]


def test_a_password_hashed_with_old_parameters_is_rehashed_when_used(api, people, database):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    with database.session() as s:
        s.get(m.Person, people.ids["mei"]).password_hash = weak
    assert needs_rehash(weak)
    assert sign_in(api).status_code == 201
    with database.session() as s:
        stored = s.get(m.Person, people.ids["mei"]).password_hash
    assert stored != weak and not needs_rehash(stored)
    assert sign_in(api).status_code == 201


def test_a_token_can_be_asked_to_expire(api, people):
    r = sign_in(api, expires_in_days=30)
    expires = dt.datetime.fromisoformat(r.json()["expires_at"])
    assert dt.timedelta(days=29) < expires - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(days=30)
    r = sign_in(api, expires_in_days=0)
    assert r.status_code == 422 and r.json()["error"]["field"] == "expires_in_days"


def test_a_sign_in_body_with_an_unknown_field_is_refused(api, people):
    r = sign_in(api, remember_me=True)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    assert r.json()["error"]["field"] == "remember_me"


def test_me_shows_my_account_and_my_units(api, people):
    r = api.as_("mei").get("/api/v1/me")
    assert r.status_code == 200
    me = r.json()
    assert {k: me[k] for k in ("id", "handle", "name", "email", "locale", "is_admin")} == {
        "id": people.ids["mei"], "handle": "mei", "name": "梅经理", "email": "mei@huakang.test", "locale": "zh",
        "is_admin": False}
    assert me["memberships"] == [{"unit_id": people.units["qa"], "unit_key": "qa", "unit_name": "质量部",
                                  "role": "manager", "is_primary": True}]
    assert r.headers["ETag"] == f'"{me["version"]}"'


def test_without_a_token_nothing_is_shown(api, people):
    r = api.anonymous().get("/api/v1/me")
    assert r.status_code == 401 and r.json()["error"]["field"] == "Authorization"
    r = api.anonymous().get("/api/v1/people", headers={"Authorization": "Bearer okr_made_up"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"


def test_a_revoked_token_stops_working_everywhere(api, people):
    r = api.as_("lin").post("/api/v1/me/tokens", json={"name": "脚本"})
    assert r.status_code == 201
    token, token_id = r.json()["token"], r.json()["id"]
    assert api.anonymous().get("/api/v1/people", headers=bearer(token)).status_code == 200
    assert api.as_("lin").delete(f"/api/v1/me/tokens/{token_id}").status_code == 204
    for url in ("/api/v1/me", "/api/v1/people", "/api/v1/units", "/api/v1/cycles"):
        assert api.anonymous().get(url, headers=bearer(token)).status_code == 401, url
    assert token_id not in {t["id"] for t in api.as_("lin").get("/api/v1/me/tokens").json()}
    assert api.as_("lin").get("/api/v1/me").status_code == 200   # the other token still works


def test_using_a_token_records_when_it_was_last_used(api, people, database):
    created = api.as_("lin").post("/api/v1/me/tokens", json={"name": "脚本"}).json()

    def last_used():
        listed = api.as_("lin").get("/api/v1/me/tokens").json()
        return next(t["last_used_at"] for t in listed if t["id"] == created["id"])

    assert last_used() is None
    assert api.anonymous().get("/api/v1/me", headers=bearer(created["token"])).status_code == 200
    first = last_used()
    assert first is not None
    api.anonymous().get("/api/v1/people", headers=bearer(created["token"]))
    assert last_used() == first   # not rewritten on every request
    with database.session() as s:
        s.get(m.ApiToken, created["id"]).last_used_at = m.utcnow() - dt.timedelta(hours=1)
    api.anonymous().get("/api/v1/me", headers=bearer(created["token"]))
    assert last_used() > first


def test_nobody_revokes_someone_elses_token(api, people):
    token_id = api.as_("lin").post("/api/v1/me/tokens", json={"name": "脚本"}).json()["id"]
    r = api.as_("ada").delete(f"/api/v1/me/tokens/{token_id}")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_i_change_my_name_and_language(api, people):
    r = api.as_("lin").patch("/api/v1/me", json={"name": "林工程师", "locale": "en"})
    assert r.status_code == 200 and r.json()["name"] == "林工程师" and r.json()["locale"] == "en"
    r = api.as_("lin").patch("/api/v1/me", json={"locale": "fr"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "locale"


def test_my_edit_based_on_a_stale_version_conflicts(api, people):
    version = api.as_("lin").get("/api/v1/me").json()["version"]
    assert api.as_("lin").patch("/api/v1/me", json={"name": "林一"}, headers={"If-Match": f'"{version}"'}
                                ).status_code == 200
    r = api.as_("lin").patch("/api/v1/me", json={"name": "林二"}, headers={"If-Match": f'"{version}"'})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_changing_my_password_needs_the_current_one(api, people):
    new = "a longer passphrase 7"
    r = api.as_("lin").patch("/api/v1/me", json={"current_password": "guess", "new_password": new})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid"
    assert r.json()["error"]["field"] == "current_password"
    r = api.as_("lin").patch("/api/v1/me", json={"new_password": new})
    assert r.status_code == 422 and r.json()["error"]["field"] == "current_password"
    r = api.as_("lin").patch("/api/v1/me", json={"current_password": PASSWORD, "new_password": new})
    assert r.status_code == 200
    assert sign_in(api, email="lin@huakang.test", password=new).status_code == 201
    assert sign_in(api, email="lin@huakang.test").status_code == 401


def test_a_new_password_revokes_my_other_tokens_but_not_the_one_in_use(api, people):
    laptop = sign_in(api, email="lin@huakang.test").json()["token"]
    script = api.anonymous().post("/api/v1/me/tokens", json={"name": "脚本"}, headers=bearer(laptop)).json()
    r = api.anonymous().patch("/api/v1/me", json={"current_password": PASSWORD, "new_password": "a longer one 8"},
                              headers=bearer(laptop))
    assert r.status_code == 200
    assert api.anonymous().get("/api/v1/me", headers=bearer(script["token"])).status_code == 401
    assert api.anonymous().get("/api/v1/me", headers=bearer(laptop)).status_code == 200
    assert api.as_("lin").get("/api/v1/me").status_code == 401   # the persona's own token was another one
    assert sign_in(api, email="lin@huakang.test", password="a longer one 8").status_code == 201


def test_a_new_password_that_is_too_short_is_refused(api, people):
    r = api.as_("lin").patch("/api/v1/me", json={"current_password": PASSWORD, "new_password": "short"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "new_password"
    assert sign_in(api, email="lin@huakang.test").status_code == 201

"""Cycles: dates that follow from their names, admins who run them, and their lifecycle."""
from __future__ import annotations

from ..factories import add_outsider
from .test_objectives import error

URL = "/api/v1/cycles"


def create(api, who="ada", **body):
    return api.as_(who).post(URL, json=body)


def test_everyone_lists_the_cycles_latest_first_and_by_state(api, people):
    create(api, name="2027-Q1", kind="quarter")
    r = api.as_("sam").get(URL)
    assert r.status_code == 200 and r.json()["total"] == 2
    assert [(c["name"], c["state"]) for c in r.json()["items"]] == [
        ("2027-Q1", "planning"), ("2026-Q4", "active")]
    r = api.as_("sam").get(URL, params={"state": "active"})
    assert [c["name"] for c in r.json()["items"]] == ["2026-Q4"]
    error(api.as_("sam").get(URL, params={"state": "open"}), 422, "validation_error", "state")


def test_one_cycle_is_shown_with_its_version_as_etag(api, people):
    r = api.as_("lin").get(f"{URL}/{people.cycle_id}")
    assert r.status_code == 200
    assert r.json() == {"id": people.cycle_id, "name": "2026-Q4", "kind": "quarter",
                        "start_date": "2026-10-01", "end_date": "2026-12-31", "state": "active",
                        "version": r.json()["version"]}
    assert r.headers["ETag"] == f'"{r.json()["version"]}"'


def test_a_year_half_or_quarter_takes_its_dates_from_its_name(api, people):
    cases = [("2027-Q1", "quarter", "2027-01-01", "2027-03-31"),
             ("2027-h2", "half", "2027-07-01", "2027-12-31"),
             ("2028", "year", "2028-01-01", "2028-12-31")]
    for name, kind, start, end in cases:
        r = create(api, name=name, kind=kind)
        assert r.status_code == 201, r.text
        assert (r.json()["name"], r.json()["start_date"], r.json()["end_date"]) == (name.upper(), start, end)
        assert r.json()["state"] == "planning"


def test_given_dates_win_over_the_name(api, people):
    r = create(api, name="FY2027", kind="year", start_date="2027-04-01", end_date="2028-03-31")
    assert r.status_code == 201 and r.json()["start_date"] == "2027-04-01"


def test_a_name_that_says_another_kind_is_refused(api, people):
    error(create(api, name="2027-Q1", kind="year"), 422, "invalid", "kind")


def test_a_name_without_dates_must_be_a_year_half_or_quarter(api, people):
    body = error(create(api, name="明年春天", kind="quarter"), 422, "invalid", "name")
    assert "start_date" in body["message"]


def test_a_custom_cycle_needs_its_dates_in_order(api, people):
    error(create(api, name="春季冲刺", kind="custom"), 422, "invalid", "start_date")
    error(create(api, name="春季冲刺", kind="custom", start_date="2027-03-01"), 422, "invalid", "end_date")
    error(create(api, name="春季冲刺", kind="custom", start_date="2027-04-30", end_date="2027-03-01"),
          422, "invalid", "end_date")
    r = create(api, name="春季冲刺", kind="custom", start_date="2027-03-01", end_date="2027-04-30")
    assert r.status_code == 201 and r.json()["name"] == "春季冲刺"


def test_bad_cycle_bodies_name_the_field_at_fault(api, people):
    error(create(api, name="2027-Q1", kind="sprint"), 422, "validation_error", "kind")
    error(create(api, kind="quarter"), 422, "validation_error", "name")
    error(create(api, name="2027-Q1", kind="quarter", start_date="soon", end_date="2027-03-31"),
          422, "validation_error", "start_date")
    error(create(api, name="2027-Q1", kind="quarter", state="active"), 422, "validation_error", "state")


def test_only_admins_create_cycles(api, people):
    error(create(api, who="mei", name="2027-Q1", kind="quarter"), 403, "forbidden")
    assert api.as_("ada").get(URL).json()["total"] == 1


def test_a_cycle_name_is_used_once(api, people):
    error(create(api, name="2026-q4", kind="quarter"), 409, "conflict", "name")


def test_an_admin_changes_a_cycles_dates_based_on_its_version(api, people):
    url = f"{URL}/{people.cycle_id}"
    error(api.as_("ada").patch(url, json={"end_date": "2027-01-15"}), 428, "precondition_required")
    etag = api.as_("ada").get(url).headers["ETag"]
    error(api.as_("mei").patch(url, json={"end_date": "2027-01-15"}, headers={"If-Match": etag}),
          403, "forbidden")
    r = api.as_("ada").patch(url, json={"end_date": "2027-01-15"}, headers={"If-Match": etag})
    assert r.status_code == 200 and r.json()["end_date"] == "2027-01-15"
    error(api.as_("ada").patch(url, json={"name": "2026 冬季"}, headers={"If-Match": etag}), 409, "conflict")
    version = r.json()["version"]
    error(api.as_("ada").patch(url, json={"start_date": "2027-02-01", "version": version}), 422, "invalid",
          "end_date")


def test_a_cycle_moves_from_planning_to_active_to_closed(api, people):
    cycle = create(api, name="2027-Q1", kind="quarter").json()
    url = f"{URL}/{cycle['id']}/transitions"
    error(api.as_("mei").post(url, json={"to": "active"}), 403, "forbidden")
    r = api.as_("ada").post(url, json={"to": "active"})
    assert r.status_code == 200 and r.json()["state"] == "active"
    r = api.as_("ada").post(url, json={"to": "closed", "version": r.json()["version"]})
    assert r.status_code == 200 and r.json()["state"] == "closed"
    body = error(api.as_("ada").post(url, json={"to": "planning"}), 422, "invalid", "to")
    assert "allowed: active" in body["message"]
    error(api.as_("ada").post(url, json={"to": "archived"}), 422, "validation_error", "to")
    error(api.as_("ada").post(url, json={"to": "active", "version": cycle["version"]}), 409, "conflict")


def test_someone_from_another_organisation_cannot_see_our_cycles(api, people, database):
    add_outsider(database, people)
    error(api.as_("olga").get(f"{URL}/{people.cycle_id}"), 404, "not_found")
    error(api.as_("olga").post(f"{URL}/{people.cycle_id}/transitions", json={"to": "closed"}),
          404, "not_found")
    assert api.as_("olga").get(URL).json()["total"] == 0

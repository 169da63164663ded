"""The cycle's alignment tree: what supports what, each objective with its rolled-up progress."""
from __future__ import annotations

import pytest

from ..factories import make_objective

NODE_KEYS = {"id", "title", "level", "status", "unit_id", "owner_id", "progress", "children"}


def flatten(nodes):
    for node in nodes:
        yield node
        yield from flatten(node["children"])


@pytest.fixture
def company_tree(database, people):
    """华康医疗's objective (no KRs) ← 质量部's objective (no KRs) ← Lin's (50%); and Sam's private one ← company."""
    company = make_objective(database, people, None, unit="hk", title="成为华东地区首选的医疗器械供应商")
    qa = make_objective(database, people, None, unit="qa", title="所有新产品按期取得注册证", aligned_to=company.id)
    lin = make_objective(database, people, "lin", title="提升注册申报一次通过率", aligned_to=qa.id,
                         krs=[dict(kind="metric", start=0, target=8, current=4, confidence=0.9)])
    sam = make_objective(database, people, "sam", title="私人：拿下三家三甲医院", visibility="private",
                         aligned_to=company.id, krs=[dict(kind="milestone", current=1)])
    return {"company": company.id, "qa": qa.id, "lin": lin.id, "sam": sam.id}


def test_the_tree_nests_objectives_under_what_they_support(api, people, company_tree):
    r = api.as_("ada").get("/api/v1/tree", params={"cycle_id": people.cycle_id})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["cycle"]["id"] == people.cycle_id and body["cycle"]["name"] == "2026-Q4"
    [root] = body["roots"]
    assert set(root) == NODE_KEYS
    assert root["id"] == company_tree["company"] and root["unit_id"] == people.units["hk"]
    assert {c["id"] for c in root["children"]} == {company_tree["qa"], company_tree["sam"]}


def test_a_parent_without_key_results_shows_the_progress_rolled_up_from_its_children(api, people, company_tree):
    nodes = {n["id"]: n for n in flatten(api.as_("lin").get("/api/v1/tree").json()["roots"])}
    assert nodes[company_tree["lin"]]["progress"]["progress"] == pytest.approx(0.5)
    assert nodes[company_tree["qa"]]["progress"]["progress"] == pytest.approx(0.5)
    assert nodes[company_tree["company"]]["progress"]["progress"] == pytest.approx(0.5)
    progress = nodes[company_tree["lin"]]["progress"]
    assert set(progress) == {"progress", "expected", "confidence", "at_risk", "risk_reasons"}
    assert progress["confidence"] == 0.9 and 0.45 < progress["expected"] < 0.6


def test_the_tree_never_shows_someone_elses_private_objective_nor_counts_it(api, people, company_tree):
    as_lin = {n["id"]: n for n in flatten(api.as_("lin").get("/api/v1/tree").json()["roots"])}
    assert company_tree["sam"] not in as_lin
    assert all("私人" not in n["title"] for n in as_lin.values())
    as_sam = {n["id"]: n for n in flatten(api.as_("sam").get("/api/v1/tree").json()["roots"])}
    assert company_tree["sam"] in as_sam
    # Sam sees his done milestone in the company's rollup; Lin's view leaves it out entirely
    assert as_sam[company_tree["company"]]["progress"]["progress"] == pytest.approx(0.75)
    assert as_lin[company_tree["company"]]["progress"]["progress"] == pytest.approx(0.5)


def test_one_subtree_can_be_asked_for_by_its_root(api, people, company_tree):
    r = api.as_("lin").get("/api/v1/tree", params={"cycle_id": people.cycle_id, "root_id": company_tree["qa"]})
    assert r.status_code == 200
    [root] = r.json()["roots"]
    assert root["id"] == company_tree["qa"] and [c["id"] for c in root["children"]] == [company_tree["lin"]]


def test_a_hidden_objective_cannot_be_asked_for_as_a_root(api, company_tree):
    r = api.as_("lin").get("/api/v1/tree", params={"root_id": company_tree["sam"]})
    assert r.status_code == 404 and r.json()["error"]["field"] == "root_id"


def test_an_objective_aligned_to_a_hidden_parent_shows_as_a_root(api, database, people):
    hidden = make_objective(database, people, "sam", visibility="private", title="私人目标")
    child = make_objective(database, people, "lin", aligned_to=hidden.id)
    roots = api.as_("lin").get("/api/v1/tree").json()["roots"]
    assert [n["id"] for n in roots] == [child.id]


def test_a_cycle_that_does_not_exist_is_not_found(api):
    r = api.as_("lin").get("/api/v1/tree", params={"cycle_id": 999999})
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found" and r.json()["error"]["field"] == "cycle_id"


def test_a_cycle_id_that_is_not_a_number_is_refused_naming_it(api):
    r = api.as_("lin").get("/api/v1/tree", params={"cycle_id": "2026-Q4"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "cycle_id"


def test_the_tree_needs_a_token(api):
    assert api.anonymous().get("/api/v1/tree").status_code == 401

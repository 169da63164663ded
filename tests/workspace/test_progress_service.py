"""Progress on stored OKRs (``services.progress``) on both databases: rollups through alignment, and a
number of queries that does not grow with the number of objectives."""
from __future__ import annotations

import pytest

from okrcoach.services.access import actor_for
from okrcoach.services.visibility import readable_rows
from okrcoach.services.progress import compute, cycle_tree, unit_rollup
from okrcoach.storage import models as m

from .conftest import TODAY
from .factories import counting, make_objective


def test_a_parent_without_key_results_takes_the_mean_of_the_objectives_aligned_to_it(database, people):
    parent = make_objective(database, people, None, unit="qa", title="质量体系全面达标")
    make_objective(database, people, "lin", aligned_to=parent.id, krs=[dict(kind="metric", start=0, target=10,
                                                                          current=5)])
    make_objective(database, people, "mei", aligned_to=parent.id, krs=[dict(kind="milestone", current=1)])
    with database.session() as s:
        result = compute(s, [parent.id], today=TODAY)
    assert result[parent.id].progress == pytest.approx(0.75)


def test_an_objective_aligned_to_a_parents_key_result_rolls_up_into_that_parent(database, people):
    company = make_objective(database, people, None, unit="hk", title="成为华东地区首选的医疗器械供应商")
    qa = make_objective(database, people, None, unit="qa", title="所有产品按期取得注册证", aligned_to=company.id)
    make_objective(database, people, "lin", aligned_to=qa.id,
                   krs=[dict(kind="percentage", current=40)])
    dept = make_objective(database, people, None, unit="sales", title="拓展华东市场",
                          krs=[dict(kind="metric", start=0, target=4, current=1)])
    supporter = make_objective(database, people, "sam", aligned_to_kr=dept.kr_ids[0],
                               krs=[dict(kind="metric", start=0, target=10, current=10)])
    with database.session() as s:
        result = compute(s, [company.id, qa.id, dept.id], today=TODAY)
        roots = cycle_tree(s, people.cycle_id, today=TODAY)
    # two levels of KR-less parents: company ← qa ← lin's 40%
    assert result[qa.id].progress == pytest.approx(0.4)
    assert result[company.id].progress == pytest.approx(0.4)
    # the sales objective has a KR of its own, so its child (aligned to that KR) does not replace it
    assert result[dept.id].progress == pytest.approx(0.25)
    by_id = {n.id: n for n in roots}
    assert by_id[company.id].progress.progress == pytest.approx(0.4)
    assert [c.id for c in by_id[dept.id].children] == [supporter.id]


def test_a_hidden_child_does_not_count_in_its_parents_rollup_for_someone_who_cannot_see_it(database, people):
    parent = make_objective(database, people, None, unit="hk", title="年度经营目标")
    make_objective(database, people, "sam", aligned_to=parent.id, visibility="private",
                   krs=[dict(kind="milestone", current=1)])
    make_objective(database, people, "lin", aligned_to=parent.id, krs=[dict(kind="milestone", current=0)])
    with database.session() as s:
        lin = actor_for(s, s.get(m.Person, people.ids["lin"]))
        as_lin = compute(s, [parent.id], today=TODAY, visible=readable_rows(lin))
        as_everyone = compute(s, [parent.id], today=TODAY)
        tree_for_lin = cycle_tree(s, people.cycle_id, today=TODAY, visible=readable_rows(lin))
    assert as_everyone[parent.id].progress == pytest.approx(0.5)
    assert as_lin[parent.id].progress == 0.0
    assert tree_for_lin[0].progress.progress == 0.0 and len(tree_for_lin[0].children) == 1


def test_a_unit_rollup_separates_the_units_own_objectives_from_its_whole_subtree(database, people):
    make_objective(database, people, None, unit="qa", krs=[dict(kind="milestone", current=1)])
    make_objective(database, people, "lin", krs=[dict(kind="milestone", current=0)])
    make_objective(database, people, "sam", krs=[dict(kind="milestone", current=1)])
    with database.session() as s:
        qa = s.get(m.Unit, people.units["qa"])
        result = unit_rollup(s, people.cycle_id, qa.path, today=TODAY)
    assert result["own_progress"] == 1.0 and result["subtree_progress"] == 0.5 and result["objectives"] == 2


def _add_personal_objectives(database, people, parent_kr: int, first: int, count: int) -> list[int]:
    return [make_objective(database, people, "lin", title=f"个人目标 {i}", position=i, aligned_to_kr=parent_kr,
                           krs=[dict(kind="percentage", current=i), dict(kind="milestone", current=i % 2)]).id
            for i in range(first, first + count)]


@pytest.mark.parametrize("view", ["compute", "cycle_tree", "unit_rollup"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_objectives(database, people, view):
    company = make_objective(database, people, None, unit="hk", title="年度经营目标")
    qa = make_objective(database, people, None, unit="qa", aligned_to=company.id,
                        krs=[dict(kind="metric", start=0, target=10, current=3)])
    ids = [company.id, qa.id]
    counts = []
    for first, count in ((0, 5), (5, 45)):   # 5 personal objectives, then 50
        ids += _add_personal_objectives(database, people, qa.kr_ids[0], first, count)
        with database.session() as s:
            hk_path = s.get(m.Unit, people.units["hk"]).path
            run = {"compute": lambda: compute(s, ids, today=TODAY),
                   "cycle_tree": lambda: cycle_tree(s, people.cycle_id, today=TODAY),
                   "unit_rollup": lambda: unit_rollup(s, people.cycle_id, hk_path, today=TODAY)}[view]
            with counting(database) as statements:
                assert run()
            counts.append(len(statements))
    assert counts[0] == counts[1], f"{view}: {counts[0]} queries for 5 objectives, {counts[1]} for 50"

"""Comments over the API: whoever can read an objective may discuss it; authors and admins may delete."""
from __future__ import annotations

import pytest

from ..factories import make_objective

URL = "/api/v1/objectives/{}/comments"


@pytest.fixture
def objective(database, people):
    return make_objective(database, people, "lin", krs=[dict(title="注册申报资料一次通过 8 份", kind="metric",
                                                             start=0, target=8)])


def test_anyone_who_can_read_an_objective_may_comment_on_it_in_chinese(api, people, objective):
    r = api.as_("sam").post(URL.format(objective.id), json={"body": "销售部可以提供客户反馈的注册需求清单。"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["objective_id"] == objective.id and body["kr_id"] is None
    assert body["author_id"] == people.ids["sam"] and body["author_name"] == "Sam"
    assert body["body"] == "销售部可以提供客户反馈的注册需求清单。"


def test_a_comment_can_be_about_one_of_the_objectives_key_results(api, objective):
    r = api.as_("mei").post(URL.format(objective.id), json={"body": "这个目标值偏保守", "kr_id": objective.kr_ids[0]})
    assert r.status_code == 201 and r.json()["kr_id"] == objective.kr_ids[0]


def test_a_comment_about_another_objectives_key_result_is_refused(api, database, people, objective):
    other = make_objective(database, people, "mei", krs=[dict(kind="milestone")])
    r = api.as_("lin").post(URL.format(objective.id), json={"body": "看这里", "kr_id": other.kr_ids[0]})
    assert r.status_code == 422 and r.json()["error"]["field"] == "kr_id"


def test_comments_are_listed_in_the_order_they_were_written(api, objective):
    for text in ("第一条", "第二条", "第三条"):
        api.as_("lin").post(URL.format(objective.id), json={"body": text})
    r = api.as_("sam").get(URL.format(objective.id), params={"per_page": 2})
    assert r.status_code == 200
    assert [c["body"] for c in r.json()["items"]] == ["第一条", "第二条"] and r.json()["total"] == 3


def test_a_private_objectives_comments_do_not_exist_for_outsiders(api, database, people):
    private = make_objective(database, people, "lin", visibility="private")
    api.as_("lin").post(URL.format(private.id), json={"body": "自己的备忘"})
    for call in (lambda: api.as_("sam").get(URL.format(private.id)),
                 lambda: api.as_("sam").post(URL.format(private.id), json={"body": "?"})):
        r = call()
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_a_bad_comment_is_refused_naming_the_field(api, objective):
    for body, field in [({"body": ""}, "body"), ({"body": "   "}, "body"), ({"body": "长" * 5001}, "body"),
                        ({}, "body"), ({"body": "好", "mood": "happy"}, "mood"), ({"body": "好", "kr_id": "一"}, "kr_id")]:
        r = api.as_("lin").post(URL.format(objective.id), json=body)
        assert r.status_code == 422, body
        assert r.json()["error"]["field"] == field, body
    assert api.as_("lin").post(URL.format(objective.id), json={"body": "长" * 5000}).status_code == 201


def test_the_author_may_delete_her_comment(api, objective):
    comment = api.as_("lin").post(URL.format(objective.id), json={"body": "写错了"}).json()
    r = api.as_("lin").delete(f"/api/v1/comments/{comment['id']}")
    assert r.status_code == 204 and r.content == b""
    assert api.as_("lin").get(URL.format(objective.id)).json()["total"] == 0


def test_an_admin_may_delete_anyones_comment(api, objective):
    comment = api.as_("sam").post(URL.format(objective.id), json={"body": "广告"}).json()
    assert api.as_("ada").delete(f"/api/v1/comments/{comment['id']}").status_code == 204


def test_nobody_else_may_delete_a_comment_not_even_the_objectives_owner(api, objective):
    comment = api.as_("sam").post(URL.format(objective.id), json={"body": "销售的意见"}).json()
    for who in ("lin", "mei"):
        r = api.as_(who).delete(f"/api/v1/comments/{comment['id']}")
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", who


def test_deleting_a_comment_that_does_not_exist_is_not_found(api):
    r = api.as_("ada").delete("/api/v1/comments/999999")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_commenting_needs_a_token(api, objective):
    r = api.anonymous().post(URL.format(objective.id), json={"body": "匿名"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"

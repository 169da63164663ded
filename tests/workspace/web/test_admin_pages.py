"""The admin pages through HTTP: people, units and roles, cycles.

Who may do what is the services' (and so the API's) rule: Ada (admin) changes everything, Mei (manager
of 质量部) the members of her units, Lin and Sam (members) get the API's 403. A refused form shows
again with the reason and the field at fault, and nothing of it is stored; a stale one is a 409.
On SQLite and PostgreSQL like the other pages.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from okrcoach.api import create_app
from okrcoach.storage import models as m
from okrcoach.web import i18n

from ..conftest import TODAY
from ..factories import make_objective
from .test_pages import csrf_of, sign_in

ADMIN_TEMPLATES = Path(i18n.__file__).parent / "templates" / "admin"
NEW_PASSWORD = "a fresh password 7"


def alert(page: str) -> str:
    """The refusal a page shows, as text."""
    found = re.search(r'<p class="alert" role="alert"[^>]*>(.*?)</p>', page, re.S)
    return html.unescape(found.group(1).strip()) if found else ""


def form_of(browser, url: str, **fields) -> dict:
    """The fields to post, with the CSRF token of the page the form is on."""
    return {"csrf_token": csrf_of(browser.get(url).text), **fields}


def count(database, model, *where) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def role_of(database, person_id: int, unit_id: int) -> str | None:
    with database.session() as s:
        return s.scalar(select(m.Membership.role).where(m.Membership.person_id == person_id,
                                                        m.Membership.unit_id == unit_id))


def new_person(**overrides) -> dict:
    return {"handle": "zhaoyun", "name": "赵云", "email": "zhaoyun@huakang.test", "unit_id": "", "role": "member",
            "password": NEW_PASSWORD, **overrides}


# --- who may open the admin pages ----------------------------------------------------------------

def test_admin_opens_on_the_people_list_with_its_tabs(browser, people):
    sign_in(browser, "ada")
    assert browser.get("/admin").headers["location"] == "/admin/people"
    page = browser.get("/admin/people").text
    assert '<a href="/admin" aria-current="page">管理</a>' in page
    for tab in ('href="/admin/people" aria-current="page">人员', 'href="/admin/units" >组织架构',
                'href="/admin/cycles" >周期', 'href="/admin/transfer" >导入导出'):
        assert tab in page
    assert all(name in page for name in ("Ada", "梅经理", "林工", "Sam")) and "4 人" in page


def test_a_member_gets_the_apis_403_on_every_admin_page_and_sees_no_admin_link(browser, people):
    sign_in(browser, "lin")
    assert ">管理</a>" not in browser.get("/my").text
    for url in ("/admin", "/admin/people", "/admin/people/new", f"/admin/units/{people.units['qa']}",
                "/admin/cycles"):
        r = browser.get(url)
        assert r.status_code == 403 and "无权访问" in r.text and alert(r.text) == "管理人员、部门和周期仅限管理员和部门负责人"
    csrf = csrf_of(browser.get("/my").text)
    r = browser.post("/admin/people/new", data={"csrf_token": csrf, **new_person(unit_id=people.units["qa-reg"])})
    assert r.status_code == 403


def test_a_manager_sees_the_admin_link_and_may_add_people_only_to_her_units(browser, database, people):
    sign_in(browser, "mei")
    assert '<a href="/admin" >管理</a>' in browser.get("/my").text
    page = browser.get("/admin/people/new").text
    options = re.findall(r'<option value="(\d+)"', page)
    assert sorted(options) == sorted([str(people.units["qa"]), str(people.units["qa-reg"])])
    assert 'name="is_admin"' not in page and "/admin/transfer" not in page
    r = browser.post("/admin/people/new", data=form_of(browser, "/admin/people/new",
                                                       **new_person(unit_id=people.units["sales"])))
    assert r.status_code == 403 and alert(r.text).startswith("部门:你不能向“销售部”添加人员")
    assert count(database, m.Person) == 4


# --- people ----------------------------------------------------------------------------------------

def test_an_admin_adds_a_person_who_can_then_sign_in(browser, settings, database, people):
    sign_in(browser, "ada")
    r = browser.post("/admin/people/new", data=form_of(browser, "/admin/people/new",
                                                       **new_person(unit_id=people.units["qa-reg"])))
    assert r.status_code == 303 and r.headers["location"].endswith("?done=created")
    page = browser.get(r.headers["location"]).text
    assert "赵云" in page and "已创建" in page and "注册组" in page and "主部门" in page
    assert "赵云" in browser.get("/admin/people", params={"q": "zhaoyun"}).text
    with TestClient(create_app(settings, database, clock=lambda: TODAY), follow_redirects=False) as other:
        csrf = csrf_of(other.get("/signin").text)
        signed = other.post("/signin", data={"email": "zhaoyun@huakang.test", "password": NEW_PASSWORD,
                                             "csrf_token": csrf, "next": "/my"})
        assert signed.status_code == 303 and signed.headers["location"] == "/my"


def test_a_duplicate_email_is_refused_with_its_field_and_nothing_is_stored(browser, database, people):
    sign_in(browser, "ada")
    r = browser.post("/admin/people/new", data=form_of(
        browser, "/admin/people/new", **new_person(email="LIN@huakang.test", unit_id=people.units["qa"])))
    assert r.status_code == 409
    assert alert(r.text) == "邮箱 lin@huakang.test 已被其他账号使用"
    assert 'name="email" value="LIN@huakang.test"' in r.text and 'aria-invalid="true"' in r.text
    assert 'value="赵云"' in r.text     # what was typed stays in the form
    assert count(database, m.Person) == 4


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({"name": "  "}, 422, "姓名:请填写名称"),
    ({"email": "zhaoyun at huakang"}, 422, "“zhaoyun at huakang”不是有效的邮箱地址"),
    ({"handle": "lin"}, 409, "账号名 lin 已被组织内其他人使用"),
    ({"handle": "赵 云"}, 422, "账号名“赵 云”须为 1–64 个字母"),
    ({"unit_id": "999999"}, 404, "部门 999999 不存在"),
    ({"role": "boss"}, 422, "角色:“boss”不是可选值(可选:manager, member)"),
    ({"password": "short"}, 422, "密码至少需要 10 个字符"),
    ({"password": "x" * 1025}, 422, "密码超过 1024 个字符"),
])
def test_bad_input_for_a_new_person_shows_the_form_again_naming_the_field(browser, database, people, fields,
                                                                          status, message):
    sign_in(browser, "ada")
    data = new_person(**{"unit_id": people.units["qa"], **fields})
    r = browser.post("/admin/people/new", data=form_of(browser, "/admin/people/new", **data))
    assert r.status_code == status and alert(r.text).startswith(message) and "<form" in r.text
    assert count(database, m.Person) == 4


def test_people_are_found_by_part_of_a_name_or_by_unit(browser, people):
    sign_in(browser, "ada")
    found = browser.get("/admin/people", params={"q": "林"}).text
    assert "林工" in found and "梅经理" not in found and "1 人" in found
    in_qa = browser.get("/admin/people", params={"unit": people.units["qa"]}).text
    assert "林工" in in_qa and "梅经理" in in_qa and "Sam" not in in_qa
    assert "没有符合条件的人员" in browser.get("/admin/people", params={"q": "nobody-like-this"}).text


def test_an_admin_edits_an_account_and_a_stale_form_is_a_409_not_an_overwrite(browser, database, people):
    sign_in(browser, "ada")
    url = f"/admin/people/{people.ids['sam']}"
    page = browser.get(url).text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    fields = {"csrf_token": csrf_of(page), "version": version, "email": "sam@huakang.test", "is_active": "on"}
    r = browser.post(f"{url}/account", data={**fields, "name": "Sam Li"})
    assert r.status_code == 303 and "Sam Li" in browser.get(url).text
    stale = browser.post(f"{url}/account", data={**fields, "name": "Samuel"})
    assert stale.status_code == 409 and "Sam Li's account 在你打开后已被他人修改" in alert(stale.text)
    with database.session() as s:
        assert s.get(m.Person, people.ids["sam"]).name == "Sam Li"


def test_a_deactivated_person_can_no_longer_sign_in(browser, settings, database, people):
    sign_in(browser, "ada")
    url = f"/admin/people/{people.ids['sam']}"
    page = browser.get(url).text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    r = browser.post(f"{url}/account", data={"csrf_token": csrf_of(page), "version": version, "name": "Sam",
                                             "email": "sam@huakang.test"})
    assert r.status_code == 303 and "已停用" in browser.get(url).text
    with TestClient(create_app(settings, database, clock=lambda: TODAY), follow_redirects=False) as other:
        assert sign_in(other, "sam").status_code == 401


def test_the_last_admin_cannot_take_away_her_own_admin_flag(browser, database, people):
    sign_in(browser, "ada")
    url = f"/admin/people/{people.ids['ada']}"
    page = browser.get(url).text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    r = browser.post(f"{url}/account", data={"csrf_token": csrf_of(page), "version": version, "name": "Ada",
                                             "email": "ada@huakang.test", "is_active": "on"})
    assert r.status_code == 409 and alert(r.text).startswith("Ada 是组织中最后一位在职管理员")
    assert count(database, m.Person, m.Person.is_admin.is_(True)) == 1


def test_an_admin_sets_a_password_which_signs_the_person_out_everywhere(browser, settings, database, people):
    app = create_app(settings, database, clock=lambda: TODAY)
    with TestClient(app, follow_redirects=False) as lins:
        sign_in(lins, "lin")
        assert lins.get("/my").status_code == 200
        sign_in(browser, "ada")
        url = f"/admin/people/{people.ids['lin']}"
        differ = browser.post(f"{url}/password", data=form_of(browser, url, password=NEW_PASSWORD,
                                                              password_again="something else"))
        assert differ.status_code == 422 and alert(differ.text).startswith("再次输入密码:两次输入的密码不一致")
        r = browser.post(f"{url}/password", data=form_of(browser, url, password=NEW_PASSWORD,
                                                         password_again=NEW_PASSWORD))
        assert r.status_code == 303 and "密码已设置" in browser.get(r.headers["location"]).text
        assert lins.get("/my").status_code == 303                 # her session ended
        assert sign_in(lins, "lin").status_code == 401            # the old password is gone
        assert sign_in(lins, "lin", NEW_PASSWORD).status_code == 303
    assert browser.get("/admin/people").status_code == 200        # the admin's own session goes on


def test_a_manager_may_not_edit_accounts_or_set_passwords(browser, people):
    sign_in(browser, "mei")
    url = f"/admin/people/{people.ids['lin']}"
    page = browser.get(url).text
    assert "只有管理员可以修改账号和密码" in page and f'action="{url}/password"' not in page
    r = browser.post(f"{url}/password", data=form_of(browser, url, password=NEW_PASSWORD,
                                                     password_again=NEW_PASSWORD))
    assert r.status_code == 403 and alert(r.text) == "密码:只有管理员可以进行这项操作"


def test_memberships_are_added_made_primary_and_removed_from_a_persons_page(browser, database, people):
    sign_in(browser, "ada")
    url = f"/admin/people/{people.ids['sam']}"
    r = browser.post(f"{url}/memberships", data=form_of(browser, url, unit_id=people.units["qa"], role="member"))
    assert r.status_code == 303 and role_of(database, people.ids["sam"], people.units["qa"]) == "member"
    browser.post(f"{url}/memberships", data=form_of(browser, url, unit_id=people.units["qa"], role="member",
                                                    primary="yes"))
    with database.session() as s:
        primary = s.scalar(select(m.Membership.unit_id).where(m.Membership.person_id == people.ids["sam"],
                                                              m.Membership.is_primary.is_(True)))
    assert primary == people.units["qa"]
    r = browser.post(f"{url}/memberships/{people.units['sales']}/remove", data=form_of(browser, url))
    assert r.status_code == 303 and "已移出该部门" in browser.get(r.headers["location"]).text
    assert role_of(database, people.ids["sam"], people.units["sales"]) is None


def test_a_person_named_like_a_script_shows_as_text(browser, database, people):
    sign_in(browser, "ada")
    r = browser.post("/admin/people/new", data=form_of(browser, "/admin/people/new", **new_person(
        name="<script>alert(1)</script>", unit_id=people.units["qa"])))
    assert r.status_code == 303
    for url in (r.headers["location"], "/admin/people", f"/admin/units/{people.units['qa']}"):
        page = browser.get(url).text
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_form_without_the_csrf_token_is_refused_and_stores_nothing(browser, database, people):
    sign_in(browser, "ada")
    browser.get("/admin/people")
    r = browser.post("/admin/people/new", data=new_person(unit_id=people.units["qa"]))
    assert r.status_code == 403 and "reload the page" in r.text
    r = browser.post("/admin/units", data={"csrf_token": "x" * 40, "parent_id": people.units["qa"], "name": "法规组",
                                           "key": "qa-law", "kind": "team"})
    assert r.status_code == 403
    assert count(database, m.Person) == 4 and count(database, m.Unit) == 4


# --- units -----------------------------------------------------------------------------------------

def test_the_unit_tree_shows_each_unit_indented_with_members_and_managers(browser, people):
    sign_in(browser, "ada")
    page = browser.get("/admin/units").text
    order = [page.index(f'id="unit-{people.units[k]}"') for k in ("hk", "qa", "qa-reg", "sales")]
    assert order == sorted(order)
    reg = page[page.index(f'id="unit-{people.units["qa-reg"]}"'):]
    assert 'class="depth-2" style="--depth: 2"' in reg[:60]
    qa = page[page.index(f'id="unit-{people.units["qa"]}"'):page.index(f'id="unit-{people.units["qa-reg"]}"')]
    assert "梅经理" in qa and '<td data-label="成员" class="num">1</td>' in qa


def test_a_unit_created_under_a_parent_shows_in_the_tree_beneath_it(browser, database, people):
    sign_in(browser, "mei")    # a manager adds sub-units to her own unit
    r = browser.post("/admin/units", data=form_of(browser, "/admin/units", parent_id=people.units["qa"],
                                                  name="法规组", key="qa-law", kind="team"))
    assert r.status_code == 303
    tree = browser.get("/admin/units").text
    law = tree.index(">法规组<")
    assert tree.index(">质量部<") < law < tree.index(">销售部<")
    assert 'class="depth-2"' in tree[tree.rindex("<tr", 0, law):law]
    taken = browser.post("/admin/units", data=form_of(browser, "/admin/units", parent_id=people.units["qa"],
                                                      name="又一个", key="qa-law", kind="team"))
    assert taken.status_code == 409 and alert(taken.text) == "标识 qa-law 已被其他部门使用"
    nameless = browser.post("/admin/units", data=form_of(browser, "/admin/units", parent_id=people.units["qa"],
                                                         name="", key="qa-x", kind="team"))
    assert nameless.status_code == 422 and alert(nameless.text) == "请填写名称"
    assert count(database, m.Unit) == 5


def test_deleting_a_unit_that_still_has_members_or_objectives_is_refused_with_the_reason(browser, database,
                                                                                        people):
    make_objective(database, people, "sam", title="华东回款")
    sign_in(browser, "ada")
    for key, reason in (("qa-reg", "部门 qa-reg 仍有 1 名成员:"), ("sales", "部门 sales 仍有 1 名成员、1 个目标:")):
        url = f"/admin/units/{people.units[key]}"
        r = browser.post(f"{url}/delete", data=form_of(browser, url))
        assert r.status_code == 409 and alert(r.text).startswith(reason)
    assert count(database, m.Unit) == 4
    browser.post("/admin/units", data=form_of(browser, "/admin/units", parent_id=people.units["qa"], name="临时组",
                                              key="tmp", kind="team"))
    with database.session() as s:
        empty = s.scalar(select(m.Unit.id).where(m.Unit.key == "tmp"))
    url = f"/admin/units/{empty}"
    r = browser.post(f"{url}/delete", data=form_of(browser, url))
    assert r.headers["location"] == "/admin/units?done=deleted" and "临时组" not in browser.get("/admin/units").text


def test_a_unit_is_renamed_and_moved_and_a_stale_form_is_refused(browser, database, people):
    sign_in(browser, "ada")
    url = f"/admin/units/{people.units['qa-reg']}"
    page = browser.get(url).text
    fields = {"csrf_token": csrf_of(page), "version": re.search(r'name="version" value="(\d+)"', page).group(1)}
    r = browser.post(f"{url}/edit", data={**fields, "name": "注册与法规组", "key": "qa-reg",
                                          "parent_id": people.units["sales"]})
    assert r.status_code == 303
    with database.session() as s:
        unit = s.get(m.Unit, people.units["qa-reg"])
        assert unit.name == "注册与法规组" and unit.parent_id == people.units["sales"]
    stale = browser.post(f"{url}/edit", data={**fields, "name": "旧名字", "key": "qa-reg"})
    assert stale.status_code == 409 and "部门 qa-reg 在你打开后已被他人修改" in alert(stale.text)
    page = browser.get(url).text
    fields["version"] = re.search(r'name="version" value="(\d+)"', page).group(1)
    loop = browser.post(f"{url}/edit", data={**fields, "name": "注册与法规组", "key": "qa-reg",
                                             "parent_id": people.units["qa-reg"]})
    assert loop.status_code == 422 and alert(loop.text).startswith("上级部门:“注册与法规组”不能移到")


def test_a_manager_changes_a_members_role_in_a_unit_beneath_hers(browser, database, people):
    sign_in(browser, "mei")
    url = f"/admin/units/{people.units['qa-reg']}"
    r = browser.post(f"{url}/members/{people.ids['lin']}", data=form_of(browser, url, role="manager"))
    assert r.status_code == 303 and "已保存所属部门与角色" in browser.get(r.headers["location"]).text
    assert role_of(database, people.ids["lin"], people.units["qa-reg"]) == "manager"


def test_a_manager_may_not_appoint_a_peer_in_her_own_unit_and_is_told_why(browser, database, people):
    sign_in(browser, "mei")
    url = f"/admin/units/{people.units['qa']}"
    page = browser.get(url).text
    assert 'value="manager"' not in page       # no role to pick where she may not appoint
    r = browser.post(f"{url}/members", data=form_of(browser, url, person="sam@huakang.test", role="manager"))
    assert r.status_code == 403 and alert(r.text) == "角色:只有管理员和“质量部”的上级负责人可以任免它的负责人"
    assert role_of(database, people.ids["sam"], people.units["qa"]) is None
    r = browser.post(f"{url}/members", data=form_of(browser, url, person="sam", role="member"))
    assert r.status_code == 303 and role_of(database, people.ids["sam"], people.units["qa"]) == "member"
    unknown = browser.post(f"{url}/members", data=form_of(browser, url, person="nobody", role="member"))
    assert unknown.status_code == 422
    assert alert(unknown.text) == "人员:组织内没有“nobody”这个人"


# --- cycles ----------------------------------------------------------------------------------------

def test_a_cycle_is_created_then_activated_then_closed(browser, database, people):
    sign_in(browser, "ada")
    r = browser.post("/admin/cycles", data=form_of(browser, "/admin/cycles", name="2027-Q1", kind="quarter"))
    assert r.status_code == 303
    page = browser.get("/admin/cycles").text
    assert "2027-Q1" in page and "2027-01-01 – 2027-03-31" in page and "规划中" in page
    with database.session() as s:
        cycle_id = s.scalar(select(m.Cycle.id).where(m.Cycle.name == "2027-Q1"))
    for to, label in (("active", "进行中"), ("closed", "已关闭")):
        url = f"/admin/cycles/{cycle_id}"
        page = browser.get(url).text
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        r = browser.post(f"{url}/transition", data={"csrf_token": csrf_of(page), "version": version, "to": to,
                                                    "back": "cycle"})
        assert r.status_code == 303 and label in browser.get(r.headers["location"]).text
    with database.session() as s:
        assert s.get(m.Cycle, cycle_id).state == "closed"
    page = browser.get(f"/admin/cycles/{cycle_id}").text
    stale = browser.post(f"/admin/cycles/{cycle_id}/transition", data={"csrf_token": csrf_of(page), "version": "1",
                                                                       "to": "active"})
    assert stale.status_code == 409 and "周期 2027-Q1 在你打开后已被他人修改(版本 1 → 3)" in alert(stale.text)


def test_a_cycle_ending_before_it_starts_is_refused_and_not_stored(browser, database, people):
    sign_in(browser, "ada")
    r = browser.post("/admin/cycles", data=form_of(browser, "/admin/cycles", name="冲刺", kind="custom",
                                                   start_date="2027-03-01", end_date="2027-02-01"))
    assert r.status_code == 422 and alert(r.text) == "结束日期 2027-02-01 早于开始日期 2027-03-01"
    assert 'value="冲刺"' in r.text and count(database, m.Cycle) == 1
    wrong_kind = browser.post("/admin/cycles", data=form_of(browser, "/admin/cycles", name="2027-H1", kind="quarter"))
    assert wrong_kind.status_code == 422 and alert(wrong_kind.text) == "类型:2027-H1 是半年周期,不是季度周期"
    taken = browser.post("/admin/cycles", data=form_of(browser, "/admin/cycles", name="2026-Q4", kind="quarter"))
    assert taken.status_code == 409 and alert(taken.text) == "名称:已存在名为 2026-Q4 的周期"


def test_a_cycle_is_edited_with_its_version(browser, database, people):
    sign_in(browser, "ada")
    url = f"/admin/cycles/{people.cycle_id}"
    page = browser.get(url).text
    fields = {"csrf_token": csrf_of(page), "version": re.search(r'name="version" value="(\d+)"', page).group(1),
              "name": "2026-Q4", "kind": "quarter", "start_date": "2026-10-01"}
    r = browser.post(f"{url}/edit", data={**fields, "end_date": "2027-01-15"})
    assert r.status_code == 303 and "2027-01-15" in browser.get(url).text
    bad = browser.post(f"{url}/edit", data={**fields, "version": str(int(fields["version"]) + 1),
                                            "end_date": "2026-09-01"})
    assert bad.status_code == 422 and alert(bad.text) == "结束日期 2026-09-01 早于开始日期 2026-10-01"
    stale = browser.post(f"{url}/edit", data={**fields, "end_date": "2027-02-01"})
    assert stale.status_code == 409
    with database.session() as s:
        assert s.get(m.Cycle, people.cycle_id).end_date.isoformat() == "2027-01-15"


def test_a_manager_sees_the_cycles_but_may_not_change_them(browser, people):
    sign_in(browser, "mei")
    page = browser.get("/admin/cycles").text
    assert "2026-Q4" in page and "只有管理员可以创建" in page and 'action="/admin/cycles"' not in page
    r = browser.post("/admin/cycles", data=form_of(browser, "/admin/cycles", name="2027-Q1", kind="quarter"))
    assert r.status_code == 403 and alert(r.text) == "只有管理员可以进行这项操作"


# --- languages -------------------------------------------------------------------------------------

def test_the_admin_pages_read_in_english_after_the_switch(browser, people):
    sign_in(browser, "ada")
    browser.get("/lang/en", params={"next": "/admin/people"})
    for url in ("/admin/people", "/admin/people/new", f"/admin/people/{people.ids['lin']}", "/admin/units",
                f"/admin/units/{people.units['qa']}", "/admin/cycles", f"/admin/cycles/{people.cycle_id}"):
        page = browser.get(url).text
        assert '<html lang="en">' in page and "People and roles" in page and "Cycles" in page
        body = re.sub(r"华康医疗|质量部|注册组|销售部|梅经理|林工|>中文<", "", page)
        assert not re.search(r"[\u4e00-\u9fff]", body), url


def test_every_label_of_the_admin_pages_has_its_chinese_translation():
    used = {m for path in ADMIN_TEMPLATES.glob("*.html") for m in re.findall(r'_\("([^"]+)"\)', path.read_text())}
    zh = i18n.translations("zh")
    assert used and sorted(msgid for msgid in used if zh.gettext(msgid) == msgid) == []

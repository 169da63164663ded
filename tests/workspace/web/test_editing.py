"""The editor on a stored objective, and the coach's one-click repairs.

A stored objective opens in the same editor as a new one; saving keeps the check-ins of the KRs it
keeps, removes the KRs the form drops and adds the new ones, all or nothing, and a form based on an
older version is refused. Each repair the coach offers is checked the way a person would: apply it
to the draft and ask the coach again — the finding is gone.
"""
from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from okrcoach.storage import models as m

from ..factories import make_check_in, make_objective
from .test_pages import _draft, csrf_of, sign_in


def repairs(page: str) -> dict[str, dict]:
    """The coach's repair buttons by the finding's rule: their operation and arguments."""
    out = {}
    for rule, body in re.findall(r'data-rule="([^"]+)"(.*?)</li>', page, re.S):
        button = re.search(r'class="apply-repair"([^>]*)>', body)
        if button:
            out.setdefault(rule, {k: html.unescape(v) for k, v in re.findall(r'data-(\w+)="([^"]*)"',
                                                                            button.group(1))})
    return out


def rules_in(page: str) -> set[str]:
    return set(re.findall(r'data-rule="([^"]+)"', page))


def stored(database, objective_id: int) -> tuple[str, list[tuple[int, str]], int]:
    with database.session() as s:
        o = s.get(m.Objective, objective_id)
        krs = [(k.id, k.title) for k in sorted(o.key_results, key=lambda k: k.position)]
        return o.title, krs, s.scalar(select(func.count()).select_from(m.CheckIn))


def edit_form(browser, objective_id: int) -> tuple[str, dict]:
    page = browser.get(f"/objectives/{objective_id}/edit")
    assert page.status_code == 200, page.text[:300]
    text = page.text
    fields = {"csrf_token": csrf_of(text), "title": re.search(r'name="title"[^>]*value="([^"]*)"', text).group(1),
              "version": re.search(r'name="version" value="(\d+)"', text).group(1),
              "visibility": "public", "supports": "",
              "kr_title": re.findall(r'name="kr_title"[^>]*value="([^"]*)"', text),
              "kr_target": re.findall(r'name="kr_target"[^>]*value="([^"]*)"', text),
              "kr_unit": re.findall(r'name="kr_unit"[^>]*value="([^"]*)"', text),
              "kr_id": re.findall(r'name="kr_id" value="([^"]*)"', text)}
    return text, {k: [html.unescape(x) for x in v] if isinstance(v, list) else html.unescape(v)
                  for k, v in fields.items()}


def test_a_draft_with_six_krs_is_offered_to_drop_one_but_never_its_outcome(browser, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    krs = [("提交 3 份申报材料", "3", "份"), ("完成 2 次内审", "2", "次"), ("培训 4 名资质专员", "4", "人"),
           ("整理 6 份技术文档", "6", "份"), ("完成 1 次模拟评审", "1", "次"), ("9 月 30 日前取得甲级资质证书", "", "")]
    repair = repairs(browser.post("/objectives/check", data=_draft(csrf, krs)).text)["kr-count-exceeded"]
    assert repair["op"] == "remove-kr" and repair["kr"] != "5"      # never the KR stating the outcome
    del krs[int(repair["kr"])]
    assert "kr-count-exceeded" not in rules_in(browser.post("/objectives/check", data=_draft(csrf, krs)).text)


def test_an_unmeasurable_communication_kr_is_offered_the_seeds_measurable_wording(browser, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    krs = [("申报材料 100% 符合评审要求", "", ""), ("与评审机构建立常态化沟通机制", "", ""),
           ("9 月 30 日前通过专家评审并取得甲级资质证书", "", "")]
    repair = repairs(browser.post("/objectives/check", data=_draft(csrf, krs)).text)["kr-unmeasurable"]
    assert repair["op"] == "replace-kr" and repair["kr"] == "1" and "48 小时内响应率 100%" in repair["text"]
    krs[1] = (repair["text"], "", "")
    assert "kr-unmeasurable" not in rules_in(browser.post("/objectives/check", data=_draft(csrf, krs)).text)


def test_a_vague_kr_without_a_topic_is_offered_a_target_to_adjust(browser, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    krs = [("申报材料 100% 符合评审要求", "", ""), ("加强资质管理", "", ""),
           ("9 月 30 日前通过专家评审并取得甲级资质证书", "", "")]
    repair = repairs(browser.post("/objectives/check", data=_draft(csrf, krs)).text)["kr-unmeasurable"]
    assert (repair["op"], repair["kr"], repair["target"], repair["unit"]) == ("set-target", "1", "100", "%")
    krs[1] = ("加强资质管理", "100", "%")
    assert "kr-unmeasurable" not in rules_in(browser.post("/objectives/check", data=_draft(csrf, krs)).text)


def test_a_set_missing_its_outcome_is_offered_the_outcome_as_a_key_result(browser, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    krs = [("梳理甲级资质政策要求形成清单 1 份", "", ""), ("申报材料 100% 符合评审要求", "", "")]
    repair = repairs(browser.post("/objectives/check", data=_draft(csrf, krs)).text)["kr-set-insufficient"]
    assert repair["op"] == "add-kr" and "甲级资质认证" in repair["text"]
    krs.append((repair["text"], "", ""))
    assert "kr-set-insufficient" not in rules_in(browser.post("/objectives/check", data=_draft(csrf, krs)).text)


def test_an_unaligned_draft_is_offered_the_company_kr_it_serves(browser, database, people):
    company = make_objective(database, people, None, unit="hk", title="Q4 三款新型设备上市",
                             krs=[dict(title="取得 3 款新设备的二类医疗器械注册证", kind="metric", target=3),
                                  dict(title="华东市场销售额达到 8000 万元", kind="metric", target=8000)])
    make_objective(database, people, None, unit="sales", title="拓展华东市场", krs=[dict(kind="milestone")])
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    draft = _draft(csrf, [("10 月底前提交 P5 注册申报资料", "", ""), ("发补问题 48 小时内响应率 100%", "", ""),
                          ("12 月 31 日前取得 P5 二类医疗器械注册证", "", "")], title="年底前取得 P5 二类医疗器械注册证")
    repair = repairs(browser.post("/objectives/check", data=draft).text)["alignment-missing"]
    assert repair["op"] == "set-supports" and repair["value"] == f"k:{company.kr_ids[0]}"
    after = browser.post("/objectives/check", data={**draft, "supports": repair["value"]}).text
    assert not rules_in(after) & {"alignment-missing", "alignment-unrelated"}


def test_editing_keeps_the_check_ins_of_kept_krs_drops_the_removed_and_adds_the_new(browser, database, people):
    made = make_objective(database, people, "lin", title="年底前取得 P5 二类医疗器械注册证", status="draft",
                          krs=[dict(title="提交注册申报资料", kind="milestone"),
                               dict(title="加强沟通", kind="milestone"),
                               dict(title="发补问题响应率", kind="percentage", target=100)])
    make_check_in(database, people, made.kr_ids[2], value=40)
    sign_in(browser)
    _, form = edit_form(browser, made.id)
    assert form["kr_id"] == [str(i) for i in made.kr_ids] and form["kr_target"][2] == "100"
    form["title"] = "12 月 31 日前取得 P5 二类医疗器械注册证"
    form["kr_title"][1] = ""                       # an emptied row: the KR is removed
    form["kr_title"].append("12 月 31 日前取得注册证")
    form["kr_target"].append(""), form["kr_unit"].append(""), form["kr_id"].append("")
    saved = browser.post(f"/objectives/{made.id}/edit", data=form)
    assert saved.status_code == 303 and saved.headers["location"] == f"/objectives/{made.id}"
    title, krs, check_ins = stored(database, made.id)
    assert title == "12 月 31 日前取得 P5 二类医疗器械注册证"
    assert [t for _, t in krs] == ["提交注册申报资料", "发补问题响应率", "12 月 31 日前取得注册证"]
    assert krs[1][0] == made.kr_ids[2] and check_ins == 1      # the kept KR is the same, with its check-in


def test_an_edit_based_on_an_older_version_is_refused_and_changes_nothing(browser, database, people):
    made = make_objective(database, people, "lin", title="取得二类注册证", status="draft",
                          krs=[dict(title="提交注册申报资料", kind="milestone")])
    sign_in(browser)
    _, first = edit_form(browser, made.id)
    _, second = edit_form(browser, made.id)
    assert browser.post(f"/objectives/{made.id}/edit", data={**first, "title": "取得二类医疗器械注册证"}).status_code == 303
    stale = browser.post(f"/objectives/{made.id}/edit", data={**second, "title": "别人的旧表单"})
    assert stale.status_code == 409 and 'value="别人的旧表单"' in stale.text    # what was typed is kept
    assert stored(database, made.id)[0] == "取得二类医疗器械注册证"


def test_an_edit_that_fails_halfway_stores_none_of_it(browser, database, people):
    made = make_objective(database, people, "lin", title="取得二类注册证", status="draft",
                          krs=[dict(title="提交注册申报资料", kind="milestone")])
    sign_in(browser)
    _, form = edit_form(browser, made.id)
    form.update(title="新标题", kr_title=["提交注册申报资料", "完成内审"], kr_target=["", "两次"],
                kr_unit=["", ""], kr_id=[form["kr_id"][0], ""])
    refused = browser.post(f"/objectives/{made.id}/edit", data=form)
    assert refused.status_code == 422 and "关键结果 2 的目标值不是数字" in refused.text
    assert stored(database, made.id)[:2] == ("取得二类注册证", [(made.kr_ids[0], "提交注册申报资料")])


def test_the_coach_on_an_edit_sees_the_objective_itself_and_stores_nothing(browser, database, people):
    made = make_objective(database, people, "lin", title="年底前取得 P5 二类医疗器械注册证", status="draft",
                          krs=[dict(title="提交注册申报资料", kind="milestone")])
    sign_in(browser)
    _, form = edit_form(browser, made.id)
    form["kr_title"][0] = "加强资质管理"
    coach = browser.post(f"/objectives/{made.id}/check", data=form)
    assert coach.status_code == 200 and "kr-unmeasurable" in rules_in(coach.text)
    assert "objectives-too-many" not in rules_in(coach.text)       # not counted twice in its own set
    assert stored(database, made.id)[1] == [(made.kr_ids[0], "提交注册申报资料")]


def test_only_those_who_may_change_an_objective_open_its_editor(browser, database, people):
    mine = make_objective(database, people, "lin", title="取得二类注册证", krs=[dict(kind="milestone")])
    private = make_objective(database, people, "lin", title="个人成长", visibility="private",
                             krs=[dict(kind="milestone")])
    sign_in(browser, "sam")
    assert browser.get(f"/objectives/{mine.id}/edit").status_code == 403
    assert browser.get(f"/objectives/{private.id}/edit").status_code == 404
    csrf = csrf_of(browser.get("/my").text)
    assert browser.post(f"/objectives/{mine.id}/edit", data={"csrf_token": csrf, "title": "x",
                                                             "version": "1"}).status_code == 403
    assert stored(database, mine.id)[0] == "取得二类注册证"


def test_a_metric_made_a_milestone_in_the_editor_loses_its_start_and_saves(browser, database, people):
    made = make_objective(database, people, "lin", title="取得二类注册证", status="draft",
                          krs=[dict(title="注册申报资料提交 3 份", kind="metric", start=1, target=3, unit="份")])
    sign_in(browser)
    _, form = edit_form(browser, made.id)
    form.update(kr_title=["提交注册申报资料"], kr_target=[""], kr_unit=[""])
    assert browser.post(f"/objectives/{made.id}/edit", data=form).status_code == 303
    with database.session() as s:
        kr = s.get(m.KeyResult, made.kr_ids[0])
        assert (kr.kind, kr.start, kr.target) == ("milestone", None, None)


def test_the_coach_stays_quiet_when_the_objective_is_saved_while_it_reads_the_edit(browser, database, people,
                                                                                   monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    from okrcoach.services import drafts

    made = make_objective(database, people, "lin", title="取得二类注册证", status="draft",
                          krs=[dict(title="提交注册申报资料", kind="milestone")])
    sign_in(browser)
    _, form = edit_form(browser, made.id)

    def saved_meanwhile(*args, **kwargs):     # the race: the editor's own Save committed first
        raise StaleDataError("UPDATE statement on table 'objectives' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(drafts, "revise", saved_meanwhile)
    coach = browser.post(f"/objectives/{made.id}/check", data=form)
    assert coach.status_code == 204 and coach.text == ""

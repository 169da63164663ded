"""The web app's pages through HTTP, as a browser would send them (the browser tests add JavaScript).

Sign in and out, the double-submit CSRF check on every form, escaping, quick check-ins with their
errors, the language switch; on SQLite and PostgreSQL like the API.
"""
from __future__ import annotations

import re
from pathlib import Path

from okrcoach.web import i18n

from ..factories import make_check_in, make_finding, make_objective
from ..personas import PASSWORD

TEMPLATES = Path(i18n.__file__).parent / "templates"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(browser, handle: str = "lin", password: str = PASSWORD):
    csrf = csrf_of(browser.get("/signin").text)
    return browser.post("/signin", data={"email": f"{handle}@huakang.test", "password": password,
                                         "csrf_token": csrf, "next": "/my"})


def test_signing_in_opens_my_okrs_with_an_httponly_lax_session_cookie(browser, database, people):
    make_objective(database, people, "lin", title="取得二类注册证", krs=[dict(title="提交注册申报资料", kind="milestone")])
    r = sign_in(browser)
    assert r.status_code == 303 and r.headers["location"] == "/my"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("okr_session="))
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    page = browser.get("/my")
    assert page.status_code == 200 and "取得二类注册证" in page.text and "提交注册申报资料" in page.text
    assert '<html lang="zh-CN">' in page.text and "我的 OKR" in page.text


def test_a_wrong_password_shows_the_form_again_without_a_session(browser, people):
    r = sign_in(browser, password="not the password")
    assert r.status_code == 401 and "邮箱或密码不正确" in r.text
    assert not any(c.startswith("okr_session=") for c in r.headers.get_list("set-cookie"))
    assert browser.get("/my").headers["location"] == "/signin?next=/my"


def test_a_form_without_the_sites_csrf_token_is_refused(browser, people):
    browser.get("/signin")
    r = browser.post("/signin", data={"email": "lin@huakang.test", "password": PASSWORD, "csrf_token": "x" * 40})
    assert r.status_code == 403 and "reload the page" in r.text
    assert not any(c.startswith("okr_session=") for c in r.headers.get_list("set-cookie"))


def test_a_quick_check_in_moves_the_progress_and_a_bad_number_is_explained(browser, database, people):
    o = make_objective(database, people, "lin", title="缩短注册审评周期",
                       krs=[dict(title="平均审评天数", kind="metric", start=0, target=10, current=2)])
    sign_in(browser)
    page = browser.get("/my").text
    assert 'aria-valuenow="20"' in page
    url = f"/my/key-results/{o.kr_ids[0]}/check-ins"
    bad = browser.post(url, data={"value": "七", "confidence": "0.6", "csrf_token": csrf_of(page)})
    assert bad.status_code == 422 and "“七”不是数字" in bad.text
    assert 'aria-valuenow="20"' in bad.text
    good = browser.post(url, data={"value": "6", "confidence": "0.6", "note": "完成两轮补正"},
                        headers={"X-CSRF-Token": csrf_of(page)})
    assert good.status_code == 200 and 'aria-valuenow="60"' in good.text
    no_token = browser.post(url, data={"value": "9"})
    assert no_token.status_code == 403


def test_a_check_in_the_service_refuses_shows_its_reason_beside_the_key_result(browser, database, people):
    o = make_objective(database, people, "lin", krs=[dict(title="注册证获批", kind="milestone")])
    sign_in(browser)
    csrf = csrf_of(browser.get("/my").text)
    r = browser.post(f"/my/key-results/{o.kr_ids[0]}/check-ins", data={"value": "0.5", "csrf_token": csrf})
    assert r.status_code == 422 and f"关键结果 {o.kr_ids[0]} 是里程碑:完成填 1,未完成填 0,不能填 0.5" in r.text


def test_an_objective_titled_like_a_script_shows_as_text(browser, database, people):
    make_objective(database, people, "lin", title="<script>alert(1)</script>", krs=[dict(kind="milestone")])
    sign_in(browser)
    page = browser.get("/my").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_signing_out_ends_the_session_for_good(browser, people):
    sign_in(browser)
    session = browser.cookies.get("okr_session")
    csrf = csrf_of(browser.get("/my").text)
    assert browser.post("/signout", data={"csrf_token": csrf}).headers["location"] == "/signin"
    browser.cookies.set("okr_session", session)
    assert browser.get("/my").status_code == 303


def test_the_language_switch_turns_every_label_english(browser, people):
    sign_in(browser)
    r = browser.get("/lang/en", params={"next": "/my"})
    assert r.status_code == 303 and r.headers["location"] == "/my"
    page = browser.get("/my").text
    assert '<html lang="en">' in page and "My OKRs" in page and "Sign out" in page
    labels = page.replace(">中文<", "><").replace("林工", "")   # the switch itself and the person's name
    assert not re.search(r"[\u4e00-\u9fff]", labels)
    assert browser.get("/lang/en", params={"next": "https://evil.example/"}).headers["location"] == "/my"


def test_every_label_in_the_templates_has_its_chinese_translation():
    used = {m for path in TEMPLATES.glob("*.html") for m in re.findall(r'_\("([^"]+)"\)', path.read_text())}
    zh = i18n.translations("zh")
    missing = sorted(msgid for msgid in used if zh.gettext(msgid) == msgid)
    assert used and missing == []


def test_pages_answer_html_errors_while_the_api_keeps_its_json_shape(browser, people):
    sign_in(browser)
    page = browser.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = browser.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_someone_elses_private_objective_does_not_exist_for_me_by_url(browser, database, people):
    private = make_objective(database, people, "lin", title="私人:考取注册专员证书", visibility="private",
                             krs=[dict(kind="milestone")])
    sign_in(browser, "sam")
    page = browser.get(f"/objectives/{private.id}")
    assert page.status_code == 404 and "私人" not in page.text
    assert browser.get("/objectives/999999").status_code == 404


def test_the_objective_page_shows_the_coachs_findings_and_progress_over_time(browser, database, people):
    o = make_objective(database, people, "lin", title="完成某项目甲级资质认证",
                       krs=[dict(title="提交申报材料", kind="milestone"),
                            dict(title="与评审机构保持沟通", kind="metric", start=0, target=4, current=1)])
    make_finding(database, o.id, "kr-unmeasurable")
    make_check_in(database, people, o.kr_ids[1], value=1)
    sign_in(browser)
    page = browser.get(f"/objectives/{o.id}").text
    assert 'data-rule="kr-unmeasurable"' in page and "完成某项目甲级资质认证" in page
    data = re.search(r'class="chart-data">(.*?)</script>', page, re.S).group(1)
    assert '"main": true' in data and "\\u4e0e\\u8bc4\\u5ba1" in data   # the KR's series, escaped JSON


def _draft(csrf: str, krs: list[tuple[str, str, str]], **extra) -> dict:
    return {"csrf_token": csrf, "title": "完成某项目甲级资质认证", "visibility": "public",
            "kr_title": [t for t, _, _ in krs], "kr_target": [v for _, v, _ in krs], "kr_unit": [u for _, _, u in krs],
            **extra}


SIX_KRS = [("提交 3 份申报材料", "3", "份"), ("加强与评审机构的沟通", "", ""), ("完成 2 次内审", "2", "次"),
           ("培训 4 人", "4", "人"), ("整理 6 份文档", "6", "份"), ("取得资质证书", "", "")]


def count_objectives(database) -> int:
    from sqlalchemy import func, select

    from okrcoach.storage import models as m
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(m.Objective))


def test_the_coach_reviews_a_draft_without_storing_anything(browser, database, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    before = count_objectives(database)
    r = browser.post("/objectives/check", data=_draft(csrf, SIX_KRS))
    assert r.status_code == 200
    assert 'data-rule="kr-count-exceeded"' in r.text and 'data-rule="kr-unmeasurable" data-kr="1"' in r.text
    assert count_objectives(database) == before
    assert browser.post("/objectives/check", data=_draft("x" * 40, SIX_KRS)).status_code == 403


def test_a_draft_with_a_bad_target_is_refused_whole_and_the_form_keeps_what_was_typed(browser, database, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    before = count_objectives(database)
    r = browser.post("/objectives/new", data=_draft(csrf, [("提交申报材料", "三", "份")]))
    assert r.status_code == 422 and "关键结果 1 的目标值不是数字" in r.text and 'value="提交申报材料"' in r.text
    assert count_objectives(database) == before


def test_a_saved_draft_with_an_error_cannot_be_submitted_until_fixed(browser, database, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    saved = browser.post("/objectives/new", data=_draft(csrf, SIX_KRS))
    assert saved.status_code == 303
    url = saved.headers["location"]
    refused = browser.post(f"{url}/transitions", data={"csrf_token": csrf, "to": "in_review"})
    assert refused.status_code == 422 and "kr-count-exceeded" in refused.text
    assert "status-draft" in browser.get(url).text


def test_the_editor_offers_the_objectives_on_the_way_up_from_my_unit(browser, database, people):
    company = make_objective(database, people, None, unit="hk", title="三款新型设备上市",
                             krs=[dict(title="Q4 三款新型设备上市", kind="metric", target=3)])
    make_objective(database, people, None, unit="qa", title="质量体系全面达标", krs=[dict(kind="milestone")])
    make_objective(database, people, None, unit="sales", title="拓展华东市场", krs=[dict(kind="milestone")])
    sign_in(browser)
    page = browser.get("/objectives/new").text
    assert f'value="o:{company.id}"' in page and f'value="k:{company.kr_ids[0]}"' in page
    assert "质量体系全面达标" in page and "拓展华东市场" not in page


def test_the_alignment_map_opens_a_level_at_a_time_and_lists_the_unaligned(browser, database, people):
    company = make_objective(database, people, None, unit="hk", title="三款新型设备上市",
                             krs=[dict(title="Q4 三款新型设备上市", kind="metric", target=3, current=1)])
    make_objective(database, people, "lin", title="取得二类注册证", aligned_to_kr=company.kr_ids[0],
                   krs=[dict(kind="milestone")])
    make_objective(database, people, "lin", title="私人:考取注册专员证书", visibility="private",
                   aligned_to=company.id, krs=[dict(kind="milestone")])
    make_objective(database, people, "mei", title="培养两名注册骨干", krs=[dict(kind="milestone")])
    sign_in(browser, "sam")
    page = browser.get("/map").text
    assert "三款新型设备上市" in page and 'title="支撑它的目标数">1<' in page   # Sam cannot see the private one
    assert "培养两名注册骨干" in page   # unaligned, listed below the map
    opened = browser.get(f"/map/objectives/{company.id}/children").text
    assert "取得二类注册证" in opened and "私人" not in opened and "Q4 三款新型设备上市" in opened


def test_my_team_opens_my_units_dashboard_with_its_sub_units_and_at_risk_list(browser, database, people):
    make_objective(database, people, "lin", title="提升注册申报一次通过率",
                   krs=[dict(kind="metric", start=0, target=8, current=6, confidence=0.2)])
    sign_in(browser, "mei")
    r = browser.get("/units/mine")
    assert r.status_code == 303 and r.headers["location"] == f"/units/{people.units['qa']}"
    page = browser.get(r.headers["location"]).text
    assert "质量部" in page and "注册组" in page and "提升注册申报一次通过率" in page
    assert '"distribution": [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]' in page
    assert browser.get("/units/999999").status_code == 404


def test_a_comment_and_end_of_cycle_scores_are_saved_from_the_objective_page(browser, database, people):
    o = make_objective(database, people, "lin", title="取得二类注册证",
                       krs=[dict(title="提交申报", kind="milestone", weight=1), dict(title="答复补正", kind="milestone",
                                                                                  weight=3)])
    sign_in(browser)
    csrf = csrf_of(browser.get(f"/objectives/{o.id}").text)
    assert browser.post(f"/objectives/{o.id}/comments", data={"csrf_token": csrf, "body": "<b>加油</b>"}).status_code == 303
    page = browser.get(f"/objectives/{o.id}").text
    assert "&lt;b&gt;加油&lt;/b&gt;" in page
    scored = browser.post(f"/objectives/{o.id}/score", data={"csrf_token": csrf, f"score_{o.kr_ids[0]}": "1",
                                                             f"score_{o.kr_ids[1]}": "0.6", "reflection": "补正偏慢"})
    assert scored.status_code == 303
    page = browser.get(f"/objectives/{o.id}").text
    assert "<strong>0.7</strong>" in page and "补正偏慢" in page
    bad = browser.post(f"/objectives/{o.id}/score", data={"csrf_token": csrf, f"score_{o.kr_ids[0]}": "1.5"})
    assert bad.status_code == 422 and "between 0.0 and 1.0" in bad.text
    assert "<strong>0.7</strong>" in browser.get(f"/objectives/{o.id}").text   # nothing of the bad form was kept


def test_answering_the_sufficiency_question_is_trusted_by_the_coach(browser, database, people):
    sign_in(browser)
    csrf = csrf_of(browser.get("/objectives/new").text)
    url = browser.post("/objectives/new", data=_draft(csrf, [("提交 3 份申报材料", "3", "份"),
                                                            ("完成 2 次内审", "2", "次")])).headers["location"]
    page = browser.get(url).text
    assert 'data-rule="kr-set-insufficient"' in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    kr_versions = dict(re.findall(r'name="kr_version_(\d+)" value="(\d+)"', page))
    answers = {"csrf_token": csrf, "version": version, "sufficient": "yes", "note": "两项完成即可获证",
               **{f"necessary_{k}": "yes" for k in kr_versions}, **{f"kr_version_{k}": v for k, v in kr_versions.items()}}
    assert browser.post(f"{url}/review", data=answers).status_code == 303
    page = browser.get(url).text
    assert 'data-rule="kr-set-insufficient"' not in page and 'value="两项完成即可获证"' in page
    stale = browser.post(f"{url}/review", data=answers)   # the same form again: based on an old version
    assert stale.status_code == 409 and "在你打开后已被他人修改" in stale.text

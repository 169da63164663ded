"""Refusals on pages speak the reader's language: the services explain in English, pages in zh or en."""
from __future__ import annotations

from okrcoach.web import i18n, refusals

from ..factories import make_objective
from .test_pages import sign_in


def test_every_refusal_the_pages_know_has_its_chinese_translation():
    zh = i18n.translations("zh").gettext
    ids = [msgid for _, msgid in refusals.PATTERNS] + sorted(refusals._WORDS) + list(refusals._COUNT_IDS.values())
    assert [i for i in ids if zh(i) == i] == []


def test_a_refusal_no_pattern_knows_is_shown_as_the_service_wrote_it():
    zh = i18n.translations("zh").gettext
    assert refusals.translate("the moon is made of cheese", zh) == "the moon is made of cheese"
    assert refusals.translate("objective 12 does not exist", zh) == "目标 12 不存在"
    assert refusals.translate("objective 12 does not exist", i18n.translations("en").gettext) == \
        "Objective 12 does not exist"
    assert refusals.translate("unit qa still has 1 sub-unit, 2 members: move or remove them first", zh) == \
        "部门 qa 仍有 1 个下级部门、2 名成员:请先移走或删除"


def test_a_missing_objective_is_explained_in_chinese_and_in_english(browser, people):
    sign_in(browser)
    page = browser.get("/objectives/99999")
    assert page.status_code == 404 and "目标 99999 不存在" in page.text
    browser.get("/lang/en?next=/my")
    assert "Objective 99999 does not exist" in browser.get("/objectives/99999").text


def test_someone_elses_objective_refuses_the_editor_in_chinese(browser, database, people):
    theirs = make_objective(database, people, "lin", title="取得二类注册证", krs=[dict(kind="milestone")])
    sign_in(browser, "sam")
    page = browser.get(f"/objectives/{theirs.id}/edit")
    assert page.status_code == 403 and f"你不能修改目标 {theirs.id}" in page.text

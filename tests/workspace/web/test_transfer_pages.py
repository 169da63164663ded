"""``/admin/transfer`` through HTTP: uploads previewed without storing anything, confirmed all or nothing,
every bad file refused by name, exports that read back the same, and only admins let in.
"""
from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
import yaml
from sqlalchemy import func, select

from okrcoach.services import transfer, transfer_files
from okrcoach.storage import models as m

from ..conftest import TODAY
from .test_pages import count_objectives, csrf_of, sign_in

QA = """\
id: qa
owner: 质量部
level: department
cycle: 2026-Q4
objectives:
  - id: qa-cert
    title: 在 Q4 季度末前取得某项目甲级资质证书
    key_results:
      - title: 提交资质申报材料 12 份
        start: 0
        target: 12
        unit: 份
      - title: 3 款设备取得二类医疗器械注册证
        start: 0
        target: 3
        unit: 张
      - 加强与评审机构的沟通
"""

LIN = """\
id: lin
owner: 林工
cycle: 2026-Q4
objectives:
  - title: 完成 3 款设备注册申报资料的内审
    aligns_to: qa-cert
    key_results:
      - title: 完成 2 次注册资料内审
        start: 0
        target: 2
        unit: 次
"""

BROKEN = """\
id: sales
owner: 销售部
objectives:
  - title: 新产品进入 20 家医院
    key_results:
      - title: [签约医院 20 家
"""


def yaml_file(name: str, text: str | bytes):
    return ("files", (name, text.encode("utf-8") if isinstance(text, str) else text, "application/yaml"))


def open_page(browser, handle: str = "ada") -> str:
    sign_in(browser, handle)
    page = browser.get("/admin/transfer")
    assert page.status_code == 200
    return csrf_of(page.text)


def preview(browser, csrf: str, *files, **fields):
    return browser.post("/admin/transfer/preview", data={"csrf_token": csrf, **fields}, files=list(files))


def hidden(page: str, name: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(rf'name="{name}" value="([^"]*)"', page)]


def confirm(browser, preview_page: str):
    """Send back what the preview page carries, as the browser does with its form (multipart)."""
    names = ("csrf_token", "cycle", "unit", "file_name", "file_text")
    fields = {name: hidden(preview_page, name) for name in names}
    parts = [(name, (None, value.encode("utf-8"))) for name, values in fields.items() for value in values]
    return browser.post("/admin/transfer/import", files=parts)


def count(database, model) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def stored(database) -> tuple[int, int, int]:
    return count(database, m.Objective), count(database, m.KeyResult), count(database, m.StoredFinding)


def test_the_page_offers_the_upload_and_the_export_forms(browser, people):
    sign_in(browser, "ada")
    page = browser.get("/admin/transfer").text
    assert 'enctype="multipart/form-data"' in page and 'name="files"' in page and "导入与导出" in page
    assert 'value="2026-Q4"' in page and "注册组" in page and 'action="/admin/transfer/export"' in page


def test_an_admin_previews_a_yaml_file_and_nothing_is_stored(browser, database, people):
    csrf = open_page(browser)
    before = stored(database)
    r = preview(browser, csrf, yaml_file("qa.yaml", QA), yaml_file("lin.yaml", LIN))
    assert r.status_code == 200, r.text
    assert "在 Q4 季度末前取得某项目甲级资质证书" in r.text and "完成 3 款设备注册申报资料的内审" in r.text
    assert 'data-rule="kr-unmeasurable"' in r.text            # the vague KR, as the coach words it
    assert re.search(r'data-errors="\d+" data-warnings="\d+"', r.text)
    assert hidden(r.text, "file_name") == ["qa.yaml", "lin.yaml"] and hidden(r.text, "file_text") == [QA, LIN]
    assert stored(database) == before


def test_confirming_imports_all_files_and_the_objective_appears(browser, database, people):
    csrf = open_page(browser)
    shown = preview(browser, csrf, yaml_file("qa.yaml", QA), yaml_file("lin.yaml", LIN))
    done = confirm(browser, shown.text)
    assert done.status_code == 200, done.text
    assert 'role="status"' in done.text and f'href="/units/{people.units["qa"]}"' in done.text
    links = re.findall(r'href="/objectives/(\d+)"', done.text)
    assert len(links) == 2
    page = browser.get(f"/objectives/{links[0]}")
    assert page.status_code == 200 and "在 Q4 季度末前取得某项目甲级资质证书" in page.text
    with database.session() as s:
        lin = s.scalar(select(m.Objective).where(m.Objective.owner_id == people.ids["lin"]))
        assert lin.title == "完成 3 款设备注册申报资料的内审"
        parent = s.scalar(select(m.Alignment.parent_objective_id).where(m.Alignment.child_id == lin.id))
        assert parent == int(links[0])


def test_a_file_with_a_parse_error_is_refused_naming_file_and_line_and_nothing_is_stored(browser, database,
                                                                                        people):
    csrf = open_page(browser)
    r = preview(browser, csrf, yaml_file("qa.yaml", QA), yaml_file("sales.yaml", BROKEN))
    assert r.status_code == 422
    assert "sales.yaml" in r.text and "第 6 行" in r.text and "不是有效的 YAML/JSON:" in r.text
    assert "qa.yaml" not in r.text and count_objectives(database) == 0
    browser.get("/lang/en", params={"next": "/my"})
    assert "Not valid YAML/JSON: " in preview(browser, csrf, yaml_file("sales.yaml", BROKEN)).text
    both = preview(browser, csrf, yaml_file("sales.yaml", BROKEN), yaml_file("qa.md", b"\xff\xfe"))
    assert both.status_code == 422 and "sales.yaml" in both.text and 'data-code="encoding"' in both.text


def test_an_alignment_to_nothing_is_refused_with_its_line_and_rolled_back(browser, database, people):
    csrf = open_page(browser)
    r = preview(browser, csrf, yaml_file("lin.yaml", LIN))    # qa-cert is neither in the files nor stored
    assert r.status_code == 422 and "lin.yaml" in r.text and "第 5 行" in r.text
    assert "aligns_to &#39;qa-cert&#39; 在这些文件和工作区中都找不到对应的目标或关键结果" in r.text
    assert count_objectives(database) == 0 and count(database, m.Cycle) == 1


def test_the_confirmation_checks_the_text_sent_back_again(browser, database, people):
    csrf = open_page(browser)
    shown = preview(browser, csrf, yaml_file("qa.yaml", QA)).text
    tampered = shown.replace("target: 12\n", "target: 十二\n")
    r = confirm(browser, tampered)
    assert r.status_code == 422 and "qa.yaml" in r.text and "十二" in r.text
    assert count_objectives(database) == 0
    crlf = shown.replace("\n      - ", "\r\n      - ")      # browsers send hidden fields' line ends as CRLF
    assert confirm(browser, crlf).status_code == 200 and count_objectives(database) == 1


@pytest.mark.parametrize("name, content, code", [
    ("qa.yaml", QA.encode("gbk"), "encoding"),
    ("qa.yaml", b"# " + b"x" * transfer_files.MAX_BYTES + b"\n", "too_large"),
    ("qa.docx", QA.encode("utf-8"), "suffix"),
    ("qa.yaml", b"  \n", "empty"),
    ("qa.yaml", b"id: qa\x00\x01", "binary"),
])
def test_a_file_that_cannot_be_read_as_text_is_refused_by_name(browser, database, people, name, content,
                                                               code):
    csrf = open_page(browser)
    r = preview(browser, csrf, yaml_file(name, content))
    assert r.status_code == 422 and f'data-code="{code}"' in r.text
    assert f'<code class="file">{name}</code>' in r.text
    assert 'name="files"' in r.text and count_objectives(database) == 0


def test_no_file_or_too_many_files_are_refused_with_the_form_again(browser, database, people):
    csrf = open_page(browser)
    empty = browser.post("/admin/transfer/preview", data={"csrf_token": csrf},
                         files=[("files", ("", b"", "application/octet-stream"))])
    assert empty.status_code == 422 and 'data-code="missing"' in empty.text
    many = preview(browser, csrf, *[yaml_file(f"s{i}.yaml", QA) for i in range(transfer_files.MAX_FILES + 1)])
    assert many.status_code == 422 and 'data-code="too_many"' in many.text
    unknown = preview(browser, csrf, yaml_file("qa.yaml", QA), cycle="下个季度", unit="no-such-unit")
    assert unknown.status_code == 422
    assert 'data-code="cycle"' in unknown.text and 'data-code="unit"' in unknown.text
    assert count_objectives(database) == 0


def test_sets_without_a_cycle_go_to_the_cycle_chosen_and_personal_sets_to_the_unit_chosen(browser, database,
                                                                                         people):
    csrf = open_page(browser)
    doc = "id: wufang\nowner: 吴芳\nobjectives:\n  - title: 完成资质管理课程\n    key_results:\n      - 完成 3 门课程\n"
    shown = preview(browser, csrf, yaml_file("wufang.yaml", doc), cycle="2027-Q1", unit="qa-reg")
    assert shown.status_code == 200 and "2027-Q1" in shown.text
    assert confirm(browser, shown.text).status_code == 200
    with database.session() as s:
        o = s.scalar(select(m.Objective).where(m.Objective.title == "完成资质管理课程"))
        assert s.get(m.Cycle, o.cycle_id).name == "2027-Q1" and o.unit_id == people.units["qa-reg"]


@pytest.mark.parametrize("handle", ["lin", "mei"])
def test_members_and_managers_may_not_import_or_export(browser, database, people, handle):
    sign_in(browser, handle)
    page = browser.get("/admin/transfer")
    assert page.status_code == 403 and "administrators" in page.text
    csrf = csrf_of(browser.get("/my").text)
    assert preview(browser, csrf, yaml_file("qa.yaml", QA)).status_code == 403
    sent_back = [("csrf_token", (None, csrf.encode())), ("file_name", (None, b"qa.yaml")),
                 ("file_text", (None, QA.encode()))]
    assert browser.post("/admin/transfer/import", files=sent_back).status_code == 403
    assert browser.get("/admin/transfer/export").status_code == 403
    assert count_objectives(database) == 0


def test_an_upload_without_the_sites_csrf_token_is_refused(browser, database, people):
    open_page(browser)
    assert preview(browser, "x" * 40, yaml_file("qa.yaml", QA)).status_code == 403
    r = browser.post("/admin/transfer/preview", files=[yaml_file("qa.yaml", QA)])
    assert r.status_code == 403 and "reload the page" in r.text
    assert count_objectives(database) == 0


def import_here(database, *texts: str) -> transfer.ImportReport:
    from okrcoach.documents.load import load_text
    with database.session() as s:
        return transfer.import_documents(s, [load_text(t, f"doc{i}.yaml") for i, t in enumerate(texts)],
                                         today=TODAY, org="huakang")


def test_export_downloads_yaml_that_reimports_unchanged(browser, database, people):
    import_here(database, QA, LIN)
    open_page(browser)
    r = browser.get("/admin/transfer/export", params={"cycle": "2026-Q4", "sub_units": "1", "format": "yaml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
    assert r.headers["content-disposition"].startswith('attachment; filename="okrs-huakang-2026-Q4.yaml"')
    text = r.content.decode("utf-8")
    with database.session() as s:
        assert text == transfer.render_many(transfer.export_sets(s, org="huakang", cycle="2026-Q4"))
    assert "在 Q4 季度末前取得某项目甲级资质证书" in text        # readable Chinese, not \u escapes
    report = import_here(database, text)
    assert report.objectives.created == report.objectives.updated == 0 and report.objectives.unchanged == 2
    again = browser.get("/admin/transfer/export", params={"cycle": "2026-Q4", "sub_units": "1"})
    assert again.content == r.content


def test_export_as_json_in_a_zip_and_for_one_unit_without_its_sub_units(browser, database, people):
    import_here(database, QA, LIN)
    open_page(browser)
    r = browser.get("/admin/transfer/export", params={"format": "json", "package": "zip", "sub_units": "1"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        assert sorted(archive.namelist()) == ["lin.json", "qa.json"]
        assert '"owner": "质量部"' in archive.read("qa.json").decode("utf-8")
    only_qa = browser.get("/admin/transfer/export", params={"unit": "qa"})
    assert [s["id"] for s in yaml.safe_load(only_qa.text)["okrs"]] == ["qa"]    # lin's set is in qa-reg
    with_subtree = browser.get("/admin/transfer/export", params={"unit": "qa", "sub_units": "1"})
    assert [s["id"] for s in yaml.safe_load(with_subtree.text)["okrs"]] == ["qa", "lin"]


def test_an_export_that_matches_nothing_or_a_bad_choice_shows_the_form_with_the_reason(browser, people):
    open_page(browser)
    nothing = browser.get("/admin/transfer/export", params={"cycle": "2026-Q4"})
    assert nothing.status_code == 404 and 'data-reason="nothing"' in nothing.text and "没有符合" in nothing.text
    assert 'id="export-form"' in nothing.text
    bad = browser.get("/admin/transfer/export", params={"format": "xml"})
    assert bad.status_code == 422 and "yaml or json" in bad.text


def test_one_file_cannot_hold_an_owners_sets_of_two_cycles_but_a_zip_can(browser, database, people):
    import_here(database, QA, QA.replace("2026-Q4", "2027-Q1"))
    open_page(browser)
    one = browser.get("/admin/transfer/export", params={"sub_units": "1"})
    assert one.status_code == 422 and 'data-reason="several_cycles"' in one.text
    both = browser.get("/admin/transfer/export", params={"sub_units": "1", "package": "zip"})
    with zipfile.ZipFile(io.BytesIO(both.content)) as archive:
        assert sorted(archive.namelist()) == ["qa.2026-Q4.yaml", "qa.2027-Q1.yaml"]

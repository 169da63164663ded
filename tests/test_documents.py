"""Reading OKR documents: plain text as people paste it, YAML and JSON, and errors that point at a line."""
from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest

from okrcoach.documents import load_documents, load_text
from okrcoach.domain.errors import InputError
from okrcoach.domain.model import Level


def text(doc: str, name: str = "okr.txt"):
    return load_text(textwrap.dedent(doc).lstrip("\n"), name)


def outline(document) -> list[tuple[str, list[str]]]:
    return [(o.title, [k.title for k in o.key_results]) for s in document.sets for o in s.objectives]


# --- plain text --------------------------------------------------------------------------------------


def test_seed_style_bullets_with_full_width_colons_are_read():
    doc = text("""
        • 目标(O):在 11 月底前取得环境影响评价乙级资质
        • 关键结果(KR)
          • KR1:8 周内完成 6 名环评工程师的职业资格登记
          • KR2:完成质量保证体系文件的修订,形成 1 套受控文件
        • 目标(O):本季度提升资质档案管理水平
        • 关键结果(KR)
          • KR1:完成 2019 年以来 40 份资质证书的电子化归档
    """)
    assert outline(doc) == [
        ("在 11 月底前取得环境影响评价乙级资质",
         ["8 周内完成 6 名环评工程师的职业资格登记", "完成质量保证体系文件的修订,形成 1 套受控文件"]),
        ("本季度提升资质档案管理水平", ["完成 2019 年以来 40 份资质证书的电子化归档"]),
    ]
    assert doc.format == "text"
    assert [k.line for k in doc.sets[0].objectives[0].key_results] == [3, 4]


def test_numbered_objectives_and_key_results_are_read():
    doc = text("""
        O1: 取得压力管道安装许可证 GC2 级
        KR1: 焊工持证人数达到 10 人
        KR2: 9 月前完成 1 次模拟评审
        O2: 通过两化融合管理体系评定
        KR1: 完成 1 次内部审核
    """)
    assert outline(doc) == [("取得压力管道安装许可证 GC2 级", ["焊工持证人数达到 10 人", "9 月前完成 1 次模拟评审"]),
                            ("通过两化融合管理体系评定", ["完成 1 次内部审核"])]
    assert [o.line for o in doc.sets[0].objectives] == [1, 4]


def test_english_objective_and_kr_heads_are_read():
    doc = text("""
        Objective: Pass the IATF 16949 recertification audit with no major nonconformity
          KR1: Close all 14 open corrective actions by August 15
          KR2: Train 30 line supervisors on the updated control plan
    """)
    assert outline(doc) == [("Pass the IATF 16949 recertification audit with no major nonconformity",
                             ["Close all 14 open corrective actions by August 15",
                              "Train 30 line supervisors on the updated control plan"])]


def test_markdown_headings_and_list_items_are_read():
    doc = text("""
        # 质量部 OKR

        ## Objective: 完成医疗器械注册证延续
        - KR1: 6 月 30 日前提交延续注册申请
        - KR2: 补充 2 项临床评价资料

        ## Objective: 建立供应商资质台账
        - KR1: 收录 120 家供应商的有效证照
    """, "okr.md")
    assert outline(doc) == [("完成医疗器械注册证延续", ["6 月 30 日前提交延续注册申请", "补充 2 项临床评价资料"]),
                            ("建立供应商资质台账", ["收录 120 家供应商的有效证照"])]


def test_numbered_key_results_after_a_key_results_header_are_read():
    doc = text("""
        目标:取得信息系统安全等级保护三级测评报告
        关键结果:
        1. 7 月 31 日前完成 3 个系统的定级备案
        2. 整改中高风险项 25 项
        3、8 月底前取得测评机构出具的报告
    """)
    assert outline(doc) == [("取得信息系统安全等级保护三级测评报告",
                             ["7 月 31 日前完成 3 个系统的定级备案", "整改中高风险项 25 项",
                              "8 月底前取得测评机构出具的报告"])]


def test_text_around_the_okr_is_ignored():
    doc = text("""
        2026 年资质岗位工作复盘

        今年的资质工作总体平稳。以下是下一季度的 OKR:

        O1: 取得建筑装饰工程设计专项甲级资质
        KR1: 9 月前新增注册建筑师 2 人

        以上目标由资质主管负责,每月复盘一次。
        如有疑问请联系综合办公室。
    """)
    assert outline(doc) == [("取得建筑装饰工程设计专项甲级资质", ["9 月前新增注册建筑师 2 人"])]


def test_an_article_with_a_closing_section_after_the_key_results_keeps_only_the_okrs():
    doc = text("""
        三、实践案例

        资质岗位的 OKR 可以这样写:

          • 目标(O):年底前完成检验检测机构资质认定扩项
          • 关键结果(KR)
            • KR1:10 月前完成 5 个新增参数的方法验证
            • KR2:11 月前通过资质认定部门的现场评审

        四、结论

        OKR 并不是考核工具,而是聚焦与对齐的方法。
        • 要点一:目标要具体
        • 要点二:关键结果要可衡量
    """)
    assert outline(doc) == [("年底前完成检验检测机构资质认定扩项",
                             ["10 月前完成 5 个新增参数的方法验证", "11 月前通过资质认定部门的现场评审"])]


def test_cycle_and_owner_lines_above_the_objectives_are_read():
    doc = text("""
        负责人:陈静
        周期:2026-H2
        目标(O):取得 ISO 22000 食品安全管理体系认证
          KR1:完成 HACCP 计划 4 份
    """)
    s = doc.sets[0]
    assert s.owner == "陈静"
    assert s.cycle.start == dt.date(2026, 7, 1) and s.cycle.end == dt.date(2026, 12, 31)


def test_a_key_result_before_any_objective_is_an_error_on_its_line():
    with pytest.raises(InputError) as err:
        text("""
            本季度计划

            KR1: 完成 3 份申报材料
            O1: 取得资质
        """)
    assert err.value.line == 3 and err.value.file == "okr.txt"
    assert "objective" in str(err.value)


def test_text_without_an_objective_is_an_error():
    with pytest.raises(InputError, match="no objective"):
        text("会议纪要:讨论了资质延续的安排。\n")


# --- YAML and JSON -----------------------------------------------------------------------------------

ONE_SET = """
    id: qa
    owner: 孙悦
    level: team
    cycle: 2026-Q3
    objectives:
      - title: 在 9 月 30 日前取得实验室 CNAS 认可证书
        id: cnas
        key_results:
          - 7 月 15 日前完成 1 次覆盖全部要素的内部审核
          - title: 能力验证结果满意率达到 100%
            id: pt
            start: 80
            target: 100
            current: 90
            unit: "%"
            due: 2026-09-15
"""


def test_a_yaml_set_is_read_with_its_structured_key_result_fields():
    doc = load_text(textwrap.dedent(ONE_SET).lstrip("\n"), "qa.yaml")
    assert not doc.multi and doc.format == "yaml"
    s = doc.sets[0]
    assert (s.id, s.owner, s.level, str(s.cycle)) == ("qa", "孙悦", Level.TEAM, "2026-Q3")
    obj = s.objectives[0]
    assert obj.id == "cnas" and obj.line == 6
    kr = obj.key_results[1]
    assert (kr.title, kr.id, kr.start, kr.target, kr.current, kr.unit, kr.due) == (
        "能力验证结果满意率达到 100%", "pt", 80.0, 100.0, 90.0, "%", dt.date(2026, 9, 15))
    assert kr.has_structured_target and not obj.key_results[0].has_structured_target
    assert kr.line == 10


def test_several_sets_in_one_file_are_read_under_okrs():
    doc = load_text(textwrap.dedent("""
        okrs:
          - id: company
            level: company
            cycle: 2026
            objectives:
              - title: 年内取得 3 项新资质
                key_results: [12 月前取得 3 张资质证书]
          - id: legal
            level: department
            cycle: 2026
            objectives:
              - title: 年内完成 3 项资质的申报
                aligns_to: company.O1
                key_results: [10 月前提交 3 套申报材料]
    """), "all.yaml")
    assert doc.multi
    assert [s.id for s in doc.sets] == ["company", "legal"]
    assert [s.level for s in doc.sets] == [Level.COMPANY, Level.DEPARTMENT]
    assert doc.prefix(doc.sets[1]) == "legal."


def test_a_json_document_is_read():
    data = {"cycle": "2026-Q4", "objectives": [
        {"title": "Renew the ISO 13485 certificate", "key_results": ["Close 8 audit findings by Nov 30"]}]}
    doc = load_text(json.dumps(data, ensure_ascii=False), "okr.json")
    assert doc.format == "json"
    assert outline(doc) == [("Renew the ISO 13485 certificate", ["Close 8 audit findings by Nov 30"])]


def test_a_custom_cycle_with_start_and_end_dates_is_read():
    doc = load_text("cycle: {start: 2026-05-15, end: 2026-08-14}\nobjectives:\n"
                    "  - title: 完成 GMP 符合性检查\n    key_results: [8 月前整改 12 项缺陷]\n", "gmp.yaml")
    c = doc.sets[0].cycle
    assert (c.start, c.end) == (dt.date(2026, 5, 15), dt.date(2026, 8, 14))
    assert c.contains(dt.date(2026, 6, 1)) and not c.contains(dt.date(2026, 9, 1))


@pytest.mark.parametrize("document,line,words", [
    ("objectives:\n  - title: 取得资质\n    key_results: [完成 3 份材料\n", 3, "YAML"),
    ("cycle: 2026-Q5\nobjectives:\n  - title: 取得资质\n", 1, "quarter 5"),
    ("owner: 周\nlevel: group\nobjectives:\n  - title: 取得资质\n", 2, "level"),
    ("cycle: {start: 2026-09-01, end: 2026-06-30}\nobjectives:\n  - title: 取得资质\n", 1, "before it starts"),
    ("objectives:\n  - title: 取得资质\n    key_results:\n      - title: 证书 2 张\n        target: 两张\n", 4,
     "target"),
    ("objectives:\n  - title: 取得资质\n    key_results:\n      - title: 证书 2 张\n        due: 九月底\n", 4, "due"),
    ("key_results:\n  - 完成 3 份材料\n", 1, "outside any objective"),
    ("okrs:\n  - objectives:\n      - title: 取得资质\n", 2, "no id"),
    ("okrs:\n  - id: a\n    objectives: [x]\n  - id: a\n    objectives: [y]\n", 4, "used twice"),
], ids=["broken", "cycle", "level", "cycle order", "target", "due", "kr outside", "set without id", "duplicate id"])
def test_structured_errors_name_the_line_and_what_is_wrong(document, line, words):
    with pytest.raises(InputError) as err:
        load_text(document, "bad.yaml")
    assert err.value.file == "bad.yaml"
    assert err.value.line == line
    assert words in str(err.value)


def test_alignment_must_name_an_objective_or_key_result_of_the_files_read_together(tmp_path):
    (tmp_path / "company.yaml").write_text(
        "id: company\nlevel: company\nobjectives:\n  - title: 年内取得 3 项新资质\n"
        "    key_results:\n      - title: 12 月前取得 3 张证书\n        id: three-certs\n", encoding="utf-8")
    (tmp_path / "team.yaml").write_text(
        "level: team\nobjectives:\n  - title: 取得测绘乙级资质\n    aligns_to: three-certs\n"
        "    key_results: [9 月前提交申报材料]\n  - title: 取得地籍测绘资质\n    aligns_to: company.O1\n"
        "    key_results: [11 月前提交申报材料]\n", encoding="utf-8")
    docs = load_documents([tmp_path])
    assert [d.path for d in docs] == [str(tmp_path / "company.yaml"), str(tmp_path / "team.yaml")]
    with pytest.raises(InputError) as err:
        load_documents([tmp_path / "team.yaml"])
    assert err.value.line == 3 and "three-certs" in str(err.value)


def test_a_folder_without_documents_is_an_error(tmp_path):
    (tmp_path / "readme.rst").write_text("nothing here", encoding="utf-8")
    with pytest.raises(InputError, match="no OKR document"):
        load_documents([tmp_path])

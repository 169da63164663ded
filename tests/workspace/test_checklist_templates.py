"""Materials-checklist templates (``workspace.checklist_templates``): the shipped requirement lists an
application's checklist is made from, one per qualification category, in zh-CN and English."""
from __future__ import annotations

from importlib.resources import files

import pytest

from okrcoach.workspace.checklist_templates import (
    ChecklistTemplate, checklist_templates, parse_checklist, requirements)
from okrcoach.workspace.qualifications import CATEGORIES

SHIPPED = sorted(p.name for p in (files("okrcoach") / "checklists").iterdir() if p.name.endswith(".yaml"))
REQUIRED = {"medical_device_registration", "medical_device_production_licence", "construction_enterprise",
            "engineering_design", "safety_production_licence", "iso_9001", "iso_13485", "iso_27001",
            "high_tech_enterprise", "payment_licence"}

GOOD = """\
# 测试用清单
category: iso_9001
title: {zh: ISO 9001 认证审核资料, en: ISO 9001 certification audit evidence}
items:
  - {zh: 质量手册, en: Quality manual}
  - {zh: 内部审核报告, en: Internal audit report}
"""


def test_every_checklist_template_names_a_known_category_and_has_both_languages():
    templates = checklist_templates()

    assert len(templates) == len(SHIPPED)
    for category, template in templates.items():
        assert category in CATEGORIES and template.category == category
        assert template.title_zh and template.title_en
        assert all(zh.strip() and en.strip() for zh, en in template.items), category


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_file_is_named_after_its_category_and_holds_8_to_15_requirements(name):
    template = checklist_templates()[name.removesuffix(".yaml")]
    assert 8 <= len(template.items) <= 15
    first = (files("okrcoach") / "checklists" / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 4          # the one-line description


def test_the_main_qualification_categories_all_have_a_template():
    assert REQUIRED <= set(checklist_templates())


def test_requirements_come_in_the_language_asked():
    zh = requirements("medical_device_registration")
    en = requirements("medical_device_registration", "en")

    assert len(zh) == len(en) >= 8
    assert "产品技术要求" in zh and "Product technical requirements" in en
    assert any("临床评价" in text for text in zh) and any("Clinical evaluation" in text for text in en)
    assert zh == requirements("medical_device_registration", "zh")


def test_the_high_tech_list_carries_the_recognitions_thresholds():
    zh = " ".join(requirements("high_tech_enterprise"))
    assert "10%" in zh and "60%" in zh and "知识产权" in zh and "审计" in zh


def test_a_category_without_a_template_is_refused_by_name():
    with pytest.raises(ValueError, match="'other'.*no checklist template"):
        requirements("other")
    with pytest.raises(ValueError, match="'建筑资质'.*not a qualification category"):
        requirements("建筑资质")


def test_a_language_other_than_zh_or_en_is_refused():
    with pytest.raises(ValueError, match="'fr'"):
        requirements("iso_9001", "fr")


def test_a_well_formed_file_parses_into_its_pairs_in_order():
    template = parse_checklist("iso_9001.yaml", GOOD)

    assert template == ChecklistTemplate("iso_9001", "ISO 9001 认证审核资料", "ISO 9001 certification audit evidence",
                                         (("质量手册", "Quality manual"), ("内部审核报告", "Internal audit report")))
    assert template.title("en") == "ISO 9001 certification audit evidence"


@pytest.mark.parametrize(("filename", "text", "why"), [
    ("iso_13485.yaml", GOOD, "does not match the file name"),
    ("iso_9001.yaml", GOOD.replace("category: iso_9001", "category: iso_9002"), "not a qualification category"),
    ("iso_9001.yaml", GOOD.split("items:")[0] + "items: []\n", "non-empty list"),
    ("iso_9001.yaml", GOOD.replace("en: Quality manual", "en: ''"), "non-empty en text"),
    ("iso_9001.yaml", GOOD.replace("{zh: 内部审核报告, en: Internal audit report}", "{zh: 内部审核报告}"),
     "item 2 must be a mapping with exactly the keys zh and en"),
    ("iso_9001.yaml", GOOD.replace("title: {zh: ISO 9001 认证审核资料, ", "title: {"), "title"),
    ("iso_9001.yaml", "- just a list\n", "must be a mapping"),
    ("iso_9001.yaml", "category: [unclosed\n", "not valid YAML"),
])
def test_a_malformed_checklist_file_is_refused_naming_the_file(filename, text, why):
    with pytest.raises(ValueError, match=f"checklist template {filename}") as refused:
        parse_checklist(filename, text)
    assert why in str(refused.value)

"""Materials-checklist templates: what an application for each kind of qualification must contain.

A qualification team's KR "申报材料 100% 符合评审要求" is only checkable against a list of what the
authority asks for, and an application's checklist (``services.application_work.add_checklist``) is
made from such a list, "a template's, or typed in". Typing the NMPA dossier or the high-tech
recognition requirements from memory for every application is how items get forgotten, so the
usual requirements of each category ship with okrcoach: one YAML file per category key of
``qualifications.CATEGORIES`` in ``okrcoach/checklists``, each item in zh-CN and English. They are
data, not code, so that a qualification manager can read and correct them; this module loads them,
refuses a malformed file by its name (a broken template is a packaging bug, not a user error), and
hands out an item list in the language asked. Like ``qualifications``, it knows nothing of SQL or HTTP.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from .qualifications import CATEGORIES

LANGS = ("zh", "en")


@dataclass(frozen=True)
class ChecklistTemplate:
    category: str
    title_zh: str
    title_en: str
    items: tuple[tuple[str, str], ...]   # (zh, en) per requirement, in the dossier's order

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if _lang(lang) == "zh" else self.title_en


def _folder():
    return files("okrcoach") / "checklists"


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; one of: {', '.join(LANGS)}")
    return lang


def _pair(value: object, where: str) -> tuple[str, str]:
    """The non-empty zh and en texts of ``value``, a mapping with exactly those two keys."""
    if not isinstance(value, dict) or set(value) != set(LANGS):
        raise ValueError(f"{where} must be a mapping with exactly the keys zh and en, got {value!r}")
    texts = []
    for lang in LANGS:
        text = value[lang]
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where} needs a non-empty {lang} text, got {text!r}")
        texts.append(text.strip())
    return texts[0], texts[1]


def parse_checklist(filename: str, text: str) -> ChecklistTemplate:
    """The template in ``text``, read from ``filename`` (``<category>.yaml``); ``ValueError`` naming
    the file when it is not one: unreadable YAML, a category unknown or other than its file's name,
    a title or an item without both a zh and an en text, or no item at all."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ValueError(f"checklist template {filename}: not valid YAML ({e})") from None
    try:
        if not isinstance(data, dict):
            raise ValueError("must be a mapping with category, title and items")
        category = data.get("category")
        if category not in CATEGORIES:
            raise ValueError(f"category {category!r} is not a qualification category; one of: "
                             + ", ".join(CATEGORIES))
        stem = filename.rsplit("/", 1)[-1].removesuffix(".yaml")
        if category != stem:
            raise ValueError(f"category {category!r} does not match the file name (expected {stem!r})")
        title_zh, title_en = _pair(data.get("title"), "title")
        items = data.get("items")
        if not isinstance(items, list) or not items:
            raise ValueError("items must be a non-empty list")
        pairs = tuple(_pair(item, f"item {i}") for i, item in enumerate(items, 1))
    except ValueError as e:
        raise ValueError(f"checklist template {filename}: {e}") from None
    return ChecklistTemplate(category, title_zh, title_en, pairs)


@cache
def _load() -> tuple[ChecklistTemplate, ...]:
    out = []
    for entry in sorted(_folder().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            out.append(parse_checklist(entry.name, entry.read_text(encoding="utf-8")))
    return tuple(out)


def checklist_templates() -> dict[str, ChecklistTemplate]:
    """Every shipped template by category key, each file validated (``ValueError`` naming a bad one)."""
    return {t.category: t for t in _load()}


def requirements(category: str, lang: str = "zh") -> list[str]:
    """The requirements of ``category``'s template in ``lang`` (zh or en), in order: the list an
    application's checklist is made from. ``ValueError`` for a category without a template."""
    index = 0 if _lang(lang) == "zh" else 1
    known = checklist_templates()
    if category not in known:
        what = "is not a qualification category" if category not in CATEGORIES else "has no checklist template"
        raise ValueError(f"category {category!r} {what}; templates exist for: {', '.join(known)}")
    return [pair[index] for pair in known[category].items]

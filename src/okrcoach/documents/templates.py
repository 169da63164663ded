"""The OKR templates shipped in ``okrcoach/templates``: ``NAME.yaml`` (zh-CN) and ``NAME.en.yaml`` (English).

``okr init --template`` writes them to a file and the web editor's "new from template" fills its form
with them; both read them here. Each passes ``okr check`` cleanly (a test checks every one), and the
first comment line of each is its one-line description.
"""
from __future__ import annotations

from importlib.resources import files

from ..domain.errors import InputError
from ..domain.model import Document
from .load import load_text


def _folder():
    return files("okrcoach") / "templates"


def template_files() -> dict[str, dict[str, object]]:
    """Templates by name, each with its files by language."""
    out: dict[str, dict[str, object]] = {}
    for entry in sorted(_folder().iterdir(), key=lambda e: e.name):
        name = entry.name
        if not name.endswith(".yaml"):
            continue
        stem = name[: -len(".yaml")]
        lang = "zh"
        if stem.endswith(".en"):
            stem, lang = stem[: -len(".en")], "en"
        out.setdefault(stem, {})[lang] = entry
    return out


def template_text(name: str, lang: str) -> str:
    """The template's text in ``lang``, falling back to zh-CN when it has no such variant."""
    known = template_files()
    if name not in known:
        raise InputError(f"unknown template {name!r}",
                         expected="one of " + ", ".join(known) + " (see okr init --list)")
    variants = known[name]
    return variants.get(lang, variants.get("zh", next(iter(variants.values())))).read_text(encoding="utf-8")


def description(text: str) -> str:
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return first.lstrip("#").strip()


def template_document(name: str, lang: str) -> Document:
    """The template parsed, as ``okr check`` reads it."""
    return load_text(template_text(name, lang), f"{name}.yaml")

"""The web app's two languages: English message ids in the templates, the zh catalog beside them.

``locale/zh/LC_MESSAGES/messages.po`` is a gettext catalog (edit it with any PO editor, or extract
new ids with ``pybabel extract -F babel.cfg``); it is read once per process with Babel, so nothing
compiled is kept in the repository. zh-CN is the default; English shows the ids themselves.
"""
from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGS = ("zh", "en")
DEFAULT = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en"}


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def pick(*candidates: str | None) -> str:
    """The first of these that is a language we have (cookie, account setting, …), else zh."""
    for lang in candidates:
        if lang:
            short = lang.split("-")[0].split("_")[0].lower()
            if short in LANGS:
                return short
    return DEFAULT

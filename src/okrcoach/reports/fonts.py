"""The Chinese font the PDF report embeds, found on the system.

In order: ``$OKRCOACH_REPORT_FONT`` (``PATH``, or ``PATH:N`` for the N-th face of a ``.ttc``
collection); what fontconfig picks for Simplified Chinese (``fc-match :lang=zh-cn``); Debian's
fonts-noto-cjk where fontconfig is absent. Noto Sans CJK's ``.ttc`` holds JP, KR, SC, TC and HK
faces in that order: face 2 is SC, whose glyphs are the mainland forms (骨, 直, 说). Only the
characters used are embedded (fpdf2 subsets the font), so a report stays small.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..workspace.errors import WorkspaceError

ENV = "OKRCOACH_REPORT_FONT"
DEBIAN = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEBIAN_SC = 2


class FontMissing(WorkspaceError):
    """The server cannot write this PDF: no font for its Chinese text (HTTP 503, exit 2 on the CLI)."""

    status, code = 503, "report_font_missing"


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0           # the face within a .ttc collection


@dataclass(frozen=True)
class CjkFonts:
    regular: FontFace
    bold: FontFace           # the regular face again where no bold one is installed


def missing(why: str) -> FontMissing:
    return FontMissing(f"{why}: the PDF report needs a font with Chinese characters. Install one "
                       f"(Debian/Ubuntu: apt-get install fonts-noto-cjk) or set {ENV}=/path/to/font.ttc[:face]",
                       field=ENV)


def _parse(value: str) -> FontFace:
    path, _, index = value.rpartition(":")
    if path and index.isdigit():
        return FontFace(Path(path), int(index))
    return FontFace(Path(value))


def _fc_match(pattern: str) -> FontFace | None:
    """fontconfig's choice for the pattern, if it covers Simplified Chinese (it always answers something)."""
    if shutil.which("fc-match") is None:
        return None
    done = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{lang}", pattern], capture_output=True,
                          text=True, timeout=10, check=False)
    file, _, rest = done.stdout.partition("\t")
    index, _, langs = rest.partition("\t")
    if done.returncode != 0 or not file or "zh-cn" not in langs.split("|"):
        return None
    return FontFace(Path(file), int(index or 0))


def find_cjk_fonts() -> CjkFonts | None:
    """The fonts to embed, or None when the system has none (the environment variable, when set, must
    name a file that exists)."""
    override = os.environ.get(ENV, "").strip()
    if override:
        face = _parse(override)
        if not face.path.is_file():
            raise missing(f"{ENV}={override} names no file")
        return CjkFonts(face, face)
    regular = _fc_match(":lang=zh-cn")
    if regular is None and DEBIAN.is_file():
        regular = FontFace(DEBIAN, DEBIAN_SC)
    if regular is None:
        return None
    bold = _fc_match(":lang=zh-cn:weight=bold")
    if bold is None or bold.path == regular.path:
        sibling = regular.path.with_name(regular.path.name.replace("Regular", "Bold"))
        bold = FontFace(sibling, regular.index) if sibling != regular.path and sibling.is_file() else regular
    return CjkFonts(regular, bold)

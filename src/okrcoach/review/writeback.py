"""Write reviews back into the document they came from, in that document's own format.

The answers belong with the OKR: a review kept elsewhere would be lost when the file is copied,
and the checker could not honour it. YAML keeps its comments, text keeps every other line.
"""
from __future__ import annotations

from pathlib import Path

from ..domain.errors import InputError
from ..domain.model import Document, Review
from .atomic import atomic_write
from .targets import ReviewTarget
from .write_structured import write_json, write_yaml
from .write_text import write_text

_BOM = "\ufeff"


def render(text: str, doc: Document, targets: list[ReviewTarget], reviews: dict[str, Review],
           lang: str = "zh") -> str:
    """The document's new text; ``text`` is its current text without a BOM."""
    if doc.format == "text":
        return write_text(text, targets, reviews, lang)
    if doc.format == "json":
        return write_json(text, doc, targets, reviews)
    return write_yaml(text, doc, targets, reviews)


def write_back(path: str | Path, doc: Document, targets: list[ReviewTarget], reviews: dict[str, Review],
               lang: str = "zh") -> None:
    """Rewrite ``path`` atomically with ``reviews`` (final values by location) recorded."""
    try:
        raw = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the file again to write the review: {e}", file=str(path)) from None
    bom = raw.startswith(_BOM)
    text = raw[1:] if bom else raw
    new = render(text, doc, targets, reviews, lang)
    atomic_write(path, ((_BOM if bom else "") + new).encode("utf-8"))

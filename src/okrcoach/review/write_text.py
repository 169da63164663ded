"""Record reviews in plain text and Markdown as a trailing tag, touching nothing else.

People keep these OKRs in documents and chats; the only change a review may make is the
``[复核: 必要]`` / ``[review: necessary]`` tag at the end of an objective's or KR's own line, the
form ``documents/plain_text.py`` reads back. Every other line stays byte-identical, line endings
and a BOM included. Notes have no place in a tag and are not written (the summary says so).
"""
from __future__ import annotations

import re

from ..domain.model import Review
from .targets import ReviewTarget

# The same trailing tag that documents/plain_text.py reads, in either language.
_TAG = re.compile(r"\s*\[(?:review|复核)\s*[::][^\]]*\]\s*$", re.I)
_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits on
_WORDS = {"zh": ("复核", {True: "必要", False: "不必要"}, {True: "充分", False: "不充分"}),
          "en": ("review", {True: "necessary", False: "not-necessary"},
                 {True: "sufficient", False: "insufficient"})}


def review_tag(review: Review, lang: str) -> str | None:
    head, necessary, sufficient = _WORDS.get(lang, _WORDS["zh"])
    words = []
    if review.necessary is not None:
        words.append(necessary[review.necessary])
    if review.sufficient is not None:
        words.append(sufficient[review.sufficient])
    return f"[{head}: {', '.join(words)}]" if words else None


def tag_line(line: str, review: Review, lang: str) -> str:
    """The line with its review tag added or replaced; unchanged when there is nothing to tag."""
    tag = review_tag(review, lang)
    if tag is None:
        return line
    body = line.rstrip(_BREAKS)
    ending = line[len(body):]
    body = _TAG.sub("", body)
    core = body.rstrip()
    return f"{core} {tag}{body[len(core):]}{ending}"


def write_text(text: str, targets: list[ReviewTarget], reviews: dict[str, Review], lang: str) -> str:
    lines = text.splitlines(keepends=True)  # the numbering the text reader used
    for t in targets:
        review = reviews.get(t.location)
        if review is not None and t.line is not None and 0 < t.line <= len(lines):
            lines[t.line - 1] = tag_line(lines[t.line - 1], review, lang)
    return "".join(lines)

"""The closing summary: what was recorded where, and the one step each negative answer calls for."""
from __future__ import annotations

from ..domain.model import Review
from .messages import texts
from .targets import ReviewTarget


def summarize(path: str, targets: list[ReviewTarget], reviews: dict[str, Review], doc_format: str,
              lang: str) -> str:
    t = texts(lang)
    width = max((len(loc) for loc in reviews), default=0)
    lines = [t["recorded"].format(file=path)]
    kr_count = o_count = 0
    for target in targets:
        review = reviews.get(target.location)
        if review is None:
            continue
        words, advice = [], ""
        if target.is_objective and review.sufficient is not None:
            o_count += 1
            words.append(t["sufficient" if review.sufficient else "insufficient"])
            advice = "" if review.sufficient else t["advice_insufficient"]
        if not target.is_objective and review.necessary is not None:
            kr_count += 1
            words.append(t["necessary" if review.necessary else "not_necessary"])
            advice = "" if review.necessary else t["advice_not_necessary"]
        if review.note:
            words.append(f"{t['note_label']}: {review.note}")
        lines.append(f"  {target.location:<{width}}  {'; '.join(words)}")
        if advice:
            lines.append(f"  {'':<{width}}  {advice}")
    lines.append(t["count"].format(n=kr_count + o_count, kr=kr_count, o=o_count))
    if doc_format == "text" and any(r.note for r in reviews.values()):
        lines.append(t["notes_dropped"])
    return "\n".join(lines)

"""Record reviews in YAML and JSON documents as ``review:`` mappings on objectives and KRs.

YAML goes through ruamel.yaml's round trip so that comments, key order, quoting and the file's
own indentation survive; only the reviewed items change. A KR or objective written as a plain
string becomes ``{title: …, review: …}``, the only shape that can carry a review. JSON has no
comments to keep and is rewritten with ``indent=2, ensure_ascii=False``. New ``review`` keys go
right after the title, where a reader looks for them and where no trailing comment is attached.
"""
from __future__ import annotations

import copy
import io
import json
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

from ..domain.errors import InputError
from ..domain.model import Document, Review
from .targets import ReviewTarget


def review_fields(review: Review) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if review.necessary is not None:
        fields["necessary"] = review.necessary
    if review.sufficient is not None:
        fields["sufficient"] = review.sufficient
    if review.note:
        fields["note"] = review.note
    return fields


def write_yaml(text: str, doc: Document, targets: list[ReviewTarget], reviews: dict[str, Review]) -> str:
    _, seq_indent, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long OKR line
    yaml.indent(mapping=_mapping_indent(text), sequence=max(seq_indent or 2, (offset or 0) + 2),
                offset=offset or 0)
    if text.lstrip().startswith("---"):
        yaml.explicit_start = True
    data = yaml.load(text)
    _apply(data, doc, targets, reviews, mapping=CommentedMap, flow=True)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write_json(text: str, doc: Document, targets: list[ReviewTarget], reviews: dict[str, Review]) -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"cannot rewrite the file as JSON: {e.msg}", file=doc.path, line=e.lineno,
                         expected="strict JSON") from None
    _apply(data, doc, targets, reviews, mapping=dict, flow=False)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _mapping_indent(text: str) -> int:
    """The indent of a nested mapping below ``key:`` (2 when the file shows none)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for above, below in zip(lines, lines[1:]):
        if re.search(r":\s*(#.*)?$", above) and not below.lstrip().startswith("-"):
            step = (len(below) - len(below.lstrip())) - (len(above) - len(above.lstrip()))
            if step > 0:
                return step
    return 2


def _apply(data: Any, doc: Document, targets: list[ReviewTarget], reviews: dict[str, Review], *,
           mapping: type, flow: bool) -> None:
    sets = data["okrs"] if doc.multi else [data]
    for t in targets:
        review = reviews.get(t.location)
        if review is None or not review_fields(review):
            continue
        objectives = sets[t.set_index]["objectives"]
        if t.kr_index is None:
            node = _as_mapping(objectives, t.objective_index, mapping)
        else:
            obj = objectives[t.objective_index]
            krs = obj["key_results"] if "key_results" in obj else obj["krs"]
            node = _as_mapping(krs, t.kr_index, mapping)
        _set_review(node, review, mapping, flow)


def _as_mapping(items: list, index: int, mapping: type) -> Any:
    node = items[index]
    if not isinstance(node, dict):  # a plain string (or number) item: give it a title key
        new = mapping()
        new["title"] = node if isinstance(node, str) else str(node)
        comments = getattr(items, "ca", None)
        entry = comments.items.pop(index, None) if comments is not None else None
        if entry and entry[0] is not None:  # the item's comment now follows its title
            new.ca.items["title"] = [None, None, entry[0], None]
        items[index] = node = new
    return node


def _set_review(node: Any, review: Review, mapping: type, flow: bool) -> None:
    fields = review_fields(review)
    existing = node.get("review")
    if isinstance(existing, dict):
        existing.update(fields)  # fields already hold the old answers that were not changed
        return
    new = mapping()
    new.update(fields)
    if flow:
        new.fa.set_flow_style()
    keys = list(node.keys())
    title_key = next((k for k in ("title", "objective", "kr") if k in node), None)
    position = keys.index(title_key) + 1 if title_key else len(keys)
    if "review" in node:  # a review: that is not a mapping (e.g. null): replace it where it is
        position = keys.index("review")
        del node["review"]
    if hasattr(node, "insert"):
        node.insert(position, "review", new)
        if title_key is not None and position == keys.index(title_key) + 1:
            _carry_comment(node, title_key, "review")
    else:
        items = list(node.items())
        items.insert(position, ("review", new))
        node.clear()
        node.update(items)


def _carry_comment(node: CommentedMap, before: str, after: str) -> None:
    """Keep the comment lines that followed ``before`` below the ``after`` key inserted under it.

    ruamel.yaml stores an end-of-line comment and the comment lines under it in one token; left
    on ``before``, those lines (often about the next item) would land between it and ``after``.
    """
    entry = node.ca.items.get(before)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return
    value = token.value
    if value.startswith("#"):
        eol, _, rest = value.partition("\n")
        if not rest:
            return
        token.value = eol + "\n"
        moved = copy.copy(token)
        moved.value = "\n" + rest
    else:
        entry[2] = None
        moved = token
    node.ca.items[after] = [None, None, moved, None]

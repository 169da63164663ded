"""Word segmentation with part-of-speech tags (rjieba: jieba's dictionary, a fast Rust core)."""
from __future__ import annotations

import re
from functools import lru_cache

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*")


@lru_cache(maxsize=4096)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    import rjieba

    return tuple((w, p) for w, p in rjieba.tag(text) if w.strip())


def content_words(text: str, stop: set[str]) -> list[str]:
    """Nouns, verbs and English words that are not generic management vocabulary or numbers."""
    out = []
    for word, pos in tag(text):
        w = word.strip().lower()
        if not w or w in stop or any(ch.isdigit() for ch in w):
            continue
        if _EN_WORD.fullmatch(word):
            out.append(w)
        elif pos[:1] in ("n", "v", "a", "j", "l", "i", "e") or pos in ("vn", "nz", "eng"):
            if len(w) > 1 or pos.startswith("n"):
                out.append(w)
    return out

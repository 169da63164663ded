"""One object that rules ask about text, so that segmentation and embeddings are computed once.

Similarities come in two flavours (see ``notes/nlp-stack.md`` §5):
- *raw*: the whole sentence; best for near-duplicates and for which KR carries the outcome;
- *content*: time phrases, numbers and generic management words removed first; best for
  "is this KR about the same thing as the objective?", since KRs share template words
  (完成, 本季度, 确保) with unrelated aims.
"""
from __future__ import annotations

import re

import numpy as np

from .embeddings import Embedder, make_embedder
from .lexicon import GENERIC
from .normalize import normalize
from .segment import content_words
from .timebounds import mask_time

_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*\s*%?")
_PUNCT = re.compile(r"[\s,,。;;::、()()“”\"'《》<>\[\]【】!?!?/\-–—·•]+")


class Analyzer:
    def __init__(self, embedder: Embedder):
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._content: dict[str, str] = {}
        self._matrices: dict[tuple[str, ...], np.ndarray] = {}

    @classmethod
    def for_config(cls, config) -> "Analyzer":
        return cls(make_embedder(config.embedding))

    # --- text forms -------------------------------------------------------------------------
    def content(self, text: str) -> str:
        """What the text is about: no time phrases, numbers, identifiers' digits or generic words."""
        if (cached := self._content.get(text)) is None:
            cached = self._content[text] = self._compute_content(text)
        return cached

    def _compute_content(self, text: str) -> str:
        t = mask_time(normalize(text))
        t = _NUMBERS.sub(" ", t)
        words = content_words(t, GENERIC)
        return " ".join(words) if words else _PUNCT.sub(" ", t).strip()

    # --- embeddings -------------------------------------------------------------------------
    def vectors(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for t, v in zip(missing, self.embedder.encode(missing)):
                self._vectors[t] = v
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1))

    def matrix(self, texts: tuple[str, ...]) -> np.ndarray:
        """The stacked vectors of a fixed set of texts (such as prototypes), built once."""
        if (m := self._matrices.get(texts)) is None:
            m = self._matrices[texts] = self.vectors(list(texts))
        return m

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.vectors([normalize(a), normalize(b)])
        return float(va @ vb)

    def content_similarity(self, a: str, b: str) -> float:
        ca, cb = self.content(a), self.content(b)
        if not ca or not cb:
            return 0.0
        va, vb = self.vectors([ca, cb])
        return float(va @ vb)

    def prefetch(self, texts: list[str]) -> None:
        """Encode many texts in one batch (much faster than one by one)."""
        forms = [normalize(t) for t in texts] + [c for c in (self.content(t) for t in texts) if c]
        self.vectors(forms)

    # --- lexical ----------------------------------------------------------------------------
    @staticmethod
    def bigrams(text: str) -> set[str]:
        t = _PUNCT.sub("", normalize(text).lower())
        return {t[i:i + 2] for i in range(len(t) - 1)} or ({t} if t else set())

    def overlap(self, a: str, b: str) -> float:
        """Character-bigram Jaccard of the two texts' content."""
        ba, bb = self.bigrams(self.content(a)), self.bigrams(self.content(b))
        return len(ba & bb) / len(ba | bb) if ba and bb else 0.0

    def containment(self, small: str, big: str) -> float:
        """Share of ``small``'s content bigrams that also occur in ``big``."""
        bs, bb = self.bigrams(self.content(small)), self.bigrams(self.content(big))
        return len(bs & bb) / len(bs) if bs else 0.0

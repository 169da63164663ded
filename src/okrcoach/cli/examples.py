"""The built-in examples ``okr check`` runs on when given no path: the seed article's two OKRs."""
from __future__ import annotations

from importlib.resources import files


def example_paths() -> list[str]:
    folder = files("okrcoach") / "examples"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith((".txt", ".yaml", ".md")))

"""``okr demo``: (being written)."""
from __future__ import annotations


def add_parser(sub) -> None:
    pass

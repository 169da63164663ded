"""Locations as ``rules.md`` defines them: ``O1``, ``O1.KR2``, ``<set>.O1.KR2``, ``<set>`` or ``""``."""
from __future__ import annotations


def objective_location(prefix: str, o_index: int) -> str:
    return f"{prefix}O{o_index + 1}"


def kr_location(prefix: str, o_index: int, k_index: int) -> str:
    return f"{prefix}O{o_index + 1}.KR{k_index + 1}"


def set_location(prefix: str) -> str:
    return prefix[:-1] if prefix.endswith(".") else prefix

"""Long ``IN (...)`` lists in slices: SQLite caps the values one statement may bind (999 before
3.32, 32,766 since, more in some builds), and an import or a company-wide view easily names more
objectives than that. 900 a slice keeps under every cap for a few extra round trips."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

BATCH = 900


def batches(values: Iterable, size: int = BATCH) -> Iterator[list]:
    """``values`` (deduplicated, in their first order) in lists of at most ``size``."""
    items = list(dict.fromkeys(values))
    for start in range(0, len(items), size):
        yield items[start:start + size]

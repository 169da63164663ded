"""OKR cycles: a year, a half, a quarter or a custom date range.

The spec's forms are ``YYYY``, ``YYYY-H1``/``YYYY-H2``, ``YYYY-Qn`` and ``{start, end}``. A cycle
bounds every KR of its set in time, which is why ``kr-no-deadline`` asks for it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_FORM = re.compile(r"^(\d{4})(?:-(?:([Hh])(\d)|([Qq])(\d)))?$")


@dataclass(frozen=True)
class Cycle:
    start: dt.date
    end: dt.date
    label: str

    def __str__(self) -> str:
        return self.label

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _quarter_end(year: int, q: int) -> dt.date:
    month = q * 3
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def parse_cycle(value: object) -> Cycle:
    """Parse a cycle; raise ValueError with what was expected."""
    expected = "YYYY, YYYY-H1, YYYY-H2, YYYY-Q1..Q4 or {start: YYYY-MM-DD, end: YYYY-MM-DD}"
    if isinstance(value, int) and 1900 < value < 3000:
        value = str(value)
    if isinstance(value, str):
        m = _FORM.match(value.strip())
        if not m:
            raise ValueError(f"cycle {value!r} is not a cycle; expected {expected}")
        year = int(m.group(1))
        if m.group(2):
            half = int(m.group(3))
            if half not in (1, 2):
                raise ValueError(f"cycle {value!r} has no half {half}; expected H1 or H2")
            return Cycle(dt.date(year, 1 if half == 1 else 7, 1),
                         dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31), f"{year}-H{half}")
        if m.group(4):
            q = int(m.group(5))
            if q not in (1, 2, 3, 4):
                raise ValueError(f"cycle {value!r} has no quarter {q}; expected Q1, Q2, Q3 or Q4")
            return Cycle(dt.date(year, 3 * q - 2, 1), _quarter_end(year, q), f"{year}-Q{q}")
        return Cycle(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
    if isinstance(value, dict):
        try:
            start, end = _as_date(value["start"]), _as_date(value["end"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"cycle {value!r} needs start and end dates; expected {expected}") from None
        if end < start:
            raise ValueError(f"cycle ends ({end}) before it starts ({start})")
        return Cycle(start, end, f"{start}..{end}")
    raise ValueError(f"cycle {value!r} is not a cycle; expected {expected}")


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parse_date(value: object) -> dt.date:
    """A due date as YAML gives it (a date) or as text (YYYY-MM-DD)."""
    try:
        return _as_date(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a date; expected YYYY-MM-DD") from None

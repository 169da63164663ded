"""What the checker reports: one finding per rule and location, in the JSON shape of ``okr-format.md``."""
from __future__ import annotations

import enum
from dataclasses import asdict, dataclass


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(f"{value!r} is not a severity; expected error, warning or info") from None


@dataclass(frozen=True)
class Finding:
    file: str
    rule: str
    severity: Severity
    location: str
    message: str
    suggestion: str

    def to_dict(self) -> dict[str, str]:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d

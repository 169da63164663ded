"""Checker settings from ``[tool.okrcoach]`` in pyproject.toml or from ``.okrcoach.toml``.

Keys::

    max_key_results = 5          # KRs per objective (the seed's cap)
    max_objectives = 5           # objectives per owner and cycle
    disable = ["kr-no-deadline"] # rules switched off
    lang = "zh"                  # zh or en
    fail_on = "warning"          # error, warning or info
    embedding = "use"            # "use", "none" (lexical only) or "package.module:Factory"
    [tool.okrcoach.severity]     # severities changed per rule
    kr-no-deadline = "warning"

A bad value is an error that names the key, never a silent default.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..domain.errors import ConfigError
from .finding import Severity

LANGS = ("zh", "en")


@dataclass(frozen=True)
class CheckerConfig:
    max_key_results: int = 5
    max_objectives: int = 5
    disable: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    lang: str = "zh"
    fail_on: Severity = Severity.WARNING
    embedding: str = "use"
    source: str | None = None

    def with_overrides(self, **changes: Any) -> "CheckerConfig":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.okrcoach.toml``, or ``pyproject.toml`` with a ``[tool.okrcoach]`` table."""
    for folder in [start, *start.parents]:
        own = folder / ".okrcoach.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.okrcoach" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> CheckerConfig:
    if path is None:
        path = find_config_file((start or Path.cwd()).resolve())
        if path is None:
            return CheckerConfig()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read the configuration: {e.strerror}", file=str(path)) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}", file=str(path)) from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("okrcoach", {})
    return parse_config(data, source=str(path))


def parse_config(data: dict[str, Any], *, source: str = "<config>") -> CheckerConfig:
    from .registry import rule_ids

    def fail(key: str, what: str, expected: str) -> ConfigError:
        return ConfigError(f"[tool.okrcoach] {key}: {what}", file=source, expected=expected)

    known = {"max_key_results", "max_objectives", "disable", "severity", "lang", "fail_on", "embedding"}
    for key in data:
        if key not in known:
            raise fail(key, "unknown key", "one of " + ", ".join(sorted(known)))
    values: dict[str, Any] = {"source": source}
    for key in ("max_key_results", "max_objectives"):
        if key in data:
            v = data[key]
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 50:
                raise fail(key, f"{v!r} is not allowed", "a whole number from 1 to 50")
            values[key] = v
    ids = set(rule_ids())
    if "disable" in data:
        v = data["disable"]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise fail("disable", f"{v!r} is not a list of rule ids", 'a list such as ["kr-no-deadline"]')
        unknown = [x for x in v if x not in ids]
        if unknown:
            raise fail("disable", f"unknown rule id {unknown[0]!r}", "ids listed by `okr rules`")
        values["disable"] = frozenset(v)
    if "severity" in data:
        v = data["severity"]
        if not isinstance(v, dict):
            raise fail("severity", f"{v!r} is not a table", 'a table such as {"kr-no-deadline" = "warning"}')
        sev = {}
        for rule, level in v.items():
            if rule not in ids:
                raise fail(f"severity.{rule}", "unknown rule id", "ids listed by `okr rules`")
            try:
                sev[rule] = Severity.parse(level)
            except ValueError:
                raise fail(f"severity.{rule}", f"{level!r} is not a severity", "error, warning or info") from None
        values["severity"] = sev
    if "lang" in data:
        if data["lang"] not in LANGS:
            raise fail("lang", f"{data['lang']!r} is not supported", "zh or en")
        values["lang"] = data["lang"]
    if "fail_on" in data:
        try:
            values["fail_on"] = Severity.parse(data["fail_on"])
        except ValueError:
            raise fail("fail_on", f"{data['fail_on']!r} is not a severity", "error, warning or info") from None
    if "embedding" in data:
        v = data["embedding"]
        if not isinstance(v, str) or not (v in ("use", "none") or ":" in v):
            raise fail("embedding", f"{v!r} is not an embedding backend", '"use", "none" or "package.module:Factory"')
        values["embedding"] = v
    return CheckerConfig(**values)

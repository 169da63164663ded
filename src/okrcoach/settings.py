"""Settings for the workspace, read once from the environment and passed down explicitly.

``OKRCOACH_DATABASE_URL``  where the data lives; default: SQLite in ``OKRCOACH_DATA_DIR``.
``OKRCOACH_DATA_DIR``      the data folder for the embedded default (``~/.local/share/okrcoach``).
``OKRCOACH_TIMEZONE``      the organisation's clock for "today" in a cycle (default Asia/Shanghai).

Nothing connects at import time: ``create_app(settings)`` and ``Database(settings.database_url)``
take what they need, so tests pass their own.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .domain.errors import ConfigError


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "okrcoach"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=_default_data_dir)
    database_url: str = ""
    timezone: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{Path(self.data_dir) / 'okrcoach.db'}")
        if not self.database_url.startswith(("sqlite", "postgresql")):
            raise ConfigError(f"OKRCOACH_DATABASE_URL {self.database_url.split(':')[0]!r}: expected a "
                              "sqlite:/// or postgresql+psycopg:// URL")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"OKRCOACH_TIMEZONE {self.timezone!r} is not a time zone name") from None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def get_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    kwargs: dict = {}
    if env.get("OKRCOACH_DATA_DIR"):
        kwargs["data_dir"] = Path(env["OKRCOACH_DATA_DIR"]).expanduser()
    if env.get("OKRCOACH_DATABASE_URL"):
        kwargs["database_url"] = env["OKRCOACH_DATABASE_URL"]
    if env.get("OKRCOACH_TIMEZONE"):
        kwargs["timezone"] = env["OKRCOACH_TIMEZONE"]
    return Settings(**kwargs)

"""Settings for the workspace, read once from the environment and passed down explicitly.

``OKRCOACH_DATABASE_URL``  where the data lives; default: SQLite in ``OKRCOACH_DATA_DIR``.
``OKRCOACH_DATA_DIR``      the data folder for the embedded default (``~/.local/share/okrcoach``).
``OKRCOACH_TIMEZONE``      the organisation's clock for "today" in a cycle (default Asia/Shanghai).
``OKRCOACH_BASE_URL``      the web app's address as people reach it, for links in notices (e.g.
                           https://okr.example.com); none: notices carry no links.
``OKRCOACH_SMTP_HOST`` …   the mail server for e-mail notices (``notifications/channels/email.py``
                           lists them); none: no e-mail notice is queued.
``OKRCOACH_SCHEDULER``     ``on``: each app process runs the notification scheduler in a thread
                           (``okr serve`` sets it unless ``--no-scheduler``); default off.
``OKRCOACH_SCHEDULER_INTERVAL``  seconds between the scheduler's rounds (default 30).

Nothing connects at import time: ``create_app(settings)`` and ``Database(settings.database_url)``
take what they need, so tests pass their own.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .domain.errors import ConfigError

if TYPE_CHECKING:   # the channels import an HTTP client: only commands that read settings pay for it
    from .notifications.channels.email import SmtpConfig


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "okrcoach"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=_default_data_dir)
    database_url: str = ""
    timezone: str = "Asia/Shanghai"
    base_url: str = ""
    smtp: SmtpConfig | None = None
    scheduler: bool = False
    scheduler_interval: float = 30.0

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
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"OKRCOACH_BASE_URL {self.base_url!r}: expected an http:// or https:// address")
        if not self.scheduler_interval > 0:
            raise ConfigError(f"OKRCOACH_SCHEDULER_INTERVAL {self.scheduler_interval!r}: expected seconds above 0")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def get_settings(environ: dict[str, str] | None = None) -> Settings:
    from .notifications.channels.email import SmtpConfig

    env = os.environ if environ is None else environ
    kwargs: dict = {}
    if env.get("OKRCOACH_DATA_DIR"):
        kwargs["data_dir"] = Path(env["OKRCOACH_DATA_DIR"]).expanduser()
    if env.get("OKRCOACH_DATABASE_URL"):
        kwargs["database_url"] = env["OKRCOACH_DATABASE_URL"]
    if env.get("OKRCOACH_TIMEZONE"):
        kwargs["timezone"] = env["OKRCOACH_TIMEZONE"]
    if env.get("OKRCOACH_BASE_URL"):
        kwargs["base_url"] = env["OKRCOACH_BASE_URL"].rstrip("/")
    kwargs["smtp"] = SmtpConfig.from_env(env)
    kwargs["scheduler"] = env.get("OKRCOACH_SCHEDULER", "").lower() in ("on", "1", "true", "yes")
    if env.get("OKRCOACH_SCHEDULER_INTERVAL"):
        try:
            kwargs["scheduler_interval"] = float(env["OKRCOACH_SCHEDULER_INTERVAL"])
        except ValueError:
            raise ConfigError(f"OKRCOACH_SCHEDULER_INTERVAL {env['OKRCOACH_SCHEDULER_INTERVAL']!r}: "
                              "expected a number of seconds") from None
    return Settings(**kwargs)

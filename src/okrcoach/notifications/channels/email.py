"""E-mail: one multipart/alternative message (plain text + HTML) through the organisation's SMTP server.

The server comes from the environment (``SmtpConfig.from_env``)::

    OKRCOACH_SMTP_HOST      the server; without it, e-mail is off
    OKRCOACH_SMTP_PORT      default 465 for ssl, 587 for starttls, 25 for none
    OKRCOACH_SMTP_SECURITY  starttls (default), ssl (implicit TLS) or none (a local relay)
    OKRCOACH_SMTP_USER / OKRCOACH_SMTP_PASSWORD   log in when set (both or neither)
    OKRCOACH_SMTP_FROM      the sender address; default the user name when it is an address

Headers are written by the ``email`` package's default policy, so a Chinese subject travels as RFC 2047
UTF-8 and survives every client; each message has a Date, a Message-ID, and ``Auto-Submitted:
auto-generated`` (RFC 3834) so that out-of-office replies are not sent back to the robot. SMTP's own
codes decide ``retryable``: 4xx is a temporary refusal, 5xx (unknown mailbox, refused login) is not;
a server that cannot be reached or times out is tried again later.
"""
from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from ...domain.errors import ConfigError
from ..messages import Message, render_html, render_text
from .delivery import DeliveryError, Target

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORT = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    from_addr: str = ""
    security: str = "starttls"

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise ConfigError(f"OKRCOACH_SMTP_SECURITY {self.security!r}: expected one of {', '.join(SECURITY)}")
        if not 0 < self.port < 65536:
            raise ConfigError(f"OKRCOACH_SMTP_PORT {self.port}: expected a port number from 1 to 65535")
        if bool(self.username) != bool(self.password):
            raise ConfigError("OKRCOACH_SMTP_USER and OKRCOACH_SMTP_PASSWORD: set both to log in, or neither")
        if "@" not in self.from_addr or any(c in self.from_addr for c in "\r\n"):
            raise ConfigError(f"OKRCOACH_SMTP_FROM {self.from_addr!r}: expected the sender's e-mail address")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> SmtpConfig | None:
        """The server the environment names; None when OKRCOACH_SMTP_HOST is not set (e-mail is off)."""
        env = os.environ if environ is None else environ
        host = env.get("OKRCOACH_SMTP_HOST", "").strip()
        if not host:
            return None
        security = env.get("OKRCOACH_SMTP_SECURITY", "").strip().lower() or "starttls"
        port_text = env.get("OKRCOACH_SMTP_PORT", "").strip()
        try:
            port = int(port_text) if port_text else DEFAULT_PORT.get(security, 587)
        except ValueError:
            raise ConfigError(f"OKRCOACH_SMTP_PORT {port_text!r}: expected a port number") from None
        username = env.get("OKRCOACH_SMTP_USER", "").strip() or None
        sender = env.get("OKRCOACH_SMTP_FROM", "").strip() or (username if username and "@" in username else "")
        return cls(host=host, port=port, username=username, password=env.get("OKRCOACH_SMTP_PASSWORD") or None,
                   from_addr=sender, security=security)


def build(message: Message, *, to: str, from_addr: str, now: dt.datetime) -> EmailMessage:
    """The e-mail: subject, text part, HTML part."""
    mail = EmailMessage()
    mail["Subject"] = message.title
    mail["From"] = from_addr
    mail["To"] = to
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = make_msgid(domain=from_addr.rpartition("@")[2] or None)
    mail["Auto-Submitted"] = "auto-generated"
    mail["Content-Language"] = "zh-CN" if message.lang == "zh" else "en"
    mail.set_content(render_text(message))
    mail.add_alternative(render_html(message), subtype="html")
    return mail


def send(target: Target, message: Message, *, smtp: SmtpConfig | None, timeout: float, now: dt.datetime) -> None:
    if smtp is None:
        raise DeliveryError("e-mail: no SMTP server is configured (OKRCOACH_SMTP_HOST)", retryable=False)
    mail = build(message, to=target.address, from_addr=smtp.from_addr, now=now)
    where = f"e-mail via {smtp.host}:{smtp.port}"
    try:
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password)
            client.send_message(mail)
    except smtplib.SMTPRecipientsRefused as e:
        code, text = next(iter(e.recipients.values()))
        raise _refused(where, code, text) from None
    except smtplib.SMTPResponseException as e:   # sender refused, data refused, login refused, …
        raise _refused(where, e.smtp_code, e.smtp_error) from None
    except smtplib.SMTPNotSupportedError as e:
        raise DeliveryError(f"{where}: {e}", retryable=False) from None
    except ssl.SSLError as e:
        raise DeliveryError(f"{where}: TLS failed ({e.reason or type(e).__name__})", retryable=False) from None
    except TimeoutError:
        raise DeliveryError(f"{where}: no reply within {timeout:g} s") from None
    except OSError as e:   # refused connection, unknown host, dropped connection
        raise DeliveryError(f"{where}: cannot connect ({e.strerror or type(e).__name__})") from None


def _refused(where: str, code: int, text: bytes | str) -> DeliveryError:
    text = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    return DeliveryError(f"{where}: {code} {text.strip()[:200]}", retryable=400 <= code < 500)

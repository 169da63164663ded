"""Delivery channels: one ``Message`` to one ``Target`` (an e-mail address, a chat robot, a webhook).

``send`` picks the channel module by ``target.kind`` and makes one attempt; it returns on success and
raises ``DeliveryError`` otherwise, with ``retryable`` telling the notification core whether to try
again. ``check_target`` validates what a user typed into the settings form or API before it is stored.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

from ..messages import Message
from . import dingtalk, email, feishu, webhook, wecom
from .delivery import KINDS, DeliveryError, Target
from .email import SmtpConfig

__all__ = ["KINDS", "DeliveryError", "SmtpConfig", "Target", "check_target", "send"]

_ROBOTS = {"dingtalk": dingtalk, "feishu": feishu, "wecom": wecom, "webhook": webhook}
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
_MAX_ADDRESS, _MAX_SECRET, _MIN_WEBHOOK_SECRET = 2000, 200, 16


def send(target: Target, message: Message, *, smtp: SmtpConfig | None = None, timeout: float = 10.0,
         now: dt.datetime | None = None) -> None:
    """Deliver ``message`` to ``target`` once; DeliveryError when it did not arrive."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if target.kind == "email":
        email.send(target, message, smtp=smtp, timeout=timeout, now=now)
    elif target.kind in _ROBOTS:
        _ROBOTS[target.kind].send(target, message, timeout=timeout, now=now)
    else:
        raise DeliveryError(f"kind {target.kind!r}: expected one of {', '.join(KINDS)}", retryable=False)


def check_target(kind: str, address: str, secret: str | None) -> str | None:
    """None when a target of ``kind`` at ``address`` with ``secret`` can be used, else what is wrong."""
    if kind not in KINDS:
        return f"kind: expected one of {', '.join(KINDS)}"
    address = (address or "").strip()
    if not address:
        return "address: required"
    if len(address) > _MAX_ADDRESS:
        return f"address: at most {_MAX_ADDRESS} characters"
    if kind == "email":
        if not _EMAIL.match(address):
            return "address: expected an e-mail address such as name@example.com"
        return "secret: e-mail targets take no secret" if secret else None
    problem = _check_url(kind, address)
    if problem:
        return problem
    if secret is None or secret == "":
        return None
    if kind == "wecom":
        return "secret: WeCom group robots have no signing secret; leave it empty"
    if secret != secret.strip() or any(c.isspace() for c in secret) or len(secret) > _MAX_SECRET:
        return f"secret: expected the secret as shown, without spaces, at most {_MAX_SECRET} characters"
    if kind == "webhook" and len(secret) < _MIN_WEBHOOK_SECRET:
        return f"secret: at least {_MIN_WEBHOOK_SECRET} characters"
    return None


def _check_url(kind: str, address: str) -> str | None:
    if any(c.isspace() for c in address):
        return "address: a URL has no spaces"
    try:
        parts = urlsplit(address)
        port = parts.port   # ValueError for a port that is not a number
    except ValueError:
        return "address: the port is not a number from 1 to 65535"
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "address: expected an https:// URL"
    if port == 0:
        return "address: the port is not a number from 1 to 65535"
    query = parse_qs(parts.query)
    if kind == "dingtalk" and not query.get("access_token"):
        return "address: expected the DingTalk robot's Webhook URL, with ?access_token=…"
    if kind == "wecom" and not query.get("key"):
        return "address: expected the WeCom robot's Webhook URL, with ?key=…"
    if kind == "feishu" and not re.search(r"/bot/v2/hook/[^/]+$", parts.path):
        return "address: expected the Feishu bot's webhook URL, …/open-apis/bot/v2/hook/…"
    return None

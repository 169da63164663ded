"""A generic JSON webhook, for anything that is not one of the chat robots (a ticket system, a bus, n8n…).

The request is ``POST <address>`` with ``Content-Type: application/json; charset=utf-8`` and the body::

    {"kind": "certificate_expiry", "lang": "zh", "title": "…", "text": "…plain text…",
     "link": "https://…" | null, "facts": {…machine-readable data: ids, ISO dates, numbers…},
     "sent_at": "2026-11-29T01:00:00+00:00"}

When the target has a secret, two headers let the receiver check that the request is ours and fresh:

    X-Okrcoach-Timestamp: 1795914000                 (unix time, seconds)
    X-Okrcoach-Signature: sha256=<hex digest>

where the digest is HMAC-SHA256 with the secret (UTF-8) as key over ``f"{timestamp}.{raw body}"``, the raw
body being the exact bytes received. To verify: recompute it from the received timestamp and body, compare
with ``hmac.compare_digest``, and refuse a timestamp more than a few minutes (we suggest 5) from your clock,
which stops a captured request from being replayed::

    expected = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    ok = hmac.compare_digest(f"sha256={expected}", signature) and abs(time.time() - int(ts)) < 300

Any 2xx reply is success and its body is ignored; 429 and 5xx are retried later, other replies are not.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from ..messages import Message, render_text
from .delivery import Target, json_bytes, post_json

PLATFORM = "Webhook"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Okrcoach-Signature`` header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def payload(message: Message, now: dt.datetime) -> dict:
    return {"kind": message.kind, "lang": message.lang, "title": message.title, "text": render_text(message),
            "link": message.link, "facts": message.facts, "sent_at": now.isoformat(timespec="seconds")}


def send(target: Target, message: Message, *, timeout: float, now: dt.datetime) -> None:
    body = json_bytes(payload(message, now))
    headers = {}
    if target.secret:
        timestamp = int(now.timestamp())
        headers = {"X-Okrcoach-Timestamp": str(timestamp),
                   "X-Okrcoach-Signature": signature(target.secret, timestamp, body)}
    post_json(PLATFORM, target.address, body, timeout=timeout, headers=headers)

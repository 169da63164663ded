"""What every channel shares: the target, the one error a failed delivery raises, and the HTTP POST.

A channel makes one attempt and says whether another is worth it (``DeliveryError.retryable``); the
notification core owns retries, back-off and the delivery log. The rule for HTTP replies is the same
for every robot: a timeout, a refused connection, HTTP 429 or 5xx may pass, so they are retryable; any
other 4xx or a 3xx will not fix itself. Reasons name the platform and the host, never the URL: a robot's
URL carries its access token, and the reason is shown in the delivery log.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:   # imported when a robot is called: settings import SmtpConfig, and pay nothing for HTTP
    import httpx2 as httpx

KINDS = ("email", "dingtalk", "feishu", "wecom", "webhook")
_REASON_MAX = 300
_TOKEN_MIN = 6   # query values and path segments this long may be credentials: kept out of reasons


class DeliveryError(Exception):
    """A delivery that failed; ``reason`` is short text for the delivery log, ``retryable`` says whether
    trying again later may succeed."""

    def __init__(self, reason: str, *, retryable: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


@dataclass(frozen=True)
class Target:
    kind: str                    # one of KINDS
    address: str                 # an e-mail address, or the robot's / webhook's URL
    secret: str | None = None    # DingTalk/Feishu signing secret, generic webhook HMAC secret; WeCom has none

    def __repr__(self) -> str:   # the address may hold an access token and the secret is one: keep both out of logs
        return f"Target(kind={self.kind!r}, host={host_of(self.address)!r})"


def host_of(url: str) -> str:
    return urlsplit(url).hostname or "?"


def post_json(platform: str, url: str, body: bytes, *, timeout: float,
              headers: dict[str, str] | None = None) -> httpx.Response:
    """POST ``body`` (UTF-8 JSON, see ``json_bytes``); the 2xx response, else DeliveryError."""
    import httpx2 as httpx

    where = f"{platform} at {host_of(url)}"
    try:
        response = httpx.post(url, content=body, timeout=timeout, follow_redirects=False,
                              headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    except httpx.TimeoutException:
        raise DeliveryError(f"{where}: no reply within {timeout:g} s") from None
    except httpx.TransportError as e:
        raise DeliveryError(f"{where}: cannot connect ({type(e).__name__})") from None
    status = response.status_code
    if status >= 300:
        raise DeliveryError(_clip(f"{where}: HTTP {status}{_excerpt(response, url)}"),
                            retryable=status == 429 or status >= 500)
    return response


def json_reply(platform: str, url: str, response: httpx.Response) -> dict:
    """The robot's JSON reply; a 2xx that is not a JSON object means the URL is not the robot's."""
    try:
        reply = response.json()
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        raise DeliveryError(_clip(f"{platform} at {host_of(url)}: the reply is not the platform's JSON"
                                  f"{_excerpt(response, url)}"), retryable=False)
    return reply


def refused(platform: str, url: str, code, message, *, retryable: bool) -> DeliveryError:
    text = _scrub(str(message or "no message"), url)
    return DeliveryError(_clip(f"{platform} at {host_of(url)}: error {code}: {text}"), retryable=retryable)


def json_bytes(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _excerpt(response: httpx.Response, url: str) -> str:
    text = _scrub(response.text.strip().replace("\n", " "), url)
    return f": {text}" if text else ""


def _scrub(text: str, url: str) -> str:
    """``text`` without the URL's tokens, for a reply that echoes the request (``Cannot POST /hook/…``)."""
    parts = urlsplit(url)
    tokens = [v for _, v in parse_qsl(parts.query)] + parts.path.split("/")
    for token in sorted((t for t in tokens if len(t) >= _TOKEN_MIN), key=len, reverse=True):
        text = text.replace(token, "***")
    return text


def _clip(reason: str) -> str:
    return reason if len(reason) <= _REASON_MAX else reason[:_REASON_MAX - 1] + "…"

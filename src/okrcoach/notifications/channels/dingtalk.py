"""DingTalk (钉钉) custom group robot: one markdown message to the robot's webhook.

Format, per DingTalk's "自定义机器人接入" and "自定义机器人安全设置" pages
(https://open.dingtalk.com/document/robots/custom-robot-access,
https://open.dingtalk.com/document/robots/customize-robot-security-settings):

- POST ``https://oapi.dingtalk.com/robot/send?access_token=…`` with UTF-8 JSON
  ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``; the title is what the chat list shows.
- 加签 (signing): ``timestamp`` is the current time in milliseconds; ``string_to_sign`` is
  ``f"{timestamp}\\n{secret}"``; the signature is HMAC-SHA256 over it with the secret (the ``SEC…`` string)
  as key, Base64-encoded, then URL-encoded, and ``&timestamp=…&sign=…`` is appended to the URL. DingTalk
  refuses a timestamp more than an hour away from its clock.
- The reply is HTTP 200 with ``{"errcode": 0, "errmsg": "ok"}``; any other errcode is a failure.
  310000 (signature, keyword or IP whitelist refused) needs the robot's settings fixed, so it is not
  retried; 130101 and 410100 (sending too fast, 20 messages a minute) and -1 (system busy) are.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from urllib.parse import quote_plus

from ..messages import Message, render_markdown
from .delivery import Target, json_bytes, json_reply, post_json, refused

PLATFORM = "DingTalk"
RETRYABLE = frozenset({-1, 130101, 410100})


def sign(secret: str, timestamp_ms: int) -> str:
    """The URL-encoded ``sign`` parameter for ``timestamp_ms``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode("ascii"))


def payload(message: Message) -> dict:
    return {"msgtype": "markdown", "markdown": {"title": message.title, "text": render_markdown(message)}}


def send(target: Target, message: Message, *, timeout: float, now: dt.datetime) -> None:
    url = target.address
    if target.secret:
        timestamp = int(now.timestamp() * 1000)
        url += f"{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign(target.secret, timestamp)}"
    reply = json_reply(PLATFORM, url, post_json(PLATFORM, url, json_bytes(payload(message)), timeout=timeout))
    code = reply.get("errcode")
    if code != 0:
        raise refused(PLATFORM, url, code, reply.get("errmsg"), retryable=code in RETRYABLE)

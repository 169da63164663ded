"""WeCom (企业微信) group robot: one markdown message to the robot's webhook.

Format, per WeCom's "群机器人配置说明" (https://developer.work.weixin.qq.com/document/path/91770):

- POST ``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`` with UTF-8 JSON
  ``{"msgtype": "markdown", "markdown": {"content": …}}``. The content may hold at most 4096 bytes of
  UTF-8 (longer is refused with errcode 40058), so the body is cut at a line, or failing that a character,
  boundary, ends with "…" and keeps the link after it. There is no signing: the ``key`` in the URL is the credential.
- The reply is ``{"errcode": 0, "errmsg": "ok"}``; any other errcode is a failure. 45009 (over the limit
  of 20 messages a minute) and -1 (system busy) are retried; 93000 (invalid webhook) and others are not.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..messages import OPEN_LABEL, Message, render_markdown
from .delivery import Target, json_bytes, json_reply, post_json, refused

PLATFORM = "WeCom"
MAX_BYTES = 4096
RETRYABLE = frozenset({-1, 45009})
_ELLIPSIS = "…"


def truncate(text: str, limit: int = MAX_BYTES) -> str:
    """``text`` if it fits in ``limit`` UTF-8 bytes, else its longest whole-line (or whole-character)
    prefix that fits with "…" after it."""
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len(_ELLIPSIS.encode("utf-8"))
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    if "\n" in cut:
        cut = cut[:cut.rindex("\n") + 1]
    return cut + _ELLIPSIS


def payload(message: Message) -> dict:
    """The markdown body, cut to fit before the link so the link survives a long reminder."""
    link = f"\n[{OPEN_LABEL[message.lang]}]({message.link})\n" if message.link else ""
    body = render_markdown(replace(message, link=None), heading="###")
    return {"msgtype": "markdown",
            "markdown": {"content": truncate(body, MAX_BYTES - len(link.encode("utf-8"))) + link}}


def send(target: Target, message: Message, *, timeout: float, now: dt.datetime) -> None:
    reply = json_reply(PLATFORM, target.address, post_json(PLATFORM, target.address, json_bytes(payload(message)),
                                                           timeout=timeout))
    code = reply.get("errcode")
    if code != 0:
        raise refused(PLATFORM, target.address, code, reply.get("errmsg"), retryable=code in RETRYABLE)

"""Feishu / Lark (飞书) custom bot: one rich-text ("post") message to the bot's webhook.

Format, per Feishu's "自定义机器人使用指南" (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot)
and the post content structure (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/im-v1/message/create_json):

- POST ``https://open.feishu.cn/open-apis/bot/v2/hook/…`` (Lark: ``open.larksuite.com``) with JSON
  ``{"msg_type": "post", "content": {"post": {"zh_cn" | "en_us": {"title": …, "content": [[…], …]}}}}``,
  each inner list a paragraph of ``{"tag": "text", "text": …}`` and ``{"tag": "a", "text": …, "href": …}``
  elements. The body may not exceed 20 KB.
- 签名校验 (signing): ``timestamp`` is the current time in SECONDS, sent as a string;
  ``string_to_sign = f"{timestamp}\\n{secret}"`` is the HMAC-SHA256 KEY and the message is empty; the
  Base64 digest goes into the body as ``"sign"`` next to ``"timestamp"``. Feishu refuses a timestamp more
  than an hour away from its clock.
- The reply is ``{"code": 0, "msg": "success", …}`` (older bots answer ``{"StatusCode": 0, …}``); anything
  else is a failure: 19021 (signature or timestamp refused), 19022 (IP not allowed), 19024 (keyword
  missing) need the bot's settings fixed; 11232 (rate limit: 100 a minute, 5 a second) is retried, and so
  is 9499 when its message says "too many request" (9499 is also the code of a malformed body, which is not).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

from ..messages import OPEN_LABEL, Message
from .delivery import Target, json_bytes, json_reply, post_json, refused

PLATFORM = "Feishu"
LOCALES = {"zh": "zh_cn", "en": "en_us"}


def sign(secret: str, timestamp_s: int) -> str:
    """The ``sign`` field for ``timestamp_s``: HMAC-SHA256 keyed by the string to sign, over nothing."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode("utf-8"), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def payload(message: Message) -> dict:
    paragraphs = [[{"tag": "text", "text": line}] for line in message.lines if line]
    if message.link:
        paragraphs.append([{"tag": "a", "text": OPEN_LABEL[message.lang], "href": message.link}])
    return {"msg_type": "post",
            "content": {"post": {LOCALES[message.lang]: {"title": message.title, "content": paragraphs}}}}


def send(target: Target, message: Message, *, timeout: float, now: dt.datetime) -> None:
    body = payload(message)
    if target.secret:
        timestamp = int(now.timestamp())
        body = {"timestamp": str(timestamp), "sign": sign(target.secret, timestamp), **body}
    reply = json_reply(PLATFORM, target.address, post_json(PLATFORM, target.address, json_bytes(body), timeout=timeout))
    code = reply.get("code", reply.get("StatusCode"))
    if code != 0:
        message_text = reply.get("msg") or reply.get("StatusMessage") or ""
        retryable = code == 11232 or (code == 9499 and "too many" in str(message_text).lower())
        raise refused(PLATFORM, target.address, code, message_text, retryable=retryable)

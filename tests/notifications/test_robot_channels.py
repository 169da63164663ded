"""Chat robots and the generic webhook (``notifications.channels``), against a real local HTTP server.

Each test checks the payload in the platform's documented shape and verifies the signature the way the
platform's server does: recompute it from the received timestamp and the shared secret, compare, and
refuse a timestamp more than an hour away. Error replies map to DeliveryError with the right
``retryable`` flag, and no reason gives away the secret or the URL's token."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import time

import pytest

from okrcoach.notifications.channels import DeliveryError, Target, check_target, send
from okrcoach.notifications.channels.wecom import MAX_BYTES
from okrcoach.notifications.messages import compose
from tests.local_servers import free_port

from .samples import BASE_URL, SAMPLES

SECRET = "SECa3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9d"
TOKEN = "b3f1c0ffee"
PATHS = {"dingtalk": f"/robot/send?access_token={TOKEN}", "feishu": f"/open-apis/bot/v2/hook/{TOKEN}",
         "wecom": f"/cgi-bin/webhook/send?key={TOKEN}", "webhook": f"/hooks/okr?token={TOKEN}"}
OK = {"dingtalk": {"errcode": 0, "errmsg": "ok"}, "feishu": {"code": 0, "msg": "success", "data": {}},
      "wecom": {"errcode": 0, "errmsg": "ok"}, "webhook": {}}


def reminder(lang: str = "zh"):
    return compose("checkin_reminder", lang, SAMPLES["checkin_reminder"], base_url=BASE_URL)


def target(receiver, kind: str, secret: str | None = SECRET) -> Target:
    return Target(kind, receiver.url(PATHS[kind]), None if kind == "wecom" else secret)


def fresh(timestamp_s: float) -> bool:
    return abs(time.time() - timestamp_s) < 3600


def test_dingtalk_receives_markdown_on_a_signed_url_that_its_server_accepts(receiver):
    send(target(receiver, "dingtalk"), reminder())
    got = receiver.received[0]
    assert got.path == "/robot/send" and got.query["access_token"] == TOKEN
    body = got.json()
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "【OKR】请更新本周进度(3 个关键结果)"
    assert "- 提交第二类注册申报资料" in body["markdown"]["text"]
    assert f"]({BASE_URL}my)" in body["markdown"]["text"]
    # DingTalk: timestamp in ms; HmacSHA256(key=secret, "timestamp\nsecret"), Base64, URL-encoded in the query
    timestamp = got.query["timestamp"]
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert hmac.compare_digest(got.query["sign"], expected)   # parse_qs undid the URL-encoding
    assert fresh(int(timestamp) / 1000)


def test_feishu_receives_a_rich_text_post_with_a_signature_its_server_accepts(receiver):
    receiver.answer(reply=OK["feishu"])
    send(target(receiver, "feishu"), reminder("en"))
    body = receiver.received[0].json()
    assert body["msg_type"] == "post"
    post = body["content"]["post"]["en_us"]
    assert post["title"] == "Please update this week's progress (3 key results)"
    assert post["content"][0] == [{"tag": "text", "text": post["content"][0][0]["text"]}]
    assert post["content"][-1] == [{"tag": "a", "text": "Open in OKR Coach", "href": f"{BASE_URL}my"}]
    # Feishu: timestamp in s, as a string; HmacSHA256(key="timestamp\nsecret", empty message), Base64
    assert isinstance(body["timestamp"], str)
    expected = base64.b64encode(hmac.new(f"{body['timestamp']}\n{SECRET}".encode(), b"",
                                         hashlib.sha256).digest()).decode()
    assert hmac.compare_digest(body["sign"], expected)
    assert fresh(int(body["timestamp"]))


def test_feishu_uses_the_chinese_locale_for_a_chinese_notice_and_accepts_the_old_reply(receiver):
    receiver.answer(reply={"StatusCode": 0, "StatusMessage": "success"})
    send(target(receiver, "feishu", secret=None), reminder("zh"))
    body = receiver.received[0].json()
    assert list(body["content"]["post"]) == ["zh_cn"] and "sign" not in body


def test_wecom_receives_markdown_without_any_signature(receiver):
    send(target(receiver, "wecom"), compose("certificate_expiry", "zh", SAMPLES["certificate_expiry"],
                                            base_url=BASE_URL))
    got = receiver.received[0]
    assert got.query == {"key": TOKEN}
    body = got.json()
    assert body["msgtype"] == "markdown" and list(body["markdown"]) == ["content"]
    assert body["markdown"]["content"].startswith("### 【资质】证书还有 29 天到期:便携式监护仪注册证")


def test_a_long_wecom_notice_is_cut_to_4096_bytes_and_keeps_its_link(receiver):
    many = {**SAMPLES["checkin_reminder"], "krs": SAMPLES["checkin_reminder"]["krs"][:2] * 60}
    send(target(receiver, "wecom"), compose("checkin_reminder", "zh", many, base_url=BASE_URL))
    content = receiver.received[0].json()["markdown"]["content"]
    assert len(content.encode("utf-8")) <= MAX_BYTES
    assert "…" in content and content.rstrip().endswith(f"({BASE_URL}my)")


def test_the_generic_webhook_sends_its_json_and_a_signature_receivers_can_verify(receiver):
    receiver.answer(reply="")
    message = compose("response_due", "en", SAMPLES["response_due"], base_url=BASE_URL)
    send(target(receiver, "webhook"), message)
    got = receiver.received[0]
    body = got.json()
    assert set(body) == {"kind", "lang", "title", "text", "link", "facts", "sent_at"}
    assert body["kind"] == "response_due" and body["facts"]["due_on"] == "2026-12-02"
    assert body["facts"]["days_left"] == 3 and body["link"] == f"{BASE_URL}qualifications/applications/3"
    assert dt.datetime.fromisoformat(body["sent_at"]).tzinfo is not None
    # the recipe in the module's docstring
    timestamp, signature = got.headers["x-okrcoach-timestamp"], got.headers["x-okrcoach-signature"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + got.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, f"sha256={expected}")
    assert fresh(int(timestamp))


def test_an_unsigned_webhook_carries_no_signature_headers(receiver):
    send(target(receiver, "webhook", secret=None), reminder())
    assert "x-okrcoach-signature" not in receiver.received[0].headers


@pytest.mark.parametrize(("kind", "status", "reply", "retryable"), [
    ("dingtalk", 200, {"errcode": 310000, "errmsg": "sign not match"}, False),
    ("dingtalk", 200, {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}, True),
    ("feishu", 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}, False),
    ("feishu", 200, {"code": 11232, "msg": "frequency limited"}, True),
    ("feishu", 200, {"code": 9499, "msg": "too many request"}, True),
    ("feishu", 400, {"code": 9499, "msg": "Bad Request"}, False),
    ("wecom", 200, {"errcode": 45009, "errmsg": "api freq out of limit"}, True),
    ("wecom", 200, {"errcode": 93000, "errmsg": "invalid webhook url"}, False),
    ("dingtalk", 500, {"errcode": -1}, True),
    ("feishu", 429, {}, True),
    ("wecom", 502, "Bad Gateway", True),
    ("webhook", 503, "", True),
    ("webhook", 404, "no such hook", False),
    ("feishu", 404, f"Cannot POST /open-apis/bot/v2/hook/{TOKEN}", False),
    ("dingtalk", 200, {"errcode": 300001, "errmsg": f"token {TOKEN} is not exist"}, False),
    ("dingtalk", 200, "<html>captive portal</html>", False),
])
def test_each_platforms_refusal_says_whether_trying_again_may_help(receiver, kind, status, reply, retryable):
    receiver.answer(status, reply)
    with pytest.raises(DeliveryError) as failed:
        send(target(receiver, kind), reminder())
    assert failed.value.retryable is retryable
    assert SECRET not in failed.value.reason and TOKEN not in failed.value.reason
    assert "127.0.0.1" in failed.value.reason


@pytest.mark.parametrize("kind", ["dingtalk", "feishu", "wecom", "webhook"])
def test_a_robot_slower_than_the_timeout_is_tried_again_later(receiver, kind):
    receiver.answer(reply=OK[kind], delay=1.5)
    with pytest.raises(DeliveryError, match="no reply within 0.3 s") as failed:
        send(target(receiver, kind), reminder(), timeout=0.3)
    assert failed.value.retryable


def test_a_robot_nobody_listens_on_is_tried_again_later():
    port = free_port()
    with pytest.raises(DeliveryError, match="cannot connect") as failed:
        send(Target("wecom", f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={TOKEN}"), reminder(), timeout=2)
    assert failed.value.retryable and TOKEN not in failed.value.reason


@pytest.mark.parametrize(("kind", "address", "secret", "problem"), [
    ("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc", "SECabc", None),
    ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/0b1c", "s3cret", None),
    ("wecom", "http://127.0.0.1:8080/cgi-bin/webhook/send?key=k1", None, None),
    ("webhook", "https://hooks.example.com/okr", "0123456789abcdef", None),
    ("email", "lin.xiao@example.com", None, None),
    ("dingtalk", "ftp://oapi.dingtalk.com/robot/send?access_token=abc", None, "address: expected an https:// URL"),
    ("dingtalk", "https://oapi.dingtalk.com/robot/send", None, "address: expected the DingTalk robot's"),
    ("feishu", "https://open.feishu.cn/open-apis/bot/v2/", None, "address: expected the Feishu bot's"),
    ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1", "x", "secret: WeCom"),
    ("webhook", "https://hooks.example.com:99999/okr", None, "address: the port"),
    ("webhook", "https://hooks.example.com/okr", "short", "secret: at least 16"),
    ("email", "lin.xiao.example.com", None, "address: expected an e-mail address"),
    ("email", "", None, "address: required"),
    ("sms", "13800001111", None, "kind: expected one of"),
])
def test_a_target_is_checked_before_it_is_stored_naming_the_field(kind, address, secret, problem):
    found = check_target(kind, address, secret)
    assert found == problem if problem is None else found.startswith(problem)

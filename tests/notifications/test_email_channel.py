"""E-mail (``notifications.channels.email``) through a real SMTP server (aiosmtpd) on 127.0.0.1: the
check-in reminder arrives readable in zh and in en, and refusals say whether trying again may help."""
from __future__ import annotations

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from okrcoach.domain.errors import ConfigError
from okrcoach.notifications.channels import DeliveryError, SmtpConfig, Target, send
from okrcoach.notifications.messages import compose
from tests.local_servers import free_port

from .samples import BASE_URL, SAMPLES

RECIPIENT = "lin.xiao@example.com"


class Inbox:
    """Keeps each envelope as received, raw bytes included, to check what travelled on the wire."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):   # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class Refusing:
    def __init__(self, reply: str):
        self.reply = reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):   # noqa: N802 - aiosmtpd's
        return self.reply


def smtp_server(handler):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


@pytest.fixture
def inbox():
    box = Inbox()
    controller = smtp_server(box)
    yield box, SmtpConfig(host="127.0.0.1", port=controller.port, from_addr="okr@example.com", security="none")
    controller.stop()


def received(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


@pytest.mark.parametrize(("lang", "subject", "greeting"), [
    ("zh", "【OKR】请更新本周进度(3 个关键结果)", "林晓,你好!"),
    ("en", "Please update this week's progress (3 key results)", "Hello 林晓,"),
])
def test_the_checkin_reminder_arrives_as_text_and_html_with_a_readable_subject(inbox, lang, subject, greeting):
    box, smtp = inbox
    message = compose("checkin_reminder", lang, SAMPLES["checkin_reminder"], base_url=BASE_URL)
    send(Target("email", RECIPIENT), message, smtp=smtp)
    envelope = box.envelopes[0]
    assert envelope.rcpt_tos == [RECIPIENT] and envelope.mail_from == "okr@example.com"
    mail = received(envelope)
    assert mail["Subject"] == subject and mail["To"] == RECIPIENT
    assert mail.get_content_type() == "multipart/alternative"
    assert mail["Date"] and mail["Message-ID"].endswith("@example.com>")
    raw_headers = envelope.original_content.split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii()   # the Chinese subject travels RFC 2047-encoded
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert text.startswith(subject) and greeting in text and f"{BASE_URL}my" in text
    assert "<li>Close all &lt;CAPA&gt; items" in html and f'href="{BASE_URL}my"' in html


@pytest.mark.parametrize(("reply", "retryable"), [
    ("550 5.1.1 No such user here", False),
    ("451 4.3.0 Mailbox temporarily unavailable", True),
])
def test_a_refused_recipient_says_whether_trying_again_may_help(reply, retryable):
    controller = smtp_server(Refusing(reply))
    try:
        smtp = SmtpConfig(host="127.0.0.1", port=controller.port, from_addr="okr@example.com", security="none")
        with pytest.raises(DeliveryError) as failed:
            send(Target("email", RECIPIENT), compose("at_risk", "zh", SAMPLES["at_risk"]), smtp=smtp)
    finally:
        controller.stop()
    assert failed.value.retryable is retryable
    assert reply.split()[0] in failed.value.reason


def test_a_closed_smtp_port_is_tried_again_later():
    smtp = SmtpConfig(host="127.0.0.1", port=free_port(), from_addr="okr@example.com", security="none")
    with pytest.raises(DeliveryError, match="cannot connect") as failed:
        send(Target("email", RECIPIENT), compose("at_risk", "en", SAMPLES["at_risk"]), smtp=smtp, timeout=2)
    assert failed.value.retryable


def test_without_an_smtp_server_e_mail_is_refused_for_good():
    with pytest.raises(DeliveryError, match="OKRCOACH_SMTP_HOST") as failed:
        send(Target("email", RECIPIENT), compose("at_risk", "en", SAMPLES["at_risk"]))
    assert not failed.value.retryable


def test_the_smtp_server_is_read_from_the_environment():
    assert SmtpConfig.from_env({}) is None
    smtp = SmtpConfig.from_env({"OKRCOACH_SMTP_HOST": "smtp.exmail.qq.com", "OKRCOACH_SMTP_SECURITY": "ssl",
                                "OKRCOACH_SMTP_USER": "okr@example.com", "OKRCOACH_SMTP_PASSWORD": "pw"})
    assert (smtp.host, smtp.port, smtp.security, smtp.from_addr) == ("smtp.exmail.qq.com", 465, "ssl",
                                                                     "okr@example.com")
    assert "pw" not in repr(smtp)


@pytest.mark.parametrize(("env", "named"), [
    ({"OKRCOACH_SMTP_SECURITY": "tls"}, "OKRCOACH_SMTP_SECURITY"),
    ({"OKRCOACH_SMTP_PORT": "smtp"}, "OKRCOACH_SMTP_PORT"),
    ({"OKRCOACH_SMTP_USER": "okr"}, "OKRCOACH_SMTP_PASSWORD"),
    ({}, "OKRCOACH_SMTP_FROM"),
])
def test_a_bad_smtp_setting_is_refused_by_name(env, named):
    with pytest.raises(ConfigError, match=named):
        SmtpConfig.from_env({"OKRCOACH_SMTP_HOST": "smtp.example.com", **env})


@pytest.mark.parametrize(("security", "says"), [("starttls", "STARTTLS"), ("ssl", "TLS failed")])
def test_asking_for_tls_from_a_server_without_it_is_a_setting_to_fix_not_to_retry(inbox, security, says):
    _, plain = inbox
    smtp = SmtpConfig(host=plain.host, port=plain.port, from_addr=plain.from_addr, security=security)
    with pytest.raises(DeliveryError, match=says) as failed:
        send(Target("email", RECIPIENT), compose("at_risk", "en", SAMPLES["at_risk"]), smtp=smtp, timeout=5)
    assert not failed.value.retryable

"""Sending a test message to a channel a manager has just set up, and saying at once whether it arrived.

A robot address pasted with a typo, a signing secret from another robot, a closed firewall: each is
found when the channel is added, not weeks later in the delivery log when a real notice fails. The
test goes out directly (not through the outbox): the person who asked is waiting for the answer.
"""
from __future__ import annotations

from ..settings import Settings
from ..storage import models as m
from .channels import DeliveryError, Target, send
from .messages import compose_test


def send_test(channel: m.NotificationChannel, *, by: str, settings: Settings) -> str | None:
    """None when the test arrived; else why not, in the channel's words (never its secret)."""
    message = compose_test(channel.lang, channel=channel.name, unit=channel.unit.name, by=by,
                           base_url=settings.base_url or None, path=f"/units/{channel.unit_id}/notifications")
    try:
        send(Target(channel.kind, channel.address, channel.secret), message, smtp=settings.smtp)
    except DeliveryError as e:
        return str(e)
    return None

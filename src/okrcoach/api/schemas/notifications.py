"""Notification bodies: a person's preferences, a unit's channels (robots, webhooks, mailing lists)
and the delivery log."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from .common import BaseVersion, Strict

Kind = Literal["checkin_reminder", "at_risk", "back_on_track", "review_requested", "review_decided",
               "certificate_expiry", "response_due"]
ChannelKind = Literal["dingtalk", "feishu", "wecom", "webhook", "email"]


class PreferencesPublic(BaseModel):
    email_enabled: bool
    kinds: list[Kind]
    checkin_cadence: Literal["off", "weekly", "biweekly"]
    checkin_weekday: int = Field(description="0 Monday … 6 Sunday, in the organisation's time zone")
    checkin_hour: int = Field(description="0–23, in the organisation's time zone")


class PreferencesUpdate(Strict):
    email_enabled: bool | None = None
    kinds: list[Kind] | None = None
    checkin_cadence: Literal["off", "weekly", "biweekly"] | None = None
    checkin_weekday: int | None = Field(None, ge=0, le=6)
    checkin_hour: int | None = Field(None, ge=0, le=23)

    model_config = {"json_schema_extra": {"examples": [
        {"checkin_cadence": "weekly", "checkin_weekday": 0, "checkin_hour": 9},
        {"kinds": ["review_requested", "review_decided", "certificate_expiry"]},
    ]}}


class ChannelCreate(Strict):
    kind: ChannelKind
    address: str = Field(min_length=1, max_length=1000, description="the robot's webhook URL, or an e-mail address")
    secret: str | None = Field(None, max_length=200, description="DingTalk/Feishu signing secret, or the generic "
                               "webhook's HMAC secret; never returned")
    name: str | None = Field(None, max_length=100)
    kinds: list[Kind] | None = None
    lang: Literal["zh", "en"] = "zh"
    enabled: bool = True

    model_config = {"json_schema_extra": {"examples": [
        {"kind": "dingtalk", "name": "质量部群", "lang": "zh",
         "address": "https://oapi.dingtalk.com/robot/send?access_token=…", "secret": "SEC…",
         "kinds": ["at_risk", "review_requested", "certificate_expiry", "response_due"]},
    ]}}


class ChannelUpdate(Strict):
    name: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=1000)
    secret: str | None = Field(None, max_length=200)
    kinds: list[Kind] | None = None
    lang: Literal["zh", "en"] | None = None
    enabled: bool | None = None
    version: BaseVersion = None

    model_config = {"json_schema_extra": {"examples": [
        {"enabled": False, "version": 3},
        {"kinds": ["at_risk", "back_on_track"], "lang": "en", "version": 4},
    ]}}


class ChannelPublic(BaseModel):
    id: int
    unit: str
    name: str
    kind: ChannelKind
    address: str
    has_secret: bool
    kinds: list[Kind]
    lang: str
    enabled: bool
    version: int


class ChannelTestResult(BaseModel):
    delivered: bool
    error: str | None = Field(description="why the test did not arrive, as the channel's platform said")


class DeliveryTry(BaseModel):
    at: dt.datetime
    worker: str
    outcome: Literal["sent", "retry", "failed"]
    error: str | None
    target: str


class DeliveryPublic(BaseModel):
    id: int
    kind: Kind
    recipient: str
    status: Literal["pending", "sent", "failed"]
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    tries: list[DeliveryTry]

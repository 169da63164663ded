"""Bodies for signing in, API tokens and a person's own account."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...services.accounts import MAX_TOKEN_DAYS
from ...storage import models as m
from .common import Strict
from .people import Name, NewPassword, Password


class TokenCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "laptop", "expires_in_days": 90}]})

    name: str = Field(min_length=1, max_length=100, description="what the token is for, to tell tokens apart")
    expires_in_days: int | None = Field(None, ge=1, le=MAX_TOKEN_DAYS, description="none: until revoked")


class PasswordTokenCreate(TokenCreate):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"email": "mei@huakang.example", "password": "correct horse 42", "name": "laptop",
         "expires_in_days": 90}]})

    email: str = Field(min_length=1, max_length=254)
    password: Password


class TokenPublic(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="the token's first characters, to recognise it")
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    expires_at: dt.datetime | None

    @classmethod
    def of(cls, token: m.ApiToken) -> TokenPublic:
        return cls(id=token.id, name=token.name, prefix=token.prefix, created_at=token.created_at,
                   last_used_at=token.last_used_at, expires_at=token.expires_at)


class TokenCreated(TokenPublic):
    token: str = Field(description="the secret: shown only in this response; send it as "
                                   "Authorization: Bearer …")

    @classmethod
    def of_new(cls, token: m.ApiToken, secret: str) -> TokenCreated:
        return cls(**TokenPublic.of(token).model_dump(), token=secret)


class MeUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "梅经理", "locale": "zh"},
        {"current_password": "correct horse 42", "new_password": "a longer passphrase 7"}]})

    name: Name | None = None
    locale: Literal["zh", "en"] | None = None
    current_password: Password | None = Field(None, description="needed to set new_password")
    new_password: NewPassword | None = None
    version: int | None = Field(None, description="optional here: when given it must still be current")

"""Bodies for people: who they are, which units they belong to in what role."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...services.accounts import EMAIL
from ...services.handles import HANDLE
from ...services.passwords import MAX_LENGTH, MIN_LENGTH
from ...storage import models as m
from ...workspace.values import Role
from .common import BaseVersion, Strict

Email = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=EMAIL)]
Handle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=HANDLE)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# Passwords are taken exactly as typed: no stripping of spaces.
Password = Annotated[str, StringConstraints(strip_whitespace=False, max_length=MAX_LENGTH)]
NewPassword = Annotated[str, StringConstraints(strip_whitespace=False, min_length=MIN_LENGTH,
                                               max_length=MAX_LENGTH)]


class MembershipPublic(BaseModel):
    unit_id: int
    unit_key: str
    unit_name: str
    role: Role
    is_primary: bool = Field(description="the unit the person's own OKRs belong to")

    @classmethod
    def of(cls, membership: m.Membership) -> MembershipPublic:
        return cls(unit_id=membership.unit_id, unit_key=membership.unit.key, unit_name=membership.unit.name,
                   role=Role(membership.role), is_primary=membership.is_primary)


class PersonPublic(BaseModel):
    id: int
    handle: str
    name: str
    email: str | None
    locale: str
    is_admin: bool
    is_active: bool
    version: int
    memberships: list[MembershipPublic]

    @classmethod
    def of(cls, person: m.Person) -> PersonPublic:
        memberships = sorted(person.memberships, key=lambda x: (not x.is_primary, x.id))
        return cls(id=person.id, handle=person.handle, name=person.name, email=person.email,
                   locale=person.locale, is_admin=person.is_admin, is_active=person.is_active,
                   version=person.version, memberships=[MembershipPublic.of(x) for x in memberships])


class PersonCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"handle": "zhangsan", "name": "张三", "email": "zhangsan@huakang.example",
         "password": "correct horse 42", "unit_id": 3, "role": "member"}]})

    handle: Handle = Field(description="stable id, as documents name the person")
    name: Name
    email: Email
    password: NewPassword | None = Field(None, description="none: the person signs in only with API tokens")
    unit_id: int = Field(description="the person's primary unit")
    role: Role = Role.MEMBER
    is_admin: bool = Field(False, description="only admins may create admins")


class PersonUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "张三丰", "version": 2}, {"is_active": False, "version": 3}]})

    name: Name | None = None
    email: Email | None = None
    is_admin: bool | None = None
    is_active: bool | None = Field(None, description="false: the person can no longer sign in or use tokens")
    version: BaseVersion = None

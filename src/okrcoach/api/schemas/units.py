"""Bodies for units (the organisation's tree) and their members."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ...services import units as service
from ...storage import models as m
from ...workspace.values import Role, UnitKind
from .common import BaseVersion, Strict
from .people import Handle, Name

Key = Handle   # unit keys follow the rule of person handles


class UnitPublic(BaseModel):
    id: int
    parent_id: int | None
    key: str
    name: str
    kind: UnitKind
    path: str = Field(description="ids of the unit's ancestors and itself: /1/4/9/")
    depth: int = Field(description="0 for the company, 1 for its departments, …")
    version: int

    @classmethod
    def of(cls, unit: m.Unit) -> UnitPublic:
        return cls(id=unit.id, parent_id=unit.parent_id, key=unit.key, name=unit.name,
                   kind=UnitKind(unit.kind), path=unit.path, depth=service.depth(unit), version=unit.version)


class UnitCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"parent_id": 2, "key": "qa-audit", "name": "审核组", "kind": "team"}]})

    parent_id: int
    key: Key = Field(description="stable id, as documents name the unit")
    name: Name
    kind: UnitKind


class UnitUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "质量与法规部", "version": 1}, {"parent_id": 1, "version": 4}]})

    name: Name | None = None
    key: Key | None = None
    parent_id: int | None = Field(None, description="move under another unit (admins only)")
    version: BaseVersion = None


class MemberPublic(BaseModel):
    person_id: int
    handle: str
    name: str
    email: str | None
    role: Role
    is_primary: bool

    @classmethod
    def of(cls, membership: m.Membership) -> MemberPublic:
        person = membership.person
        return cls(person_id=person.id, handle=person.handle, name=person.name, email=person.email,
                   role=Role(membership.role), is_primary=membership.is_primary)


class MembershipUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"role": "member"},
                                                              {"role": "manager", "is_primary": True}]})

    role: Role
    is_primary: bool | None = Field(None, description="make this the person's primary unit (none: keep; "
                                                      "a first membership is primary)")

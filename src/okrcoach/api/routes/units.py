"""Routes: the organisation's units and their members."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ...services import units
from ...services.versions import base_version
from ..deps import ActorDep, IfMatchDep, SessionDep
from ..etag import set_etag
from ..schemas.common import Page, PageDep
from ..schemas.units import MemberPublic, MembershipUpdate, UnitCreate, UnitPublic, UnitUpdate

router = APIRouter(tags=["units"])


@router.get("/units", response_model=Page[UnitPublic], summary="The organisation's units, in tree order")
def list_units(session: SessionDep, actor: ActorDep, page: PageDep,
               parent_id: Annotated[int | None,
                                    Query(description="only the direct sub-units of this unit")] = None,
               ) -> dict:
    rows, total = units.list_units(session, actor=actor, parent_id=parent_id, offset=page.offset,
                                   limit=page.per_page)
    return page.of([UnitPublic.of(u) for u in rows], total)


@router.get("/units/{unit_id}", response_model=UnitPublic, summary="One unit")
def get_unit(unit_id: int, session: SessionDep, actor: ActorDep, response: Response) -> UnitPublic:
    unit = units.unit_for(session, actor, unit_id)
    set_etag(response, unit.version)
    return UnitPublic.of(unit)


@router.post("/units", status_code=status.HTTP_201_CREATED, response_model=UnitPublic,
             summary="Add a unit under another (admins; managers of the parent)")
def create_unit(body: UnitCreate, session: SessionDep, actor: ActorDep, response: Response) -> UnitPublic:
    unit = units.create_unit(session, actor=actor, parent_id=body.parent_id, key=body.key, name=body.name,
                             kind=body.kind)
    set_etag(response, unit.version)
    return UnitPublic.of(unit)


@router.patch("/units/{unit_id}", response_model=UnitPublic,
              summary="Rename a unit (its managers, admins) or move it under another parent (admins)")
def update_unit(unit_id: int, body: UnitUpdate, session: SessionDep, actor: ActorDep, if_match: IfMatchDep,
                response: Response) -> UnitPublic:
    unit = units.update_unit(session, actor=actor, unit_id=unit_id,
                             version=base_version(if_match, body.version), name=body.name, key=body.key,
                             parent_id=body.parent_id)
    set_etag(response, unit.version)
    return UnitPublic.of(unit)


@router.delete("/units/{unit_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete an empty unit (admins): no sub-units, members or objectives left")
def delete_unit(unit_id: int, session: SessionDep, actor: ActorDep) -> None:
    units.delete_unit(session, actor=actor, unit_id=unit_id)


@router.get("/units/{unit_id}/members", response_model=Page[MemberPublic],
            summary="The unit's own members (not those of its sub-units), managers first")
def list_members(unit_id: int, session: SessionDep, actor: ActorDep, page: PageDep) -> dict:
    rows, total = units.list_members(session, actor=actor, unit_id=unit_id, offset=page.offset,
                                     limit=page.per_page)
    return page.of([MemberPublic.of(x) for x in rows], total)


@router.put("/units/{unit_id}/members/{person_id}", response_model=MemberPublic,
            summary="Add a person to the unit or change their role (201 when added)")
def set_member(unit_id: int, person_id: int, body: MembershipUpdate, session: SessionDep, actor: ActorDep,
               response: Response) -> MemberPublic:
    membership, created = units.set_member(session, actor=actor, unit_id=unit_id, person_id=person_id,
                                           role=body.role, is_primary=body.is_primary)
    if created:
        response.status_code = status.HTTP_201_CREATED
    return MemberPublic.of(membership)


@router.delete("/units/{unit_id}/members/{person_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Remove a person from the unit")
def remove_member(unit_id: int, person_id: int, session: SessionDep, actor: ActorDep) -> None:
    units.remove_member(session, actor=actor, unit_id=unit_id, person_id=person_id)

"""Routes: people of the organisation (admins, and managers for their own units, add people)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ...services import accounts
from ...services.versions import base_version
from ..deps import ActorDep, IfMatchDep, SessionDep
from ..etag import set_etag
from ..schemas.common import Page, PageDep
from ..schemas.people import PersonCreate, PersonPublic, PersonUpdate

router = APIRouter(tags=["people"])


@router.get("/people", response_model=Page[PersonPublic], summary="People of my organisation, by name")
def list_people(session: SessionDep, actor: ActorDep, page: PageDep,
                unit_id: Annotated[int | None,
                                   Query(description="only people in this unit or below it")] = None,
                q: Annotated[str | None, Query(max_length=200,
                                               description="part of a name, handle or email")] = None,
                ) -> dict:
    rows, total = accounts.list_people(session, actor=actor, unit_id=unit_id, q=q, offset=page.offset,
                                       limit=page.per_page)
    return page.of([PersonPublic.of(p) for p in rows], total)


@router.get("/people/{person_id}", response_model=PersonPublic, summary="One person and their units")
def get_person(person_id: int, session: SessionDep, actor: ActorDep, response: Response) -> PersonPublic:
    person = accounts.person_for(session, actor, person_id)
    set_etag(response, person.version)
    return PersonPublic.of(person)


@router.post("/people", status_code=status.HTTP_201_CREATED, response_model=PersonPublic,
             summary="Add a person to a unit (admins; managers for the units they manage)")
def create_person(body: PersonCreate, session: SessionDep, actor: ActorDep,
                  response: Response) -> PersonPublic:
    person = accounts.create_person(session, actor=actor, handle=body.handle, name=body.name,
                                    email=body.email, unit_id=body.unit_id, role=body.role,
                                    password=body.password, is_admin=body.is_admin)
    set_etag(response, person.version)
    return PersonPublic.of(person)


@router.patch("/people/{person_id}", response_model=PersonPublic,
              summary="Edit someone's account: name, email, admin, active (admins)")
def update_person(person_id: int, body: PersonUpdate, session: SessionDep, actor: ActorDep,
                  if_match: IfMatchDep, response: Response) -> PersonPublic:
    person = accounts.update_person(session, actor=actor, person_id=person_id,
                                    version=base_version(if_match, body.version),
                                    name=body.name, email=body.email, is_admin=body.is_admin,
                                    is_active=body.is_active)
    set_etag(response, person.version)
    return PersonPublic.of(person)

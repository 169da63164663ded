"""Routes: signing in for an API token, and a person's own account and tokens (``/me``)."""
from __future__ import annotations

from fastapi import APIRouter, Response, status

from ...services import accounts
from ...services.versions import base_version
from ..deps import IfMatchDep, PersonDep, SessionDep, TokenDep
from ..etag import set_etag
from ..schemas.accounts import MeUpdate, PasswordTokenCreate, TokenCreate, TokenCreated, TokenPublic
from ..schemas.people import PersonPublic

router = APIRouter(tags=["auth"])


@router.post("/auth/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenCreated,
             summary="Sign in with email and password: a new API token, shown only in this response")
def create_token_with_password(body: PasswordTokenCreate, session: SessionDep) -> TokenCreated:
    token, secret = accounts.login(session, email=body.email, password=body.password, token_name=body.name,
                                   expires_in_days=body.expires_in_days)
    return TokenCreated.of_new(token, secret)


@router.get("/me", response_model=PersonPublic, summary="Who I am: my account and my units")
def me(person: PersonDep, response: Response) -> PersonPublic:
    set_etag(response, person.version)
    return PersonPublic.of(person)


@router.patch("/me", response_model=PersonPublic,
              summary="Change my name, language or password (a new password revokes my other tokens)")
def update_me(body: MeUpdate, session: SessionDep, person: PersonDep, token: TokenDep, if_match: IfMatchDep,
              response: Response) -> PersonPublic:
    person = accounts.update_me(session, person=person, version=base_version(if_match, body.version),
                                name=body.name, locale=body.locale, current_password=body.current_password,
                                new_password=body.new_password, token_id=token.id)
    set_etag(response, person.version)
    return PersonPublic.of(person)


@router.get("/me/tokens", response_model=list[TokenPublic], summary="My API tokens (never their secrets)")
def my_tokens(session: SessionDep, person: PersonDep) -> list[TokenPublic]:
    return [TokenPublic.of(t) for t in accounts.list_tokens(session, person=person)]


@router.post("/me/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenCreated,
             summary="A new API token for me, shown only in this response")
def create_my_token(body: TokenCreate, session: SessionDep, person: PersonDep) -> TokenCreated:
    token, secret = accounts.create_token(session, person=person, name=body.name,
                                          expires_in_days=body.expires_in_days)
    return TokenCreated.of_new(token, secret)


@router.delete("/me/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Revoke one of my tokens: it stops working at once")
def revoke_my_token(token_id: int, session: SessionDep, person: PersonDep) -> None:
    accounts.revoke_token(session, person=person, token_id=token_id)

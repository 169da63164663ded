"""Signing in and out, and the language switch."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from ...api.deps import SessionDep
from ...services import accounts
from ...workspace.errors import NotAuthenticated
from .. import i18n
from ..render import render
from ..security import LANG_COOKIE, SESSION_COOKIE, SESSION_DAYS, SESSION_TOKEN_NAME, end_session, start_session
from .deps import CsrfChecked, PersonDep, local

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> RedirectResponse:
    return RedirectResponse("/my" if request.cookies.get(SESSION_COOKIE) else "/signin", status_code=303)


@router.get("/signin")
def signin_page(request: Request, next: str | None = None):
    return render(request, "signin.html", next=local(next))


@router.post("/signin", dependencies=[CsrfChecked])
def signin(request: Request, session: SessionDep, email: Annotated[str, Form(max_length=254)] = "",
           password: Annotated[str, Form(max_length=1024)] = "", next: Annotated[str, Form(max_length=500)] = "/my"):
    try:
        _, secret = accounts.login(session, email=email, password=password, token_name=SESSION_TOKEN_NAME,
                                   expires_in_days=SESSION_DAYS)
    except NotAuthenticated:
        return render(request, "signin.html", status=401, next=local(next), email=email, failed=True)
    response = RedirectResponse(local(next), status_code=303)
    start_session(request, response, secret)
    return response


@router.post("/signout", dependencies=[CsrfChecked])
def signout(request: Request, session: SessionDep, person: PersonDep) -> RedirectResponse:
    accounts.revoke_token(session, person=person, token_id=request.state.token_id)
    response = RedirectResponse("/signin", status_code=303)
    end_session(response)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, request: Request, next: str | None = None) -> RedirectResponse:
    response = RedirectResponse(local(next), status_code=303)
    if code in i18n.LANGS:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response

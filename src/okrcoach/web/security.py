"""Who is signed in, and proof that a form came from our own pages.

A web session is an API token like any other (named "web session", expiring after 30 days), kept in
an HttpOnly, SameSite=Lax cookie: the pages enforce exactly the API's permissions, signing out
revokes it, and a person sees and revokes their sessions with their tokens.

Forms carry a CSRF token by double submit: a random value in a cookie of its own (SameSite=Strict)
that each form repeats in a hidden field, and htmx in an ``X-CSRF-Token`` header. Another site can
make a browser send our cookies, but it cannot read them to repeat the value.
"""
from __future__ import annotations

import secrets

from fastapi import Request, Response

from ..workspace.errors import Forbidden

SESSION_COOKIE = "okr_session"
CSRF_COOKIE = "okr_csrf"
LANG_COOKIE = "okr_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_DAYS = 30
SESSION_TOKEN_NAME = "web session"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def csrf_value(request: Request) -> str:
    """The CSRF token of this browser: the cookie's, or a new one (``remember_csrf`` sets it)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and 20 <= len(existing) <= 100:
        return existing
    if not hasattr(request.state, "new_csrf"):
        request.state.new_csrf = secrets.token_urlsafe(32)
    return request.state.new_csrf


def remember_csrf(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", secure=_secure(request), path="/")


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose form field or header does not repeat the cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        sent = form.get(CSRF_FIELD)
    if not cookie or not sent or not secrets.compare_digest(str(sent), cookie):
        raise Forbidden("this form has expired or did not come from this site; reload the page and try again",
                        field=CSRF_FIELD)


def start_session(request: Request, response: Response, secret: str) -> None:
    response.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_DAYS * 86400, httponly=True, samesite="lax",
                        secure=_secure(request), path="/")


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")

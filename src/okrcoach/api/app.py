"""The FastAPI application factory: ``create_app(settings)`` wires the database, errors and routes.

Nothing connects at import time; ``okr serve`` and the tests build the app they need.
"""
from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from .. import __version__, web
from ..settings import Settings, get_settings
from ..storage.db import Database
from . import errors
from .routes import ROUTERS
from .schemas.common import ERROR_RESPONSES

DESCRIPTION = """\
The okrcoach workspace: organisations, units, people, cycles and their OKRs, aligned,
checked by the same rules as `okr check`, tracked with check-ins and scored.

Authenticate with a personal API token: `Authorization: Bearer okr_…` (create one with
`POST /api/v1/auth/tokens` and your password, or `okr user add --token`).

Every error has one shape: `{"error": {"status", "code", "message", "field", "details"}}`.
Updates need the version they were based on (`If-Match: "<version>"` from the `ETag`, or
`version` in the body): a stale update gets 409. A check-in sent with an `Idempotency-Key`
header is created once however often the client retries.
"""


def _scheduler_lifespan(settings: Settings, database: Database):
    """With ``OKRCOACH_SCHEDULER=on`` (``okr serve`` sets it), this process also sends notifications."""
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        stop = None
        if settings.scheduler:
            from ..notifications.scheduler import Scheduler
            stop = Scheduler(database, settings).start(settings.scheduler_interval)
        try:
            yield
        finally:
            if stop is not None:
                stop.set()
    return lifespan


def create_app(settings: Settings | None = None, database: Database | None = None,
               clock: Callable[[], dt.date] | None = None) -> FastAPI:
    """``clock`` says what day it is in the organisation (tests freeze it); default: today in its time zone."""
    settings = settings or get_settings()
    database = database or Database(settings.database_url)
    app = FastAPI(title="okrcoach", version=__version__, description=DESCRIPTION,
                  openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=_scheduler_lifespan(settings, database))
    app.state.settings = settings
    app.state.database = database
    # notices by e-mail are queued only where a mail server can send them (services.notification_events)
    database.sessions.configure(info={"notify_email": settings.smtp is not None})
    app.state.clock = clock or (lambda: dt.datetime.now(settings.tz).date())
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1", responses=ERROR_RESPONSES)
    web.install(app)

    @app.get("/api/v1/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from the app's own vendored files: FastAPI's default loads it from a CDN, which
        closed networks cannot reach."""
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="okrcoach API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="data:,")

    return app

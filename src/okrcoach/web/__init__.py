"""The web app: server-rendered pages (Jinja2 + htmx) over the same services as the API.

Every asset is served by the app itself (``static/``, the JavaScript vendored by
``scripts/vendor-js.sh``): many users run it inside closed networks.
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .render import HERE, error_page
from .routes import ROUTERS


def install(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.error_page = error_page

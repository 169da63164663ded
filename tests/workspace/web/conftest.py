"""What the page tests share: ``browser``, a client of the web app as a browser sends requests (cookies
kept, redirects not followed, server errors as pages), on SQLite and PostgreSQL like the API."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from okrcoach.api import create_app

from ..conftest import TODAY


@pytest.fixture
def browser(settings, database, people):
    with TestClient(create_app(settings, database, clock=lambda: TODAY), raise_server_exceptions=False,
                    follow_redirects=False) as client:
        yield client

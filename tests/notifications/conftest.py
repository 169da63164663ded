"""A real local HTTP server for the channel tests, playing a chat robot or a webhook receiver."""
from __future__ import annotations

import pytest

from tests.local_servers import running_receiver


@pytest.fixture
def receiver():
    with running_receiver() as robot:
        yield robot

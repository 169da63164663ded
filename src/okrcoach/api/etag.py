"""The ``ETag`` of a versioned resource: its version, quoted (``"3"``), which the client sends back as
``If-Match``.

One function, so every route writes the header in the one form ``deps.if_match_version`` reads.
"""
from __future__ import annotations

from fastapi import Response


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'

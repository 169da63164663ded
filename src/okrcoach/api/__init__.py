"""The REST API: FastAPI under ``/api/v1``, a thin adapter over ``services``."""
from .app import create_app

__all__ = ["create_app"]

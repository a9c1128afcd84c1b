"""HTTP API (FastAPI)."""

from orderdesk.api.app import create_app

__all__ = ["create_app"]

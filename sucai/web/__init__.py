"""The web library: `create_app(settings, library)` returns the FastAPI application."""

from .app import create_app

__all__ = ["create_app"]

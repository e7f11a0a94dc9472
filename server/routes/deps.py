"""Request-scoped access to the services of the index generation serving now."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request

from server.services import Services


def services(request: Request) -> Iterator[Services]:
    """The services a request uses from start to end: one generation, even if an ingest switches mid-request."""
    with request.app.state.live.acquire() as loaded:
        yield loaded

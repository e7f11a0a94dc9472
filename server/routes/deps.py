"""Request-scoped access to the app's loaded services."""

from __future__ import annotations

from fastapi import Request

from server.app import Services


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]

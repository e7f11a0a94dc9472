"""ASGI guards in front of the app: request bodies over the limit (413), cross-origin state changes (403).

Both answer before any route runs, so a refused request never reaches the answer engine or the chat memory.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Renders an error as the app does everywhere else (JSON under /api/, a page otherwise).
ErrorSender = Callable[[Scope, Receive, Send, int, str], Awaitable[None]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What a browser says about where a request came from (a page cannot set these headers itself).
_SAME_SITE_FETCH = frozenset({"same-origin", "none"})


class BodyLimit:
    """Refuse a request whose body is larger than `limit` bytes with a 413, declared length or not."""

    def __init__(self, app: ASGIApp, limit: int, send_error: ErrorSender) -> None:
        self.app = app
        self.limit = limit
        self.send_error = send_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await self.send_error(scope, receive, send, 400, "the Content-Length header is not a number")
                return
            if int(declared) > self.limit:
                await self.send_error(scope, receive, send, 413, self._too_large(int(declared)))
                return
        # A body sent in chunks (no length declared, or a lying one) is counted as it arrives, up to the limit.
        buffered: list[Message] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                buffered.append(message)
                break
            size += len(message.get("body", b""))
            if size > self.limit:
                await self.send_error(scope, receive, send, 413, self._too_large(None))
                return
            buffered.append(message)
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return buffered.pop(0) if buffered else await receive()

        await self.app(scope, replay, send)

    def _too_large(self, size: int | None) -> str:
        got = f" ({size:,} bytes)" if size is not None else ""
        return f"the request body is too large{got}; the limit is {self.limit:,} bytes"


class SameOriginWrites:
    """Refuse a state-changing request (POST, DELETE, ...) that a browser says came from another origin.

    A browser names where a request came from in Sec-Fetch-Site, Origin or Referer; any of them naming
    another site is a 403. A client that sends none of them (curl, scripts, the test client) is not a
    browser carrying someone's session, so it is let through.
    """

    def __init__(self, app: ASGIApp, send_error: ErrorSender) -> None:
        self.app = app
        self.send_error = send_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            refusal = cross_origin_reason(scope)
            if refusal is not None:
                await self.send_error(scope, receive, send, 403, refusal)
                return
        await self.app(scope, receive, send)


def own_origin(scope: Scope) -> str:
    host = _header(scope, b"host")
    if host is None:
        server = scope.get("server") or ("localhost", None)
        host = f"{server[0]}:{server[1]}" if server[1] else str(server[0])
    return f"{scope.get('scheme', 'http')}://{host}".lower()


def cross_origin_reason(scope: Scope) -> str | None:
    """Why a state-changing request must be refused, or None when nothing says it came from elsewhere."""
    fetch_site = _header(scope, b"sec-fetch-site")
    origin = _header(scope, b"origin")
    referer = _header(scope, b"referer")
    mine = own_origin(scope)
    if fetch_site is not None and fetch_site.lower() not in _SAME_SITE_FETCH:
        return (
            f"refused: this request came from another site (Sec-Fetch-Site: {fetch_site}); use this server's own pages"
        )
    # A page with a no-referrer policy sends "Origin: null"; only the browser's own Sec-Fetch-Site makes it ours.
    null_but_vouched = origin == "null" and fetch_site is not None
    if origin is not None and origin.lower() != mine and not null_but_vouched:
        return f"refused: this request came from another origin ({origin}); use this server's own pages"
    if origin is None and referer is not None and _origin_of(referer) != mine:
        return "refused: this request came from another site's page; use this server's own pages"
    return None


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None

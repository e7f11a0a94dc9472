"""The HTTP protocol the server speaks: uvicorn's h11 protocol, with Nagle's algorithm off on every connection
and a cap on the requests one keep-alive connection carries.

With more than one worker, uvicorn binds the listening socket itself and leaves its `proto` at 0; accepted
sockets inherit that, and asyncio only turns TCP_NODELAY on for sockets that report IPPROTO_TCP. Nagle then
holds back the body of each response on a keep-alive connection until the client's delayed ACK (about 40 ms
on Linux), after the first (uvicorn issue 3149). Measured with two workers: a keep-alive search took 48 ms,
a fresh connection 5 ms. Setting the option per connection does not depend on how the socket was bound.

The workers share one listening socket, and a keep-alive connection stays with the worker that accepted it.
Sixteen clients connecting at once were split 12/4, 11/5, 10/6 between two workers (measured with `ss`), so one
core idled while the other queued. After `Settings.requests_per_connection` requests a response says
"Connection: close" (as nginx's `keepalive_requests` does); the client reconnects, and a busy worker, being
inside a request, is not the one that accepts the new connection.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

from core.settings import Settings

# uvicorn's `http` setting takes an import string; workers are separate processes and import it themselves.
IMPORT_STRING = "server.http_protocol:NoDelayH11Protocol"
CLOSE_HEADER = (b"connection", b"close")
_requests_per_connection: int | None = None


def requests_per_connection() -> int:
    """The cap from the settings `govdocs serve` passed to this worker through the environment (read once)."""
    global _requests_per_connection
    if _requests_per_connection is None:
        _requests_per_connection = Settings.from_env().requests_per_connection
    return _requests_per_connection


def disable_nagle(transport: asyncio.BaseTransport) -> bool:
    """Turn TCP_NODELAY on for the transport's socket, if it is a TCP socket; says whether it did."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.type != socket.SOCK_STREAM:
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    return True


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        disable_nagle(transport)
        self.requests_served = 0
        super().connection_made(transport)

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is None or self.cycle is cycle:
            return
        # A new request: its response has not started (the app runs as a task after this returns).
        self.requests_served += 1
        limit = requests_per_connection()
        if limit and self.requests_served >= limit:
            self.cycle.default_headers = [*self.cycle.default_headers, CLOSE_HEADER]

"""The HTTP protocol the server speaks: uvicorn's h11 protocol, with Nagle's algorithm off on every connection.

With more than one worker, uvicorn binds the listening socket itself and leaves its `proto` at 0; accepted
sockets inherit that, and asyncio only turns TCP_NODELAY on for sockets that report IPPROTO_TCP. Nagle then
holds back the body of each response on a keep-alive connection until the client's delayed ACK (about 40 ms
on Linux), after the first (uvicorn issue 3149). Measured with two workers: a keep-alive search took 48 ms,
a fresh connection 5 ms. Setting the option per connection does not depend on how the socket was bound.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

# uvicorn's `http` setting takes an import string; workers are separate processes and import it themselves.
IMPORT_STRING = "server.http_protocol:NoDelayH11Protocol"


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
        super().connection_made(transport)

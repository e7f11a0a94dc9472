"""Every connection the server accepts has Nagle's algorithm off, however uvicorn bound the listening socket."""

from __future__ import annotations

import asyncio
import socket

from uvicorn.config import Config

from server.http_protocol import IMPORT_STRING, NoDelayH11Protocol, disable_nagle


def _nodelay_of_accepted(turn_off: bool) -> tuple[int, int]:
    """Accept one real TCP connection on a listener bound as uvicorn's supervisor binds it (proto 0) and read
    TCP_NODELAY on the accepted socket before and after `disable_nagle` (when asked)."""
    seen: list[tuple[int, int]] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
            sock = transport.get_extra_info("socket")
            before = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            if turn_off:
                assert disable_nagle(transport)
            seen.append((before, sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
            transport.close()

    async def run() -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto left at 0, as uvicorn leaves it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        port = listener.getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await reader.read()  # the probe closes the connection once it has looked
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(run())
    assert len(seen) == 1
    return seen[0]


def test_a_socket_bound_with_proto_0_keeps_nagle_on_unless_turned_off() -> None:
    before, after = _nodelay_of_accepted(turn_off=False)
    assert before == 0 and after == 0  # the uvicorn fault this module exists for (if asyncio mends it, say so)
    before, after = _nodelay_of_accepted(turn_off=True)
    assert before == 0 and after != 0


def test_disable_nagle_leaves_a_non_tcp_socket_alone() -> None:
    a, b = socket.socketpair()

    class Transport(asyncio.BaseTransport):
        def get_extra_info(self, name: str, default: object = None) -> object:
            return a if name == "socket" else default

    try:
        assert disable_nagle(Transport()) is False
    finally:
        a.close()
        b.close()


def test_uvicorn_loads_the_no_delay_protocol_from_the_setting_cli_passes() -> None:
    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        return None

    config = Config(app, http=IMPORT_STRING)
    config.load()
    assert config.http_protocol_class is NoDelayH11Protocol


def test_a_keep_alive_connection_is_closed_politely_after_the_cap_and_the_client_reconnects(monkeypatch) -> None:
    """A real uvicorn server with this protocol: the third response on one connection says 'Connection: close',
    the server then closes it, and http.client's next request opens a new connection that is served."""
    import http.client
    import threading
    import time

    import uvicorn

    import server.http_protocol as protocol

    monkeypatch.setenv("GOVDOCS_REQUESTS_PER_CONNECTION", "3")
    monkeypatch.setattr(protocol, "_requests_per_connection", None)
    peers: list[int] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        peers.append(scope["client"][1])  # the client's port: one per connection
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(Config(app, host="127.0.0.1", port=port, http=IMPORT_STRING, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        closes = []
        for _ in range(5):
            conn.request("GET", "/")
            response = conn.getresponse()
            assert response.status == 200 and response.read() == b"ok"
            closes.append(response.getheader("connection"))
        conn.close()
    finally:
        server.should_exit = True
        thread.join(10)
    assert closes == [None, None, "close", None, None]
    assert len(set(peers[:3])) == 1 and peers[3] != peers[2] and peers[4] == peers[3]
    assert protocol.requests_per_connection() == 3

"""Serving a FakeProcore over a real loopback socket, and as an ASGI app.

``serve()`` uses uvicorn when it is installed (the ``server`` extra) and the standard
library's ``ThreadingHTTPServer`` otherwise. A background thread delivers webhooks while the
server runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from ._faults import DroppedConnection

if TYPE_CHECKING:
    from ._app import FakeProcore

__all__ = ["make_asgi_app", "serve"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# How often the background worker looks for due webhook deliveries.
_DELIVERY_POLL = 0.05


def make_asgi_app(fake: FakeProcore) -> ASGIApp:
    """An ASGI 3 application answering from ``fake``."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        host = next((v for k, v in headers if k.lower() == "host"), "localhost")
        query = scope.get("query_string", b"").decode("latin-1")
        url = f"{scope.get('scheme', 'http')}://{host}{scope['path']}" + (
            f"?{query}" if query else ""
        )
        try:
            resp = fake.handle(scope["method"], url, headers, b"".join(chunks))
        except DroppedConnection:
            # Promise a body, then fail: the server closes the connection mid-response.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"100")],
                }
            )
            raise
        if resp.delay:
            await asyncio.sleep(resp.delay)
        await send(
            {
                "type": "http.response.start",
                "status": resp.status,
                "headers": [
                    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in resp.headers
                ],
            }
        )
        await send({"type": "http.response.body", "body": resp.body})

    return app


def _handler_class(fake: FakeProcore) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            host = self.headers.get("Host") or "127.0.0.1"
            url = f"http://{host}{self.path}"
            try:
                resp = fake.handle(self.command, url, list(self.headers.items()), body)
            except DroppedConnection:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            if resp.delay:
                time.sleep(resp.delay)
            self.send_response(resp.status)
            names = set()
            for key, value in resp.headers:
                names.add(key.lower())
                self.send_header(key, value)
            if "content-length" not in names and resp.status not in (204, 304):
                self.send_header("Content-Length", str(len(resp.body)))
            self.end_headers()
            if resp.body and self.command != "HEAD":
                self.wfile.write(resp.body)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the fake records requests in ``fake.requests`` instead."""

    return Handler


@contextlib.contextmanager
def _delivery_worker(fake: FakeProcore) -> Iterator[None]:
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(_DELIVERY_POLL):
            with contextlib.suppress(Exception):
                fake.deliver_pending()

    thread = threading.Thread(target=loop, name="fake-procore-webhooks", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


@contextlib.contextmanager
def _stdlib(fake: FakeProcore, host: str, port: int) -> Iterator[str]:
    server = ThreadingHTTPServer((host, port), _handler_class(fake))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def _uvicorn(fake: FakeProcore, host: str, port: int) -> Iterator[str]:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(
        make_asgi_app(fake), log_level="critical", lifespan="off", access_log=False
    )
    server = uvicorn.Server(config)
    # Not the main thread: uvicorn must not install signal handlers (older versions).
    setattr(server, "install_signal_handlers", lambda: None)  # noqa: B010
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    ready = threading.Event()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        ready.wait(0.01)
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextlib.contextmanager
def serve(fake: FakeProcore, host: str, port: int, server: str = "auto") -> Iterator[str]:
    """Serve ``fake`` on ``host:port`` until the block exits; yields the base URL."""
    if server == "auto":
        server = "uvicorn" if importlib.util.find_spec("uvicorn") is not None else "stdlib"
    runner = _uvicorn if server == "uvicorn" else _stdlib
    with runner(fake, host, port) as url, _delivery_worker(fake):
        yield url

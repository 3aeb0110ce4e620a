"""ASGI 3 and WSGI applications around :class:`WebhookReceiver`. Standard library only."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator, MutableMapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, BinaryIO, TypeAlias

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from ._receiver import WebhookReceiver, WebhookResponse

__all__ = ["ASGIApp", "WSGIApp", "make_asgi_app", "make_wsgi_app"]

logger = logging.getLogger("procore_sdk.webhooks")

Scope: TypeAlias = MutableMapping[str, Any]
Message: TypeAlias = MutableMapping[str, Any]
Receive: TypeAlias = Callable[[], Awaitable[Message]]
Send: TypeAlias = Callable[[Message], Awaitable[None]]
ASGIApp: TypeAlias = Callable[[Scope, Receive, Send], Coroutine[Any, Any, None]]

StartResponse: TypeAlias = Callable[..., Any]
WSGIApp: TypeAlias = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

_TOO_LARGE = -1


def _content_length(value: str | None) -> int | None:
    # isdigit() accepts characters like '¹' that int() refuses; only ASCII digits are a length.
    text = (value or "").strip()
    if not text or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def make_asgi_app(receiver: WebhookReceiver) -> ASGIApp:
    """Build the ASGI 3 app: ``lifespan`` is completed, ``http`` requests are handled, and
    background handlers run after the response has been sent."""

    async def lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def read_body(receive: Receive, limit: int) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return b"\0" * (limit + 1)  # only its length matters: the receiver answers 413
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            return
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in scope.get("headers", ())
        ]
        method = str(scope.get("method", "GET"))
        limit = receiver.max_body_bytes
        declared = _content_length(
            next((v for k, v in headers if k.lower() == "content-length"), None)
        )
        # Method and Authorization are answered from the headers alone: an unauthenticated
        # client gets its 401 without the app waiting for (or reading) a body.
        response = receiver._refuse_before_body(headers, method)
        if response is None:
            body: bytes | None
            if declared is not None and declared > limit:
                body = b"\0" * (limit + 1)  # refuse without reading the whole upload
            else:
                body = await read_body(receive, limit)
                if body is None:
                    return  # the client went away; nobody to answer
            response = await receiver.async_handle(headers, body, method=method)
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in (
                        *response.headers,
                        ("content-length", str(len(response.body))),
                    )
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body, "more_body": False})
        # Procore waits 5 s (Procore docs: How Webhooks Work): slow work goes after the response.
        await response.async_run_background()

    return app


class _WSGIResult:
    """The response iterable; the server calls ``close()`` after writing it, which is when
    background handlers start (PEP 3333)."""

    def __init__(self, response: WebhookResponse, executor: Executor | None) -> None:
        self._response = response
        self._executor = executor

    def __iter__(self) -> Iterator[bytes]:
        yield self._response.body

    def close(self) -> None:
        if not self._response.background:
            return
        if self._executor is None:
            self._response.run_background()
        else:
            for task in self._response.background:
                self._executor.submit(task.run)


def _wsgi_headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    headers = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers.append((key[5:].replace("_", "-").lower(), str(value)))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            headers.append((key.replace("_", "-").lower(), str(value)))
    return headers


def _read_wsgi_body(environ: dict[str, Any], limit: int) -> bytes:
    stream: BinaryIO | None = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = _content_length(environ.get("CONTENT_LENGTH"))
    if length is None:
        if not environ.get("wsgi.input_terminated"):
            return b""  # PEP 3333: without CONTENT_LENGTH reading could block
        data = stream.read(limit + 1)
        return data if len(data) <= limit else b"\0" * (limit + 1)
    if length > limit:
        return b"\0" * (limit + 1)  # answered 413 without reading the upload
    return stream.read(length)


def make_wsgi_app(receiver: WebhookReceiver, *, executor: Executor | None = None) -> WSGIApp:
    """Build the WSGI app. Background handlers run when the server closes the response (after
    the body is written), or on ``executor`` when one is given."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        headers = _wsgi_headers(environ)
        # Method and Authorization first, from the headers alone: wsgi.input is read only for
        # an authenticated POST, so an unauthenticated client cannot hold the worker.
        response = receiver._refuse_before_body(headers, method)
        if response is None:
            body = _read_wsgi_body(environ, receiver.max_body_bytes)
            response = receiver.handle(headers, body, method=method)
        phrase = HTTPStatus(response.status).phrase
        start_response(
            f"{response.status} {phrase}",
            [*response.headers, ("content-length", str(len(response.body)))],
        )
        return _WSGIResult(response, executor)

    return app

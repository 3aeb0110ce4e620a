"""Deliver one webhook body to a receiver through its ASGI or WSGI app, called in-process.

Shared by the unit tests and the conformance tests of payload versions: each delivery goes
through the adapter (headers, body reading, response), not only ``WebhookReceiver.handle``.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import MutableMapping
from typing import Any

from procore_sdk.webhooks import WebhookReceiver

ADAPTERS = ("asgi", "wsgi")


def _asgi(receiver: WebhookReceiver, body: bytes, authorization: str) -> tuple[int, bytes]:
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "path": "/procore/webhooks",
        "headers": [
            (b"authorization", authorization.encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    asyncio.run(receiver.asgi_app()(scope, receive, send))
    return int(sent[0]["status"]), b"".join(m.get("body", b"") for m in sent[1:])


def _wsgi(receiver: WebhookReceiver, body: bytes, authorization: str) -> tuple[int, bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/procore/webhooks",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_AUTHORIZATION": authorization,
        "wsgi.input": io.BytesIO(body),
    }
    started: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started.append(status)

    result = receiver.wsgi_app()(environ, start_response)
    try:
        payload = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return int(started[0].split()[0]), payload


def deliver(
    adapter: str, receiver: WebhookReceiver, body: bytes, authorization: str
) -> tuple[int, bytes]:
    """POST ``body`` to the receiver's ``adapter`` app ("asgi" or "wsgi"); (status, body)."""
    if adapter == "asgi":
        return _asgi(receiver, body, authorization)
    return _wsgi(receiver, body, authorization)


def webhook_warnings(records: list[logging.LogRecord]) -> list[str]:
    """The receiver's warnings among ``caplog.records`` (other loggers and levels ignored)."""
    return [
        r.getMessage()
        for r in records
        if r.name == "procore_sdk.webhooks" and r.levelno >= logging.WARNING
    ]

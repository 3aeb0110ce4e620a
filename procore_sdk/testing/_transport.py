"""httpx transports serving a FakeProcore in-process (sync and async)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx

from ._faults import DroppedConnection

if TYPE_CHECKING:
    from ._app import FakeProcore
    from ._responses import FakeResponse

__all__ = ["AsyncFakeTransport", "FakeTransport"]


def _to_httpx(request: httpx.Request, resp: FakeResponse) -> httpx.Response:
    return httpx.Response(resp.status, headers=resp.headers, content=resp.body, request=request)


def _call(fake: FakeProcore, request: httpx.Request, body: bytes) -> FakeResponse:
    try:
        return fake.handle(request.method, str(request.url), list(request.headers.items()), body)
    except DroppedConnection as exc:
        if exc.after_processing:
            # The server did the work; only the response was lost.
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None
        raise httpx.ConnectError("Connection refused (injected fault)", request=request) from None


class FakeTransport(httpx.BaseTransport):
    """An ``httpx.BaseTransport`` answering from a :class:`FakeProcore`."""

    def __init__(self, fake: FakeProcore) -> None:
        self.fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in-process (latency goes through ``fake.sleeper``)."""
        resp = _call(self.fake, request, request.read())
        if resp.delay:
            self.fake.sleeper(resp.delay)
        return _to_httpx(request, resp)


class AsyncFakeTransport(httpx.AsyncBaseTransport):
    """An ``httpx.AsyncBaseTransport`` answering from a :class:`FakeProcore`."""

    def __init__(self, fake: FakeProcore) -> None:
        self.fake = fake

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in-process (latency via ``fake.async_sleeper`` if set)."""
        body = await request.aread()
        resp = _call(self.fake, request, body)
        if resp.delay:
            if self.fake.async_sleeper is not None:
                await self.fake.async_sleeper(resp.delay)
            else:
                self.fake.sleeper(resp.delay)
        await asyncio.sleep(0)
        return _to_httpx(request, resp)

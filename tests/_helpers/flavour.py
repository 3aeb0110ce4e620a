"""Run one test body against the sync client and the async client.

``Flavour.client(...)`` returns a ``Procore``, or an ``AsyncProcore`` seen through
:class:`SyncView`, which runs coroutines to completion and iterates async iterators, so a test
reads the same for both flavours.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import httpx
from _support import Runner, SyncView

from procore_sdk import AsyncProcore, Procore

API = "https://api.procore.com"


class Flavour(Runner):
    """One client flavour (``sync`` or ``async``), with defaults for pagination tests: a static
    token, company 1, the production API host, no retries, and optionally a fake Procore."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def client(  # type: ignore[override]
        self,
        handler: Callable[[httpx.Request], httpx.Response] | None = None,
        *,
        fake: Any = None,
        **kwargs: Any,
    ) -> Any:
        kwargs.setdefault("access_token", "test-token")
        kwargs.setdefault("company_id", 1)
        kwargs.setdefault("base_url", API)
        kwargs.setdefault("max_retries", 0)
        if self.is_async:
            transport = fake.async_transport() if fake is not None else httpx.MockTransport(handler)  # type: ignore[arg-type]
            client = AsyncProcore(http_client=httpx.AsyncClient(transport=transport), **kwargs)
            return SyncView(client, self)
        transport = fake.transport() if fake is not None else httpx.MockTransport(handler)  # type: ignore[arg-type]
        return Procore(http_client=httpx.Client(transport=transport), **kwargs)


def link_header(url: httpx.URL, page: int, last: int, *, drop_params: bool = False) -> str:
    """A ``Link`` header exactly as §4 documents: rels ordered first, prev, last, next; page 2
    has no ``prev``; the last page has no ``next``."""

    def at(n: int) -> str:
        if drop_params:
            target = url.copy_with(params={"page": n, "per_page": url.params.get("per_page", "")})
        else:
            target = url.copy_merge_params({"page": str(n)})
        return str(target)

    parts = []
    if page >= 2:
        parts.append(f'<{at(1)}>; rel="first"')
    if page >= 3:
        parts.append(f'<{at(page - 1)}>; rel="prev"')
    if page < last:
        parts.append(f'<{at(last)}>; rel="last"')
        parts.append(f'<{at(page + 1)}>; rel="next"')
    return ", ".join(parts)


class ListServer:
    """A mock list endpoint serving ``n`` records with Procore's pagination headers (§4)."""

    def __init__(
        self,
        n: int,
        *,
        default_per_page: int = 100,
        total: bool = True,
        drop_params: bool = False,
        v2: bool = False,
        record: Callable[[int], dict[str, Any]] | None = None,
    ) -> None:
        self.n = n
        self.default_per_page = default_per_page
        self.total = total
        self.drop_params = drop_params
        self.v2 = v2
        self.record = record or (lambda i: {"id": i, "name": f"Record {i}"})
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        page = int(request.url.params.get("page", "1"))
        per_page = int(request.url.params.get("per_page", str(self.default_per_page)))
        last = max(1, math.ceil(self.n / per_page))
        start = (page - 1) * per_page
        items = [self.record(i) for i in range(start + 1, min(self.n, start + per_page) + 1)]
        headers = {"Per-Page": str(per_page)}
        if self.total:
            headers["Total"] = str(self.n)
        link = link_header(request.url, page, last, drop_params=self.drop_params)
        if link or self.v2:
            headers["Link"] = link  # v2 sends Link present but empty on one page (§4)
        body: Any = {"data": items} if self.v2 else items
        return httpx.Response(200, json=body, headers=headers)

    @property
    def pages_requested(self) -> list[int]:
        return [int(r.url.params.get("page", "1")) for r in self.requests]

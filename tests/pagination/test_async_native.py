"""The async pager used natively (``async for``, ``await first_page()``), and prefetch really
running requests concurrently in both clients (waits on events with timeouts, no sleeping)."""

from __future__ import annotations

import asyncio
import threading

import httpx
from _helpers.flavour import API, ListServer

from procore_sdk import AsyncProcore, Procore
from procore_sdk.models import Project

PROJECTS = "/rest/v1.0/projects"


def _async_client(transport: httpx.AsyncBaseTransport) -> AsyncProcore:
    return AsyncProcore(
        access_token="t",
        company_id=1,
        base_url=API,
        http_client=httpx.AsyncClient(transport=transport),
    )


def test_async_for_and_await_first_page() -> None:
    server = ListServer(5, record=lambda i: {"id": i, "name": f"P{i}"})

    async def main() -> tuple[list[int], int | None, list[int]]:
        async with _async_client(httpx.MockTransport(server)) as client:
            ids = [p.id async for p in client.projects.list(per_page=2)]
            pager = client.projects.list(per_page=2)
            first = await pager.first_page()
            assert all(isinstance(p, Project) for p in first.items)
            everything = await pager.to_list()
            return [i for i in ids if i is not None], pager.total, [p.id or 0 for p in everything]

    ids, total, everything = asyncio.run(main())
    assert ids == [1, 2, 3, 4, 5]
    assert total == 5
    assert everything == [1, 2, 3, 4, 5]


def test_async_prefetch_has_several_requests_in_flight() -> None:
    server = ListServer(1000)
    prefetch = 4
    state = {"in_flight": 0, "max": 0}

    async def main() -> list[int]:
        all_in = asyncio.Event()

        async def handler(request: httpx.Request) -> httpx.Response:
            if request.url.params.get("page", "1") == "1":
                return server(request)
            state["in_flight"] += 1
            state["max"] = max(state["max"], state["in_flight"])
            if state["in_flight"] >= prefetch:
                all_in.set()
            # Hold the response until `prefetch` requests are in flight (timeout, no sleep).
            await asyncio.wait_for(all_in.wait(), timeout=5)
            state["in_flight"] -= 1
            return server(request)

        async with _async_client(httpx.MockTransport(handler)) as client:
            pager = client.paginate(PROJECTS, per_page=100, prefetch=prefetch)
            return [r["id"] async for r in pager]

    ids = asyncio.run(main())
    assert ids == list(range(1, 1001))
    assert state["max"] == prefetch


def test_sync_prefetch_uses_threads() -> None:
    server = ListServer(1000)
    prefetch = 3
    lock = threading.Lock()
    state = {"in_flight": 0, "max": 0}
    all_in = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page", "1") == "1":
            return server(request)
        with lock:
            state["in_flight"] += 1
            state["max"] = max(state["max"], state["in_flight"])
            if state["in_flight"] >= prefetch:
                all_in.set()
        all_in.wait(timeout=5)
        with lock:
            state["in_flight"] -= 1
            return server(request)

    client = Procore(
        access_token="t",
        company_id=1,
        base_url=API,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    ids = [r["id"] for r in client.paginate(PROJECTS, per_page=100, prefetch=prefetch)]
    assert ids == list(range(1, 1001))
    assert state["max"] == prefetch


def test_breaking_out_of_an_async_prefetch_cancels_pending_pages() -> None:
    server = ListServer(1000)

    async def main() -> int:
        async with _async_client(httpx.MockTransport(server)) as client:
            pages = client.paginate(PROJECTS, per_page=100, prefetch=4).pages()
            count = 0
            async for _ in pages:
                count += 1
                if count == 2:
                    break
            await pages.aclose()  # type: ignore[attr-defined]
            return count

    assert asyncio.run(main()) == 2
    # At most the pages in flight beyond the two consumed were requested, never all ten.
    assert len(server.requests) <= 2 + 4

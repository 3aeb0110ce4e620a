"""Prefetch starts as soon as the first page reports its ``Total``: the requests for pages 2..
go out before the first page's records are structured or handed out, in both clients.

The blocking client's prefetch runs in threads, so its checks wait on a condition with a
timeout (never a sleep); the async client's requests are already sent when the first record
comes out.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest
from _helpers.flavour import API, Flavour, ListServer

from procore_sdk import AsyncProcore, NotFoundError
from procore_sdk.models import Project

PROJECTS = "/rest/v1.0/projects"


class Watched:
    """A ``ListServer`` whose requested pages can be awaited from the test's thread."""

    def __init__(self, server: ListServer, *, failing_page: int | None = None) -> None:
        self.server = server
        self.failing_page = failing_page
        self.pages: list[int] = []
        self.changed = threading.Condition()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        with self.changed:
            self.pages.append(page)
            self.changed.notify_all()
        if page == self.failing_page:
            return httpx.Response(404, json={"message": "gone"})
        return self.server(request)

    def requested(self, wanted: set[int], flavour: Flavour) -> set[int]:
        """The pages requested so far, once ``wanted`` are (or the wait times out)."""
        with self.changed:
            if not flavour.is_async:
                self.changed.wait_for(lambda: wanted <= set(self.pages), timeout=5)
            return set(self.pages)


@pytest.mark.parametrize("typed", [False, True], ids=["dicts", "typed"])
def test_later_pages_are_requested_before_the_first_record_comes_out(
    flavour: Flavour, typed: bool
) -> None:
    watched = Watched(ListServer(1000, record=lambda i: {"id": i, "name": f"P{i}"}))
    client = flavour.client(watched)
    if typed:
        pager = client.projects.list(per_page=100, prefetch=4)
    else:
        pager = client.paginate(PROJECTS, per_page=100, prefetch=4)
    records = iter(pager)
    first = next(records)
    # Pages 2..4 share the window of 4 with page 1; page 5 waits until page 2 is taken.
    assert watched.requested({2, 3, 4}, flavour) == {1, 2, 3, 4}
    assert (first.id if typed else first["id"]) == 1
    rest = list(records)
    assert [r.id if typed else r["id"] for r in rest] == list(range(2, 1001))
    if typed:
        assert all(isinstance(r, Project) for r in [first, *rest])


def test_whole_pages_start_the_window_too(flavour: Flavour) -> None:
    watched = Watched(ListServer(1000, record=lambda i: {"id": i, "name": f"P{i}"}))
    client = flavour.client(watched)
    pages = iter(client.projects.list(per_page=100, prefetch=3).pages())
    first = next(pages)
    assert watched.requested({2, 3}, flavour) == {1, 2, 3}
    assert all(isinstance(p, Project) for p in first.items)
    assert [p.items[0].id for p in pages] == [101 + 100 * n for n in range(9)]


def test_an_error_mid_prefetch_comes_after_the_pages_before_it(flavour: Flavour) -> None:
    watched = Watched(ListServer(1000), failing_page=3)
    client = flavour.client(watched)
    seen: list[Any] = []

    def consume() -> None:
        for record in client.paginate(PROJECTS, per_page=100, prefetch=4):
            seen.append(record["id"])

    with pytest.raises(NotFoundError):
        consume()
    # Pages 1 and 2 come out whole and in order; page 3's error is raised in its place.
    assert seen == list(range(1, 201))


def test_max_items_inside_the_first_page_prefetches_nothing(flavour: Flavour) -> None:
    watched = Watched(ListServer(1000))
    client = flavour.client(watched)
    records = list(client.paginate(PROJECTS, per_page=100, prefetch=8, max_items=100))
    assert [r["id"] for r in records] == list(range(1, 101))
    assert watched.pages == [1]


def test_an_empty_first_page_prefetches_nothing(flavour: Flavour) -> None:
    watched = Watched(ListServer(0))
    client = flavour.client(watched)
    assert list(client.paginate(PROJECTS, per_page=100, prefetch=8)) == []
    assert watched.pages == [1]


def test_leaving_during_the_first_page_cancels_the_fetches_in_flight() -> None:
    # Async only: the blocking client's threads are not cancellable mid-request.
    server = ListServer(1000)
    cancelled: list[int] = []

    async def main() -> int:
        never = asyncio.Event()

        async def handler(request: httpx.Request) -> httpx.Response:
            page = int(request.url.params.get("page", "1"))
            if page == 1:
                return server(request)
            try:
                await asyncio.wait_for(never.wait(), timeout=5)
            except asyncio.CancelledError:
                cancelled.append(page)
                raise
            return server(request)

        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncProcore(
            access_token="t", company_id=1, base_url=API, http_client=http
        ) as c:
            records = c.paginate(PROJECTS, per_page=100, prefetch=4).__aiter__()
            first = await records.__anext__()
            await records.aclose()  # type: ignore[attr-defined]
            return int(first["id"])

    assert asyncio.run(main()) == 1
    # Pages 2..4 were in flight when the listing was left; each was cancelled, none timed out.
    assert sorted(cancelled) == [2, 3, 4]

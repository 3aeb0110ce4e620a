"""pytest plugin (entry point ``pytest11: procore_sdk``): fixtures wired to a FakeProcore.

Fixtures:
    procore_fake: a fresh :class:`~procore_sdk.testing.FakeProcore` (seed 0, small sizes).
    procore_client: a ``procore_sdk.Procore`` talking to it in-process.
    procore_async_client: a ``procore_sdk.AsyncProcore`` talking to it in-process.

pytest loads this module in every test run of a project that installs the SDK, whether its
tests use the fixtures or not; so it imports nothing of the SDK, httpx or the fake until a
fixture runs (each fixture imports what it needs).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .._lazy import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from ._app import FakeProcore

__all__ = ["procore_async_client", "procore_client", "procore_fake"]


@pytest.fixture
def procore_fake() -> FakeProcore:
    """A fresh in-memory Procore with a small deterministic seed."""
    from ._app import FakeProcore

    return FakeProcore(seed=0)


def _client_options(fake: FakeProcore) -> dict[str, Any]:
    """Client credentials and hosts of ``fake`` (its API serves OAuth too)."""
    return {
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "company_id": fake.company_id,
        "base_url": fake.base_url,
        "login_url": fake.base_url,
    }


@pytest.fixture
def procore_client(procore_fake: FakeProcore) -> Iterator[Any]:
    """A ``procore_sdk.Procore`` (client credentials) wired to ``procore_fake`` in-process."""
    import httpx

    from procore_sdk import Procore

    http = httpx.Client(transport=procore_fake.transport(), base_url=procore_fake.base_url)
    client = Procore(**_client_options(procore_fake), http_client=http)
    try:
        yield client
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()
        http.close()


@pytest.fixture
def procore_async_client(procore_fake: FakeProcore) -> Iterator[Any]:
    """A ``procore_sdk.AsyncProcore`` wired to ``procore_fake`` in-process.

    Use it inside ``asyncio.run(...)``; it is closed after the test.
    """
    import asyncio

    import httpx

    from procore_sdk import AsyncProcore

    http = httpx.AsyncClient(
        transport=procore_fake.async_transport(), base_url=procore_fake.base_url
    )
    client = AsyncProcore(**_client_options(procore_fake), http_client=http)
    try:
        yield client
    finally:

        async def _close() -> None:
            aclose = getattr(client, "aclose", None)
            if callable(aclose):
                await aclose()
            await http.aclose()

        asyncio.run(_close())

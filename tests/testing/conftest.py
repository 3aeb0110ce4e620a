"""Fixtures for testing the fake Procore with raw httpx (never through the SDK client)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from _helpers.fake_http import authorize

from procore_sdk.testing import FakeProcore
from procore_sdk.testing._pytest_plugin import (  # noqa: F401 - the plugin's fixtures
    procore_async_client,
    procore_client,
    procore_fake,
)

NOW = 1_750_000_000.0


@pytest.fixture
def fake() -> FakeProcore:
    """A fake with a frozen clock (advance it with ``fake.advance``)."""
    return FakeProcore(seed=1, clock=lambda: NOW)


@pytest.fixture
def raw(fake: FakeProcore) -> Iterator[httpx.Client]:
    """A bare httpx client on the fake (no credentials)."""
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        yield client


@pytest.fixture
def api(fake: FakeProcore, raw: httpx.Client) -> httpx.Client:
    """The raw client with a DMSA token and the seeded company's header (§3)."""
    return authorize(raw, fake)

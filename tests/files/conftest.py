"""Fixtures for uploads and downloads: a fake Procore and a client of each flavour on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _helpers.flavour import Flavour
from _support import FakeClock

from procore_sdk.testing import FakeProcore


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=16)


@pytest.fixture
def make_client(flavour: Flavour, fake: FakeProcore, clock: FakeClock) -> Callable[..., Any]:
    """A client of the test's flavour on ``fake``; sleeps go to ``clock`` (never real)."""

    def make(**kwargs: Any) -> Any:
        if "access_token" not in kwargs:
            kwargs["access_token"] = fake.issue_token().access_token
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("sleep", clock.async_sleep if flavour.is_async else clock.sleep)
        return flavour.client(
            fake=fake,
            company_id=fake.company_id,
            base_url=fake.base_url,
            **kwargs,
        )

    return make

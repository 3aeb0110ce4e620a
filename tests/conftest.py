"""Shared fixtures: run one test body against both the sync and the async client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _support import FakeClock, Runner


@pytest.fixture(params=["sync", "async"])
def runner(request: pytest.FixtureRequest) -> Iterator[Runner]:
    r = Runner(request.param)
    yield r
    r.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()

"""Fixtures: every test runs against both clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pagination._flavour import Flavour


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> Iterator[Flavour]:
    f = Flavour(request.param)
    yield f
    f.close()

"""Pacing over a real socket (issue 14, item 5): the fake Procore serves in a thread with a
spike window of two seconds whose reset is rounded down to whole seconds and starts with its
first request. The paced client meets no 429; the unpaced client meets one at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from procore_sdk import AsyncProcore, Procore, RateLimitError
from procore_sdk.testing import FakeProcore

SPIKE = 2.0  # the fake's spike window, shortened so a test sees a few windows
LIMIT = 8
SECONDS = 4.5


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeProcore, str, str]]:
    from procore_sdk.testing import _ratelimit as fake_limits

    monkeypatch.setattr(fake_limits, "SPIKE", SPIKE)
    fake = FakeProcore(
        seed=14,
        hourly_limit=None,
        spike_limit=LIMIT,
        reset_rounding="down",
        window_start="first_request",
        report_window="spike",
        record_requests=False,
    )
    token = fake.oauth.issue("client_credentials", fake.dmsa_user_id, with_refresh=False)
    with fake.serve(server="stdlib") as url:
        yield fake, url, token.access_token


def _options(fake: FakeProcore, url: str, token: str, pacing: bool) -> dict[str, Any]:
    return {
        "base_url": url,
        "access_token": token,
        "company_id": fake.company_id,
        "max_retries": 0,  # a 429 raises RateLimitError
        "rate_limit_pacing": pacing,
    }


def _run_sync(options: dict[str, Any]) -> int:
    done = 0
    with Procore(**options) as client:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            client.get("/rest/v1.0/companies")
            done += 1
    return done


async def _run_async(options: dict[str, Any]) -> int:
    done = 0
    async with AsyncProcore(**options) as client:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            await client.get("/rest/v1.0/companies")
            done += 1
    return done


def run(flavour: str, options: dict[str, Any]) -> int:
    return _run_sync(options) if flavour == "sync" else asyncio.run(_run_async(options))


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_paced_client_meets_no_429_over_a_socket(
    served: tuple[FakeProcore, str, str], flavour: str
) -> None:
    fake, url, token = served
    done = run(flavour, _options(fake, url, token, pacing=True))
    # Several windows were used up, and none was exceeded (a 429 would have raised).
    assert done > 2 * LIMIT


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_unpaced_client_fails_the_same_scenario(
    served: tuple[FakeProcore, str, str], flavour: str
) -> None:
    fake, url, token = served
    with pytest.raises(RateLimitError):
        run(flavour, _options(fake, url, token, pacing=False))

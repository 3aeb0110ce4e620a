"""Bounded pacing: after a 2xx that says no request remains, the client never sleeps longer than
``max_retry_wait`` nor Procore's hourly window, and it reads the reset against Procore's clock
(the ``Date`` header) or in milliseconds rather than sleeping for days (issue 11, item 8)."""

from __future__ import annotations

import email.utils

import httpx
import pytest
from _support import FakeClock, Runner

from procore_sdk import RateLimitError
from procore_sdk._ratelimit import RateLimit

HOUR = 3600.0


def spent(reset: float | str, *, date: float | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    """A handler answering ``status`` with ``X-Rate-Limit-Remaining: 0`` until ``reset``."""
    headers = {
        "X-Rate-Limit-Limit": "600",
        "X-Rate-Limit-Remaining": "0",
        "X-Rate-Limit-Reset": str(reset),
    }
    if date is not None:
        headers["Date"] = email.utils.formatdate(date, usegmt=True)
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if status != 200 and len(calls) > 1:
            return httpx.Response(200, json={})
        return httpx.Response(status, json={}, headers=headers)

    return handler, calls


def test_pacing_never_sleeps_longer_than_max_retry_wait(runner: Runner, clock: FakeClock) -> None:
    handler, _ = spent(int(clock.now) + 2 * 86400)  # a reset two days away
    client = runner.client(handler, clock=clock, max_retry_wait=30)
    client.get("/a")
    client.get("/b")
    assert clock.sleeps
    assert max(clock.sleeps) <= 30


def test_pacing_never_sleeps_longer_than_the_hourly_window(
    runner: Runner, clock: FakeClock
) -> None:
    handler, _ = spent(int(clock.now) + 2 * 86400)
    client = runner.client(handler, clock=clock, max_retry_wait=10 * HOUR)
    client.get("/a")
    client.get("/b")
    assert clock.sleeps
    assert max(clock.sleeps) <= HOUR


@pytest.mark.parametrize("offset", [-86400.0, 86400.0, -300.0])
def test_pacing_measures_the_reset_on_procores_clock(
    runner: Runner, clock: FakeClock, offset: float
) -> None:
    # Procore's clock is ``offset`` seconds from ours; its Date header says so. The reset is
    # 10 s away on its clock, so that is the wait, not a day (or nothing at all).
    server_now = clock.now + offset
    handler, _ = spent(int(server_now) + 10, date=server_now)
    client = runner.client(handler, clock=clock, max_retry_wait=10 * HOUR)
    client.get("/a")
    client.get("/b")
    assert len(clock.sleeps) == 1
    # 10 s, plus 1 s as a reset in whole seconds may be rounded down, plus the margin.
    assert 11 <= clock.sleeps[0] <= 12


def test_a_reset_in_milliseconds_is_read_as_such(runner: Runner, clock: FakeClock) -> None:
    handler, _ = spent(int((clock.now + 10) * 1000))
    client = runner.client(handler, clock=clock, max_retry_wait=10 * HOUR)
    client.get("/a")
    client.get("/b")
    assert len(clock.sleeps) == 1
    # 10 s, plus 1 s as a reset in whole seconds may be rounded down, plus the margin.
    assert 11 <= clock.sleeps[0] <= 12


def test_a_429_reset_is_read_on_procores_clock_too(runner: Runner, clock: FakeClock) -> None:
    server_now = clock.now + 86400  # Procore is a day ahead of us
    handler, calls = spent(int(server_now) + 5, date=server_now, status=429)
    client = runner.client(handler, clock=clock, max_retry_wait=60, rate_limit_pacing=False)
    client.get("/a")
    assert len(calls) == 2
    assert clock.sleeps == [5.0]


def test_a_429_reset_days_away_is_capped_then_refused(runner: Runner, clock: FakeClock) -> None:
    handler, _ = spent(int(clock.now) + 3 * 86400, status=429)
    client = runner.client(handler, clock=clock, max_retry_wait=60, rate_limit_pacing=False)
    with pytest.raises(RateLimitError) as info:
        client.get("/a")
    assert info.value.retry_after == HOUR
    assert clock.sleeps == []


def test_rate_limit_parsing() -> None:
    parsed = RateLimit.from_headers(
        {
            "x-rate-limit-limit": "25",
            "x-rate-limit-remaining": "3",
            "x-rate-limit-reset": "1466182247000",
            "date": "Fri, 17 Jun 2016 16:50:37 GMT",
        }
    )
    assert parsed is not None
    assert parsed.reset == 1466182247.0
    assert parsed.server_time == 1466182237.0
    assert parsed.seconds_until_reset(now=0.0) == 10.0
    local = parsed.localized(now=100.0)
    assert (local.reset, local.server_time, local.remaining) == (110.0, None, 3)

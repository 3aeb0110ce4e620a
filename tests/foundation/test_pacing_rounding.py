"""Pacing that survives rounding and skew (issue 14, item 5): ``X-Rate-Limit-Reset`` is whole
seconds and may be rounded down, ``Date`` is whole seconds too, and Procore reports whichever
window (hourly or spike) is closer to exhaustion (Procore docs: Rate Limiting). Every rule runs
on a virtual clock."""

from __future__ import annotations

import email.utils
from typing import Any

import httpx
import pytest
from _support import FakeClock, Runner

from procore_sdk import InMemoryRateLimitPacer, RateLimitError
from procore_sdk._errors import InvalidArgumentError
from procore_sdk._ratelimit import RESET_RESOLUTION, RateLimit
from procore_sdk.testing._ratelimit import RateLimiter

NOW = 1_000.0


def test_a_spent_window_waits_a_second_past_its_reset() -> None:
    # A reset rounded down to whole seconds may come up to 1 s after the one reported.
    pacer = InMemoryRateLimitPacer(margin=0.0)
    pacer.update("1", RateLimit(limit=25, remaining=0, reset=NOW + 5))
    assert pacer.reserve("1", NOW) == pytest.approx(5 + RESET_RESOLUTION)


def test_a_spent_window_is_not_freed_at_its_reported_reset() -> None:
    pacer = InMemoryRateLimitPacer(margin=0.0)
    pacer.update("1", RateLimit(limit=25, remaining=0, reset=NOW + 5))
    # Half a second past the reported reset the window may not have reset yet.
    assert pacer.reserve("1", NOW + 5.5) == pytest.approx(0.5)
    assert pacer.reserve("1", NOW + 6) == 0.0


def test_the_margin_is_added_past_the_possible_reset() -> None:
    pacer = InMemoryRateLimitPacer(margin=0.25)
    pacer.update("1", RateLimit(limit=25, remaining=0, reset=NOW + 5))
    assert pacer.reserve("1", NOW) == pytest.approx(6.25)


def test_spike_and_hourly_windows_are_kept_apart_by_their_limits() -> None:
    # The hourly window is spent; the next response reports the spike window (closer to
    # exhaustion by fraction), which still allows requests. The hourly budget still holds.
    pacer = InMemoryRateLimitPacer(margin=0.0)
    pacer.update("1", RateLimit(limit=600, remaining=0, reset=NOW + 100))
    pacer.update("1", RateLimit(limit=25, remaining=3, reset=NOW + 7))
    assert pacer.reserve("1", NOW) == pytest.approx(100 + RESET_RESOLUTION)


def test_a_request_spends_every_known_window() -> None:
    pacer = InMemoryRateLimitPacer(margin=0.0)
    pacer.update("1", RateLimit(limit=600, remaining=1, reset=NOW + 100))
    pacer.update("1", RateLimit(limit=25, remaining=5, reset=NOW + 7))
    assert pacer.reserve("1", NOW) == 0.0  # the hourly window's last request
    assert pacer.reserve("1", NOW) == pytest.approx(100 + RESET_RESOLUTION)


def _response(limit: int, remaining: int, reset: int, server_now: float) -> RateLimit:
    headers = {
        "x-rate-limit-limit": str(limit),
        "x-rate-limit-remaining": str(remaining),
        "x-rate-limit-reset": str(reset),
        # Date has whole seconds: formatdate truncates, as HTTP servers do.
        "date": email.utils.formatdate(server_now, usegmt=True),
    }
    rate_limit = RateLimit.from_headers(headers)
    assert rate_limit is not None
    return rate_limit


def test_date_headers_place_the_reset_as_late_as_procores_clock_shows() -> None:
    # Procore's clock equals ours. The first response is read at 1000.9: its Date says 1000, so
    # on its own it places the reset 0.9 s late. A later response (Date 1002 at 1002.05) shows
    # Procore's clock is at most 0.05 s behind, and the same window's reset moves earlier.
    pacer = InMemoryRateLimitPacer(margin=0.0)
    first = _response(25, 1, 1010, 1000.9)
    pacer.update("1", first.localized(1000.9))
    assert pacer.reserve("1", 1000.9) == 0.0
    alone = pacer.reserve("1", 1000.9)
    assert alone == pytest.approx(1010.9 + RESET_RESOLUTION - 1000.9)
    pacer.update("1", _response(25, 0, 1010, 1002.05).localized(1002.05))
    wait = pacer.reserve("1", 1002.05)
    assert wait == pytest.approx(1010.05 + RESET_RESOLUTION - 1002.05)
    # Never before Procore's clock can have passed the reset plus its rounding.
    assert 1002.05 + wait >= 1010 + RESET_RESOLUTION


def test_a_clock_set_back_starts_the_estimate_again() -> None:
    pacer = InMemoryRateLimitPacer(margin=0.0)
    pacer.update("1", _response(25, 5, 1010, 1000.0).localized(1000.0))
    # Procore's clock is now 5 s behind ours: the reset must be placed 5 s later, not earlier.
    pacer.update("1", _response(25, 0, 1020, 1010.0).localized(1015.0))
    assert 1015.0 + pacer.reserve("1", 1015.0) >= 1015.0 + 10 + RESET_RESOLUTION


@pytest.mark.parametrize("margin", [-1, "0.5", True])
def test_a_bad_margin_is_refused(margin: object) -> None:
    with pytest.raises(InvalidArgumentError, match="margin") as raised:
        InMemoryRateLimitPacer(margin=margin)  # type: ignore[arg-type]
    assert repr(margin) in str(raised.value)


# -- both clients against a server that rounds its reset (a virtual clock) -----------------


def procore(clock: FakeClock, *, date: bool = True, **options: object):  # type: ignore[no-untyped-def]
    """A handler counting requests against the fake's rate limiter on ``clock``; its windows
    start with their first request, so resets fall between whole seconds."""
    limiter = RateLimiter(None, 20, clock, window_start="first_request", **options)  # type: ignore[arg-type]
    statuses: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        allowed, headers = limiter.hit("1")
        if date:
            headers["Date"] = email.utils.formatdate(clock.now, usegmt=True)
        statuses.append(200 if allowed else 429)
        return httpx.Response(200 if allowed else 429, json={}, headers=headers)

    return handler, statuses


SCENARIOS = [
    {"reset_rounding": "down"},
    {"reset_rounding": "down", "date": False},
    {"reset_rounding": "down", "report": "spike"},
    {"reset_rounding": "down", "report": "spike", "date": False},
    {"reset_rounding": "up"},
    {"reset_rounding": "up", "date": False},
]


@pytest.mark.parametrize("options", SCENARIOS, ids=lambda o: "-".join(map(str, o.values())))
def test_paced_requests_meet_no_429(runner: Runner, options: dict[str, Any]) -> None:
    clock = FakeClock(1_700_000_000.7)
    handler, statuses = procore(clock, **options)
    client = runner.client(handler, clock=clock, company_id=1, max_retries=0)
    started = clock.now
    for n in range(200):
        client.get(f"/rest/v1.0/r/{n}")  # a 429 would raise RateLimitError
    assert statuses == [200] * 200
    if options["reset_rounding"] == "down":
        # 20 per 10 s allowed: at least 90% of that rate, on the virtual clock.
        rate = 200 / (clock.now - started)
        assert rate >= 0.9 * 20 / 10


@pytest.mark.parametrize("options", SCENARIOS, ids=lambda o: "-".join(map(str, o.values())))
def test_the_unpaced_client_fails_the_same_scenario(
    runner: Runner, options: dict[str, Any]
) -> None:
    clock = FakeClock(1_700_000_000.7)
    handler, statuses = procore(clock, **options)
    client = runner.client(
        handler, clock=clock, company_id=1, max_retries=0, rate_limit_pacing=False
    )

    def burst() -> None:
        for n in range(200):
            client.get(f"/rest/v1.0/r/{n}")

    with pytest.raises(RateLimitError):
        burst()
    assert 429 in statuses

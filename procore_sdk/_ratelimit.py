"""Procore's rate-limit headers (Procore docs: Rate Limiting) and the pacing that keeps a long job
clear of 429s."""

from __future__ import annotations

import asyncio
import email.utils
import inspect
import threading
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

__all__ = [
    "HOURLY_WINDOW",
    "AsyncRateLimitPacer",
    "InMemoryRateLimitPacer",
    "RateLimit",
    "RateLimitPacer",
    "async_record_rate_limit",
    "async_reserve_budget",
    "record_rate_limit",
    "reserve_budget",
]

HOURLY_WINDOW = 3600.0
"""Procore's longest rate-limit window, in seconds: no reset is ever further away than this."""

# A reset this large is milliseconds since the epoch, not seconds (seconds reach 1e11 in 5138).
_MILLISECONDS = 1e11


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, OverflowError):
        return None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


@attrs.frozen(kw_only=True)
class RateLimit:
    """The ``X-Rate-Limit-*`` headers of one response.

    Procore reports whichever window (hourly or 10-second spike) is closer to exhaustion, so
    the meaning of ``limit`` can change from one response to the next (Procore docs: Rate Limiting).

    Attributes:
        limit: requests allowed in the reported window.
        remaining: requests left in it.
        reset: Unix time (seconds, on Procore's clock) when it resets; a reset sent in
            milliseconds is converted to seconds.
        server_time: the response's ``Date`` header as Unix time, when present: Procore's
            clock, against which ``reset`` is measured.
    """

    limit: int
    remaining: int
    reset: float
    server_time: float | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit | None:
        """Parse the headers; ``None`` when they are absent or unreadable."""
        limit = _int(headers.get("x-rate-limit-limit"))
        remaining = _int(headers.get("x-rate-limit-remaining"))
        reset = _int(headers.get("x-rate-limit-reset"))
        if limit is None or remaining is None or reset is None:
            return None
        seconds = reset / 1000.0 if reset >= _MILLISECONDS else float(reset)
        return cls(
            limit=limit,
            remaining=remaining,
            reset=seconds,
            server_time=_http_date(headers.get("date")),
        )

    def seconds_until_reset(self, now: float) -> float:
        """How long until the window resets, between 0 and one hour.

        Measured on Procore's clock when the response carried a ``Date`` header, so a local
        clock that is off by minutes or days does not stretch the wait; never more than the
        hourly window, whatever the header says.
        """
        reference = now if self.server_time is None else self.server_time
        return min(max(self.reset - reference, 0.0), HOURLY_WINDOW)

    def localized(self, now: float) -> RateLimit:
        """The same report with ``reset`` moved onto the local clock (``now`` is local)."""
        return attrs.evolve(self, reset=now + self.seconds_until_reset(now), server_time=None)


class RateLimitPacer(Protocol):
    """Shared rate budget for every thread or task using one client (and its copies).

    The default keeps the budget in memory; :class:`~procore_sdk.contrib.redis.RedisRateLimitPacer`
    shares one budget across worker processes and machines. ``AsyncProcore`` also accepts an
    :class:`AsyncRateLimitPacer`.
    """

    def reserve(self, key: str, now: float) -> float:
        """Claim one request; return how many seconds to wait before sending it (0: go)."""

    def update(self, key: str, rate_limit: RateLimit) -> None:
        """Record what Procore reported on a response."""


class AsyncRateLimitPacer(Protocol):
    """The async twin of :class:`RateLimitPacer`, for ``AsyncProcore``: the methods are
    coroutines (e.g. :class:`~procore_sdk.contrib.redis.AsyncRedisRateLimitPacer`)."""

    async def reserve(self, key: str, now: float) -> float:
        """Claim one request; return how many seconds to wait before sending it (0: go)."""

    async def update(self, key: str, rate_limit: RateLimit) -> None:
        """Record what Procore reported on a response."""


def _is_async_pacer(pacer: object) -> bool:
    return inspect.iscoroutinefunction(getattr(pacer, "reserve", None))


def _refuse_async(pacer: object) -> Exception:
    from ._errors import ConfigurationError

    return ConfigurationError(
        f"rate_limit_pacing is an async pacer ({type(pacer).__name__}), which only AsyncProcore "
        "can await; give Procore a pacer with plain methods, such as RedisRateLimitPacer"
    )


def reserve_budget(pacer: RateLimitPacer, key: str, now: float) -> float:
    """``pacer.reserve(key, now)`` for the sync client (an async pacer is refused)."""
    if _is_async_pacer(pacer):
        raise _refuse_async(pacer)
    return pacer.reserve(key, now)


def record_rate_limit(pacer: RateLimitPacer, key: str, rate_limit: RateLimit) -> None:
    """``pacer.update(key, rate_limit)`` for the sync client."""
    if _is_async_pacer(pacer):
        raise _refuse_async(pacer)
    pacer.update(key, rate_limit)


# Plain pacers that only do arithmetic: called on the event loop, no thread needed.
def _in_memory(pacer: object) -> bool:
    return isinstance(pacer, (InMemoryRateLimitPacer, NoPacing))


async def async_reserve_budget(pacer: Any, key: str, now: float) -> float:
    """``pacer.reserve`` for ``AsyncProcore``: awaited when async; a plain pacer that may do
    I/O (a Redis or database pacer) runs in a worker thread, off the event loop."""
    if _is_async_pacer(pacer):
        result: float = await pacer.reserve(key, now)
        return result
    if _in_memory(pacer):
        return float(pacer.reserve(key, now))
    return float(await asyncio.to_thread(pacer.reserve, key, now))


async def async_record_rate_limit(pacer: Any, key: str, rate_limit: RateLimit) -> None:
    """``pacer.update`` for ``AsyncProcore``, off the loop like :func:`async_reserve_budget`."""
    if inspect.iscoroutinefunction(getattr(pacer, "update", None)):
        await pacer.update(key, rate_limit)
    elif _in_memory(pacer):
        pacer.update(key, rate_limit)
    else:
        await asyncio.to_thread(pacer.update, key, rate_limit)


@attrs.define
class _Budget:
    remaining: int
    reset: float


class InMemoryRateLimitPacer:
    """In-process pacing keyed by company (DMSA limits are per company; Procore docs: Rate
    Limiting).

    Each request reserves one unit of the last reported ``Remaining``; when none is left, the
    request waits until ``Reset`` (plus ``margin``). Once the reset time passes the budget is
    unknown again until the next response reports it.
    """

    def __init__(self, *, margin: float = 0.5) -> None:
        self._margin = margin
        self._budgets: dict[str, _Budget] = {}
        self._lock = threading.Lock()  # held only for arithmetic, never across I/O

    def reserve(self, key: str, now: float) -> float:
        with self._lock:
            budget = self._budgets.get(key)
            if budget is None:
                return 0.0
            if now >= budget.reset:
                del self._budgets[key]
                return 0.0
            if budget.remaining > 0:
                budget.remaining -= 1
                return 0.0
            return budget.reset - now + self._margin

    def update(self, key: str, rate_limit: RateLimit) -> None:
        with self._lock:
            budget = self._budgets.get(key)
            # The same window: resets moved onto the local clock can differ by the Date
            # header's one-second resolution.
            if budget is not None and abs(budget.reset - rate_limit.reset) < 1.0:
                # Responses arrive out of order under concurrency: keep the smaller count.
                budget.remaining = min(budget.remaining, rate_limit.remaining)
            else:
                self._budgets[key] = _Budget(rate_limit.remaining, rate_limit.reset)


class NoPacing:
    """A pacer that never waits (``rate_limit_pacing=False``)."""

    def reserve(self, key: str, now: float) -> float:
        return 0.0

    def update(self, key: str, rate_limit: RateLimit) -> None:
        return None

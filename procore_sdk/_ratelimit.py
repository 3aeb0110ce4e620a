"""Procore's rate-limit headers (Procore docs: Rate Limiting) and the pacing that keeps a long job
clear of 429s."""

from __future__ import annotations

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

RESET_RESOLUTION = 1.0
"""``X-Rate-Limit-Reset`` is whole seconds (Procore docs: Rate Limiting), so a server that rounds
its reset down may reset up to this much later than it says: the pacer waits that much longer."""

# A response whose Date puts Procore's clock this much further behind ours than the best seen
# means a clock was set back: start the estimate again.
_CLOCK_JUMP = 2.0

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
        server_offset: after ``localized``, how far Procore's clock was ahead of ours by
            this response's ``Date`` (whole seconds, so up to 1 s behind Procore's clock);
            ``None`` without a ``Date``. A pacer combines many responses to place the reset
            more exactly.
    """

    limit: int
    remaining: int
    reset: float
    server_time: float | None = None
    server_offset: float | None = None

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
        offset = None if self.server_time is None else self.server_time - now
        return attrs.evolve(
            self,
            reset=now + self.seconds_until_reset(now),
            server_time=None,
            server_offset=offset,
        )


class RateLimitPacer(Protocol):
    """Shared rate budget for every thread or task using one client (and its copies).

    The default keeps the budget in memory; ``RedisRateLimitPacer``
    shares one budget across worker processes and machines. ``AsyncProcore`` also accepts an
    ``AsyncRateLimitPacer``.
    """

    def reserve(self, key: str, now: float) -> float:
        """Claim one request; return how many seconds to wait before sending it (0: go)."""

    def update(self, key: str, rate_limit: RateLimit) -> None:
        """Record what Procore reported on a response."""


class AsyncRateLimitPacer(Protocol):
    """The async twin of ``RateLimitPacer``, for ``AsyncProcore``: the methods are
    coroutines (e.g. ``AsyncRedisRateLimitPacer``)."""

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
    import asyncio  # here, not at the top: the blocking client never needs it

    return float(await asyncio.to_thread(pacer.reserve, key, now))


async def async_record_rate_limit(pacer: Any, key: str, rate_limit: RateLimit) -> None:
    """``pacer.update`` for ``AsyncProcore``, off the loop like ``async_reserve_budget``."""
    if inspect.iscoroutinefunction(getattr(pacer, "update", None)):
        await pacer.update(key, rate_limit)
    elif _in_memory(pacer):
        pacer.update(key, rate_limit)
    else:
        import asyncio

        await asyncio.to_thread(pacer.update, key, rate_limit)


@attrs.define
class _Budget:
    remaining: int
    reset: float


class InMemoryRateLimitPacer:
    """In-process pacing keyed by company (DMSA limits are per company; Procore docs: Rate
    Limiting).

    Each request reserves one unit of the last reported ``Remaining``; when none is left, the
    request waits until ``Reset``, plus ``RESET_RESOLUTION`` (the reset is whole seconds and
    may be rounded down), plus ``margin``. Procore reports whichever window (hourly or spike) is
    closer to exhaustion, so each window is kept apart, told by its limit, and a request needs
    budget in every one. Resets are placed on Procore's clock as the ``Date`` headers of all
    responses so far show it. Once a window's reset has passed its budget is unknown again
    until the next response reports it.

    Args:
        margin: seconds added to each wait past the reset (0 or more).
    """

    def __init__(self, *, margin: float = 0.25) -> None:
        if isinstance(margin, bool) or not isinstance(margin, (int, float)) or margin < 0:
            from ._errors import invalid_argument

            raise invalid_argument("margin", margin, "a number of seconds, 0 or more")
        self._margin = float(margin)
        self._budgets: dict[str, dict[int, _Budget]] = {}
        # Procore's clock minus ours, per key: the largest a Date header has shown. Date is
        # whole seconds, so each response alone places Procore's clock up to 1 s early; the
        # largest of many is within the network latency of the truth (and never past it).
        self._offsets: dict[str, float] = {}
        self._lock = threading.Lock()  # held only for arithmetic, never across I/O

    def reserve(self, key: str, now: float) -> float:
        with self._lock:
            windows = self._budgets.get(key)
            if not windows:
                return 0.0
            for limit, budget in list(windows.items()):
                # Only a reset that cannot still be pending frees the window.
                if now >= budget.reset + RESET_RESOLUTION:
                    del windows[limit]
            spent = [budget.reset for budget in windows.values() if budget.remaining <= 0]
            if spent:
                return max(spent) + RESET_RESOLUTION + self._margin - now
            for budget in windows.values():
                budget.remaining -= 1
            return 0.0

    def update(self, key: str, rate_limit: RateLimit) -> None:
        with self._lock:
            reset = rate_limit.reset
            offset = rate_limit.server_offset
            if offset is not None:
                best = self._offsets.get(key)
                if best is None or offset > best or offset < best - _CLOCK_JUMP:
                    best = self._offsets[key] = offset
                # ``reset`` was placed by this response's Date alone; the best offset places it
                # up to 1 s earlier on our clock, yet never before Procore's clock reaches it.
                reset += offset - best
            windows = self._budgets.setdefault(key, {})
            budget = windows.get(rate_limit.limit)
            # The same window: its reset, placed by different Date headers, moves by < 1 s.
            if budget is not None and abs(budget.reset - reset) < RESET_RESOLUTION:
                # Responses arrive out of order under concurrency: keep the smaller count.
                budget.remaining = min(budget.remaining, rate_limit.remaining)
                budget.reset = reset
            else:
                windows[rate_limit.limit] = _Budget(rate_limit.remaining, reset)


class NoPacing:
    """A pacer that never waits (``rate_limit_pacing=False``)."""

    def reserve(self, key: str, now: float) -> float:
        return 0.0

    def update(self, key: str, rate_limit: RateLimit) -> None:
        return None

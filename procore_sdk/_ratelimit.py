"""Procore's rate-limit headers (§6) and the pacing that keeps a long job clear of 429s."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Protocol

import attrs

__all__ = ["InMemoryRateLimitPacer", "RateLimit", "RateLimitPacer"]


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
    the meaning of ``limit`` can change from one response to the next (§6, §12.11).

    Attributes:
        limit: requests allowed in the reported window.
        remaining: requests left in it.
        reset: Unix time (seconds) when it resets.
    """

    limit: int
    remaining: int
    reset: float

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit | None:
        """Parse the headers; ``None`` when they are absent or unreadable."""
        limit = _int(headers.get("x-rate-limit-limit"))
        remaining = _int(headers.get("x-rate-limit-remaining"))
        reset = _int(headers.get("x-rate-limit-reset"))
        if limit is None or remaining is None or reset is None:
            return None
        return cls(limit=limit, remaining=remaining, reset=float(reset))


class RateLimitPacer(Protocol):
    """Shared rate budget for every thread or task using one client (and its copies).

    The default keeps the budget in memory; a version backed by Redis or a database can share
    one budget across worker processes without changing the clients.
    """

    def reserve(self, key: str, now: float) -> float:
        """Claim one request; return how many seconds to wait before sending it (0: go)."""

    def update(self, key: str, rate_limit: RateLimit) -> None:
        """Record what Procore reported on a response."""


@attrs.define
class _Budget:
    remaining: int
    reset: float


class InMemoryRateLimitPacer:
    """In-process pacing keyed by company (DMSA limits are per company, §3).

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
            if budget is not None and budget.reset == rate_limit.reset:
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

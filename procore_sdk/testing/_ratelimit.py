"""Hourly and spike rate limits for the fake Procore (Procore docs: Rate Limiting)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import attrs

__all__ = [
    "RATE_LIMIT_BODY",
    "RateLimiter",
    "RateLimitState",
    "ReportedWindow",
    "ResetRounding",
    "WindowStart",
]

ResetRounding = Literal["up", "down"]
WindowStart = Literal["clock", "first_request"]
ReportedWindow = Literal["closer", "spike"]

# The (historic) plain-text 429 body, the same for the hourly and the spike limit (Procore docs:
# Rate Limiting).
RATE_LIMIT_BODY = (
    "You have surpassed the max number of requests for an hour. "
    "Please wait until your limit resets."
)

HOUR = 3600.0
SPIKE = 10.0


@attrs.define
class RateLimitState:
    """Counters of one partition (a company: each DMSA company gets its own limit; Procore docs:
    Rate Limiting)."""

    hour_start: float = 0.0
    hour_used: int = 0
    spike_start: float = 0.0
    spike_used: int = 0


class RateLimiter:
    """Fixed windows: one hour and ten seconds (Procore docs: Rate Limiting), with headers for the
    closer one.

    Args:
        hourly: requests per hour, or ``None`` for no hourly limit.
        spike: requests per 10 s, or ``None`` for no spike limit.
        clock: returns UNIX seconds.
        reset_rounding: how ``X-Rate-Limit-Reset`` (whole seconds) is rounded: ``"up"`` (the
            default) or ``"down"``, so the window may reset up to a second after it says.
        window_start: ``"clock"`` (the default): windows start at multiples of their length;
            ``"first_request"``: a window starts at the first request after the last one ended,
            so resets fall between whole seconds (as in the docs' example, whose resets are no
            multiple of ten).
        report: which window the headers describe: ``"closer"`` to exhaustion (the default, as
            Procore documents) or always the ``"spike"`` window when there is one.
    """

    def __init__(
        self,
        hourly: int | None,
        spike: int | None,
        clock: Callable[[], float],
        *,
        reset_rounding: ResetRounding = "up",
        window_start: WindowStart = "clock",
        report: ReportedWindow = "closer",
    ) -> None:
        self.hourly = hourly
        self.spike = spike
        self._clock = clock
        self._round = math.ceil if reset_rounding == "up" else math.floor
        self._aligned = window_start == "clock"
        self._report = report
        self.states: dict[str, RateLimitState] = {}

    def _start(self, now: float, window: float) -> float:
        return math.floor(now / window) * window if self._aligned else now

    def exhausted_headers(self, retry_after: int | None) -> dict[str, str]:
        """Headers of an (injected) 429: the spike window reported as exhausted (Procore docs: Rate
        Limiting)."""
        now = self._clock()
        limit = self.spike or self.hourly or 0
        window = SPIKE if self.spike else HOUR
        reset = math.floor(now / window) * window + window
        wait = retry_after if retry_after is not None else max(math.ceil(reset - now), 1)
        return {
            "X-Rate-Limit-Limit": str(limit),
            "X-Rate-Limit-Remaining": "0",
            "X-Rate-Limit-Reset": str(math.ceil(max(reset, now + wait))),
            "Retry-After": str(wait),
        }

    def hit(self, key: str) -> tuple[bool, dict[str, str]]:
        """Count one request; returns (allowed, ``X-Rate-Limit-*`` headers)."""
        now = self._clock()
        state = self.states.setdefault(key, RateLimitState())
        if now >= state.hour_start + HOUR:
            state.hour_start, state.hour_used = self._start(now, HOUR), 0
        if now >= state.spike_start + SPIKE:
            state.spike_start, state.spike_used = self._start(now, SPIKE), 0
        windows: list[tuple[int, int, float]] = []  # (limit, used, reset)
        if self.hourly is not None:
            windows.append((self.hourly, state.hour_used, state.hour_start + HOUR))
        if self.spike is not None:
            windows.append((self.spike, state.spike_used, state.spike_start + SPIKE))
        if not windows:
            return True, {}
        exceeded = [w for w in windows if w[1] >= w[0]]
        allowed = not exceeded
        if allowed:
            state.hour_used += 1
            state.spike_used += 1
            windows = [(limit, used + 1, reset) for limit, used, reset in windows]
        # Headers report the window closer to exhaustion (lowest remaining fraction) (Procore docs:
        # Rate Limiting).
        reported = exceeded or windows
        if self._report == "spike" and self.spike is not None and not exceeded:
            reported = windows[-1:]
        limit, used, reset = min(
            reported, key=lambda w: ((w[0] - w[1]) / w[0] if w[0] else 0.0, -w[2])
        )
        headers = {
            "X-Rate-Limit-Limit": str(limit),
            "X-Rate-Limit-Remaining": str(max(limit - used, 0)),
            "X-Rate-Limit-Reset": str(self._round(reset)),
        }
        if not allowed:
            # Procore's pages conflict on Retry-After for 429 (Procore docs: Rate Limiting; Error
            # Code Reference): send it as well as the rate headers.
            headers["Retry-After"] = str(max(math.ceil(reset - now), 1))
        return allowed, headers

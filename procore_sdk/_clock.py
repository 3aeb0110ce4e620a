"""Injectable time: the wall clock (Procore's expiry and rate-limit reset are Unix seconds)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeAlias

__all__ = ["AsyncSleep", "Clock", "Sleep", "system_clock"]

Clock: TypeAlias = Callable[[], float]
"""Returns the current Unix time in seconds, like :func:`time.time`."""
Sleep: TypeAlias = Callable[[float], None]
AsyncSleep: TypeAlias = Callable[[float], Awaitable[None]]


def system_clock() -> float:
    return time.time()

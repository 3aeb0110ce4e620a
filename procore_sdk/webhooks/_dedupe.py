"""Where the receiver remembers which events it has handled, to drop duplicate deliveries.

Procore delivers at least once, so the same event can arrive twice; dedupe on ``ulid`` or event
``id`` (Procore docs: How Webhooks Work). The in-memory store serves one process; a shared store
(Redis ``SET NX``, a database unique key) fits the same protocols for many workers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol, runtime_checkable

from .._errors import ConfigurationError

__all__ = ["AtomicDedupeStore", "DedupeStore", "InMemoryDedupeStore"]


@runtime_checkable
class DedupeStore(Protocol):
    """A store the receiver asks before handling an event and tells after handling it.

    The receiver calls ``seen(key)``; when ``False`` it runs the handlers and calls
    ``mark(key)`` only once they all succeeded, so a failed event is handled again when Procore
    retries it. Two deliveries of one event arriving at the same moment may both be handled;
    a store that also offers ``AtomicDedupeStore`` is used through that protocol instead.
    """

    def seen(self, key: str) -> bool:
        """Return ``True`` when ``key`` was marked before."""

    def mark(self, key: str) -> None:
        """Remember ``key`` as handled."""


@runtime_checkable
class AtomicDedupeStore(Protocol):
    """A store that claims a key in one atomic step (Redis ``SET NX``).

    The receiver calls ``add(key)``: ``True`` claims the event (it is new) and the handlers run;
    ``False`` means a duplicate. When a handler fails the receiver calls ``discard(key)`` so
    Procore's retry is handled. The receiver prefers this protocol whenever a store offers it,
    so two simultaneous deliveries of one event run the handlers once.
    """

    def add(self, key: str) -> bool:
        """Record ``key``; return ``True`` when it was not there before."""

    def discard(self, key: str) -> None:
        """Forget ``key`` (no error when absent)."""


class InMemoryDedupeStore:
    """A bounded, thread-safe, in-process store of handled event keys (least recently used out).

    It offers both protocols; the receiver uses the atomic ``add``/``discard`` (one locked
    check-and-record), so two deliveries of one event arriving together are handled once.

    Args:
        max_keys: how many keys to remember; the least recently used are forgotten first.
    """

    def __init__(self, max_keys: int = 10_000) -> None:
        if isinstance(max_keys, bool) or not isinstance(max_keys, int) or max_keys < 1:
            raise ConfigurationError("max_keys must be a positive integer")
        self._max_keys = max_keys
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def max_keys(self) -> int:
        """How many keys the store keeps at most."""
        return self._max_keys

    def seen(self, key: str) -> bool:
        """Return ``True`` when ``key`` is remembered (and refresh it)."""
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return True
            return False

    def mark(self, key: str) -> None:
        """Remember ``key``."""
        self.add(key)

    def add(self, key: str) -> bool:
        """Claim ``key`` in one locked step; return ``True`` when it was new.

        The check and the record share one lock hold, so of two threads adding the same key
        exactly one gets ``True``.
        """
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return False
            self._keys[key] = None
            while len(self._keys) > self._max_keys:
                self._keys.popitem(last=False)
            return True

    def discard(self, key: str) -> None:
        """Forget ``key`` (no error when absent), releasing a claim whose handling failed."""
        with self._lock:
            self._keys.pop(key, None)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._keys

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys)

    def __repr__(self) -> str:
        return f"InMemoryDedupeStore(max_keys={self._max_keys}, size={len(self)})"
